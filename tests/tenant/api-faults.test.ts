import { afterEach, describe, expect, it } from "vitest";
import { FAULT_HEADERS } from "../../schemas/api";
import { startTestTenant, auditCount, TestTenant } from "./helpers";

let t: TestTenant | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("throttling", () => {
  it("the throttle header answers 429 with Retry-After and changes nothing", async () => {
    t = await startTestTenant({ faults: { allowFaultHeaders: true, retryAfterSeconds: 7 } });
    const before = await auditCount(t);
    const r = await t.call("POST", "/v1/shared-mailboxes", { displayName: "Throttled" }, { headers: { [FAULT_HEADERS.throttle]: "1" } });
    expect(r.status).toBe(429);
    expect(r.headers.get("retry-after")).toBe("7");
    expect(r.body.error.code).toBe("Throttled");
    expect(await auditCount(t)).toBe(before);
    expect((await t.call("GET", "/v1/mailboxes/Throttled")).status).toBe(404);
  });

  it("fault headers are ignored unless allowFaultHeaders is set", async () => {
    t = await startTestTenant();
    const r = await t.call("GET", "/v1/whoami", undefined, { headers: { [FAULT_HEADERS.throttle]: "1", [FAULT_HEADERS.unavailable]: "1" } });
    expect(r.status).toBe(200);
  });

  it("throttleRate 1 throttles every API call but not health", async () => {
    t = await startTestTenant({ faults: { throttleRate: 1 } });
    const r = await t.call("GET", "/v1/recipients");
    expect(r.status).toBe(429);
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await t.call("GET", "/health", undefined, { token: null })).status).toBe(200);
  });

  it("a budget per principal per minute throttles the principal over it, with the seconds left, and no one else", async () => {
    t = await startTestTenant({ faults: { throttleBudgetPerMinute: 3 } });
    for (let i = 0; i < 3; i++) expect((await t.call("GET", "/v1/whoami")).status).toBe(200);
    const r = await t.call("GET", "/v1/whoami");
    expect(r.status).toBe(429);
    const after = Number(r.headers.get("retry-after"));
    expect(after).toBeGreaterThanOrEqual(1);
    expect(after).toBeLessThanOrEqual(60);
    expect((await t.call("GET", "/v1/whoami", undefined, { token: "t-reader" })).status).toBe(200);
  });
});

describe("unavailability", () => {
  it("the unavailable header answers 503 Unavailable and changes nothing", async () => {
    t = await startTestTenant({ faults: { allowFaultHeaders: true } });
    const before = await auditCount(t);
    const r = await t.call("POST", "/v1/recipients/existing/grants", { trustee: "adele", accessRights: "SendAs" }, { headers: { [FAULT_HEADERS.unavailable]: "1" } });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe("Unavailable");
    expect(await auditCount(t)).toBe(before);
    expect((await t.call("GET", "/v1/recipients/existing/grants")).body.items).toEqual([]);
  });

  it("unavailableRate 1 answers 503 to every API call", async () => {
    t = await startTestTenant({ faults: { unavailableRate: 1 } });
    expect((await t.call("GET", "/v1/recipients")).status).toBe(503);
  });
});

describe("latency", () => {
  it("latencyMs delays every request by at least that long", async () => {
    t = await startTestTenant({ faults: { latencyMs: 150 } });
    const start = performance.now();
    expect((await t.call("GET", "/v1/whoami")).status).toBe(200);
    expect(performance.now() - start).toBeGreaterThanOrEqual(150);
  });

  it("the latency header adds its milliseconds to one request", async () => {
    t = await startTestTenant({ faults: { allowFaultHeaders: true } });
    const start = performance.now();
    await t.call("GET", "/v1/recipients", undefined, { headers: { [FAULT_HEADERS.latencyMs]: "200" } });
    expect(performance.now() - start).toBeGreaterThanOrEqual(200);
  });
});

