import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { SharedMailbox, MailboxPermission, MailboxAccess, ForwardingRule, AutoReply } from "../../../provider";
import { outputPlaceholders } from "../../../provider/resources/descriptor";
import { RESOURCES } from "../../../provider/resources/registry";
import { sharedMailbox } from "../../../provider/resources/shared-mailbox/descriptor";
import { mailboxPermission } from "../../../provider/resources/mailbox-permission/descriptor";
import { mailboxAccess } from "../../../provider/resources/mailbox-access/descriptor";
import { forwardingRule } from "../../../provider/resources/forwarding-rule/descriptor";
import { autoReply } from "../../../provider/resources/auto-reply/descriptor";

/**
 * Which properties a resource class registers (descriptor.ts, outputPlaceholders): what the class
 * exposes, and nothing the provider keeps in state only for itself. The program's shape only
 * (mocks); tests/engine/old-state.test.ts shows that state and plans do not change with it.
 */

/** The Output-typed properties a class declares. */
type OutputKeys<C> = Exclude<{ [K in keyof C]-?: C[K] extends pulumi.Output<unknown> ? K : never }[keyof C], "urn" | "id">;
/** What a descriptor has the class register. */
type Registered<D extends { fields: object; outputs: readonly string[]; stateOnly?: readonly string[] }> = Exclude<
  Extract<keyof D["fields"], string> | D["outputs"][number],
  NonNullable<D["stateOnly"]>[number]
>;

describe("the properties a resource class registers", () => {
  it("are exactly the outputs its type declares (checked by the compiler)", () => {
    expectTypeOf<OutputKeys<SharedMailbox>>().toEqualTypeOf<Registered<typeof sharedMailbox>>();
    expectTypeOf<OutputKeys<MailboxPermission>>().toEqualTypeOf<Registered<typeof mailboxPermission>>();
    expectTypeOf<OutputKeys<MailboxAccess>>().toEqualTypeOf<Registered<typeof mailboxAccess>>();
    expectTypeOf<OutputKeys<ForwardingRule>>().toEqualTypeOf<Registered<typeof forwardingRule>>();
    expectTypeOf<OutputKeys<AutoReply>>().toEqualTypeOf<Registered<typeof autoReply>>();
  });

  describe("on a resource made in a program", () => {
    beforeAll(() => {
      // The engine answers with every output the provider keeps, the state-only ones too.
      pulumi.runtime.setMocks(
        {
          newResource: (args) => ({
            id: `${args.name}-id`,
            state: { ...args.inputs, mailboxId: "box-id", declaredKeys: ["primarySmtpAddress"], restore: "note", adopt: true },
          }),
          call: () => ({}),
        },
        "project",
        "stack",
        false,
      );
    });

    /** The Outputs on a resource, but its urn and id and the provider's own inputs (`__provider`, `__deployment`, …), which every registration sends. */
    const outputsOf = (r: object) =>
      Object.keys(r)
        .filter((k) => pulumi.Output.isInstance((r as Record<string, unknown>)[k]) && k !== "urn" && k !== "id" && !k.startsWith("__"))
        .sort();

    it.each([
      [
        "SharedMailbox",
        () => new SharedMailbox("desk", { displayName: "Sales Desk", primarySmtpAddress: "sales-desk@contoso.com" }),
        "alias copySendOnBehalfToMailbox copySentAsToMailbox createdAt displayName emailAddresses hiddenFromAddressLists licensed mailboxId name primarySmtpAddress quotaGB quotaState signInBlocked totalItemSizeGB",
      ],
      [
        "MailboxPermission",
        () => new MailboxPermission("adele", { mailbox: "desk@contoso.com", trustee: "adele.vance@contoso.com", accessRights: "FullAccess" }),
        "accessRights autoMapping createdAt grantId mailbox mailboxId trustee trusteeAddress trusteeId",
      ],
      [
        "MailboxAccess",
        () => new MailboxAccess("access", { mailbox: "desk@contoso.com", members: ["adele.vance@contoso.com"] }),
        "autoMapping fullAccess fullAccessTrustees grants mailbox mailboxId members sendAs sendAsTrustees sendOnBehalf sendOnBehalfTrustees",
      ],
      [
        "ForwardingRule",
        () => new ForwardingRule("fwd", { mailbox: "desk@contoso.com", forwardTo: "sales@contoso.com" }),
        "createdAt effectiveTarget forwardTo forwardingAddress forwardingSmtpAddress keepCopy mailbox mailboxId updatedAt",
      ],
      [
        "AutoReply",
        () => new AutoReply("reply", { mailbox: "desk@contoso.com", state: "Disabled" }),
        "createdAt endTime externalAudience externalMessage internalMessage mailbox mailboxId startTime state updatedAt",
      ],
    ] as const)("%s: the outputs its class declares, not the state-only ones", (_kind, make, outputs) => {
      const resource = make();
      expect(outputsOf(resource).join(" ")).toBe(outputs);
      expect(Object.keys(outputPlaceholders(RESOURCES[_kind].descriptor)).sort().join(" ")).toBe(outputs);
    });

    it("a state-only argument the program declares is registered, as every declared argument", async () => {
      const box = new SharedMailbox("adopted", { displayName: "Adopted", adopt: true }) as SharedMailbox & { adopt?: pulumi.Output<boolean> };
      expect(pulumi.Output.isInstance(box.adopt)).toBe(true);
      await expect(new Promise((resolve) => box.mailboxId.apply(resolve))).resolves.toBe("box-id");
    });
  });
});
