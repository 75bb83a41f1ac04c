import { describe, expect, it } from "vitest";
import { declaredArgs, replacing } from "../../../provider/resources/descriptor";
import { KINDS, RESOURCES } from "../../../provider/resources/registry";
import { UNKNOWN_DURING_PREVIEW } from "../../../schemas";

describe.each(KINDS)("%s: arguments read back from inputs or state", (kind) => {
  const descriptor = RESOURCES[kind].descriptor;

  it("a missing argument stays missing, never the string \"undefined\", and outputs and hidden keys are left out", () => {
    const args = declaredArgs<Record<string, unknown>>(descriptor, { adopt: true, mailboxId: "x", __deployment: "p/s/r", createdAt: "2026-11-27T00:00:00Z" });
    expect(args).toEqual({ adopt: true });
    expect(Object.values(args)).not.toContain("undefined");
  });

  it("a value still unknown during preview is kept as it is, for diff to see it as unknown", () => {
    const [first] = Object.keys(descriptor.fields);
    expect(declaredArgs<Record<string, unknown>>(descriptor, { [first!]: UNKNOWN_DURING_PREVIEW })[first!]).toBe(UNKNOWN_DURING_PREVIEW);
  });
});

describe("what replaces a resource is read from its descriptor", () => {
  it.each([
    ["SharedMailbox", ["displayName", "quotaGB", "hiddenFromAddressLists"], []],
    ["MailboxPermission", ["trustee", "autoMapping", "adopt"], ["trustee", "autoMapping"]],
    ["ForwardingRule", ["forwardTo", "mailbox"], ["mailbox"]],
    ["AutoReply", ["state", "mailbox"], ["mailbox"]],
    ["MailboxAccess", ["members", "mailbox"], ["mailbox"]],
  ] as const)("%s: of %j, %j replace", (kind, changed, replaces) => {
    expect(replacing(RESOURCES[kind].descriptor, changed)).toEqual(replaces);
  });
});