describe("replication delay", () => {
  it("a new mailbox is not found and not listed until it has replicated, then is", async () => {
    t = await startTestTenant({ faults: { replicationDelayMs: 400 } });
    const created = await t.call("POST", "/v1/shared-mailboxes", { displayName: "Slow" });
    expect(created.status).toBe(201);
    const early = await t.call("GET", `/v1/mailboxes/${created.body.id}`);
    expect(early.status).toBe(404);
    expect(early.body.error.code).toBe("NotFound");
    expect((await t.call("GET", "/v1/shared-mailboxes")).body.items.map((m: { id: string }) => m.id)).not.toContain(created.body.id);
    // Its address is reserved already.
    expect((await t.call("POST", "/v1/shared-mailboxes", { displayName: "Other", primarySmtpAddress: created.body.primarySmtpAddress })).status).toBe(409);
    await sleep(450);
    expect((await t.call("GET", `/v1/mailboxes/${created.body.id}`)).status).toBe(200);
    expect((await t.call("GET", "/v1/shared-mailboxes")).body.items.map((m: { id: string }) => m.id)).toContain(created.body.id);
  });

  it("a new grant is not listed until it has replicated (header), then is", async () => {
    t = await startTestTenant({ faults: { allowFaultHeaders: true } });
    const r = await t.call("POST", "/v1/recipients/existing/grants", { trustee: "adele", accessRights: "SendOnBehalf" }, { headers: { [FAULT_HEADERS.replicationDelayMs]: "300" } });
    expect(r.status).toBe(201);
    expect((await t.call("GET", "/v1/recipients/existing/grants")).body.items).toEqual([]);
    expect((await t.call("GET", "/v1/mailboxes/existing")).body.grantSendOnBehalfTo).toEqual([]);
    await sleep(350);
    expect((await t.call("GET", "/v1/recipients/existing/grants")).body.items).toEqual([r.body]);
    expect((await t.call("GET", "/v1/mailboxes/existing")).body.grantSendOnBehalfTo).toEqual([r.body.trusteeId]);
  });

  it("a change of a mailbox's forwarding is read as before until it has replicated (header), then as set; its own answer is the new value", async () => {
    t = await startTestTenant({ faults: { allowFaultHeaders: true } });
    const slow = { headers: { [FAULT_HEADERS.replicationDelayMs]: "600" } };
    const read = async () => (await t!.call("GET", "/v1/mailboxes/existing/forwarding")).body;
    const nothing = await read();
    const set = await t.call("PUT", "/v1/mailboxes/existing/forwarding", { forwardTo: "ben.walters@fabrikam.test", keepCopy: true }, slow);
    expect(set.body).toMatchObject({ effectiveTarget: "ben.walters@fabrikam.test", deliverToMailboxAndForward: true });
    expect(await read()).toEqual(nothing);
    await sleep(650);
    expect(await read()).toEqual(set.body);
    // Clearing it replicates the same way.
    expect((await t.call("DELETE", "/v1/mailboxes/existing/forwarding", undefined, slow)).body.effectiveTarget).toBeNull();
    expect(await read()).toEqual(set.body);
    await sleep(650);
    expect(await read()).toEqual(nothing);
  });

  it("a change of a mailbox's automatic replies is read as before until it has replicated; a write without delay is read at once", async () => {
    t = await startTestTenant({ faults: { replicationDelayMs: 1000, allowFaultHeaders: true } });
    const read = async () => (await t!.call("GET", "/v1/mailboxes/existing/auto-reply")).body;
    const off = await read();
    expect(off.state).toBe("Disabled");
    const on = await t.call("PUT", "/v1/mailboxes/existing/auto-reply", { state: "Enabled", internalMessage: "Away", externalAudience: "None" });
    expect(on.body.state).toBe("Enabled");
    expect(await read()).toEqual(off);
    // Written again unchanged while it replicates: still the old value, and the wait does not start over.
    await sleep(400);
    await t.call("PUT", "/v1/mailboxes/existing/auto-reply", { state: "Enabled", internalMessage: "Away", externalAudience: "None" });
    expect(await read()).toEqual(off);
    await sleep(700);
    expect(await read()).toEqual(on.body);
    const now = { headers: { [FAULT_HEADERS.replicationDelayMs]: "0" } };
    const scheduled = await t.call("PUT", "/v1/mailboxes/existing/auto-reply", { state: "Disabled", internalMessage: "Away", externalAudience: "None" }, now);
    expect(await read()).toEqual(scheduled.body);
  });
});

describe("die", () => {
  it("the tenant stops in the middle of a create; after a restart on the same file nothing of it is there", async () => {
    t = await startTestTenant({ faults: { allowFaultHeaders: true } });
    const audit = await auditCount(t);
    const headers = { [FAULT_HEADERS.die]: "1", "idempotency-key": "die-once" };
    await expect(t.call("POST", "/v1/shared-mailboxes", { displayName: "Half Made" }, { headers })).rejects.toThrow();
    await t.running.stopped;
    await expect(fetch(`${t.url}/health`)).rejects.toThrow();
    await t.restart();
    expect((await t.call("GET", "/v1/mailboxes/Half Made")).status).toBe(404);
    expect((await t.call("GET", "/v1/recipients?search=Half")).body.total).toBe(0);
    expect(await auditCount(t)).toBe(audit);
    // The idempotency key was not recorded either: the retry does the work.
    const retry = await t.call("POST", "/v1/shared-mailboxes", { displayName: "Half Made" }, { headers: { "idempotency-key": "die-once" } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
  });

  it("the tenant stops in the middle of a grant; the grant is not there after a restart", async () => {
    t = await startTestTenant({ faults: { allowFaultHeaders: true } });
    await expect(
      t.call("POST", "/v1/recipients/existing/grants", { trustee: "adele", accessRights: "FullAccess" }, { headers: { [FAULT_HEADERS.die]: "1" } }),
    ).rejects.toThrow();
    await t.restart();
    expect((await t.call("GET", "/v1/recipients/existing/grants")).body.items).toEqual([]);
  });
});
