/**
 * `pulumi-mailbox export` on a big tenant (a benchmark, not a test).
 *
 *   npm run build && node dist/bench/export.js [--mailboxes 1000] [--concurrency 1,8] [--latency-ms 0,10]
 *   (or: npm run bench:export -- …; --help lists the options)
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
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Option } from "commander";
import type { AccessRight } from "../schemas/common";
import { TenantClient } from "../provider/client/tenant-client";
import { exportTenant, ExportResult } from "../provider/tools/export";
import { BENCH_PRINCIPAL, BENCH_TOKEN, ChildTenant, benchProgram, benchTable, benchTenantOptions, listenTenant, runBench, startChildTenant, wholeNumber, wholeNumbers } from "./support";

/** The seed's shared mailboxes (Reception, Legacy Support), exported beside the bench's. */
const SEED_SHARED_MAILBOXES = 2;

interface Args {
  mailboxes: number;
  concurrency: number[];
  latencyMs: number[];
}

function parseArgs(argv: string[]): Args {
  return benchProgram("export", "pulumi-mailbox export on a big tenant (a benchmark, not a test)")
    .option("--mailboxes <n>", "shared mailboxes added to the seed's, with 3 grants each", wholeNumber(1), 1000)
    .addOption(new Option("--concurrency <list>", "export concurrencies, comma-separated; the first is the baseline").argParser(wholeNumbers(1)).default([1, 8], "1,8"))
    .addOption(new Option("--latency-ms <list>", "milliseconds the tenant adds to every request, comma-separated: one tenant each").argParser(wholeNumbers(0)).default([0, 10], "0,10"))
    .parse(argv, { from: "user" })
    .opts<Args>();
}

// ---------------------------------------------------------------------------------------------
// The tenant, filled in-process, serving from a child process

interface Filled {
  fillSeconds: number;
}

/** In the child: build the tenant, add the mailboxes and grants through its service, then listen. */
async function serveFilled(dataFile: string, latencyMs: number, mailboxes: number): Promise<ChildTenant<Filled>> {
  const { buildApp } = await import("../tenant/server");
  const tenant = buildApp(benchTenantOptions(dataFile, latencyMs > 0 ? { latencyMs } : {}));
  const started = Date.now();
  const ctx = { principal: BENCH_PRINCIPAL, now: Date.now(), replicationDelayMs: 0 };
  const people = tenant.service.recipients
    .list(ctx, { type: "UserMailbox", limit: 1000, offset: 0 })
    .items.map((r) => r.primarySmtpAddress);
  const rights: AccessRight[] = ["FullAccess", "SendAs", "SendOnBehalf"];
  tenant.store.tx(() => {
    for (let i = 0; i < mailboxes; i++) {
      const n = String(i).padStart(4, "0");
      const box = tenant.service.mailboxes.createShared(ctx, {
        displayName: `Bench Desk ${n}`,
        alias: `bench-desk-${n}`,
        primarySmtpAddress: `bench-desk-${n}@contoso.com`,
      }).body;
      rights.forEach((accessRights, k) => {
        tenant.service.grants.add(ctx, box.id, { trustee: people[(i + k) % people.length]!, accessRights });
      });
    }
  });
  const fillSeconds = (Date.now() - started) / 1000;
  return { url: await listenTenant(tenant), close: () => tenant.close(), info: { fillSeconds } };
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
    const tenant = await startChildTenant<Filled>(__filename, [join(dir, "tenant.db"), String(latencyMs), String(args.mailboxes)]);
    process.stderr.write(`tenant with ${args.mailboxes} more shared mailboxes (${args.mailboxes * 3} grants) filled in ${tenant.info.fillSeconds.toFixed(1)} s; latency ${latencyMs} ms per request\n`);
    try {
      const client = new TenantClient({ endpoint: tenant.url, token: BENCH_TOKEN });
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
      await tenant.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const table = benchTable(["latency/request", "concurrency", "mailboxes", "grants", "requests", "most in flight", "seconds", "mailboxes/s", "speed-up vs baseline"]);
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

runBench(main, ([dataFile, latencyMs, mailboxes]) => serveFilled(dataFile!, Number(latencyMs), Number(mailboxes)));
