/**
 * What the benchmarks share: the seed and the token they start the tenant with, the tenant in a
 * child process or in the bench's own, the command line (commander, as tenant/cli.ts and
 * provider/cli.ts) and the tables they print.
 */
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import Table from "cli-table3";
import { Command, InvalidArgumentError } from "commander";
import { parse as parseYaml } from "yaml";
import { REPO_ROOT } from "../engine/settings";
import { DirectorySeed } from "../schemas/recipient";
import type { FaultOptions, TenantOptions } from "../tenant/options";
import type { TenantApp } from "../tenant/server";

/** tenant/seed/contoso.yaml, from bench/ (ts-node) or from dist/bench/ (compiled). */
export const SEED = join(REPO_ROOT, "tenant", "seed", "contoso.yaml");
export const BENCH_TOKEN = "bench-admin-token";
export const BENCH_PRINCIPAL = "bench@contoso.com";

/** A temporary SQLite file seeded with the contoso seed, logging off, the bench's token a GlobalAdmin. */
export function benchTenantOptions(dataFile: string, faults: FaultOptions = {}): TenantOptions {
  return {
    dataFile,
    seedFile: SEED,
    host: "127.0.0.1",
    port: 0,
    log: false,
    tokens: { [BENCH_TOKEN]: { principal: BENCH_PRINCIPAL, role: "GlobalAdmin" } },
    faults,
  };
}

/** The addresses of the seed's user mailboxes whose sign-in is allowed, in the seed's order. */
export function seedPeople(): string[] {
  const seed = DirectorySeed.parse(parseYaml(readFileSync(SEED, "utf8")));
  return seed.recipients
    .filter((r) => r.type === "UserMailbox" && r.accountDisabled !== true && r.primarySmtpAddress)
    .map((r) => r.primarySmtpAddress!);
}

// ---------------------------------------------------------------------------------------------
// The tenant

/** A listening tenant, wherever it runs. */
export interface BenchTenant {
  url: string;
  close(): Promise<void>;
}

