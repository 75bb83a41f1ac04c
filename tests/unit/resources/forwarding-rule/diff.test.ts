import { describe, it, expect } from "vitest";
import { forwardingRuleProvider } from "../../../../provider/resources/forwarding-rule/provider";
import { diffDirectory } from "../fixtures";

const directory = diffDirectory();

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
