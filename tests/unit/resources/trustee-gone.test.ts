import { describe, it, expect } from "vitest";
import { TenantError } from "../../../provider/client/errors";
import { trusteeGone } from "../../../provider/rules/grant";
import { mailboxPermissionProvider } from "../../../provider/resources/mailbox-permission/provider";
import { mailboxAccessProvider } from "../../../provider/resources/mailbox-access/provider";
import { notFoundMessage } from "../../../schemas/messages";
import { fakeDirectory } from "../fake-directory";

/**
 * A grant's write refused because its trustee is gone: deleted after the plan looked it up (an up
 * keeps the recipients it found for the step). The tenant names the trustee by its id; the
 * provider says which trustee as declared, what happened and what to do, then the tenant's words.
 */

const people = [
  { id: "desk", name: "Sales Desk", alias: "sales-desk", primarySmtpAddress: "sales-desk@contoso.com", recipientTypeDetails: "SharedMailbox" as const },
  { id: "adele", name: "Adele Vance", alias: "adele.vance", primarySmtpAddress: "adele.vance@contoso.com" },
  { id: "lee", name: "Lee Gu", alias: "lee.gu", primarySmtpAddress: "lee.gu@contoso.com" },
];

const trusteeNotFound = () => new TenantError(404, "NotFound", notFoundMessage("lee", "Contoso Ltd"), "trustee");
const mailboxNotFound = () => new TenantError(404, "NotFound", notFoundMessage("desk", "Contoso Ltd"), "identity");
const TENANT_SAID = "The operation couldn't be performed because object 'lee' couldn't be found on 'Contoso Ltd'.";
const gone = (declared: string) =>
  `trustee "${declared}" is no longer in the tenant: it was removed after this up's plan looked it up. ` +
  `Restore the recipient, or remove the grant from the program, then run pulumi up again. The tenant said: ${TENANT_SAID}`;

/** A tenant that has the recipients above, no grants, and refuses every addGrant with `refusal`. */
function refusingGrants(refusal: () => Error) {
  const d = fakeDirectory(people);
  const sent: string[] = [];
  (d as unknown as { client: unknown }).client = {
    call: async (name: string, opts?: { body?: { trustee?: string; accessRights?: string } }) => {
      if (name !== "addGrant") throw new Error(`unexpected call ${name}`);
      sent.push(`${opts?.body?.accessRights} ${opts?.body?.trustee}`);
      if (opts?.body?.trustee === "lee") throw refusal();
      return { id: `desk/${opts?.body?.accessRights}/${opts?.body?.trustee}`, targetId: "desk", trusteeId: opts?.body?.trustee, trusteeAddress: "x@contoso.com", accessRights: opts?.body?.accessRights, autoMapping: false, isSystem: false };
    },
    find: async (name: string) => (name === "listGrants" ? { items: [] } : undefined),
    untilReplicated: async (_since: unknown, read: () => Promise<unknown>) => read(),
  };
  return { d, sent };
}

describe("trusteeGone: the tenant's not-found on a grant's trustee", () => {
  it("becomes one message naming the trustee as declared, what happened and what to do, then the tenant's words", () => {
    const mapped = trusteeGone(trusteeNotFound(), "lee.gu@contoso.com");
    expect(mapped).toBeInstanceOf(TenantError);
    expect((mapped as TenantError).message).toBe(gone("lee.gu@contoso.com"));
    expect((mapped as TenantError).code).toBe("NotFound");
    expect((mapped as TenantError).field).toBe("trustee");
  });

  it("names the property it was declared at, for an entry of a list", () => {
    expect((trusteeGone(trusteeNotFound(), "lee.gu", "fullAccess[1]") as TenantError).field).toBe("fullAccess[1]");
  });

  it("leaves any other failure as it is: a not-found on the mailbox (replication waits happen elsewhere), another refusal, a plain error", () => {
    for (const e of [mailboxNotFound(), new TenantError(404, "NotFound", "no such thing"), new TenantError(400, "GrantExists", "already", "trustee"), new Error("boom")]) {
      expect(trusteeGone(e, "lee.gu@contoso.com")).toBe(e);
    }
  });
});

describe("create of a grant whose trustee the tenant no longer has", () => {
  it.each(["FullAccess", "SendAs", "SendOnBehalf"])("MailboxPermission %s: the error names the trustee as declared and says what to do", async (right) => {
    const { d } = refusingGrants(trusteeNotFound);
    const p = mailboxPermissionProvider(d);
    await expect(p.create!({ mailbox: "sales-desk@contoso.com", trustee: "Lee.Gu@contoso.com", accessRights: right, autoMapping: false })).rejects.toThrow(
      new Error(`creating ${right} permission for "Lee.Gu@contoso.com" on "sales-desk@contoso.com": ${gone("Lee.Gu@contoso.com")} (trustee) [NotFound]`),
    );
  });

  it("MailboxPermission: a not-found on the mailbox keeps the tenant's message", async () => {
    const p = mailboxPermissionProvider(refusingGrants(mailboxNotFound).d);
    await expect(p.create!({ mailbox: "sales-desk@contoso.com", trustee: "lee.gu", accessRights: "SendAs", autoMapping: false })).rejects.toThrow(
      new Error(`creating SendAs permission for "lee.gu" on "sales-desk@contoso.com": The operation couldn't be performed because object 'desk' couldn't be found on 'Contoso Ltd'. (identity) [NotFound]`),
    );
  });

  it.each([
    [{ fullAccess: ["adele.vance@contoso.com", "lee.gu"] }, "lee.gu", "fullAccess[1]"],
    [{ members: ["lee.gu@contoso.com"] }, "lee.gu@contoso.com", "members[0]"],
    [{ sendOnBehalf: ["adele.vance", "Lee Gu"] }, "Lee Gu", "sendOnBehalf[1]"],
  ])("MailboxAccess %j: the error names the entry as declared and where it is", async (lists, declared, property) => {
    const { d, sent } = refusingGrants(trusteeNotFound);
    const p = mailboxAccessProvider(d);
    await expect(p.create!({ mailbox: "sales-desk@contoso.com", ...lists })).rejects.toThrow(
      new Error(`creating delegate access on "sales-desk@contoso.com": ${gone(declared)} (${property}) [NotFound]`),
    );
    expect(sent.some((s) => s.endsWith(" lee"))).toBe(true);
  });

  it("MailboxAccess update: the same message for a trustee added to a list", async () => {
    const p = mailboxAccessProvider(refusingGrants(trusteeNotFound).d);
    const olds = { mailbox: "sales-desk@contoso.com", mailboxId: "desk", grants: [] };
    await expect(p.update!("desk", olds, { mailbox: "sales-desk@contoso.com", sendAs: ["lee.gu"] })).rejects.toThrow(
      new Error(`updating delegate access on "sales-desk@contoso.com": ${gone("lee.gu")} (sendAs[0]) [NotFound]`),
    );
  });
});
