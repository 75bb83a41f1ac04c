import { describe, it, expect, afterEach, vi } from "vitest";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { startTestTenant, TestTenant, ADMIN } from "../tenant/helpers";
import { TenantClient } from "../../provider/client";
import { IDEMPOTENCY_HEADER } from "../../schemas/api";

/** A bare HTTP server that answers as `answer` says, counting connections and requests. */
async function bareServer(answer: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void) {
  let requests = 0;
  let connections = 0;
  const seen: { method?: string; key?: string }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method, key: req.headers[IDEMPOTENCY_HEADER.toLowerCase()] as string | undefined });
    req.resume();
    req.on("end", () => answer(req, res, ++requests));
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    get connections() {
      return connections;
    },
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const WHOAMI = JSON.stringify({ principal: "a@fabrikam.test", role: "GlobalAdmin", canWrite: true });

/** How the client sends: Node's http module with kept-alive connections, and what it does when they fail. */
describe("the tenant client's transport", () => {
  let t: TestTenant | undefined;
  let closeServer: (() => Promise<void>) | undefined;
  afterEach(async () => {
    vi.unstubAllGlobals();
    await t?.close();
    await closeServer?.();
    t = closeServer = undefined;
  });

  it("talks to the real tenant without the global fetch, reads and writes alike", async () => {
    vi.stubGlobal("fetch", () => Promise.reject(new Error("the global fetch was used")));
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN, maxAttempts: 1 });
    const box = await client.call("createSharedMailbox", { body: { displayName: "Transport Desk" } });
    const read = await client.call("getMailbox", { params: { identity: box.id }, awaitReplication: true });
    expect(read.displayName).toBe("Transport Desk");
    const refused = await client.call("createSharedMailbox", { body: { displayName: "Transport Desk" } }).catch((e) => e);
    expect(refused).toMatchObject({ status: 409 });
    expect(client.stats.requests).toBe(3);
  });

  it("keeps its connections alive: 40 requests one after another go over one connection", async () => {
    const server = await bareServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(WHOAMI));
    closeServer = server.close;
    const client = new TenantClient({ endpoint: server.url, token: ADMIN });
    for (let i = 0; i < 40; i++) await client.call("whoami");
    expect(client.stats.requests).toBe(40);
    expect(server.connections).toBe(1);
  });

  it("gives up on a tenant that does not answer within the timeout, as Unreachable, after maxAttempts", async () => {
    const server = await bareServer(() => undefined); // reads the request, never answers
    closeServer = server.close;
    const client = new TenantClient({ endpoint: server.url, token: ADMIN, timeoutMs: 300, maxAttempts: 2 });
    const started = Date.now();
    const error = await client.call("whoami").catch((e) => e);
    expect(error).toMatchObject({ code: "Unreachable" });
    expect(error.message).toContain(`cannot reach the tenant at ${server.url} (no answer within 0.3 s)`);
    expect(server.seen).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("sends a write again after its connection was cut, with the same Idempotency-Key", async () => {
    const server = await bareServer((req, res, n) => {
      if (n === 1) return req.socket.destroy();
      res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
    });
    closeServer = server.close;
    const client = new TenantClient({ endpoint: server.url, token: ADMIN });
    await client.call("addGrant", { params: { identity: "desk" }, body: { trustee: "adele", accessRights: "SendAs" } }).catch(() => undefined);
    expect(server.seen.map((s) => s.method)).toEqual(["POST", "POST"]);
    expect(server.seen[0]!.key).toBeTruthy();
    expect(server.seen[1]!.key).toBe(server.seen[0]!.key);
    expect(client.stats.retries).toBe(1);
  });

  it("an answer that is not JSON is a BadResponse at once, not retried", async () => {
    const server = await bareServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>proxy login</html>"));
    closeServer = server.close;
    const client = new TenantClient({ endpoint: server.url, token: ADMIN });
    const error = await client.call("whoami").catch((e) => e);
    expect(error).toMatchObject({ code: "BadResponse" });
    expect(error.message).toBe("internal error: the tenant's answer to GET /v1/whoami is not JSON: <html>proxy login</html>");
    expect(server.seen).toHaveLength(1);
  });

  it("does not follow a redirect: one request, and the error names where it points", async () => {
    const server = await bareServer((_req, res) => res.writeHead(301, { location: "https://tenant.example/v1/whoami" }).end());
    closeServer = server.close;
    const client = new TenantClient({ endpoint: server.url, token: ADMIN });
    const error = await client.call("whoami").catch((e) => e);
    expect(error).toMatchObject({ status: 301, code: "HttpError" });
    expect(error.message).toBe("the tenant answered HTTP 301 (a redirect to https://tenant.example/v1/whoami: set mailbox:endpoint to the address it names)");
    expect(server.seen).toHaveLength(1);
  });

  it("reads the tenant's error body and Retry-After from a throttled answer", async () => {
    const server = await bareServer((_req, res, n) => {
      if (n === 1) return res.writeHead(429, { "retry-after": "0", "content-type": "application/json" }).end(JSON.stringify({ error: { code: "Throttled", message: "slow down" } }));
      res.writeHead(200, { "content-type": "application/json" }).end(WHOAMI);
    });
    closeServer = server.close;
    const client = new TenantClient({ endpoint: server.url, token: ADMIN });
    expect(await client.call("whoami")).toMatchObject({ role: "GlobalAdmin" });
    expect(client.stats).toEqual({ requests: 2, retries: 1 });
  });
});
