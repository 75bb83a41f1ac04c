import { describe, it, expect } from "vitest";
import { sharedMailboxProvider } from "../../provider/resources/shared-mailbox/provider";
import { mailboxPermissionProvider } from "../../provider/resources/mailbox-permission/provider";
import { forwardingRuleProvider } from "../../provider/resources/forwarding-rule/provider";
import { autoReplyProvider } from "../../provider/resources/auto-reply/provider";
import { fakeDirectory } from "./fake-directory";
import { UNKNOWN_DURING_PREVIEW, PERMISSION_DENIED_MESSAGE } from "../../schemas";

const people = [
  { id: "reception", name: "Reception", alias: "reception", primarySmtpAddress: "reception@contoso.com", recipientTypeDetails: "SharedMailbox" as const },
  { id: "adele", name: "Adele Vance", alias: "adele.vance", primarySmtpAddress: "adele.vance@contoso.com" },
  { id: "leads", name: "Support Leads", alias: "support-leads", primarySmtpAddress: "support-leads@contoso.com", recipientTypeDetails: "MailUniversalSecurityGroup" as const },
  { id: "sales", name: "Sales", alias: "sales", primarySmtpAddress: "sales@contoso.com", recipientTypeDetails: "MailUniversalDistributionGroup" as const },
  { id: "jill", name: "Jill Frank", alias: "jill", primarySmtpAddress: "jill.frank@fabrikam.com", recipientTypeDetails: "MailContact" as const },
];
const directory = fakeDirectory(people);
// The fake tenant's mailboxes have Exchange's defaults; no grants, forwarding or replies exist.
(directory as unknown as { client: unknown }).client = {
  call: async () => ({ items: [] }), // no soft-deleted mailboxes
  find: async (name: string, options: { params: { identity: string } }) => {
    if (name !== "getMailbox") return undefined;
    const r = await directory.recipient(options.params.identity);
    return r && { ...r, accountDisabled: true, messageCopyForSentAsEnabled: false, messageCopyForSendOnBehalfEnabled: false, quotaGB: 50, licensed: false };
  },
};

const reasons = (r: { failures?: { property: string; reason: string }[] }) => r.failures?.map((f) => `${f.property}: ${f.reason}`) ?? [];

