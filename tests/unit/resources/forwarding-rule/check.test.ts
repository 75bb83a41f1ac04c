import { describe, it, expect } from "vitest";
import { forwardingRuleProvider } from "../../../../provider/resources/forwarding-rule/provider";
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

describe("ForwardingRule check refuses at plan time", () => {
  it("several forwarding targets", async () => {
    const r = await forwardingRuleProvider(directory).check!({}, { mailbox: "reception", forwardTo: "a@contoso.com; b@contoso.com" });
    expect(reasons(r)).toEqual([expect.stringMatching(/^forwardTo: a mailbox forwards to one address only: create a distribution group/)]);
  });
  it("forwarding outside the organisation is allowed", async () => {
    expect((await forwardingRuleProvider(directory).check!({}, { mailbox: "reception", forwardTo: "partner@fabrikam.com" })).failures).toEqual([]);
  });
});