/** Listens a built tenant on 127.0.0.1 (a free port), as startTenant does; closes it when that fails. */
export async function listenTenant(tenant: TenantApp): Promise<string> {
  try {
    await tenant.app.listen({ host: "127.0.0.1", port: 0 });
  } catch (err) {
    await tenant.close();
    throw err;
  }
  const { port } = tenant.app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** startTenant with benchTenantOptions, in this process. */
export async function startTenantHere(dataFile: string, faults?: FaultOptions): Promise<BenchTenant> {
  // Loaded here, so a bench whose tenant runs in a child does not load the server itself.
  const { startTenant } = await import("../tenant/server");
  const running = await startTenant(benchTenantOptions(dataFile, faults));
  return { url: running.url, close: () => running.close() };
}

/** What the tenant served while counting. */
export interface Counter {
  requests: number;
  maxInFlight: number;
  busyMs: number;
  /** CPU the tenant's process used meanwhile (user and system), when it runs in a process of its own. */
  cpuMs?: number;
  byRoute: Map<string, number>;
  byStatus: Map<number, number>;
}

/** A tenant whose HTTP server counts requests, in-flight peaks and busy time. */
export interface CountingTenant {
  url: string;
  /** Counts from now until the returned function is called. */
  count(): Promise<() => Promise<Counter>>;
  close(): Promise<void>;
}

export async function startCountingTenant(dataFile: string, faults: FaultOptions): Promise<CountingTenant> {
  // Loaded here, as in startTenantHere: a bench whose tenant runs in a child does not load the server.
  const { buildApp } = await import("../tenant/server");
  const tenant: TenantApp = buildApp(benchTenantOptions(dataFile, faults));
  let current: Counter | undefined;
  let inFlight = 0;
  let busySince = 0;
  // The raw server sees every request, including those the tenant's own hooks refuse.
  tenant.app.server.on("request", (_req: IncomingMessage, res: ServerResponse) => {
    if (inFlight++ === 0) busySince = performance.now();
    if (current) {
      current.requests++;
      current.maxInFlight = Math.max(current.maxInFlight, inFlight);
    }
    const counter = current;
    res.once("close", () => {
      if (--inFlight === 0 && counter) counter.busyMs += performance.now() - busySince;
    });
  });
  tenant.app.addHook("onResponse", async (req, reply) => {
    if (!current) return;
    const route = `${req.method} ${req.routeOptions.url ?? "(no route)"}`;
    current.byRoute.set(route, (current.byRoute.get(route) ?? 0) + 1);
    current.byStatus.set(reply.statusCode, (current.byStatus.get(reply.statusCode) ?? 0) + 1);
  });
  return {
    url: await listenTenant(tenant),
    async count() {
      const counter: Counter = { requests: 0, maxInFlight: 0, busyMs: 0, byRoute: new Map(), byStatus: new Map() };
      current = counter;
      return async () => {
        if (current === counter) current = undefined;
        return counter;
      };
    },
    close: () => tenant.close(),
  };
}

/** A Counter as it crosses the IPC channel (Maps do not). */
type SentCounter = Omit<Counter, "byRoute" | "byStatus"> & { byRoute: Array<[string, number]>; byStatus: Array<[number, number]> };

/**
 * A counting tenant in a child process (the bench's own script, run through runBench with
 * serveCountingChild), so that its request handling and its synced commits do not hold up the
 * engine's inline program on this process's event loop, as a remote tenant would not. Each count
 * also reports the child's CPU time.
 */
export async function startChildCountingTenant(script: string, dataFile: string, faults: FaultOptions): Promise<CountingTenant> {
  const child = await startChildTenant(script, [dataFile, JSON.stringify(faults)]);
  return {
    url: child.url,
    async count() {
      await child.ask("start");
      return async () => {
        const sent = (await child.ask("stop")) as SentCounter;
        return { ...sent, byRoute: new Map(sent.byRoute), byStatus: new Map(sent.byStatus) };
      };
    },
    close: () => child.close(),
  };
}

/** The child's side of startChildCountingTenant: `serve` for runBench. */
export async function serveCountingChild(args: string[]): Promise<ChildTenant<object>> {
  const tenant = await startCountingTenant(args[0]!, JSON.parse(args[1] ?? "{}") as FaultOptions);
  // count() starts counting when it is called (before its promise settles), so the count begins
  // between two of the tenant's requests, as the parent asked.
  let counting: Promise<() => Promise<Counter>> | undefined;
  let cpu = process.cpuUsage();
  return {
    url: tenant.url,
    info: {},
    close: () => tenant.close(),
    async answer(question) {
      if (question === "start") {
        cpu = process.cpuUsage();
        counting = tenant.count();
        return true;
      }
      const counter = await (await counting!)();
      const used = process.cpuUsage(cpu);
      const sent: SentCounter = { ...counter, cpuMs: (used.user + used.system) / 1000, byRoute: [...counter.byRoute], byStatus: [...counter.byStatus] };
      return sent;
    },
  };
}

/** A tenant in a bench's child, with whatever else the child measured on the way (sent to the parent). */
export interface ChildTenant<Info extends object> extends BenchTenant {
  info: Info;
  /** How the child answers its parent's questions (RunningChild.ask), when it takes any. */
  answer?(question: unknown): unknown;
}

/** The parent's side of a child tenant: what the child sent, and a way to ask it. */
export interface RunningChild<Info extends object> extends BenchTenant {
  info: Info;
  /** A question to the child, answered by its `answer`. */
  ask(question: unknown): Promise<unknown>;
}

const SERVE_CHILD = "--serve-child";

/**
 * Forks `script` (the bench's own __filename, run through runBench) with `--serve-child ...args`,
 * so the load generator and the server do not share one event loop. Resolves once the child's
 * tenant listens; close() stops the child and waits for it to exit.
 */
export function startChildTenant<Info extends object = object>(script: string, args: string[]): Promise<RunningChild<Info>> {
  const execArgv = script.endsWith(".ts") ? ["-r", "ts-node/register/transpile-only"] : [];
  const child = fork(script, [SERVE_CHILD, ...args], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the tenant process exited (code ${code}) before it was ready`)));
    child.once("message", (m: { url?: string; info?: Info; error?: string }) => {
      if (!m.url) return reject(new Error(`the tenant did not start: ${m.error ?? "no URL"}`));
      child.removeAllListeners("exit");
      const waiting = new Map<number, (answer: unknown) => void>();
      let asked = 0;
      child.on("message", (reply: { answered?: number; answer?: unknown }) => {
        if (reply.answered === undefined) return;
        waiting.get(reply.answered)?.(reply.answer);
        waiting.delete(reply.answered);
      });
      resolve({
        url: m.url,
        info: m.info ?? ({} as Info),
        ask: (question) =>
          new Promise((answered) => {
            waiting.set(++asked, answered);
            child.send({ ask: asked, question });
          }),
        close: () =>
          new Promise<void>((done) => {
            child.once("exit", () => done());
            child.send("stop");
          }),
      });
    });
  });
}

/** In the child: starts the tenant, tells the parent where it listens, stops on "stop" or when the parent goes. */
async function serveChild<Info extends object>(start: () => Promise<ChildTenant<Info>>): Promise<void> {
  try {
    const tenant = await start();
    const stop = () => void tenant.close().then(() => process.exit(0));
    process.on("message", (m: unknown) => {
      if (m === "stop") return stop();
      const asked = m as { ask?: number; question?: unknown };
      if (asked.ask !== undefined && tenant.answer) void Promise.resolve(tenant.answer(asked.question)).then((answer) => process.send!({ answered: asked.ask, answer }));
    });
    process.on("disconnect", stop);
    process.send!({ url: tenant.url, info: tenant.info });
  } catch (err) {
    process.send!({ error: (err as Error).stack ?? String(err) });
    process.exit(1);
  }
}

/**
 * A bench's entry point: its main, or, in a child forked by startChildTenant, serve(the child's
 * arguments). A failure of main is printed with its stack and exits 1.
 */
export function runBench<Info extends object>(main: () => Promise<void>, serve?: (args: string[]) => Promise<ChildTenant<Info>>): void {
  if (serve && process.argv[2] === SERVE_CHILD) {
    void serveChild(() => serve(process.argv.slice(3)));
    return;
  }
  main().catch((err: unknown) => {
    process.stderr.write(`benchmark failed: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  });
}

// ---------------------------------------------------------------------------------------------
// The command line

/** A bench's command line: --help exits 0, a wrong option or value exits 2 (1 is a failed bench). */
export function benchProgram(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("needs a positive number");
  return n;
}

function whole(value: string, min: number): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min) throw new InvalidArgumentError(`needs a whole number of at least ${min}`);
  return n;
}

/** A whole number of at least `min`. */
export function wholeNumber(min: number): (value: string) => number {
  return (value) => whole(value, min);
}

/** Whole numbers of at least `min`, separated by commas. */
export function wholeNumbers(min: number): (value: string) => number[] {
  return (value) => {
    try {
      return value.split(",").map((s) => whole(s, min));
    } catch {
      throw new InvalidArgumentError(`needs whole numbers of at least ${min}, separated by commas`);
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Tables

/** A cli-table3 table without border colours; the head in cyan only when asked (and on a terminal). */
export function benchTable(head: string[], colAligns?: Table.HorizontalAlignment[], colorHead = false): Table.Table {
  return new Table({
    head,
    ...(colAligns ? { colAligns } : {}),
    style: { head: colorHead && process.stdout.isTTY ? ["cyan"] : [], border: [] },
  });
}
