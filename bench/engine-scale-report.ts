import type { OpMap } from "@pulumi/pulumi/automation";
import { benchTable, type Counter } from "./support";

/** The tables bench/engine-scale.ts prints: per size and operation, time, per-resource cost and the tenant's requests. */

export const OPS = ["preview", "up", "no-change", "refresh", "destroy"] as const;
export type Op = (typeof OPS)[number];

export interface OpResult {
  op: Op;
  seconds: number;
  counter: Counter;
  changes: OpMap;
  /** Why the operation counts as failed, if it does (in any repetition). */
  failure?: string;
  /** Fastest and slowest repetition. */
  min?: number;
  max?: number;
}

export interface Run {
  label: string;
  n: number;
  /** What differs from the plain runs ("" for none): shown beside N. */
  variant: string;
  ops: OpResult[];
}

/** "create 5, same 1", or "-" for none. */
export function summarize(changes: OpMap | undefined): string {
  const parts = Object.entries(changes ?? {})
    .filter(([, v]) => (v ?? 0) > 0)
    .map(([k, v]) => `${k} ${v}`);
  return parts.join(", ") || "-";
}

const fmt = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : "-");

/** Prints the tables of all runs; ratios refer to the plain N=1 run. */
export function report(runs: Run[]): void {
  const baseline = runs.find((r) => r.n === 1 && !r.variant);
  const baseSeconds = (op: Op) => baseline?.ops.find((o) => o.op === op && !o.failure)?.seconds ?? NaN;

  const wide = benchTable(["N", "variant", ...OPS.map((o) => `${o} s`), "total s", "total s/res"], ["right", "left", ...OPS.map(() => "right" as const), "right", "right"]);
  for (const run of runs) {
    const total = run.ops.reduce((t, o) => t + o.seconds, 0);
    wide.push([
      run.n,
      run.variant || "-",
      ...OPS.map((op) => {
        const o = run.ops.find((x) => x.op === op);
        return o ? `${fmt(o.seconds, 2)}${o.failure ? " !" : ""}` : "-";
      }),
      fmt(total, 1),
      fmt(total / run.n, 3),
    ]);
  }

  const detail = benchTable(
    ["N", "operation", "wall s", "min-max s", "s/resource", "vs N=1 per-res", "marginal s/res", "HTTP reqs", "reqs/res", "max in flight", "tenant busy s", "busy %", "engine reported"],
    ["right", "left", "right", "right", "right", "right", "right", "right", "right", "right", "right", "right", "left"],
  );
  for (const run of runs) {
    for (const o of run.ops) {
      const base = baseSeconds(o.op);
      const perRes = o.seconds / run.n;
      detail.push([
        run.variant ? `${run.n} ${run.variant}` : run.n,
        o.op,
        fmt(o.seconds, 2),
        `${fmt(o.min ?? o.seconds, 2)}-${fmt(o.max ?? o.seconds, 2)}`,
        fmt(perRes, 3),
        run === baseline ? "1 (base)" : fmt(perRes / base, 3),
        run.n > 1 ? fmt((o.seconds - base) / (run.n - 1), 3) : "-",
        o.counter.requests,
        fmt(o.counter.requests / run.n, 2),
        o.counter.maxInFlight,
        fmt(o.counter.busyMs / 1000, 2),
        o.seconds > 0 ? `${fmt((100 * o.counter.busyMs) / 1000 / o.seconds, 0)}%` : "-",
        o.failure ? `FAILED: ${o.failure.slice(0, 160)}` : summarize(o.changes),
      ]);
    }
  }

  process.stdout.write(`\nWall seconds per operation, median of the repetitions ("!" = failed)\n${wide.toString()}\n`);
  process.stdout.write(`\nPer operation: time, per-resource cost, and what the tenant served\n${detail.toString()}\n`);

  // Which calls the provider made, for the largest run without latency and the latency run.
  for (const run of [runs.filter((r) => !r.variant).at(-1), runs.find((r) => r.variant.includes("ms/req"))]) {
    if (!run) continue;
    const routes = [...new Set(run.ops.flatMap((o) => [...o.counter.byRoute.keys()]))].sort();
    const t = benchTable(["route", ...run.ops.map((o) => o.op)], ["left", ...run.ops.map(() => "right" as const)]);
    for (const route of routes) t.push([route, ...run.ops.map((o) => o.counter.byRoute.get(route) ?? 0)]);
    t.push(["(answers not 2xx)", ...run.ops.map((o) => [...o.counter.byStatus].filter(([s]) => s >= 300).map(([s, c]) => `${s}×${c}`).join(" ") || "0")]);
    process.stdout.write(`\nTenant requests by route (median run), N=${run.n}${run.variant ? ` ${run.variant}` : ""}\n${t.toString()}\n`);
  }
}
