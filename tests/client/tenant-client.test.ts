import { describe, it, expect, afterEach } from "vitest";
import { startTestTenant, TestTenant, ADMIN } from "../tenant/helpers";
import { TenantClient, TenantError } from "../../provider/client";

/** The provider's one HTTP client against the real tenant and its faults. */
describe("the tenant client", () => {
  let t: TestTenant | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("gives up on throttling after maxAttempts attempts, with the tenant's code", async () => {
    t = await startTestTenant({ faults: { throttleRate: 1, retryAfterSeconds: 0 } });
    const client = new TenantClient({ endpoint: t.url, token: ADMIN, maxAttempts: 3 });
    const error = await client.call("whoami").catch((e) => e);
    expect(error).toBeInstanceOf(TenantError);
    expect(error.code).toBe("Throttled");
    expect(client.stats.requests).toBe(3);
  });

  it("waits what Retry-After asks before trying again", async () => {
    t = await startTestTenant({ faults: { throttleRate: 1, retryAfterSeconds: 1 } });
    const client = new TenantClient({ endpoint: t.url, token: ADMIN, maxAttempts: 2 });
    const started = Date.now();
    await client.call("whoami").catch(() => undefined);
    expect(client.stats.requests).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it("waits for a new mailbox to replicate instead of failing, and creates it once", async () => {
    t = await startTestTenant({ faults: { replicationDelayMs: 800 } });
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const created = await client.call("createSharedMailbox", { body: { displayName: "Replicating Desk" } });
    expect(await client.find("getMailbox", { params: { identity: created.id } })).toBeUndefined();
    const seen = await client.call("getMailbox", { params: { identity: created.id }, awaitReplication: true });
    expect(seen.id).toBe(created.id);
    expect(client.stats.retries).toBeGreaterThan(0);
    const all = await client.call("listSharedMailboxes", { query: { deleted: "false" } });
    expect(all.items.filter((m) => m.displayName === "Replicating Desk")).toHaveLength(1);
  });

  it("removes a grant still replicating when told when it was added; an old grant's 404 is final at once", async () => {
    t = await startTestTenant({ faults: { replicationDelayMs: 800 } });
    const client = new TenantClient({ endpoint: t.url, token: ADMIN, replicationWaitMs: 5_000 });
    const box = await client.call("createSharedMailbox", { body: { displayName: "Grant Desk" } });
    await client.call("getMailbox", { params: { identity: box.id }, awaitReplication: true });
    await client.call("addGrant", { params: { identity: box.id }, body: { trustee: "adele", accessRights: "SendAs" } });
    const params = { identity: box.id, accessRights: "SendAs", trustee: "adele" };
    const unknownAge = await client.call("removeGrant", { params, awaitReplication: { since: undefined } }).catch((e) => e);
    expect(unknownAge).toMatchObject({ code: "NotFound" });
    const removed = await client.call("removeGrant", { params, awaitReplication: { since: new Date().toISOString() } });
    expect(removed.trusteeAddress).toBe("adele@fabrikam.test");
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect((await client.call("listGrants", { params: { identity: box.id } })).items).toEqual([]);
  });

  it("untilReplicated asks again while the object may be replicating, and stops when the wait has passed", async () => {
    t = await startTestTenant({ faults: { replicationDelayMs: 800 } });
    const client = new TenantClient({ endpoint: t.url, token: ADMIN, replicationWaitMs: 5_000 });
    const box = await client.call("createSharedMailbox", { body: { displayName: "Read Desk" } });
    const read = () => client.find("getMailbox", { params: { identity: box.id } });
    expect(await client.untilReplicated({ since: new Date(Date.now() - 10_000).toISOString() }, read)).toBeUndefined();
    expect((await client.untilReplicated({ since: new Date().toISOString() }, read))?.id).toBe(box.id);
  });

  it("untilReplicated asks again while a just-changed setting still reads as before, and reads once outside the window", async () => {
    t = await startTestTenant({ faults: { replicationDelayMs: 800 } });
    const client = new TenantClient({ endpoint: t.url, token: ADMIN, replicationWaitMs: 5_000 });
    const identity = (await client.call("createSharedMailbox", { body: { displayName: "Forwarding Desk" } })).id;
    await client.call("setForwarding", { params: { identity }, awaitReplication: true, body: { forwardTo: "orders@example.com" } });
    const read = () => client.find("getForwarding", { params: { identity } });
    const isNew = (f: { effectiveTarget: string | null }) => f.effectiveTarget === "orders@example.com";
    // Outside the window: one request, whatever it shows, and the check is not asked.
    let asked = 0;
    const before = client.stats.requests;
    const old = await client.untilReplicated({ since: new Date(Date.now() - 10_000).toISOString() }, read, (f) => (asked++, isNew(f)));
    expect(old?.effectiveTarget).toBeNull();
    expect(client.stats.requests - before).toBe(1);
    expect(asked).toBe(0);
    // Within it: asks again until the tenant shows the written value.
    const seen = await client.untilReplicated({ since: new Date().toISOString() }, read, isNew);
    expect(seen?.effectiveTarget).toBe("orders@example.com");
    expect(client.stats.requests - before).toBeGreaterThan(2);
  });

  it("identical reads at the same moment make one request, and each caller gets its own copy", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => client.call("whoami")));
    expect(client.stats.requests).toBe(1);
    expect(a).toEqual(b);
    expect(a).not.toBe(c);
    await client.call("whoami");
    expect(client.stats.requests).toBe(2); // one that starts after the first came back asks again
  });

  it("a read that starts while a write is out does not share an earlier read's answer", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const before = client.find("getRecipient", { params: { identity: "Sharing Desk" } });
    const created = client.call("createSharedMailbox", { body: { displayName: "Sharing Desk" } });
    const after = client.find("getRecipient", { params: { identity: "Sharing Desk" } });
    await Promise.all([before, created, after]);
    expect(client.stats.requests).toBe(3); // the second read went out on its own
  });

  it("a 404 without awaitReplication is not retried", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    expect(await client.find("getRecipient", { params: { identity: "nobody@nowhere.test" } })).toBeUndefined();
    expect(client.stats.requests).toBe(1);
  });

  it("reports a tenant that is not running as Unreachable, naming the endpoint", async () => {
    const client = new TenantClient({ endpoint: "http://127.0.0.1:9", token: ADMIN, maxAttempts: 2 });
    const error = await client.call("whoami").catch((e) => e);
    expect(error.code).toBe("Unreachable");
    expect(error.message).toContain("cannot reach the tenant at http://127.0.0.1:9");
  });

  it("sends through the fetch it is given, and holds that answer to the route's response schema too", async () => {
    const asked: string[] = [];
    const answer = (body: unknown): typeof fetch => async (input, init) => {
      asked.push(`${init?.method} ${String(input)}`);
      return Response.json(body);
    };
    const good = new TenantClient({ endpoint: "http://tenant.test", token: ADMIN, fetch: answer({ principal: "a", role: "GlobalReader", canWrite: false }) });
    expect(await good.call("whoami")).toEqual({ principal: "a", role: "GlobalReader", canWrite: false });
    expect(asked).toEqual(["GET http://tenant.test/v1/whoami"]);
    const bad = new TenantClient({ endpoint: "http://tenant.test", token: ADMIN, maxAttempts: 1, fetch: answer({ principal: 1 }) });
    await expect(bad.call("whoami")).rejects.toMatchObject({ code: "BadResponse" });
  });
});
