import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox } from "pulumi-mailbox";
import { negativeProgram } from "../../examples/negative/program";
import { engineFixture, EngineFixture } from "./harness";

/**
 * Each mistake of the negative example is refused by `pulumi preview` with its message, naming
 * the property, and the tenant receives no write. (The engine stops a preview at the first
 * resource whose check fails, so each mistake gets a preview of its own.)
 */
describe("preview refuses each mistake of the negative example", () => {
  let f: EngineFixture;
  beforeAll(async () => {
    f = await engineFixture("refusals");
  });
  afterAll(async () => f?.dispose());

  it.each([
    ["careless-mailbox", "signInBlocked", "a shared mailbox's user account must stay blocked from signing in"],
    ["careless-mailbox", "quotaGB", "80 GB is above the 50 GB a shared mailbox may hold without a licence: set licensed to true"],
    ["address-clash", "primarySmtpAddress", 'The proxy address "SMTP:adele.vance@contoso.com" is already being used by the proxy addresses or LegacyExchangeDN of "Adele Vance". Please choose another proxy address.'],
    ["fullaccess-to-distribution-group", "trustee", '"sales@contoso.com" is a distribution group; FullAccess can be granted only to a user mailbox, a mail user or a mail-enabled security group'],
    ["sendas-to-outsider", "trustee", "only people within your organization can be granted SendAs"],
    ["automapping-for-group", "autoMapping", "auto-mapping does nothing for a group"],
    ["forward-to-two", "forwardTo", "a mailbox forwards to one address only: create a distribution group with all the recipients and forward to the group"],
    ["external-only-reply", "internalMessage", "it is not possible to send a reply only to people outside your organization"],
  ])("%s: refuses %s and writes nothing", async (mistake, property, message) => {
    const writes = await f.auditCount();
    f.declare(() => negativeProgram(mistake));
    const report = await f.preview();
    expect(report.error).toBeDefined();
    const hit = report.diagnostics.find((d) => d.startsWith(`${mistake}: `) && d.includes(`property ${property} `) && d.includes(message));
    expect(hit, report.diagnostics.join("\n")).toBeDefined();
    expect(await f.auditCount()).toBe(writes);
  }, 120_000);

  it("the whole negative program fails its preview with one of these messages and writes nothing", async () => {
    const writes = await f.auditCount();
    f.declare(() => negativeProgram());
    const report = await f.preview();
    expect(report.error).toBeDefined();
    expect(report.diagnostics.some((d) => /has a problem: /.test(d))).toBe(true);
    expect(await f.auditCount()).toBe(writes);
    expect((await f.get("/v1/recipients/careless@contoso.com")).status).toBe(404);
  }, 120_000);
});

describe("a read-only token", () => {
  let f: EngineFixture;
  beforeAll(async () => {
    f = await engineFixture("reader", { token: "t-reader" });
  });
  afterAll(async () => f?.dispose());

  it("fails the preview, not the up, naming the role, and writes nothing", async () => {
    const writes = await f.auditCount();
    f.declare(() => {
      new SharedMailbox("desk", { displayName: "Readers Desk" });
    });
    const r = await f.preview();
    expect(r.error).toBeDefined();
    expect(r.diagnostics.join("\n")).toContain("You do not have permission to access this page or perform this action. The token in mailbox:token belongs to reader@fabrikam.test, whose role GlobalReader may only read");
    expect(await f.auditCount()).toBe(writes);
  }, 120_000);
});
