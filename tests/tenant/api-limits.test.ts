import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_PROXY_ADDRESSES, MAX_IDENTITY_LENGTH } from "../../schemas/common";
import { startTestTenant, auditCount, TestTenant } from "./helpers";

/**
 * Every list and string of the API has a maximum, and the checks are linear: the largest request
 * the tenant accepts answers within a fixed budget, a larger one is refused as fast, and /health
 * keeps answering meanwhile (the tenant has one event loop).
 */
let t: TestTenant;
beforeAll(async () => {
  t = await startTestTenant();
});
afterAll(async () => t.close());

/** Polls /health every 20 ms while `work` runs; returns work's answer, its duration and /health's slowest answer. */
async function whileHealthPolled<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; slowestHealthMs: number }> {
  let done = false;
  let slowest = 0;
  const poller = (async () => {
    while (!done) {
      const started = performance.now();
      const r = await fetch(`${t.url}/health`);
      await r.text();
      slowest = Math.max(slowest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  done = true;
  await poller;
  return { result, ms, slowestHealthMs: slowest };
}

/** n distinct addresses of the longest length allowed (320 characters). */
function longAddresses(n: number, tag: string): string[] {
  return Array.from({ length: n }, (_, i) => {
    const suffix = `.${tag}${i}@fabrikam.test`;
    return `${"a".repeat(MAX_IDENTITY_LENGTH - suffix.length)}${suffix}`;
  });
}

const BUDGET_MS = 3000;
const HEALTH_BUDGET_MS = 1000;

describe("bounded work per request", () => {
  it(`a mailbox with the most proxy addresses allowed (${MAX_PROXY_ADDRESSES}, each 320 characters) is created within the budget while /health answers`, async () => {
    const addresses = longAddresses(MAX_PROXY_ADDRESSES, "max");
    const { result, ms, slowestHealthMs } = await whileHealthPolled(() =>
      t.call("POST", "/v1/shared-mailboxes", { displayName: "D".repeat(256), name: "N".repeat(64), additionalAddresses: addresses }),
    );
    expect(result.status, JSON.stringify(result.body).slice(0, 300)).toBe(201);
    expect(result.body.emailAddresses).toHaveLength(MAX_PROXY_ADDRESSES + 1);
    expect(ms).toBeLessThan(BUDGET_MS);
    expect(slowestHealthMs).toBeLessThan(HEALTH_BUDGET_MS);

    // Replacing all of them at once (PATCH) is bounded the same way.
    const again = await whileHealthPolled(() => t.call("PATCH", `/v1/mailboxes/${result.body.id}`, { additionalAddresses: longAddresses(MAX_PROXY_ADDRESSES, "new") }));
    expect(again.result.status).toBe(200);
    expect(again.ms).toBeLessThan(BUDGET_MS);
    expect(again.slowestHealthMs).toBeLessThan(HEALTH_BUDGET_MS);
  }, 60_000);

  it("100,000 proxy addresses (2.4 MB, under the body limit) are refused at once, naming the field, and change nothing", async () => {
    const writes = await auditCount(t);
    const addresses = Array.from({ length: 100_000 }, (_, i) => `flood${i}@fabrikam.test`);
    const { result, ms, slowestHealthMs } = await whileHealthPolled(() => t.call("POST", "/v1/shared-mailboxes", { displayName: "Flood", additionalAddresses: addresses }));
    expect(result.status).toBe(400);
    expect(result.body.error).toMatchObject({ code: "ValidationFailed", field: "additionalAddresses" });
    expect(result.body.error.message).toContain(`holds at most ${MAX_PROXY_ADDRESSES} addresses`);
    expect(ms).toBeLessThan(BUDGET_MS);
    expect(slowestHealthMs).toBeLessThan(HEALTH_BUDGET_MS);
    expect(await auditCount(t)).toBe(writes);
  }, 60_000);

  it("an identity longer than any address is refused naming the field", async () => {
    const r = await t.call("POST", "/v1/recipients/adele/grants", { trustee: "x".repeat(MAX_IDENTITY_LENGTH + 1), accessRights: "SendAs" });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: "ValidationFailed", field: "trustee" });
    expect(r.body.error.message).toContain(`is at most ${MAX_IDENTITY_LENGTH} characters`);
    const search = await t.call("GET", `/v1/recipients?search=${"s".repeat(300)}`);
    expect(search.status).toBe(400);
    expect(search.body.error.field).toBe("search");
  });
});
