/** `serve`: start the tenant from the command line and keep it running until a signal stops it. */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { Role } from "pulumi-mailbox/schemas/common";
import type { TenantOptions } from "../options";
import { UsageError, parseNumber } from "./arguments";
import { DEFAULT_DATA_FILE, run, tokenHint } from "./connection";

const TokensFile = z.record(z.string().min(1), z.object({ principal: z.string().min(1), role: Role }));

function defaultSeedFile(): string {
  const inCwd = resolve(process.cwd(), "tenant/seed/contoso.yaml");
  if (existsSync(inCwd)) return inCwd;
  // from tenant/cli/serve.ts, the package's dist/cli/serve.js or the repository's dist/tenant/cli/serve.js
  const tenantDir = join(__dirname, "..");
  const places = [[tenantDir, "seed"], [tenantDir, "..", "seed"], [tenantDir, "..", "..", "tenant", "seed"]];
  for (const candidate of places.map((p) => join(...p, "contoso.yaml"))) {
    if (existsSync(candidate)) return candidate;
  }
  return inCwd;
}

interface ServeOptions {
  port: number;
  host: string;
  data: string;
  seed?: string;
  tokensFile?: string;
  throttleRate?: number;
  throttleBudget?: number;
  retryAfter?: number;
  unavailableRate?: number;
  latencyMs?: number;
  replicationDelayMs?: number;
  allowFaultHeaders?: boolean;
  log: boolean;
}

async function serve(o: ServeOptions): Promise<void> {
  let tokens: TenantOptions["tokens"];
  if (o.tokensFile) {
    const text = readFileSync(o.tokensFile, "utf8");
    const parsed = TokensFile.safeParse(parseYaml(text));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`${o.tokensFile}: ${issue.path.join(".") || "(top)"} ${issue.message}; write token: { principal, role }`, "tokens-file");
    }
    tokens = parsed.data;
  }
  const seedFile = o.seed ?? defaultSeedFile();
  if (!existsSync(seedFile)) throw new UsageError(`the seed file ${seedFile} does not exist`, "seed");
  if (o.data !== ":memory:") mkdirSync(dirname(resolve(o.data)), { recursive: true });

  const options: TenantOptions = {
    dataFile: o.data,
    seedFile,
    host: o.host,
    port: o.port,
    tokens,
    log: o.log,
    faults: {
      allowFaultHeaders: o.allowFaultHeaders,
      throttleRate: o.throttleRate,
      throttleBudgetPerMinute: o.throttleBudget,
      retryAfterSeconds: o.retryAfter,
      unavailableRate: o.unavailableRate,
      latencyMs: o.latencyMs,
      replicationDelayMs: o.replicationDelayMs,
    },
  };
  // Loaded here so the admin commands start without the server's dependencies.
  const { startTenant } = await import("../server");
  const running = await startTenant(options);
  const out = process.stdout;
  out.write(`tenant listening at ${running.url}\n`);
  out.write(`data: ${o.data}   seed (used on first start): ${seedFile}\n`);
  if (tokens) {
    out.write(`tokens: ${Object.keys(tokens).length} from ${o.tokensFile}\n`);
  } else if (process.env.TENANT_TOKENS?.trim()) {
    out.write(`tokens: ${Object.keys(running.tokens).length} from TENANT_TOKENS\n`);
  } else {
    const [, who] = Object.entries(running.tokens)[0] ?? [];
    out.write(`development token: ${o.data}.token${who ? ` (${who.principal}, ${who.role})` : ""}\n`);
    out.write(`  ${tokenHint(o.data)}\n`);
  }
  const faults = Object.entries(options.faults ?? {}).filter(([, v]) => v !== undefined && v !== false);
  if (faults.length) out.write(`faults: ${faults.map(([k, v]) => `${k}=${v}`).join(" ")}\n`);
  out.write(`stop with Ctrl+C\n`);

  await new Promise<void>((resolveStop) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        process.stderr.write(`${signal} again: exiting without waiting\n`);
        process.exit(130);
      }
      stopping = true;
      process.stderr.write(`${signal}: stopping the tenant\n`);
      running.close().then(resolveStop, (err: unknown) => {
        process.stderr.write(`closing the tenant failed: ${(err as Error).message}\n`);
        process.exitCode = 1;
        resolveStop();
      });
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
}

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description("start the tenant and keep it running until Ctrl+C (SIGINT) or SIGTERM")
    .option("--port <port>", "port; 0 picks a free one", parseNumber(0, 65535), 8787)
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--data <file>", "SQLite data file (its directory is created)", DEFAULT_DATA_FILE)
    .option("--seed <file>", "directory seed loaded on the first start (default tenant/seed/contoso.yaml)")
    .option("--tokens-file <file>", "YAML or JSON: token -> { principal, role } (default: a generated development token)")
    .option("--throttle-rate <rate>", "fraction 0..1 of requests answered 429", parseNumber(0, 1))
    .option("--throttle-budget <n>", "requests per principal per minute before 429", parseNumber(1, Number.MAX_SAFE_INTEGER))
    .option("--retry-after <seconds>", "Retry-After sent with a 429", parseNumber(0, 86400))
    .option("--unavailable-rate <rate>", "fraction 0..1 of requests answered 503", parseNumber(0, 1))
    .option("--latency-ms <ms>", "milliseconds added to every request", parseNumber(0, 600000))
    .option("--replication-delay-ms <ms>", "milliseconds a new mailbox or grant stays invisible, and a change of forwarding or automatic replies unseen", parseNumber(0, 86400000))
    .option("--allow-fault-headers", "honour the x-fault-* request headers")
    .option("--no-log", "no request log on stderr")
    .action(run(async (o: ServeOptions) => serve(o)));
}
