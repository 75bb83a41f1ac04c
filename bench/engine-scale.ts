/**
 * The provider at scale on the real Pulumi engine (a benchmark, not a test):
 *   npm run build && npm run bench:engine -- --help
 *
 * The engine is said to serialize the check/diff calls of many dynamic resources; this measures
 * it. For each program size N (default 1, 25, 100, 200; N=1 is the baseline of every ratio) a
 * stack of its own declares exactly N resources — shared mailboxes, each followed by FullAccess
 * and SendAs grants for two seed users (bench/programs.ts) — against one mock tenant in this
 * process (temporary SQLite file, contoso seed, port 0). Each lifecycle times preview, up, a
 * no-change preview, refresh and destroy; the report (bench/engine-scale-report.ts) gives per
 * operation the median wall time of the repetitions, the cost per resource against N=1, the
 * marginal cost of one more resource, and what the tenant served meanwhile (requests, most in
 * flight at once, seconds busy). Two extra rows: one size against a tenant that delays every
 * request (latency multiplies through serialized check/diff) and one with the file backend's
 * per-step checkpoint off. About 6 minutes on a 2-core machine with the defaults.
 *
 * Exits 1 when an operation failed, a no-change preview reported changes, or the change counts
 * were not the ones the program implies. What it made is removed at the end (unless --keep).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Option } from "commander";
import type { EngineEvent, OpMap, Stack } from "@pulumi/pulumi/automation";
import { inlineStack } from "../engine/workspace";
import { REPO_ROOT } from "../engine/settings";
import { BENCH_TOKEN, benchProgram, runBench, seedPeople, startCountingTenant, wholeNumber, wholeNumbers, type CountingTenant } from "./support";
import { mailboxProgram } from "./programs";
import { OPS, report, summarize, type Op, type OpResult, type Run } from "./engine-scale-report";

// ---------------------------------------------------------------------------------------------
// Arguments

interface Args {
  sizes: number[];
  latencySize: number;
  latencyMs: number;
  noCheckpointSize: number;
  keep: boolean;
  ref: "id" | "address";
  repeat: number;
}

function parseArgs(argv: string[]): Args {
  const o = benchProgram("engine-scale", "The provider at scale on the real Pulumi engine (a benchmark, not a test)")
    .addOption(new Option("--sizes <list>", "program sizes, comma-separated (N=1 is always run: it is the baseline of the ratios)").argParser(wholeNumbers(1)).default([1, 25, 100, 200], "1,25,100,200"))
    .option("--repeat <n>", "lifecycles per size; each operation is reported by its median run", wholeNumber(1), 3)
    .option("--latency-size <n>", "the size run again against a tenant that delays every request (0: skip)", wholeNumber(0), 100)
    .option("--latency-ms <ms>", "that delay", wholeNumber(1), 20)
    // A long name starting with --no- is a negated option to commander: its value lands in `checkpointSize`.
    .option("--no-checkpoint-size <n>", "the size run again with PULUMI_SKIP_CHECKPOINTS=true (0: skip)", wholeNumber(0), 200)
    .addOption(new Option("--ref <ref>", "how the grants name their mailbox").choices(["address", "id"]).default("address"))
    .option("--keep", "leave the stacks and work dirs behind")
    .parse(argv, { from: "user" })
    .opts<Omit<Args, "noCheckpointSize" | "keep"> & { checkpointSize: number; keep?: boolean }>();
  const sizes = [...o.sizes];
  if (!sizes.includes(1)) sizes.unshift(1); // the baseline every ratio refers to
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    latencySize: o.latencySize,
    latencyMs: o.latencyMs,
    noCheckpointSize: o.checkpointSize,
    keep: o.keep === true,
    ref: o.ref,
    repeat: o.repeat,
  };
}

// ---------------------------------------------------------------------------------------------
// Runs

/** The change counts an operation must report (the stack resource included). */
function expectedChanges(op: Op, n: number): OpMap {
  switch (op) {
    case "preview":
    case "up":
      return { create: n + 1 };
    case "no-change":
    case "refresh":
      return { same: n + 1 };
    case "destroy":
      return { delete: n + 1 };
  }
}

