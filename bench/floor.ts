/**
 * The provider at the engine's floor (a benchmark, not a test): this provider against no-op
 * dynamic resources (a provider whose create returns its inputs), in one run, on the real engine.
 *
 *   npm run build && npm run bench:floor -- --sizes 100,200     (--help lists the options)
 *
 * For each N, two stacks of the same shape (bench/programs.ts: mailboxes with 4 grants each, the
 * grants waiting for their mailbox's address) go through the same steps, one step of the no-op
 * stack then the same step of this provider's, so both meet the same load of a shared machine:
 *
 *   preview       of the new stack (everything to create)
 *   up
 *   no-change     preview --expect-no-changes
 *   drift check   preview --refresh (reads every resource)
 *   refresh
 *   destroy
 *
 * The ratio is this provider's time over the no-op's at the same N, so it is per resource too. A
 * third stack, "no-op, same props", is a no-op that stores what this provider stores: before the
 * sizes, a real stack of one mailbox and its grants is made and read back, and the third stack's
 * resources declare the same inputs and its create adds the same outputs. The engine saves its
 * whole snapshot after every step of an up or a destroy and its cost grows with the properties
 * stored, so "ratio to it" is what the provider's own code costs beyond the engine's work for the
 * properties it keeps (`--no-shaped` leaves that stack out).
 * Beside the steps: bytes per resource in the state (all of it, and the serialized provider
 * alone), tenant requests per resource, and the provider host's start-up and peak memory (a probe
 * loaded with NODE_OPTIONS, bench/floor-probe.ts). The same steps run once more against a tenant
 * that adds 20 ms to every request (its latency fault), where the provider's own concurrency
 * decides the time. `--cpu-prof DIR` writes CPU profiles of both sides' provider host processes;
 * `--only mailbox` runs this provider's stack alone (absolute times, no ratios).
 *
 * The tenant runs in a child process (a temporary SQLite file, the contoso seed), as a remote
 * tenant would not share the inline program's event loop (`--tenant-here`: in this process); stacks live in
 * .pulumi-work/floor-*. Everything is removed at the end unless --keep. Exits 1 when a step
 * failed or reported other changes than the program implies.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Option } from "commander";
import type { EngineEvent, OpMap, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { inlineStack } from "../engine/workspace";
import { REPO_ROOT } from "../engine/settings";
import type { FaultOptions } from "../tenant/options";
import {
  BENCH_TOKEN,
  benchProgram,
  benchTable,
  CountingTenant,
  runBench,
  seedPeople,
  serveCountingChild,
  startChildCountingTenant,
  startCountingTenant,
  wholeNumber,
  wholeNumbers,
} from "./support";
import { mailboxProgram, noopProgram, ProgramShape, RESOURCES_PER_MAILBOX, SHAPE_ENV, shapedProgram, StoredShape } from "./programs";

const STEPS = ["preview", "up", "no-change", "drift check", "refresh", "destroy"] as const;
type Step = (typeof STEPS)[number];
/**
 * noop: the issue's floor, a create that returns its inputs (3 inputs per resource).
 * mailbox: this provider.
 * shaped: a no-op that stores the same properties as this provider (learnt from a real stack of
 * 5 before the run), so the engine's per-property work is the same as this provider's.
 */
const SIDES = ["noop", "mailbox", "shaped"] as const;
type Side = (typeof SIDES)[number];

interface Args {
  sizes: number[];
  /** Which stacks run: both by default; one alone for a long run whose absolute times are the point. */
  sides: Side[];
  latencySize: number;
  latencyMs: number;
  cpuProf?: string;
  keep: boolean;
  /** Print this provider's tenant requests of each step by route. */
  routes: boolean;
  /** Print the CPU time each step cost, by process. */
  cpu: boolean;
  /** Run the tenant on this process's event loop instead of a child process. */
  tenantHere: boolean;
}

