/**
 * Throughput of the mock tenant (a benchmark, not a test).
 *
 *   npx ts-node bench/tenant-throughput.ts [--duration 5] [--connections 10] [--in-process] [--strict]
 *   (or, after `npm run build`: node dist/bench/tenant-throughput.js …)
 *
 * Starts the tenant with startTenant (a temporary SQLite file, tenant/seed/contoso.yaml, logging
 * off) in a child process, so the load generator and the server do not share one event loop; with
 * --in-process they do (slower, for comparison). Then it drives it with autocannon on 127.0.0.1,
 * one bounded run per scenario:
 *
 *   GET /health                        the baseline: the HTTP framework without the store
 *   GET /v1/recipients/:identity       one recipient, by address
 *   GET /v1/recipients?type=…          the 30 user mailboxes of the seed
 *   GET /v1/recipients/:identity/grants
 *   PATCH /v1/mailboxes/:identity      displayName toggled between two values
 *   POST + DELETE grants               each connection adds and removes SendAs for its own trustee
 *
 * and prints requests/s, p50 and p99 latency, errors and non-2xx answers, and each scenario's ratio
 * to the /health baseline. The issue's target is 2,000 reads/s on a 2-core machine: every read
 * scenario must reach it; the table says whether it did (--strict also exits 1 when it did not).
 * Exits 1 when any scenario got an unexpected non-2xx answer or a connection error.
 */
/// <reference path="./autocannon.d.ts" />
import { fork, ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon = require("autocannon");
import Table from "cli-table3";
import { parse as parseYaml } from "yaml";
import { DirectorySeed } from "../schemas/recipient";
import type { RunningTenant, TenantOptions } from "../tenant/options";

// tenant/seed/contoso.yaml, from bench/ (ts-node) or from dist/bench/ (compiled)
const SEED = [join(__dirname, "..", "tenant", "seed", "contoso.yaml"), join(__dirname, "..", "..", "tenant", "seed", "contoso.yaml")]
  .find((f) => existsSync(f)) ?? join(process.cwd(), "tenant", "seed", "contoso.yaml");
const TOKEN = "bench-admin-token";
const READ_TARGET_PER_SECOND = 2000;

interface Args {
  duration: number;
  connections: number;
  inProcess: boolean;
  strict: boolean;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    if (i < 0) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isFinite(n) || n <= 0) {
      process.stderr.write(`${name} needs a positive number\n`);
      process.exit(2);
    }
    return n;
  };
  return {
    duration: value("--duration", 5),
    connections: value("--connections", 10),
    inProcess: argv.includes("--in-process"),
    strict: argv.includes("--strict"),
  };
}

function tenantOptions(dataFile: string): TenantOptions {
  return {
    dataFile,
    seedFile: SEED,
    host: "127.0.0.1",
    port: 0,
    log: false,
    tokens: { [TOKEN]: { principal: "bench@contoso.com", role: "GlobalAdmin" } },
  };
}

// ---------------------------------------------------------------------------------------------
// The tenant, in a child process (the default) or in this one

interface Started {
  url: string;
  stop(): Promise<void>;
}

async function startInProcess(dataFile: string): Promise<Started> {
  const { startTenant } = await import("../tenant/server");
  const running: RunningTenant = await startTenant(tenantOptions(dataFile));
  return { url: running.url, stop: () => running.close() };
}

