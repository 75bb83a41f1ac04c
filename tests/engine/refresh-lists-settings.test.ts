import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, ForwardingRule, AutoReply, MailboxAccess } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";
import { served } from "./served";

/**
 * A refresh of many forwarding rules, automatic replies and MailboxAccess resources reads the
 * tenant's list of each (every shared mailbox's forwarding, replies, grants) instead of one
 * request per resource (provider/live-lists.ts). A change by hand still shows as it does read alone.
 */
describe("a drift check of forwarding, automatic replies and mailbox access, read through the tenant's lists", () => {
  let f: EngineFixture;
  const DESKS = ["north", "south", "east", "west", "centre"];
  const program = () => {
    for (const desk of DESKS) {
      const box = new SharedMailbox(`${desk}-desk`, { displayName: `${desk} desk`, primarySmtpAddress: `${desk}-desk@contoso.com` });
      new ForwardingRule(`${desk}-forward`, { mailbox: box.primarySmtpAddress, forwardTo: "sales@contoso.com", keepCopy: true });
      new AutoReply(`${desk}-reply`, { mailbox: box.primarySmtpAddress, state: "Enabled", internalMessage: `${desk} is closed today.`, externalAudience: "None" });
      new MailboxAccess(`${desk}-access`, { mailbox: box.primarySmtpAddress, members: ["adele.vance@contoso.com"] });
    }
  };


  beforeAll(async () => {
    f = await engineFixture("refresh-lists-settings");
    f.declare(program);
    expect((await f.up()).error).toBeUndefined();
  }, 300_000);
  afterAll(async () => f?.dispose());

  it("an unchanged stack: every resource refreshed, nothing to change, with one list of each kind", async () => {
    let r!: Awaited<ReturnType<EngineFixture["preview"]>>;
    const paths = await served(async () => (r = await f.preview({ refresh: true, expectNoChanges: true })));
    expect(r.error).toBeUndefined();
    expect(Object.keys(r.steps)).toHaveLength(4 * DESKS.length);
    for (const [name, steps] of Object.entries(r.steps)) expect([name, steps]).toEqual([name, ["refresh", "same"]]);
    for (const list of ["/v1/shared-mailboxes/forwarding", "/v1/shared-mailboxes/auto-replies", "/v1/shared-mailboxes/grants"]) {
      expect([list, paths.filter((p) => p === list).length]).toEqual([list, 1]);
    }
    // The first reads of each kind go alone (a small stack needs no list), the rest wait for its list.
    const alone = (pattern: RegExp) => paths.filter((p) => pattern.test(p)).length;
    expect(alone(/^\/v1\/mailboxes\/[^/]+\/forwarding$/)).toBeLessThanOrEqual(2);
    expect(alone(/^\/v1\/mailboxes\/[^/]+\/auto-reply$/)).toBeLessThanOrEqual(2);
    expect(alone(/^\/v1\/recipients\/[^/]+\/grants$/)).toBeLessThanOrEqual(2);
  }, 120_000);

  it("forwarding removed, replies switched off and a grant added by hand each show as drift, and nothing else does", async () => {
    await f.admin("unforward", "north-desk@contoso.com");
    await f.tenant.call("PUT", "/v1/mailboxes/south-desk@contoso.com/auto-reply", { state: "Disabled" });
    await f.admin("grant", "east-desk@contoso.com", "megan.bowen@contoso.com", "SendAs");
    const r = await f.preview({ refresh: true });
    expect(r.error).toBeUndefined();
    expect(r.diagnostics).toEqual([]);
    expect(r.steps["north-forward"]).toEqual(["refresh", "create"]); // gone from the tenant: the plan sets it again
    expect(r.steps["south-reply"]).toEqual(["refresh", "update"]);
    expect(r.diffs["south-reply"]).toContain("~state");
    expect(r.steps["east-access"]).toEqual(["refresh", "update"]);
    const changed = ["north-forward", "south-reply", "east-access"];
    for (const [name, steps] of Object.entries(r.steps).filter(([n]) => !changed.includes(n))) expect([name, steps]).toEqual([name, ["refresh", "same"]]);
  }, 120_000);
});
