import { describe, it, expect } from "vitest";
import { Mailbox, UpdateMailboxBody } from "../../../../schemas";
import { sharedMailbox } from "../../../../provider/resources/shared-mailbox/descriptor";
import { changedFields, differences, inputsOf, stateOf, updateBody, withDefaults } from "../../../../provider/resources/shared-mailbox/model";
import { bodyOf, exportedArgs, localChangedFields, localInputsOf, settingNames } from "../../../../provider/resources/fields";
import { forwardingRule } from "../../../../provider/resources/forwarding-rule/descriptor";

const live: Mailbox = {
  id: "desk", name: "Sales Desk", displayName: "Sales Desk", alias: "sales-desk", primarySmtpAddress: "sales-desk@contoso.com",
  emailAddresses: ["SMTP:sales-desk@contoso.com", "smtp:old-desk@contoso.com"], recipientTypeDetails: "SharedMailbox", accountDisabled: true,
  messageCopyForSentAsEnabled: false, messageCopyForSendOnBehalfEnabled: false, quotaGB: 50, licensed: false, hiddenFromAddressListsEnabled: false, totalItemSizeGB: 0,
  quotaState: "Normal", isSoftDeleted: false, whenSoftDeleted: null, grantSendOnBehalfTo: [], whenCreated: "2026-11-27T00:00:00Z", whenChanged: "2026-11-27T00:00:00Z",
};

describe("SharedMailbox's mapping, read from its descriptor by the loops of fields.ts", () => {
  it("names only properties a read returns and body keys Set-Mailbox accepts", () => {
    for (const f of Object.values(sharedMailbox.fields) as { tenant?: string; sets?: string }[]) {
      if (f.tenant) expect(Object.keys(Mailbox.shape)).toContain(f.tenant);
      if (f.sets) expect(Object.keys(UpdateMailboxBody.shape)).toContain(f.sets);
    }
  });

  it("the outputs table says of every argument the state keeps as the tenant has it that it does (a new field cannot fall into \"As declared.\")", () => {
    const held = Object.entries(sharedMailbox.fields).filter(([, f]) => (f as { tenant?: string }).tenant).map(([k]) => k);
    expect(held.filter((k) => !(sharedMailbox.outputDocs as Record<string, unknown>)[k])).toEqual([]);
    expect(stateOf(live, { displayName: "Desk", quotaGB: 40 })).toMatchObject({ displayName: "Sales Desk", quotaGB: 50 });
  });

  it("sign-in, enforced, is never sent from the declaration nor compared on adoption, but a diff sees it", () => {
    expect(settingNames(sharedMailbox)).not.toContain("signInBlocked");
    expect(bodyOf(sharedMailbox, { displayName: "Desk", signInBlocked: false })).not.toHaveProperty("accountDisabled");
    expect(differences({ displayName: "Sales Desk" }, { ...live, accountDisabled: false })).toEqual([]);
    expect(changedFields({ signInBlocked: false }, { displayName: "Sales Desk", signInBlocked: true })).toContain("signInBlocked");
    // Blocking it again is the update's own write.
    expect(updateBody({ ...live, accountDisabled: false }, {}, { displayName: "Sales Desk" })).toEqual({ accountDisabled: true });
  });

  it("a derived field is compared only when declared, and reported by read only when declared", () => {
    const args = liveArgsOfLive();
    expect(localChangedFields(sharedMailbox, withDefaults({ displayName: "Sales Desk" }), { ...args, alias: "other" })).toEqual([]);
    expect(localChangedFields(sharedMailbox, withDefaults({ displayName: "Sales Desk", alias: "desk" }), args)).toEqual(["alias"]);
    expect(localInputsOf(sharedMailbox, { displayName: "Sales Desk" }, args)).toMatchObject({ displayName: "Sales Desk", alias: undefined, name: undefined });
    expect(inputsOf(live, { displayName: "Sales Desk", alias: "x", declaredKeys: [] }).alias).toBeUndefined();
  });

  it("the adoption check lists what differs in the descriptor's order, the missing additional addresses at their place", () => {
    expect(differences({ displayName: "Desk", primarySmtpAddress: "sales-desk@contoso.com", additionalAddresses: ["gone@contoso.com"], quotaGB: 40 }, live)).toEqual([
      'displayName: declared "Desk", the tenant has "Sales Desk"',
      "additionalAddresses: gone@contoso.com declared but not on the mailbox",
      "quotaGB: declared 40, the tenant has 50",
    ]);
  });

  it("export leaves out Exchange's defaults, sign-in and a name equal to the display name", () => {
    expect(exportedArgs(sharedMailbox, live)).toEqual({ displayName: "Sales Desk", alias: "sales-desk", primarySmtpAddress: "sales-desk@contoso.com" });
    expect(exportedArgs(sharedMailbox, { ...live, name: "Desk", quotaGB: 40 })).toEqual({
      displayName: "Sales Desk", name: "Desk", alias: "sales-desk", primarySmtpAddress: "sales-desk@contoso.com", quotaGB: 40,
    });
  });

  it("the loops without the directory refuse a field that compares through it, rather than calling it changed", () => {
    expect(() => localChangedFields(forwardingRule, { mailbox: "desk", forwardTo: "x@contoso.com" }, { mailbox: "desk", forwardTo: "x@contoso.com" })).toThrow(
      'a field compared by "identity" needs the directory: use changedFields or inputsOf',
    );
  });
});

function liveArgsOfLive(): Record<string, unknown> {
  return { displayName: live.displayName, name: live.name, alias: live.alias, primarySmtpAddress: live.primarySmtpAddress, copySentAsToMailbox: false, copySendOnBehalfToMailbox: false, quotaGB: 50, licensed: false, hiddenFromAddressLists: false, signInBlocked: true };
}
