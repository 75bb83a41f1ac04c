import { describe, it, expect } from "vitest";
import { forwardingRuleProvider } from "../../../../provider/resources/forwarding-rule/provider";
import { checkDirectory, reasons } from "../fixtures";

const directory = checkDirectory();

describe("ForwardingRule check refuses at plan time", () => {
  it("several forwarding targets", async () => {
    const r = await forwardingRuleProvider(directory).check!({}, { mailbox: "reception", forwardTo: "a@contoso.com; b@contoso.com" });
    expect(reasons(r)).toEqual([expect.stringMatching(/^forwardTo: a mailbox forwards to one address only: create a distribution group/)]);
  });
  it("forwarding outside the organisation is allowed", async () => {
    expect((await forwardingRuleProvider(directory).check!({}, { mailbox: "reception", forwardTo: "partner@fabrikam.com" })).failures).toEqual([]);
  });
});
