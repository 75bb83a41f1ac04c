import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { basicProgram } from "../../examples/basic/program";
import { engineFixture, EngineFixture } from "./harness";

/**
 * The tenant throttles (429 with Retry-After), fails transiently (503) and replicates new objects
 * with a delay, as Exchange Online does. The provider retries instead of failing, never makes a
 * duplicate, and never takes a failed read for a deletion.
 */
describe("the basic example against a throttling, flaky, slowly replicating tenant", () => {
  let f: EngineFixture;
  let port: number;
  const faults = { throttleRate: 0.2, retryAfterSeconds: 1, unavailableRate: 0.1, replicationDelayMs: 1500 };

  beforeAll(async () => {
    f = await engineFixture("faults", { tenant: { faults } });
    port = Number(new URL(f.tenant.url).port);
    // 28 % of attempts fail here: 12 attempts make a request that never gets through (0.28^12) negligible.
    await f.stack.setConfig("mailbox:maxAttempts", { value: "12" });
    f.declare(() => basicProgram());
  });
  afterAll(async () => f?.dispose());

  it("up succeeds and the tenant holds exactly one mailbox and one entry per grant", async () => {
    const r = await f.up();
    expect(r.error).toBeUndefined();
    expect(Object.values(r.steps).flat()).toEqual(Array(8).fill("create"));
    await f.tenant.restart({ port, faults: {} }); // read the outcome without faults
    await new Promise((resolve) => setTimeout(resolve, faults.replicationDelayMs + 200)); // let the last grant replicate
    const boxes = (await f.get("/v1/shared-mailboxes")).body.items.filter((m: { alias: string }) => m.alias.startsWith("sales-desk"));
    expect(boxes).toHaveLength(1);
    const grants = (await f.get(`/v1/recipients/${boxes[0].id}/grants`)).body.items;
    expect(grants).toHaveLength(5);
    const creates = (await f.get("/v1/audit?limit=10000")).body.items.filter((e: { action: string; objectType: string }) => /create/i.test(e.action) && /mailbox/i.test(e.objectType));
    expect(creates).toHaveLength(1);
  }, 300_000);

  it("a no-change preview stays clean while the tenant throttles", async () => {
    await f.tenant.restart({ port, faults });
    const r = await f.preview({ expectNoChanges: true });
    expect(r.error).toBeUndefined();
  }, 300_000);

  it("a refresh whose reads fail is an error, not drift: the state keeps every resource", async () => {
    await f.tenant.restart({ port, faults: { unavailableRate: 1 } });
    await f.stack.setConfig("mailbox:maxAttempts", { value: "2" });
    const r = await f.refresh();
    expect(r.error).toBeDefined();
    expect(r.diagnostics.join("\n")).toMatch(/HTTP 503|Unavailable|unavailable/);
    const state = await f.stack.exportStack();
    expect(state.deployment.resources.filter((x: { type: string }) => x.type.startsWith("pulumi-nodejs:dynamic"))).toHaveLength(8);
    await f.stack.setConfig("mailbox:maxAttempts", { value: "12" });
  }, 300_000);

  it("with the tenant back, refresh finds no drift", async () => {
    await f.tenant.restart({ port, faults: {} });
    const r = await f.refresh();
    expect(r.error).toBeUndefined();
    expect((await f.stack.history(1))[0].resourceChanges).toEqual({ same: 9 });
  }, 300_000);
});
