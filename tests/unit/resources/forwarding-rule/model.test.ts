import { describe, it, expect } from "vitest";
import { Forwarding, SetForwardingBody } from "../../../../schemas";
import { forwardingRule } from "../../../../provider/resources/forwarding-rule/descriptor";
import { argsOf, forwardingBody, forwardingSummary, settingsOf } from "../../../../provider/resources/forwarding-rule/model";
import { stateFields, stateValues } from "../../../../provider/resources/fields";

const live: Forwarding = { mailboxId: "desk", forwardingAddress: "sales", forwardingSmtpAddress: null, deliverToMailboxAndForward: true, effectiveTarget: "sales@contoso.com" };

describe("ForwardingRule's mapping, read from its descriptor", () => {
  it("names only properties the tenant returns and body keys it accepts", () => {
    for (const f of Object.values(forwardingRule.fields) as { tenant?: string; sets?: string }[]) {
      if (f.tenant) expect(Object.keys(Forwarding.shape)).toContain(f.tenant);
      if (f.sets) expect(Object.keys(SetForwardingBody.shape)).toContain(f.sets);
    }
  });
  it("fills keepCopy with Exchange's default (forward only)", () => {
    expect(argsOf({ mailbox: "desk", forwardTo: "sales" })).toEqual({ mailbox: "desk", forwardTo: "sales", keepCopy: false });
  });
  it("sends forwardTo and keepCopy, never the mailbox (it is in the path) or adopt", () => {
    const body = forwardingBody({ mailbox: "desk", forwardTo: "sales", keepCopy: true, adopt: true });
    expect(body).toEqual({ forwardTo: "sales", keepCopy: true });
    expect(SetForwardingBody.parse(body)).toEqual(body);
  });
  it("reads live forwarding as the settings export writes and the review shows", () => {
    expect(settingsOf(live)).toEqual({ forwardTo: "sales@contoso.com", keepCopy: true });
    expect(forwardingSummary(settingsOf(live))).toBe("sales@contoso.com (keeps a copy)");
    expect(forwardingSummary({ forwardTo: "sales", keepCopy: false })).toBe("sales");
  });
  it("keeps keepCopy as the tenant has it in state, the target and mailbox as outputs, and reads them back", () => {
    const state = { ...stateFields(forwardingRule, { mailbox: "Sales Desk", forwardTo: "Sales", keepCopy: false }, live), mailboxId: "desk", effectiveTarget: "sales@contoso.com" };
    expect(state).toMatchObject({ mailbox: "Sales Desk", forwardTo: "Sales", keepCopy: true });
    expect(stateValues(forwardingRule, state)).toEqual({ mailbox: "desk", forwardTo: "sales@contoso.com", keepCopy: true, adopt: undefined });
  });
});