function changeProblem(op: Op, n: number, actual: OpMap | undefined): string | undefined {
  const want = expectedChanges(op, n);
  const got = Object.fromEntries(Object.entries(actual ?? {}).filter(([, v]) => (v ?? 0) > 0));
  const same = Object.keys(want).length === Object.keys(got).length && Object.entries(want).every(([k, v]) => got[k] === v);
  return same ? undefined : `expected ${summarize(want)}, the engine reported ${summarize(actual)}`;
}

async function timed(
  op: Op,
  n: number,
  tenant: CountingTenant,
  run: (onEvent: (e: EngineEvent) => void) => Promise<OpMap | undefined>,
): Promise<OpResult> {
  const errors: string[] = [];
  const onEvent = (e: EngineEvent) => {
    if (e.diagnosticEvent?.severity === "error") errors.push(e.diagnosticEvent.message.trim());
  };
  const stop = await tenant.count();
  const started = performance.now();
  let changes: OpMap | undefined;
  let failure: string | undefined;
  try {
    changes = await run(onEvent);
  } catch (err) {
    failure = ((err as Error).message ?? String(err)).split("\n").filter(Boolean).slice(-3).join(" / ");
  }
  const seconds = (performance.now() - started) / 1000;
  const counter = await stop();
  if (errors.length) failure = `${failure ? `${failure}; ` : ""}${errors.length} error(s), first: ${errors[0]!.slice(0, 400)}`;
  failure ??= changeProblem(op, n, changes);
  const result: OpResult = { op, seconds, counter, changes: changes ?? {}, failure };
  process.stderr.write(
    `    ${op.padEnd(9)} ${seconds.toFixed(2).padStart(7)} s  ${String(counter.requests).padStart(5)} requests  ${summarize(changes)}${failure ? `  FAILED: ${failure}` : ""}\n`,
  );
  return result;
}

/** One lifecycle of one stack: preview, up, no-change preview, refresh, destroy. */
async function benchStack(label: string, rep: number, n: number, tenant: CountingTenant, people: string[], variant: string, args: Args): Promise<OpResult[]> {
  const keep = args.keep;
  const name = `bench-${label}`;
  const workDir = path.join(REPO_ROOT, ".pulumi-work", name);
  fs.rmSync(workDir, { recursive: true, force: true }); // leftovers of an interrupted run
  const dirs = { stateDir: path.join(workDir, "state"), homeDir: path.join(workDir, "home") };
  process.stderr.write(`  N=${n}${variant ? ` (${variant})` : ""}, run ${rep + 1} of ${args.repeat}: stack ${name} in ${path.relative(REPO_ROOT, workDir)}\n`);
  const ops: OpResult[] = [];
  let stack: Stack | undefined;
  try {
    stack = await inlineStack({
      projectName: name,
      stackName: "bench",
      // Names of their own per repetition: a deleted mailbox stays soft-deleted in the tenant.
      program: mailboxProgram(n, `${name}-r${rep}`, people, args.ref),
      workDir,
      dirs,
      config: { "mailbox:endpoint": { value: tenant.url }, "mailbox:token": { value: BENCH_TOKEN, secret: true } },
    });
    const s = stack;
    ops.push(await timed("preview", n, tenant, async (onEvent) => (await s.preview({ onEvent })).changeSummary));
    const up = await timed("up", n, tenant, async (onEvent) => {
      const r = await s.up({ onEvent });
      if (r.summary.result !== "succeeded") throw new Error(`up ended ${r.summary.result}`);
      return r.summary.resourceChanges;
    });
    ops.push(up);
    if (!up.failure) {
      ops.push(await timed("no-change", n, tenant, async (onEvent) => (await s.preview({ onEvent, expectNoChanges: true })).changeSummary));
      ops.push(
        await timed("refresh", n, tenant, async (onEvent) => {
          const r = await s.refresh({ onEvent });
          if (r.summary.result !== "succeeded") throw new Error(`refresh ended ${r.summary.result}`);
          return r.summary.resourceChanges;
        }),
      );
    }
    ops.push(
      await timed("destroy", n, tenant, async (onEvent) => {
        const r = await s.destroy({ onEvent });
        if (r.summary.result !== "succeeded") throw new Error(`destroy ended ${r.summary.result}`);
        return r.summary.resourceChanges;
      }),
    );
    if (!keep) await stack.workspace.removeStack("bench");
  } catch (err) {
    ops.push({ op: "preview", seconds: 0, counter: { requests: 0, maxInFlight: 0, busyMs: 0, byRoute: new Map(), byStatus: new Map() }, changes: {}, failure: `setting up the stack: ${(err as Error).message}` });
  } finally {
    if (!keep) fs.rmSync(workDir, { recursive: true, force: true });
  }
  return ops;
}

