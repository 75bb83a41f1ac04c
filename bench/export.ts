/**
 * `pulumi-mailbox export` on a big tenant (a benchmark, not a test).
 *
 *   npm run build && node dist/bench/export.js [--mailboxes 1000] [--concurrency 1,8] [--latency-ms 0,10]
 *   (or: npm run bench:export -- …)
 *
 * For each latency, starts a tenant in a child process (a temporary SQLite file seeded with
 * tenant/seed/contoso.yaml; the load generator and the server do not share an event loop) and
 * fills it in-process, through the tenant's own service in one transaction, with N shared
 * mailboxes holding 3 grants each (FullAccess, SendAs, SendOnBehalf, to people of the seed). Then
 * it exports the tenant over HTTP with each concurrency and prints, per run, the mailboxes and
 * grants exported, the requests made, the most in flight, seconds, mailboxes per second and the
 * speed-up over the first concurrency (the baseline, 1 by default). --latency-ms adds that much to
 * every request (the tenant's latency fault), as a real tenant's round trip would: there the
 * concurrency pays off most.
 *
 * Exits 1 when an export misses a mailbox or a grant, or two concurrencies write different files.
 */
import { fork, ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Table from "cli-table3";
import type { TenantOptions } from "../tenant/options";
import type { AccessRight } from "../schemas/common";
import { TenantClient } from "../provider/client/tenant-client";
import { exportTenant, ExportResult } from "../provider/tools/export";

const SEED = [join(__dirname, "..", "tenant", "seed", "contoso.yaml"), join(__dirname, "..", "..", "tenant", "seed", "contoso.yaml")]
  .find((f) => existsSync(f)) ?? join(process.cwd(), "tenant", "seed", "contoso.yaml");
const TOKEN = "bench-admin-token";
/** The seed's shared mailboxes (Reception, Legacy Support), exported beside the bench's. */
const SEED_SHARED_MAILBOXES = 2;

interface Args {
  mailboxes: number;
  concurrency: number[];
  latencyMs: number[];
}

function parseArgs(argv: string[]): Args {
  const list = (name: string, fallback: number[], min: number) => {
    const i = argv.indexOf(name);
    if (i < 0) return fallback;
    const values = String(argv[i + 1] ?? "").split(",").map(Number);
    if (!values.length || values.some((n) => !Number.isInteger(n) || n < min)) {
      process.stderr.write(`${name} needs whole numbers of at least ${min}, separated by commas\n`);
      process.exit(2);
    }
    return values;
  };
  return {
    mailboxes: list("--mailboxes", [1000], 1)[0]!,
    concurrency: list("--concurrency", [1, 8], 1),
    latencyMs: list("--latency-ms", [0, 10], 0),
  };
}

// ---------------------------------------------------------------------------------------------
// The tenant, filled in-process, serving from a child process

function tenantOptions(dataFile: string, latencyMs: number): TenantOptions {
  return {
    dataFile,
    seedFile: SEED,
    host: "127.0.0.1",
    port: 0,
    log: false,
    tokens: { [TOKEN]: { principal: "bench@contoso.com", role: "GlobalAdmin" } },
    faults: latencyMs > 0 ? { latencyMs } : {},
  };
}

interface Started {
  url: string;
  fillSeconds: number;
  stop(): Promise<void>;
}

function startChild(dataFile: string, latencyMs: number, mailboxes: number): Promise<Started> {
  const execArgv = __filename.endsWith(".ts") ? ["-r", "ts-node/register/transpile-only"] : [];
  const child: ChildProcess = fork(__filename, ["--serve-child", dataFile, String(latencyMs), String(mailboxes)], {
    execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the tenant process exited (code ${code}) before it was ready`)));
    child.once("message", (m: { url?: string; fillSeconds?: number; error?: string }) => {
      if (!m.url) return reject(new Error(`the tenant did not start: ${m.error ?? "no URL"}`));
      child.removeAllListeners("exit");
      resolve({
        url: m.url,
        fillSeconds: m.fillSeconds ?? 0,
        stop: () =>
          new Promise<void>((done) => {
            child.once("exit", () => done());
            child.send("stop");
          }),
      });
    });
  });
}

/** In the child: build the tenant, add the mailboxes and grants through its service, then listen. */
async function serveChild(dataFile: string, latencyMs: number, mailboxes: number): Promise<void> {
  try {
    const { buildApp } = await import("../tenant/server");
    const tenant = buildApp(tenantOptions(dataFile, latencyMs));
    const started = Date.now();
    const ctx = { principal: "bench@contoso.com", now: Date.now(), replicationDelayMs: 0 };
    const people = tenant.service
      .listRecipients(ctx, { type: "UserMailbox", limit: 1000, offset: 0 })
      .items.map((r) => r.primarySmtpAddress);
    const rights: AccessRight[] = ["FullAccess", "SendAs", "SendOnBehalf"];
    tenant.store.tx(() => {
      for (let i = 0; i < mailboxes; i++) {
        const n = String(i).padStart(4, "0");
        const box = tenant.service.createSharedMailbox(ctx, {
          displayName: `Bench Desk ${n}`,
          alias: `bench-desk-${n}`,
          primarySmtpAddress: `bench-desk-${n}@contoso.com`,
        }).body;
        rights.forEach((accessRights, k) => {
          tenant.service.addGrant(ctx, box.id, { trustee: people[(i + k) % people.length]!, accessRights });
        });
      }
    });
    const fillSeconds = (Date.now() - started) / 1000;
    await tenant.app.listen({ host: "127.0.0.1", port: 0 });
    const address = tenant.app.server.address() as { port: number };
    const stop = () => void tenant.close().then(() => process.exit(0));
    process.on("message", (m) => m === "stop" && stop());
    process.on("disconnect", stop);
    process.send!({ url: `http://127.0.0.1:${address.port}`, fillSeconds });
  } catch (err) {
    process.send!({ error: (err as Error).stack ?? String(err) });
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------------------------

interface Row {
  latencyMs: number;
  concurrency: number;
  result: ExportResult;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const expected = { mailboxes: args.mailboxes + SEED_SHARED_MAILBOXES, grants: args.mailboxes * 3 };
  const rows: Row[] = [];
  const problems: string[] = [];
  for (const latencyMs of args.latencyMs) {
    const dir = mkdtempSync(join(tmpdir(), "bench-export-"));
    const tenant = await startChild(join(dir, "tenant.db"), latencyMs, args.mailboxes);
    process.stderr.write(`tenant with ${args.mailboxes} more shared mailboxes (${args.mailboxes * 3} grants) filled in ${tenant.fillSeconds.toFixed(1)} s; latency ${latencyMs} ms per request\n`);
    try {
      const client = new TenantClient({ endpoint: tenant.url, token: TOKEN });
      await exportTenant(client, { concurrency: 8 }); // warm-up: connections, JIT, SQLite's page cache
      let first: string | undefined;
      for (const concurrency of args.concurrency) {
        const result = await exportTenant(client, { concurrency, now: new Date(0) });
        rows.push({ latencyMs, concurrency, result });
        process.stderr.write(`  concurrency ${concurrency}: ${result.stats.seconds.toFixed(2)} s\n`);
        const { mailboxes, grants } = result.stats;
        if (mailboxes !== expected.mailboxes || grants !== expected.grants) {
          problems.push(`latency ${latencyMs} ms, concurrency ${concurrency}: exported ${mailboxes} mailboxes and ${grants} grants, expected ${expected.mailboxes} and ${expected.grants}`);
        }
        if (first !== undefined && result.text !== first) problems.push(`latency ${latencyMs} ms: concurrency ${concurrency} wrote another file than concurrency ${args.concurrency[0]}`);
        first ??= result.text;
      }
    } finally {
      await tenant.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const table = new Table({
    head: ["latency/request", "concurrency", "mailboxes", "grants", "requests", "most in flight", "seconds", "mailboxes/s", "speed-up vs baseline"],
    style: { head: [], border: [] },
  });
  for (const row of rows) {
    const s = row.result.stats;
    const baseline = rows.find((r) => r.latencyMs === row.latencyMs)!.result.stats.seconds;
    table.push([
      `${row.latencyMs} ms`,
      row.concurrency === rows.find((r) => r.latencyMs === row.latencyMs)!.concurrency ? `${row.concurrency} (baseline)` : String(row.concurrency),
      s.mailboxes,
      s.grants,
      s.requests,
      s.peakInFlight,
      s.seconds.toFixed(2),
      (s.mailboxes / s.seconds).toFixed(0),
      `${(baseline / s.seconds).toFixed(2)}×`,
    ]);
  }
  process.stdout.write(`export of ${expected.mailboxes} shared mailboxes with ${expected.grants} grants (node ${process.version})\n${table.toString()}\n`);
  if (problems.length) {
    process.stderr.write(`${problems.join("\n")}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[2] === "--serve-child") {
  void serveChild(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]));
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