function startChild(dataFile: string): Promise<Started> {
  const execArgv = __filename.endsWith(".ts") ? ["-r", "ts-node/register/transpile-only"] : [];
  const child: ChildProcess = fork(__filename, ["--serve-child", dataFile], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the tenant process exited (code ${code}) before it was ready`)));
    child.once("message", (m: { url?: string; error?: string }) => {
      if (!m.url) return reject(new Error(`the tenant did not start: ${m.error ?? "no URL"}`));
      child.removeAllListeners("exit");
      resolve({
        url: m.url,
        stop: () =>
          new Promise<void>((done) => {
            child.once("exit", () => done());
            child.send("stop");
          }),
      });
    });
  });
}

async function serveChild(dataFile: string): Promise<void> {
  try {
    const { startTenant } = await import("../tenant/server");
    const running = await startTenant(tenantOptions(dataFile));
    process.on("message", (m) => {
      if (m === "stop") void running.close().then(() => process.exit(0));
    });
    process.on("disconnect", () => void running.close().then(() => process.exit(0)));
    process.send!({ url: running.url });
  } catch (err) {
    process.send!({ error: (err as Error).stack ?? String(err) });
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios

interface Scenario {
  name: string;
  kind: "baseline" | "read" | "write";
  options: Omit<autocannon.Options, "url" | "duration" | "connections">;
}

const auth = { authorization: `Bearer ${TOKEN}` };
const json = { ...auth, "content-type": "application/json" };
const enc = encodeURIComponent;

function scenarios(people: string[]): Scenario[] {
  const reader = "adele.vance@contoso.com";
  const grantTarget = "legacy-support@contoso.com";
  return [
    { name: "GET /health", kind: "baseline", options: { requests: [{ method: "GET", path: "/health" }] } },
    { name: "GET /v1/recipients/:identity (address)", kind: "read", options: { requests: [{ method: "GET", path: `/v1/recipients/${enc(reader)}`, headers: auth }] } },
    { name: "GET /v1/recipients?type=UserMailbox", kind: "read", options: { requests: [{ method: "GET", path: "/v1/recipients?type=UserMailbox", headers: auth }] } },
    { name: "GET /v1/recipients/:identity/grants", kind: "read", options: { requests: [{ method: "GET", path: `/v1/recipients/${enc("reception@contoso.com")}/grants`, headers: auth }] } },
    {
      name: "PATCH /v1/mailboxes/:identity (displayName)",
      kind: "write",
      options: {
        requests: [
          { method: "PATCH", path: `/v1/mailboxes/${enc("reception@contoso.com")}`, headers: json, body: JSON.stringify({ displayName: "Reception (front desk)" }) },
          { method: "PATCH", path: `/v1/mailboxes/${enc("reception@contoso.com")}`, headers: json, body: JSON.stringify({ displayName: "Reception" }) },
        ],
      },
    },
    {
      name: "POST + DELETE /v1/recipients/:identity/grants",
      kind: "write",
      options: {
        // Each connection adds and removes a grant for a trustee of its own, so no two collide.
        setupClient: (() => {
          let next = 0;
          return (client: autocannon.Client) => {
            const trustee = people[next++ % people.length]!;
            client.setRequests([
              { method: "POST", path: `/v1/recipients/${enc(grantTarget)}/grants`, headers: json, body: JSON.stringify({ trustee, accessRights: "SendAs" }) },
              { method: "DELETE", path: `/v1/recipients/${enc(grantTarget)}/grants/SendAs/${enc(trustee)}`, headers: auth },
            ]);
          };
        })(),
        requests: [{ method: "GET", path: "/health" }],
      },
    },
  ];
}

async function call(url: string, method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? auth : json,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
}

/** Every scenario's requests answered once before measuring: a broken route fails loudly here. */
async function prepare(url: string, people: string[]): Promise<void> {
  await call(url, "GET", "/health");
  await call(url, "GET", "/v1/whoami");
  for (const trustee of ["adele.vance@contoso.com", "alex.wilber@contoso.com", "megan.bowen@contoso.com"]) {
    await call(url, "POST", `/v1/recipients/${enc("reception@contoso.com")}/grants`, { trustee, accessRights: "FullAccess" });
  }
  await call(url, "POST", `/v1/recipients/${enc("legacy-support@contoso.com")}/grants`, { trustee: people[0], accessRights: "SendAs" });
  await call(url, "DELETE", `/v1/recipients/${enc("legacy-support@contoso.com")}/grants/SendAs/${enc(people[0]!)}`);
}

// ---------------------------------------------------------------------------------------------

interface Row {
  scenario: Scenario;
  result: autocannon.Result;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** autocannon's latencies are whole milliseconds: 0 means under one. */
function ms(n: number): string {
  return n < 1 ? "<1" : fmt(n, n < 10 ? 1 : 0);
}

function unexpected(r: autocannon.Result): string {
  const codes = Object.entries(r.statusCodeStats ?? {})
    .filter(([code]) => !code.startsWith("2"))
    .map(([code, s]) => `${code}×${s.count}`);
  const conn = r.errors > 0 ? [`conn errors ${r.errors}${r.timeouts ? ` (${r.timeouts} timeouts)` : ""}`] : [];
  return [...codes, ...conn].join(", ");
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const seed = DirectorySeed.parse(parseYaml(readFileSync(SEED, "utf8")));
  const people = seed.recipients
    .filter((r) => r.type === "UserMailbox" && r.accountDisabled !== true && r.primarySmtpAddress)
    .map((r) => r.primarySmtpAddress!)
    .filter((a) => !["adele.vance@contoso.com", "alex.wilber@contoso.com", "megan.bowen@contoso.com"].includes(a));

  if (people.length < args.connections) {
    process.stderr.write(`--connections is at most ${people.length}: each connection needs a trustee of its own for the grant scenario\n`);
    process.exit(2);
  }

  const dir = mkdtempSync(join(tmpdir(), "tenant-bench-"));
  const dataFile = join(dir, "tenant.db");
  let tenant: Started | undefined;
  try {
    tenant = args.inProcess ? await startInProcess(dataFile) : await startChild(dataFile);
    await prepare(tenant.url, people);
    const cpu = cpus();
    process.stderr.write(
      `tenant at ${tenant.url} (${args.inProcess ? "same process as autocannon" : "its own process"}); ` +
        `node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? "?"}; ` +
        `${args.duration} s per scenario, ${args.connections} connections\n`,
    );

    // Warm up (JIT, SQLite page cache) before measuring.
    await autocannon({ url: tenant.url, requests: [{ method: "GET", path: "/v1/recipients?type=UserMailbox", headers: auth }], duration: 1, connections: args.connections });

    const rows: Row[] = [];
    for (const scenario of scenarios(people)) {
      process.stderr.write(`  ${scenario.name} …\n`);
      const result = await autocannon({
        url: tenant.url,
        duration: args.duration,
        connections: args.connections,
        title: scenario.name,
        ...scenario.options,
      });
      const codes = Object.entries(result.statusCodeStats ?? {}).map(([code, st]) => `${code}×${st.count}`).join(", ");
      process.stderr.write(`    answers: ${codes || "none"}\n`);
      rows.push({ scenario, result });
    }

    const baseline = rows.find((r) => r.scenario.kind === "baseline")!.result.requests.average;
    const table = new Table({
      head: ["scenario", "requests/s", "p50 ms", "p99 ms", "errors / non-2xx", "vs /health"],
      colAligns: ["left", "right", "right", "right", "left", "right"],
      style: { head: process.stdout.isTTY ? ["cyan"] : [], border: [] },
    });
    let failed = false;
    for (const { scenario, result } of rows) {
      const bad = unexpected(result);
      if (bad) failed = true;
      table.push([
        `${scenario.kind === "write" ? "[write] " : ""}${scenario.name}`,
        fmt(result.requests.average),
        ms(result.latency.p50),
        ms(result.latency.p99),
        bad || "0",
        `${fmt(result.requests.average / baseline, 2)}×`,
      ]);
    }
    process.stdout.write(`${table.toString()}\n`);

    const reads = rows.filter((r) => r.scenario.kind === "read");
    const slowest = reads.reduce((a, b) => (a.result.requests.average <= b.result.requests.average ? a : b));
    const met = slowest.result.requests.average >= READ_TARGET_PER_SECOND;
    process.stdout.write(
      `target ${fmt(READ_TARGET_PER_SECOND)} reads/s (every read scenario): ${met ? "met" : "NOT met"} — ` +
        `slowest read ${slowest.scenario.name} at ${fmt(slowest.result.requests.average)} req/s on ${cpus().length} CPUs\n`,
    );
    if (failed) process.stdout.write("some scenarios got unexpected answers (see errors / non-2xx): failing\n");
    process.exitCode = failed || (args.strict && !met) ? 1 : 0;
  } finally {
    await tenant?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--serve-child") {
  void serveChild(process.argv[3]!);
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`benchmark failed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  });
}