describe("SharedMailbox check refuses at plan time", () => {
  const p = sharedMailboxProvider(directory);
  it("sign-in asked for", async () => {
    const r = await p.check!({}, { displayName: "Desk", signInBlocked: false });
    expect(reasons(r)).toEqual([expect.stringMatching(/^signInBlocked: a shared mailbox's user account must stay blocked/)]);
  });
  it("a quota above 50 GB without a licence, and accepts it with one", async () => {
    expect(reasons(await p.check!({}, { displayName: "Desk", quotaGB: 80 }))).toEqual([expect.stringMatching(/^quotaGB: 80 GB is above the 50 GB/)]);
    expect(reasons(await p.check!({}, { displayName: "Desk", quotaGB: 80, licensed: true }))).toEqual([]);
  });
  it("an address another recipient holds, with Exchange's message", async () => {
    const r = await p.check!({}, { displayName: "Desk", primarySmtpAddress: "Adele.Vance@contoso.com" });
    expect(reasons(r)).toEqual([
      'primarySmtpAddress: The proxy address "SMTP:Adele.Vance@contoso.com" is already being used by the proxy addresses or LegacyExchangeDN of "Adele Vance". Please choose another proxy address.',
    ]);
  });
  it("an existing shared mailbox, saying how to adopt it", async () => {
    const r = await p.check!({}, { displayName: "Reception", primarySmtpAddress: "reception@contoso.com" });
    expect(reasons(r)).toEqual([expect.stringContaining("add adopt: true")]);
  });
  it("adopting a mailbox that differs, saying what differs", async () => {
    const r = await p.check!({}, { displayName: "Front Desk", primarySmtpAddress: "reception@contoso.com", adopt: true });
    expect(reasons(r)).toEqual(['displayName: adopt: the existing mailbox differs — displayName: declared "Front Desk", the tenant has "Reception"; change the declaration to match, or adopt it first and change it afterwards']);
  });
  it("adopting a mailbox that matches", async () => {
    expect(reasons(await p.check!({}, { displayName: "Reception", primarySmtpAddress: "reception@contoso.com", adopt: true }))).toEqual([]);
  });
  it("a read-only token, naming the role", async () => {
    const reader = sharedMailboxProvider(fakeDirectory(people, false));
    const r = await reader.check!({}, { displayName: "New Desk" });
    expect(reasons(r)[0]).toContain(PERMISSION_DENIED_MESSAGE);
    expect(reasons(r)[0]).toContain("GlobalReader");
  });
  it("an address outside the accepted domains", async () => {
    const r = await p.check!({}, { displayName: "Desk", primarySmtpAddress: "desk@contoso.org", additionalAddresses: ["desk@contoso.co.uk", "desk@fabrikam.com"] });
    expect(reasons(r)).toEqual([
      "primarySmtpAddress: contoso.org is not an accepted domain of Contoso Ltd: use an address in contoso.com or contoso.co.uk",
      "additionalAddresses[1]: fabrikam.com is not an accepted domain of Contoso Ltd: use an address in contoso.com or contoso.co.uk",
    ]);
  });
  it("the address Exchange would derive from the name, when another recipient holds it", async () => {
    const r = await p.check!({}, { displayName: "Adele.Vance" });
    expect(reasons(r)).toEqual([
      'displayName: The proxy address "SMTP:Adele.Vance@contoso.com" is already being used by the proxy addresses or LegacyExchangeDN of "Adele Vance". Please choose another proxy address. (Exchange derives it from the name: set primarySmtpAddress or another alias.)',
    ]);
  });
  it("a name another shared mailbox holds, and a rename onto another recipient's name", async () => {
    expect(reasons(await p.check!({}, { displayName: "Reception", primarySmtpAddress: "front@contoso.com" }))[0]).toContain('the name "Reception" is already used by a shared mailbox');
    const renamed = await p.check!({ displayName: "Front Desk", primarySmtpAddress: "front@contoso.com" }, { displayName: "Sales", primarySmtpAddress: "front@contoso.com" });
    expect(reasons(renamed)).toEqual([expect.stringMatching(/^displayName: the name "Sales" is already used by a distribution group/)]);
  });
  it("fills Exchange's defaults into the checked inputs", async () => {
    const r = await p.check!({}, { displayName: "New Desk" });
    expect(r.failures).toEqual([]);
    expect(r.inputs).toMatchObject({ signInBlocked: true, quotaGB: 50, licensed: false, copySentAsToMailbox: false, copySendOnBehalfToMailbox: false });
  });
});

describe("MailboxPermission check refuses at plan time", () => {
  const p = mailboxPermissionProvider(directory);
  it.each([
    [{ trustee: "sales@contoso.com", accessRights: "FullAccess" }, /^trustee: "sales@contoso.com" is a distribution group; FullAccess can be granted only to/],
    [{ trustee: "jill.frank@fabrikam.com", accessRights: "SendAs" }, /^trustee: .*only people within your organization/],
    [{ trustee: "someone@gmail.com", accessRights: "SendAs" }, /^trustee: "someone@gmail.com" is not a recipient of this organisation/],
    [{ trustee: "support-leads@contoso.com", accessRights: "FullAccess", autoMapping: true }, /^autoMapping: auto-mapping does nothing for a group/],
    [{ trustee: "adele.vance@contoso.com", accessRights: "SendAs", autoMapping: true }, /^autoMapping: applies only to FullAccess/],
    [{ trustee: "adele.vance@contoso.com", accessRights: "ReadOnly" }, /^accessRights: /],
  ])("%j", async (args, expected) => {
    const r = await p.check!({}, { mailbox: "reception@contoso.com", ...args });
    expect(reasons(r)).toEqual([expect.stringMatching(expected)]);
  });
  it("checks the trustee while the mailbox is still unknown during preview", async () => {
    const r = await p.check!({}, { mailbox: UNKNOWN_DURING_PREVIEW, trustee: "sales@contoso.com", accessRights: "FullAccess" });
    expect(reasons(r)).toEqual([expect.stringMatching(/^trustee: .*distribution group/)]);
  });
  it("accepts SendOnBehalf for a distribution group and fills the auto-mapping default", async () => {
    expect((await p.check!({}, { mailbox: "reception", trustee: "sales", accessRights: "SendOnBehalf" })).failures).toEqual([]);
    const r = await p.check!({}, { mailbox: "reception", trustee: "adele.vance", accessRights: "FullAccess" });
    expect(r.inputs.autoMapping).toBe(true);
  });
});

describe("a mailbox this deployment creates, named by grants in the same preview", () => {
  it("is known to the grants' checks once its own check passed, and its type still counts", async () => {
    const d = fakeDirectory(people);
    (d as unknown as { client: unknown }).client = { find: async () => undefined, call: async () => ({ items: [] }) };
    const grant = mailboxPermissionProvider(d);
    const before = await grant.check!({}, { mailbox: "new-desk@contoso.com", trustee: "adele.vance", accessRights: "FullAccess" });
    expect(reasons(before)).toEqual([expect.stringMatching(/^mailbox: no recipient "new-desk@contoso.com" in the tenant/)]);
    expect((await sharedMailboxProvider(d).check!({}, { displayName: "New Desk", primarySmtpAddress: "new-desk@contoso.com" })).failures).toEqual([]);
    expect((await grant.check!({}, { mailbox: "new-desk@contoso.com", trustee: "adele.vance", accessRights: "FullAccess" })).failures).toEqual([]);
    const wrong = await grant.check!({}, { mailbox: "new-desk@contoso.com", trustee: "sales", accessRights: "FullAccess" });
    expect(reasons(wrong)).toEqual([expect.stringMatching(/^trustee: "sales" is a distribution group/)]);
  });
});

describe("ForwardingRule and AutoReply check refuse at plan time", () => {
  it("several forwarding targets", async () => {
    const r = await forwardingRuleProvider(directory).check!({}, { mailbox: "reception", forwardTo: "a@contoso.com; b@contoso.com" });
    expect(reasons(r)).toEqual([expect.stringMatching(/^forwardTo: a mailbox forwards to one address only: create a distribution group/)]);
  });
  it("forwarding outside the organisation is allowed", async () => {
    expect((await forwardingRuleProvider(directory).check!({}, { mailbox: "reception", forwardTo: "partner@fabrikam.com" })).failures).toEqual([]);
  });
  it("an external reply without an internal one", async () => {
    const r = await autoReplyProvider(directory).check!({}, { mailbox: "reception", state: "Enabled", externalMessage: "closed" });
    expect(reasons(r)).toEqual([expect.stringMatching(/^internalMessage: it is not possible to send a reply only to people outside your organization/)]);
  });
  it("an internal message alone is accepted and planned with no external reply (externalAudience None)", async () => {
    const r = await autoReplyProvider(directory).check!({}, { mailbox: "reception", state: "Enabled", internalMessage: "Reception has moved." });
    expect(r.failures).toEqual([]);
    expect(r.inputs).toMatchObject({ externalAudience: "None" });
  });
  it("automatic replies on a group", async () => {
    const r = await autoReplyProvider(directory).check!({}, { mailbox: "sales", state: "Enabled", internalMessage: "x", externalAudience: "None" });
    expect(reasons(r)).toEqual([expect.stringMatching(/^mailbox: "sales" is a distribution group; only mailboxes/)]);
  });
});

describe("a soft-deleted mailbox that still holds what a new declaration wants", () => {
  const deletedDesk = {
    id: "old-desk", name: "Old Desk", displayName: "Old Desk", alias: "frontdesk", primarySmtpAddress: "frontdesk@contoso.com",
    emailAddresses: ["SMTP:frontdesk@contoso.com"], recipientTypeDetails: "SharedMailbox", accountDisabled: true,
    messageCopyForSentAsEnabled: false, messageCopyForSendOnBehalfEnabled: false, quotaGB: 50, licensed: false,
    whenSoftDeleted: "2026-11-20T09:00:00.000Z",
  };
  const withDeleted = () => {
    const d = fakeDirectory(people);
    (d as unknown as { client: unknown }).client = { find: async () => undefined, call: async () => ({ items: [deletedDesk] }) };
    return sharedMailboxProvider(d);
  };
  it("is found by the address Exchange would derive from the name when none is declared", async () => {
    const r = await withDeleted().check!({}, { displayName: "FrontDesk" });
    expect(reasons(r)).toEqual([expect.stringMatching(/^displayName: the shared mailbox "Old Desk" \(frontdesk@contoso.com\) was deleted on 2026-11-20T09:00:00.000Z/)]);
  });
  it("is not in the way of a declaration that wants none of its addresses or names", async () => {
    expect((await withDeleted().check!({}, { displayName: "Back Office", primarySmtpAddress: "back-office@contoso.com" })).failures).toEqual([]);
  });
});
