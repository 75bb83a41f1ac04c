import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";
import { served } from "./served";
import { LIST_MS } from "../../provider/live-lists";

/**
 * A refresh of many resources reads the tenant's whole lists (every shared mailbox, every grant on
 * them) instead of one request per resource (provider/live-lists.ts). What a list does not hold is
 * still read on its own: each change by hand must show exactly as before.
 */
describe("a drift check of many mailboxes and grants, read through the tenant's lists", () => {
  let f: EngineFixture;
  const DESKS = ["north", "south", "east", "west", "centre"];
  const program = () => {
    for (const desk of DESKS) {
      const box = new SharedMailbox(`${desk}-desk`, { displayName: `${desk} desk`, primarySmtpAddress: `${desk}-desk@contoso.com` });
      new MailboxPermission(`${desk}-adele`, { mailbox: box.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
      new MailboxPermission(`${desk}-megan`, { mailbox: box.primarySmtpAddress, trustee: "megan.bowen@contoso.com", accessRights: "SendAs" });
    }
  };

  beforeAll(async () => {
    f = await engineFixture("refresh-lists");
    f.declare(program);
    expect((await f.up()).error).toBeUndefined();
  }, 300_000);
  afterAll(async () => f?.dispose());

  it("an unchanged stack: every resource refreshed, nothing to change, with one list of mailboxes and one of grants", async () => {
    let r!: Awaited<ReturnType<EngineFixture["preview"]>>;
    const started = Date.now();
    const paths = await served(async () => (r = await f.preview({ refresh: true, expectNoChanges: true })));
    expect(r.error).toBeUndefined();
    // The first reads of each kind go alone (a small stack needs no list), the rest wait for one
    // list — one per LIST_MS, which a preview of 15 resources outlasts only on a loaded machine.
    const lists = Math.ceil((Date.now() - started) / LIST_MS);
    for (const list of ["/v1/shared-mailboxes", "/v1/shared-mailboxes/grants"]) {
      expect(paths.filter((p) => p === list).length).toBeGreaterThanOrEqual(1);
      expect(paths.filter((p) => p === list).length).toBeLessThanOrEqual(lists);
    }
    expect(paths.filter((p) => /^\/v1\/mailboxes\/[^/]+$/.test(p)).length).toBeLessThanOrEqual(2);
    expect(paths.filter((p) => /^\/v1\/recipients\/[^/]+\/grants$/.test(p)).length).toBeLessThanOrEqual(2);
    expect(Object.keys(r.steps)).toHaveLength(15);
    for (const [name, steps] of Object.entries(r.steps)) expect([name, steps]).toEqual([name, ["refresh", "same"]]);
  }, 120_000);

  it("a rename, a revoked grant and a deleted mailbox by hand each show as they do read one by one, and nothing else does", async () => {
    await f.admin("set", "north-desk@contoso.com", "displayName", "North (renamed by hand)");
    await f.admin("revoke", "south-desk@contoso.com", "megan.bowen@contoso.com", "SendAs");
    await f.admin("delete", "east-desk@contoso.com");
    const writes = await f.auditCount();
    const r = await f.preview({ refresh: true });
    expect(r.error).toBeUndefined();
    expect(r.diagnostics).toEqual([]);
    expect(r.steps["north-desk"]).toEqual(["refresh", "update"]);
    expect(r.diffs["north-desk"]).toEqual(["~displayName"]);
    expect(r.steps["south-megan"]).toEqual(["refresh", "create"]); // gone from the tenant: the plan grants it again
    expect(r.steps["east-desk"]).toEqual(["refresh", "update"]);
    expect(r.diffs["east-desk"]).toEqual(["-deletedOn", "+restore"]);
    expect(r.steps["east-adele"]).toEqual(["refresh", "same"]); // kept: it comes back with its mailbox
    const unchanged = Object.entries(r.steps).filter(([name]) => !["north-desk", "south-megan", "east-desk"].includes(name));
    for (const [name, steps] of unchanged) expect([name, steps]).toEqual([name, ["refresh", "same"]]);
    expect(await f.auditCount()).toBe(writes);
  }, 120_000);

  it("up --refresh puts it all back, and the next drift check is clean", async () => {
    const r = await f.up({ refresh: true });
    expect(r.error).toBeUndefined();
    expect((await f.get("/v1/mailboxes/north-desk@contoso.com")).body.displayName).toBe("north desk");
    expect((await f.get("/v1/mailboxes/east-desk@contoso.com")).body.isSoftDeleted).toBe(false);
    const south = (await f.get("/v1/mailboxes/south-desk@contoso.com")).body;
    const grants = (await f.get(`/v1/recipients/${south.id}/grants`)).body.items.map((g: { accessRights: string; trusteeAddress: string }) => `${g.accessRights} ${g.trusteeAddress}`);
    expect(grants.sort()).toEqual(["FullAccess adele.vance@contoso.com", "SendAs megan.bowen@contoso.com"]);
    expect((await f.preview({ refresh: true, expectNoChanges: true })).error).toBeUndefined();
  }, 300_000);
});