/** Several lifecycles; per operation, the repetition with the median time stands for all. */
async function benchSize(label: string, n: number, tenant: CountingTenant, people: string[], variant: string, args: Args): Promise<Run> {
  const reps: OpResult[][] = [];
  for (let rep = 0; rep < args.repeat; rep++) reps.push(await benchStack(label, rep, n, tenant, people, variant, args));
  const ops: OpResult[] = [];
  for (const op of OPS) {
    const all = reps.map((r) => r.find((o) => o.op === op)).filter((o): o is OpResult => o !== undefined);
    if (all.length === 0) continue;
    const sorted = [...all].sort((a, b) => a.seconds - b.seconds);
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    const failure = all.find((o) => o.failure)?.failure;
    ops.push({ ...median, failure, min: sorted[0]!.seconds, max: sorted.at(-1)!.seconds });
  }
  return { label, n, variant, ops };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (process.env.PULUMI_SKIP_CHECKPOINTS !== undefined) {
    process.stderr.write("PULUMI_SKIP_CHECKPOINTS is set: unset for the plain runs (only the checkpoints-off row uses it)\n");
    delete process.env.PULUMI_SKIP_CHECKPOINTS;
  }
  const people = seedPeople();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "engine-scale-"));
  const tenants: CountingTenant[] = [];
  const runs: Run[] = [];
  const started = performance.now();
  try {
    const tenant = await startCountingTenant(path.join(tmp, "tenant.db"), {});
    tenants.push(tenant);
    process.stderr.write(`tenant at ${tenant.url}; node ${process.version}, ${os.cpus().length} CPUs; sizes ${args.sizes.join(", ")}, ${args.repeat} run(s) each\n`);
    for (const n of args.sizes) runs.push(await benchSize(String(n), n, tenant, people, "", args));
    if (args.latencySize > 0) {
      const slow = await startCountingTenant(path.join(tmp, "tenant-latency.db"), { latencyMs: args.latencyMs });
      tenants.push(slow);
      runs.push(await benchSize(`${args.latencySize}-latency`, args.latencySize, slow, people, `+${args.latencyMs} ms/req`, args));
    }
    if (args.noCheckpointSize > 0) {
      // The file backend rewrites the whole snapshot after every step; this run turns that off to
      // show how much of up and destroy it costs (the CLI inherits this process's environment).
      // Previews run without those checkpoints in every run (engine/workspace.ts).
      process.env.PULUMI_SKIP_CHECKPOINTS = "true";
      try {
        runs.push(await benchSize(`${args.noCheckpointSize}-nockpt`, args.noCheckpointSize, tenant, people, "checkpoints off", args));
      } finally {
        delete process.env.PULUMI_SKIP_CHECKPOINTS;
      }
    }
  } finally {
    for (const t of tenants) await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  report(runs);
  const failed = runs.flatMap((r) => r.ops.filter((o) => o.failure).map((o) => `N=${r.label} ${o.op}: ${o.failure}`));
  process.stdout.write(`\nwhole run ${((performance.now() - started) / 1000).toFixed(0)} s; up, refresh and destroy at the CLI's default --parallel\n`);
  if (failed.length) {
    process.stdout.write(`FAILED:\n${failed.map((f) => `  ${f}`).join("\n")}\n`);
    process.exitCode = 1;
  }
}

runBench(main);
