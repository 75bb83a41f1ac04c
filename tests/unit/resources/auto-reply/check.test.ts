import { describe, it, expect } from "vitest";
import { autoReplyProvider } from "../../../../provider/resources/auto-reply/provider";
import { fakeDirectory } from "../../fake-directory";

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

describe("AutoReply check refuses at plan time", () => {
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
