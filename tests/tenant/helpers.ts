import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTenant } from "../../tenant/server";
import type { RunningTenant, TenantOptions } from "../../tenant/options";
import type { Role } from "../../schemas/common";

export const SMALL_SEED = join(__dirname, "fixtures", "small.yaml");

/** One token per role; test-only values. */
export const TOKENS: Record<string, { principal: string; role: Role }> = {
  "t-global-admin": { principal: "gadmin@fabrikam.test", role: "GlobalAdmin" },
  "t-exchange-admin": { principal: "exadmin@fabrikam.test", role: "ExchangeAdmin" },
  "t-reader": { principal: "reader@fabrikam.test", role: "GlobalReader" },
  "t-user": { principal: "user@fabrikam.test", role: "User" },
};
export const ADMIN = "t-global-admin";

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestTenant {
  running: RunningTenant;
  url: string;
  dir: string;
  dataFile: string;
  options: TenantOptions;
  call<T = any>(method: string, path: string, body?: unknown, opts?: { token?: string | null; headers?: Record<string, string> }): Promise<Answer<T>>;
  /** Restarts on the same data file (after close or die). */
  restart(extra?: Partial<TenantOptions>): Promise<void>;
  close(): Promise<void>;
}

export async function call<T = any>(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  opts: { token?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const token = opts.token === undefined ? ADMIN : opts.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** A tenant over real HTTP on a free port, with a real SQLite file in a temp dir. */
export async function startTestTenant(extra: Partial<TenantOptions> = {}): Promise<TestTenant> {
  const dir = mkdtempSync(join(tmpdir(), "tenant-test-"));
  const dataFile = join(dir, "tenant.db");
  const options: TenantOptions = { dataFile, seedFile: SMALL_SEED, port: 0, tokens: TOKENS, ...extra };
  const t: TestTenant = {
    running: await startTenant(options),
    url: "",
    dir,
    dataFile,
    options,
    call: (method, path, body, opts) => call(t.url, method, path, body, opts),
    async restart(more = {}) {
      await t.running.close();
      t.options = { ...t.options, ...more };
      t.running = await startTenant(t.options);
      t.url = t.running.url;
    },
    async close() {
      await t.running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  t.url = t.running.url;
  return t;
}

/** A new shared mailbox, created as the admin; fails the test unless the tenant answers 201. */
export async function newSharedMailbox(t: TestTenant, displayName: string): Promise<{ id: string; name: string }> {
  const r = await t.call("POST", "/v1/shared-mailboxes", { displayName });
  if (r.status !== 201) throw new Error(`creating "${displayName}" answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** The whole audit log, as the admin sees it. */
export async function auditCount(t: TestTenant): Promise<number> {
  return (await t.call("GET", "/v1/audit?limit=10000")).body.items.length;
}