function parseArgs(argv: string[]): Args {
  const o = benchProgram("floor", "This provider against no-op dynamic resources on the real engine, per step and per resource (a benchmark, not a test)")
    .option("--sizes <list>", "program sizes, comma-separated", wholeNumbers(1), [100, 200, 1000])
    .option("--latency-size <n>", "the size run again against a tenant that delays every request (0: skip)", wholeNumber(0), 200)
    .option("--latency-ms <ms>", "that delay", wholeNumber(1), 20)
    .addOption(new Option("--only <side>", "run one side alone (no ratios): noop, mailbox or shaped").choices([...SIDES]))
    .option("--no-shaped", "leave out the no-op that stores as many properties as this provider")
    .option("--cpu-prof <dir>", "write CPU profiles of the provider host processes (<pid>.cpuprofile, one folder per size, side and step) into this directory")
    .option("--keep", "leave the stacks and work dirs behind")
    .option("--routes", "print this provider's tenant requests of each step by route (where the requests go)")
    .option("--cpu", "print the CPU time of each step by process: the engine (the pulumi CLI and the plugins it started), of it the provider host, the tenant, and this process (the inline program, the Automation API)")
    .option("--tenant-here", "run the tenant in this process, on the inline program's event loop, instead of a child process")
    .parse(argv, { from: "user" })
    .opts<{ sizes: number[]; latencySize: number; latencyMs: number; cpuProf?: string; keep?: boolean; only?: Side; routes?: boolean; cpu?: boolean; shaped: boolean; tenantHere?: boolean }>();
  return { ...o, sides: o.only ? [o.only] : SIDES.filter((side) => side !== "shaped" || o.shaped), cpuProf: o.cpuProf && path.resolve(o.cpuProf), keep: o.keep === true, routes: o.routes === true, cpu: o.cpu === true, tenantHere: o.tenantHere === true };
}

// ---------------------------------------------------------------------------------------------
// One side: a stack, its probe directory, and what its steps measured

interface StepResult {
  seconds: number;
  requests: number;
  failure?: string;
}

interface SideRun {
  stack: Stack;
  workDir: string;
  probeDir: string;
  steps: Partial<Record<Step, StepResult>>;
  /** Probe files whose CPU time a step has already reported. */
  hostsCounted: Set<string>;
  stateSize?: StateSize;
}

function onlyChanges(step: Step, n: number, got: OpMap | undefined): string | undefined {
  const nonzero = Object.fromEntries(Object.entries(got ?? {}).filter(([, v]) => (v ?? 0) > 0));
  const want: OpMap = step === "preview" || step === "up" ? { create: n + 1 } : step === "destroy" ? { delete: n + 1 } : { same: n + 1 };
  const ok = Object.keys(nonzero).length === 1 && Object.entries(want).every(([k, v]) => nonzero[k] === v);
  return ok ? undefined : `expected ${JSON.stringify(want)}, the engine reported ${JSON.stringify(nonzero)}`;
}

/**
 * CPU seconds used so far by the processes this one started and waited for (the pulumi CLI, and
 * through it the plugins the CLI waited for): Linux's cutime and cstime. Undefined elsewhere.
 */
