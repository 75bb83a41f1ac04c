import { describe, it, expect } from "vitest";
import { forwardingRuleProvider } from "../../../../provider/resources/forwarding-rule/provider";
import { fakeDirectory } from "../../fake-directory";

const directory = fakeDirectory([
  { id: "desk", name: "Sales Desk", alias: "sales-desk", primarySmtpAddress: "sales-desk@contoso.com", recipientTypeDetails: "SharedMailbox" },
  { id: "other-desk", name: "Other Desk", alias: "other-desk", primarySmtpAddress: "other-desk@contoso.com", recipientTypeDetails: "SharedMailbox" },
  { id: "adele", name: "Adele Vance", alias: "adele.vance", primarySmtpAddress: "adele.vance@contoso.com" },
  { id: "alex", name: "Alex Wilber", alias: "alex.wilber", primarySmtpAddress: "alex.wilber@contoso.com" },
  { id: "leads", name: "Support Leads", alias: "support-leads", primarySmtpAddress: "support-leads@contoso.com", recipientTypeDetails: "MailUniversalSecurityGroup" },
  { id: "sales", name: "Sales", alias: "sales", primarySmtpAddress: "sales@contoso.com", recipientTypeDetails: "MailUniversalDistributionGroup" },
]);

describe("ForwardingRule diff", () => {
  const provider = forwardingRuleProvider(directory);
  const state = { mailbox: "sales-desk@contoso.com", forwardTo: "sales@contoso.com", keepCopy: true, mailboxId: "desk", effectiveTarget: "sales@contoso.com" };
  it.each([
    ["forwardTo", { forwardTo: "someone@fabrikam.com" }, []],
    ["keepCopy", { keepCopy: false }, []],
    ["mailbox", { mailbox: "other-desk@contoso.com" }, ["mailbox"]],
  ])("a new %s: replaces %j", async (_f, change, replaces) => {
    const d = await provider.diff!("desk", state, { mailbox: state.mailbox, forwardTo: state.forwardTo, keepCopy: true, ...change });
    expect(d.changes).toBe(true);
    expect(d.replaces).toEqual(replaces);
  });
  it("the target named by alias, in other case, is no change", async () => {
    const d = await provider.diff!("desk", state, { mailbox: "SALES-DESK@contoso.com", forwardTo: "Sales", keepCopy: true });
    expect(d.changes).toBe(false);
  });
});
