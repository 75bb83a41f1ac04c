import { statSync, readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Role } from "../../schemas/common";
import { PERMISSION_DENIED_MESSAGE } from "../../schemas/messages";
import { startTenant } from "../../tenant/server";
import { startTestTenant, call, auditCount, TestTenant, TOKENS, SMALL_SEED } from "./helpers";

let t: TestTenant;
let mailboxId: string;
beforeAll(async () => {
  t = await startTestTenant();
  mailboxId = (await t.call("POST", "/v1/shared-mailboxes", { displayName: "Auth Target" })).body.id;
});
afterAll(async () => t.close());

const tokenOf = (role: Role) => Object.entries(TOKENS).find(([, v]) => v.role === role)![0];

/** One request per route of the API; writes use bodies that would succeed for an admin. */
const READS: [string, string][] = [
  ["GET", "/v1/recipients"],
  ["GET", "/v1/recipients/adele"],
  ["GET", "/v1/shared-mailboxes"],
  ["GET", "/v1/mailboxes/existing"],
  ["GET", "/v1/recipients/existing/grants"],
  ["GET", "/v1/mailboxes/existing/forwarding"],
  ["GET", "/v1/mailboxes/existing/auto-reply"],
  ["GET", "/v1/audit"],
];
const WRITES: [string, string, unknown][] = [
  ["POST", "/v1/shared-mailboxes", { displayName: "Never Made" }],
  ["PATCH", "/v1/mailboxes/existing", { displayName: "Never Renamed" }],
  ["DELETE", "/v1/mailboxes/existing", undefined],
  ["POST", "/v1/mailboxes/existing/restore", undefined],
  ["POST", "/v1/mailboxes/existing/convert", { to: "UserMailbox" }],
  ["POST", "/v1/recipients/existing/grants", { trustee: "adele", accessRights: "SendAs" }],
  ["DELETE", "/v1/recipients/existing/grants/SendAs/adele", undefined],
  ["PUT", "/v1/mailboxes/existing/forwarding", { forwardTo: "adele" }],
  ["DELETE", "/v1/mailboxes/existing/forwarding", undefined],
  ["PUT", "/v1/mailboxes/existing/auto-reply", { state: "Disabled" }],
];

describe("authentication", () => {
  it.each([...READS.map(([m, p]) => [m, p]), ...WRITES.map(([m, p]) => [m, p]), ["GET", "/v1/whoami"]])("%s %s without a token is 401 Unauthorized", async (method, path) => {
    const r = await t.call(method, path, undefined, { token: null });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("Unauthorized");
  });

  it("an unknown token is 401 Unauthorized", async () => {
    const r = await t.call("GET", "/v1/recipients", undefined, { token: "not-a-token" });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("Unauthorized");
  });

  it("health needs no token", async () => {
    const r = await t.call("GET", "/health", undefined, { token: null });
    expect(r).toMatchObject({ status: 200, body: { status: "ok" } });
  });

  it.each(Role.options)("whoami answers for a %s", async (role) => {
    const r = await t.call("GET", "/v1/whoami", undefined, { token: tokenOf(role) });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ principal: TOKENS[tokenOf(role)].principal, role, canWrite: role === "GlobalAdmin" || role === "ExchangeAdmin" });
  });
});

describe("roles", () => {
  it.each(READS)("%s %s: admins and the reader may read, a User gets 403", async (method, path) => {
    for (const role of ["GlobalAdmin", "ExchangeAdmin", "GlobalReader"] as const) {
      expect((await t.call(method, path, undefined, { token: tokenOf(role) })).status, role).toBe(200);
    }
    const r = await t.call(method, path, undefined, { token: tokenOf("User") });
    expect(r.status).toBe(403);
    expect(r.body.error).toEqual({ code: "Forbidden", message: PERMISSION_DENIED_MESSAGE });
  });

  it.each(WRITES)("%s %s by a GlobalReader or a User is 403 with Exchange's message and changes nothing", async (method, path, body) => {
    const before = await auditCount(t);
    const mailbox = (await t.call("GET", "/v1/mailboxes/existing")).body;
    for (const role of ["GlobalReader", "User"] as const) {
      const r = await t.call(method, path, body, { token: tokenOf(role) });
      expect(r.status, role).toBe(403);
      expect(r.body.error).toEqual({ code: "Forbidden", message: PERMISSION_DENIED_MESSAGE });
    }
    expect(await auditCount(t)).toBe(before);
    expect((await t.call("GET", "/v1/mailboxes/existing")).body).toEqual(mailbox);
  });

  it.each(["GlobalAdmin", "ExchangeAdmin"] as const)("a %s may write, and the audit log names the principal", async (role) => {
    const r = await t.call("PATCH", `/v1/mailboxes/${mailboxId}`, { displayName: `Changed by ${role}` }, { token: tokenOf(role) });
    expect(r.status).toBe(200);
    const audit = (await t.call("GET", `/v1/audit?objectId=${mailboxId}`)).body.items;
    expect(audit[audit.length - 1]).toMatchObject({ principal: TOKENS[tokenOf(role)].principal, action: "updateMailbox", objectType: "Mailbox" });
  });
});

describe("where tokens come from", () => {
  it("without configured tokens a GlobalAdmin development token is generated once into <dataFile>.token (0600) and reused", async () => {
    const saved = process.env.TENANT_TOKENS;
    delete process.env.TENANT_TOKENS;
    const dir = mkdtempSync(join(tmpdir(), "tenant-token-"));
    const dataFile = join(dir, "t.db");
    try {
      const first = await startTenant({ dataFile, seedFile: SMALL_SEED });
      const [token, who] = Object.entries(first.tokens)[0];
      expect(who.role).toBe("GlobalAdmin");
      expect(readFileSync(`${dataFile}.token`, "utf8").trim()).toBe(token);
      expect(statSync(`${dataFile}.token`).mode & 0o777).toBe(0o600);
      expect((await call(first.url, "GET", "/v1/whoami", undefined, { token })).body.role).toBe("GlobalAdmin");
      await first.close();
      const second = await startTenant({ dataFile, seedFile: SMALL_SEED });
      expect(Object.keys(second.tokens)).toEqual([token]);
      await second.close();
    } finally {
      if (saved !== undefined) process.env.TENANT_TOKENS = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("TENANT_TOKENS (JSON) is used when no tokens are given", async () => {
    const saved = process.env.TENANT_TOKENS;
    process.env.TENANT_TOKENS = JSON.stringify({ "env-token": { principal: "env@fabrikam.test", role: "GlobalReader" } });
    try {
      const tenant = await startTenant({ dataFile: ":memory:", seedFile: SMALL_SEED });
      expect(tenant.tokens).toEqual({ "env-token": { principal: "env@fabrikam.test", role: "GlobalReader" } });
      const r = await call(tenant.url, "POST", "/v1/shared-mailboxes", { displayName: "X" }, { token: "env-token" });
      expect(r.status).toBe(403);
      await tenant.close();
    } finally {
      if (saved === undefined) delete process.env.TENANT_TOKENS;
      else process.env.TENANT_TOKENS = saved;
    }
  });
});