function childrenCpuSeconds(): number | undefined {
  try {
    // The command name, in parentheses, may hold spaces: count the fields after its closing one.
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 16 and 17 of stat(5), in clock ticks; the two before them in this slice are 14 and 15.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

/** CPU seconds of the provider hosts whose probe files are in `dir`, less those already counted. */
function hostCpuSeconds(dir: string, counted: Set<string>): number {
  let ms = 0;
  for (const f of fs.readdirSync(dir)) {
    if (counted.has(f)) continue;
    counted.add(f);
    ms += (JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as { cpuMs?: number }).cpuMs ?? 0;
  }
  return ms / 1000;
}

async function runStep(step: Step, n: number, side: SideRun, tenant: CountingTenant, routes: boolean, cpu: boolean): Promise<void> {
  const selfBefore = process.cpuUsage();
  const childrenBefore = childrenCpuSeconds();
  const errors: string[] = [];
  const onEvent = (e: EngineEvent) => {
    if (e.diagnosticEvent?.severity === "error") errors.push(e.diagnosticEvent.message.trim());
  };
  const s = side.stack;
  const stop = await tenant.count();
  const started = performance.now();
  let failure: string | undefined;
  try {
    const changes = await (async (): Promise<OpMap | undefined> => {
      switch (step) {
        case "preview":
          return (await s.preview({ onEvent })).changeSummary;
        case "up":
          return (await s.up({ onEvent })).summary.resourceChanges;
        case "no-change":
          return (await s.preview({ onEvent, expectNoChanges: true })).changeSummary;
        case "drift check":
          return (await s.preview({ onEvent, refresh: true, expectNoChanges: true })).changeSummary;
        case "refresh":
          return (await s.refresh({ onEvent })).summary.resourceChanges;
        case "destroy":
          return (await s.destroy({ onEvent })).summary.resourceChanges;
      }
    })();
    failure = onlyChanges(step, n, changes);
  } catch (err) {
    failure = ((err as Error).message ?? String(err)).split("\n").filter(Boolean).slice(-3).join(" / ");
  }
  const seconds = (performance.now() - started) / 1000;
  const counted = await stop();
  const requests = counted.requests;
  if (errors.length) failure = `${errors.length} error(s), first: ${errors[0]!.slice(0, 300)}`;
  side.steps[step] = { seconds, requests, failure };
  process.stderr.write(`    ${step.padEnd(11)} ${seconds.toFixed(2).padStart(7)} s ${String(requests).padStart(6)} requests${failure ? `  FAILED: ${failure}` : ""}\n`);
  if (cpu) {
    const self = process.cpuUsage(selfBefore);
    const children = childrenBefore === undefined ? undefined : childrenCpuSeconds()! - childrenBefore;
    const host = hostCpuSeconds(side.probeDir, side.hostsCounted);
    process.stderr.write(
      `${" ".repeat(22)}CPU: engine ${fmt(children, 2)} s (of it provider host ${fmt(host, 2)} s), tenant ${counted.cpuMs === undefined ? "(in this process)" : `${fmt(counted.cpuMs / 1000, 2)} s`}, this process ${fmt((self.user + self.system) / 1e6, 2)} s\n`,
    );
  }
  if (routes && requests > 0) {
    const byRoute = [...counted.byRoute].sort((a, b) => b[1] - a[1]);
    process.stderr.write(`${byRoute.map(([route, count]) => `${String(count).padStart(22)}  ${route}`).join("\n")}\n`);
  }
}

interface StateSize {
  bytes: number;
  providerBytes: number;
  /** Top-level input and output properties: the engine's snapshot work is per property. */
  properties: number;
}

/** The dynamic resources in a stack's checkpoint, as stored. */
async function storedResources(stack: Stack): Promise<Array<Record<string, any>>> {
  const state = await stack.exportStack();
  return ((state.deployment as { resources?: Array<Record<string, any>> }).resources ?? []).filter((r) => String(r.type).startsWith("pulumi-nodejs:dynamic"));
}

/** A bench stack in .pulumi-work/<name>, its state and Pulumi home inside, configured for the tenant. */
async function benchStack(name: string, program: PulumiFn, tenant: CountingTenant): Promise<{ stack: Stack; workDir: string }> {
  const workDir = path.join(REPO_ROOT, ".pulumi-work", name);
  fs.rmSync(workDir, { recursive: true, force: true });
  const stack = await inlineStack({
    projectName: name,
    stackName: "bench",
    program,
    workDir,
    dirs: { stateDir: path.join(workDir, "state"), homeDir: path.join(workDir, "home") },
    config: { "mailbox:endpoint": { value: tenant.url }, "mailbox:token": { value: BENCH_TOKEN, secret: true } },
  });
  return { stack, workDir };
}

/** Per dynamic resource in the checkpoint: bytes (all, and the serialized provider) and stored properties. */
async function stateSize(stack: Stack): Promise<StateSize> {
  const resources = await storedResources(stack);
  const total = resources.reduce((t, r) => t + JSON.stringify(r).length, 0);
  const provider = resources.reduce((t, r) => t + String(r.inputs?.__provider ?? "").length + String(r.outputs?.__provider ?? "").length, 0);
  const properties = resources.reduce((t, r) => t + Object.keys(r.inputs ?? {}).length + Object.keys(r.outputs ?? {}).length, 0);
  return { bytes: total / resources.length, providerBytes: provider / resources.length, properties: properties / resources.length };
}

// ---------------------------------------------------------------------------------------------
// A size: both sides, step by step

interface SizeRun {
  n: number;
  variant: string;
  sides: Partial<Record<Side, SideRun>>;
  probes: Partial<Record<Side, Array<{ readyMs?: number; loadMs: number; maxRssKB: number }>>>;
}

async function benchSize(n: number, variant: string, tenant: CountingTenant, people: string[], args: Args, shape: ProgramShape | undefined): Promise<SizeRun> {
  const label = `${n}${variant ? "-slow" : ""}`;
  process.stderr.write(`  N=${n}${variant ? ` (${variant})` : ""}\n`);
  const sides: SizeRun["sides"] = {};
  for (const side of args.sides) {
    const prefix = `f${side[0]}${label}`;
    const program =
      side === "noop" ? noopProgram(n, prefix, people) : side === "shaped" ? shapedProgram(n, prefix, people, shape!) : mailboxProgram(n, prefix, people, "address");
    const { stack, workDir } = await benchStack(`floor-${side}-${label}`, program, tenant);
    const probeDir = path.join(workDir, "probe");
    fs.mkdirSync(probeDir, { recursive: true });
    sides[side] = { stack, workDir, probeDir, steps: {}, hostsCounted: new Set() };
  }
  const probe = path.join(__dirname, "floor-probe.js");
  try {
    for (const step of STEPS) {
      for (const side of args.sides) {
        const run = sides[side]!;
        if (step !== "preview" && step !== "up" && step !== "destroy" && run.steps.up?.failure) continue;
        // The CLI passes its environment on to the provider host it starts.
        process.env.NODE_OPTIONS = `--require ${probe}`;
        if (args.cpuProf) process.env.FLOOR_CPU_PROF_DIR = path.join(args.cpuProf, `${label}-${side}-${step.replace(" ", "-")}`);
        process.env.FLOOR_PROBE_DIR = run.probeDir;
        process.stderr.write(`   ${side.padEnd(7)}`);
        await runStep(step, n, run, tenant, args.routes && side === "mailbox", args.cpu);
        if (step === "up" && !run.steps.up?.failure) run.stateSize = await stateSize(run.stack);
      }
    }
  } finally {
    delete process.env.NODE_OPTIONS;
    delete process.env.FLOOR_PROBE_DIR;
    delete process.env.FLOOR_CPU_PROF_DIR;
  }
  const probes: SizeRun["probes"] = {};
  for (const side of args.sides) {
    const dir = sides[side]!.probeDir;
    probes[side] = fs.readdirSync(dir).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
    if (!args.keep) {
      await sides[side]!.stack.workspace.removeStack("bench").catch(() => undefined);
      fs.rmSync(sides[side]!.workDir, { recursive: true, force: true });
    }
  }
  return { n, variant, sides, probes };
}

/**
 * What this provider stores per resource, from a real stack of one mailbox and its 4 grants: the
 * shaped no-op declares the same inputs and its create adds the same outputs.
 */
async function learnShape(tenant: CountingTenant, people: string[]): Promise<ProgramShape> {
  const { stack, workDir } = await benchStack("floor-shape", mailboxProgram(RESOURCES_PER_MAILBOX, "fshape", people, "address"), tenant);
  try {
    await stack.up();
    const resources = await storedResources(stack);
    const stored = (kind: string): StoredShape => {
      const r = resources.find((x) => String(x.type).endsWith(`:${kind}`));
      if (!r) throw new Error(`learning the stored shape: no ${kind} in the stack`);
      const { __provider: _i, ...inputs } = r.inputs as Record<string, unknown>;
      const added = Object.fromEntries(Object.entries(r.outputs as Record<string, unknown>).filter(([k]) => k !== "__provider" && !(k in inputs)));
      return { inputs, added };
    };
    const shape = { box: stored("SharedMailbox"), grant: stored("MailboxPermission") };
    await stack.destroy();
    return shape;
  } finally {
    await stack.workspace.removeStack("bench").catch(() => undefined);
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (x: number | undefined, digits: number) => (x !== undefined && Number.isFinite(x) ? x.toFixed(digits) : "-");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function report(runs: SizeRun[]): string {
  const table = benchTable(
    ["N", "tenant", "row", "no-op", "this provider", "ratio", "no-op, same props", "ratio to it", "tenant reqs/res"],
    ["right", "left", "left", "right", "right", "right", "right", "right", "right"],
  );
  const ratio = (b: number | undefined, a: number | undefined) => (a && b !== undefined ? `${fmt(b / a, 2)}×` : "-");
  for (const run of runs) {
    const tenant = run.variant || "~1 ms/req";
    const { noop, mailbox, shaped } = run.sides;
    const mark = (r: StepResult | undefined) => (r ? `${fmt(r.seconds, 2)} s${r.failure ? " !" : ""}` : "-");
    for (const step of STEPS) {
      const [a, b, c] = [noop?.steps[step], mailbox?.steps[step], shaped?.steps[step]];
      if (!a && !b && !c) continue;
      table.push([run.n, tenant, step, mark(a), mark(b), ratio(b?.seconds, a?.seconds), mark(c), ratio(b?.seconds, c?.seconds), b ? fmt(b.requests / run.n, 2) : "-"]);
    }
    if (run.variant) continue; // the rest does not depend on the tenant's latency
    const hosts = (side: Side) => (run.probes[side] ?? []).filter((p) => p.readyMs !== undefined);
    const stored = (side: Side, key: keyof StateSize) => run.sides[side]?.stateSize?.[key];
    const startup = (side: Side) => median(hosts(side).map((p) => p.readyMs! + p.loadMs));
    const firstLoad = (side: Side) => median(hosts(side).map((p) => p.loadMs));
    const rss = (side: Side) => (run.probes[side]?.length ? Math.max(...run.probes[side]!.map((p) => p.maxRssKB)) / 1024 : undefined);
    const rows: Array<[string, (side: Side) => number | undefined, string]> = [
      ["state B/resource", (side) => stored(side, "bytes"), "B"],
      ["  of it __provider", (side) => stored(side, "providerBytes"), "B"],
      ["stored properties/res", (side) => stored(side, "properties"), ""],
      ["host start-up (median)", startup, "ms"],
      ["  of it first-call loads", firstLoad, "ms"],
      ["host peak memory", rss, "MB"],
    ];
    for (const [row, get, unit] of rows) {
      const cell = (x: number | undefined) => (x === undefined ? "-" : `${fmt(x, unit ? 0 : 1)}${unit ? ` ${unit}` : ""}`);
      const [a, b, c] = [get("noop"), get("mailbox"), get("shaped")];
      table.push([run.n, tenant, row, cell(a), cell(b), ratio(b, a), cell(c), ratio(b, c), ""]);
    }
  }
  return table.toString();
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const people = seedPeople();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "floor-"));
  const tenants: CountingTenant[] = [];
  const runs: SizeRun[] = [];
  const started = performance.now();
  try {
    const startTenant = (file: string, faults: FaultOptions) =>
      args.tenantHere ? startCountingTenant(path.join(tmp, file), faults) : startChildCountingTenant(__filename, path.join(tmp, file), faults);
    const tenant = await startTenant("tenant.db", {});
    tenants.push(tenant);
    process.stderr.write(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model}); sizes ${args.sizes.join(", ")}\n`);
    // Each size's rows as soon as they are measured (a long run may be stopped), then all of them.
    const measured = (run: SizeRun) => {
      runs.push(run);
      process.stderr.write(`${report([run])}\n`);
    };
    const shape = args.sides.includes("shaped") ? await learnShape(tenant, people) : undefined;
    if (shape) process.env[SHAPE_ENV] = JSON.stringify(shape);
    for (const n of args.sizes) measured(await benchSize(n, "", tenant, people, args, shape));
    if (args.latencySize > 0) {
      const slow = await startTenant("tenant-latency.db", { latencyMs: args.latencyMs });
      tenants.push(slow);
      measured(await benchSize(args.latencySize, `+${args.latencyMs} ms/req`, slow, people, args, shape));
    }
  } finally {
    for (const t of tenants) await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.stdout.write(`\n${report(runs)}\n`);
  process.stdout.write(`whole run ${((performance.now() - started) / 1000).toFixed(0)} s; "!" = the step failed; ratio = this provider's time / the no-op's at the same N; ratio to it = / the no-op that stores the same properties\n`);
  const failed = runs.flatMap((r) =>
    SIDES.flatMap((side) => STEPS.filter((s) => r.sides[side]?.steps[s]?.failure).map((s) => `N=${r.n}${r.variant} ${side} ${s}: ${r.sides[side]!.steps[s]!.failure}`)),
  );
  if (failed.length) {
    process.stdout.write(`FAILED:\n${failed.map((f) => `  ${f}`).join("\n")}\n`);
    process.exitCode = 1;
  }
}

runBench(main, serveCountingChild);
