#!/usr/bin/env node
/**
 * pulumi-mailbox's command line.
 *
 *   pulumi-mailbox export [--out file] [--concurrency 8] [--authoritative]
 *       every shared mailbox of the tenant, with its grants, forwarding and automatic replies, as a
 *       declarations file (schemas/declarations.ts) with adopt: true everywhere: loadDeclarations +
 *       `pulumi up` take them under code without changing anything. To stdout without --out; a
 *       summary line on stderr. --authoritative writes each mailbox's grants as one access: block
 *       (MailboxAccess) instead of grant lists.
 *   pulumi-mailbox validate <file.yaml>
 *       every mistake of a declarations file at once: the file's own, then the provider's check of
 *       each resource against the tenant (reads only). Exit 1 when there is any, 0 when none.
 *
 *   pulumi-mailbox review --stack <name> [--cwd dir] [--markdown [file]] [--html file] [--json file] [--previous report.json]
 *       the access review of a stack (provider/review): the engine's refresh in preview-only mode,
 *       the state and the tenant's audit log. Exit 0 clean, 2 drift or access not in code, 1 error.
 *
 * Export and validate reach the tenant at --endpoint / --token, else MAILBOX_ENDPOINT / MAILBOX_TOKEN, else the
 * local tenant and its development token (resolveSettings). Exit 2 when a command cannot run
 * (no token, the tenant unreachable or refusing).
 *
 *   npm run build && node dist/provider/cli.js <command>     (or: npm run mailbox -- <command>)
 */
import * as fs from "fs";
import * as path from "path";
import { Command, InvalidArgumentError } from "commander";
import Table from "cli-table3";
import { TenantClient } from "./client/tenant-client";
import { resolveSettings } from "./settings";
import { DeclarationsError } from "./declarations";
import { refuseLargeFile } from "./declarations/yaml";
import { exportTenant, count, DEFAULT_EXPORT_CONCURRENCY } from "./tools/export";
import { validateDeclarations, ValidationProblem } from "./tools/validate";
import { registerReview } from "./review/command";

/** How often validate says how far it got. */
export const PROGRESS_EVERY_MS = 2_000;

export { exportTenant, mailboxEntry, declarationsYaml, ExportResult, ExportStats } from "./tools/export";
export { validateDeclarations, ValidationProblem, ValidationResult } from "./tools/validate";
export { limiter } from "./tools/limit";
export { reviewStack, exitCodeOf, renderMarkdown, renderHtml } from "./review";
export { runReview } from "./review/command";

interface ConnectionOptions {
  endpoint?: string;
  token?: string;
}

/** Where the streams go and how wide a table may be: the process's, or a test's. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  columns?: number;
}

const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  columns: process.stdout.columns,
};

function clientFor(o: ConnectionOptions): TenantClient {
  const env = { ...process.env };
  if (o.endpoint) env.MAILBOX_ENDPOINT = o.endpoint;
  if (o.token) env.MAILBOX_TOKEN = o.token;
  return new TenantClient(resolveSettings(undefined, env));
}

function concurrencyOf(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError("a whole number from 1 to 64");
  return n;
}

/** `export`: returns the exit code. */
export async function runExport(o: ConnectionOptions & { out?: string; concurrency?: number; authoritative?: boolean }, io: Io = processIo): Promise<number> {
  const client = clientFor(o);
  const result = await exportTenant(client, { concurrency: o.concurrency, authoritative: o.authoritative });
  if (o.out) {
    fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
    fs.writeFileSync(o.out, result.text);
  } else {
    io.out(result.text);
  }
  for (const w of result.warnings) io.err(`warning: ${w}\n`);
  const s = result.stats;
  io.err(
    `exported ${count(s.mailboxes, "shared mailbox", "shared mailboxes")}, ${count(s.grants, "grant")}, ${count(s.forwardings, "forwarding")}, ${count(s.autoReplies, "automatic reply", "automatic replies")}` +
      ` in ${s.seconds.toFixed(2)} s with ${s.requests} requests (at most ${s.peakInFlight} in flight)${o.out ? ` to ${o.out}` : ""}\n`,
  );
  return 0;
}

function problemTable(problems: readonly ValidationProblem[], file: string, columns: number | undefined): string {
  const width = Math.max(columns ?? 120, 80);
  const fixed = [34, 28, 18];
  const reason = Math.max(width - fixed.reduce((a, b) => a + b, 0) - 5, 30);
  const table = new Table({
    head: ["resource", "entry", "property", "reason"],
    colWidths: [...fixed, reason],
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: { head: [], border: [] },
  });
  for (const p of problems) {
    table.push([`${p.resource}\n(${p.kind})`, `${p.entry}${p.line === undefined ? "" : `\n${path.basename(file)}:${p.line}`}`, p.property, p.reason]);
  }
  return table.toString();
}

/** `validate`: returns the exit code (1 when the file has any problem). */
export async function runValidate(file: string, o: ConnectionOptions, io: Io = processIo, progressEveryMs = PROGRESS_EVERY_MS): Promise<number> {
  let text: string;
  try {
    refuseLargeFile(fs.statSync(file).size, file);
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof DeclarationsError) io.out(`${e.message}\n`);
    else io.err(`${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}\n`);
    return 1;
  }
  try {
    const client = clientFor(o);
    // A progress line every few seconds on a long run, on stderr: the table stays alone on stdout.
    const started = Date.now();
    let shown = started;
    const onProgress = (done: number, total: number) => {
      if (Date.now() - shown < progressEveryMs || done === total) return;
      shown = Date.now();
      io.err(`checked ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} resources (${Math.round((shown - started) / 1000)} s)…\n`);
    };
    const { checked, problems } = await validateDeclarations(text, file, client, { onProgress });
    if (problems.length === 0) {
      io.out(`${checked} resources checked, no problems\n`);
      return 0;
    }
    io.out(`${problemTable(problems, file, io.columns)}\n`);
    io.out(`${checked} resources checked, ${problems.length === 1 ? "1 problem" : `${problems.length} problems`}\n`);
    return 1;
  } catch (e) {
    if (e instanceof DeclarationsError) {
      io.out(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

export function cli(io: Io = processIo): Command {
  const program = new Command("pulumi-mailbox")
    .description("Shared mailboxes as code: export a tenant to a declarations file, validate a declarations file against a tenant, review a stack's access")
    .showHelpAfterError();
  const connection = (cmd: Command) =>
    cmd
      .option("--endpoint <url>", "the tenant's address (default MAILBOX_ENDPOINT, else the local tenant)")
      .option("--token <token>", "bearer token (default MAILBOX_TOKEN, else the local tenant's development token)");

  connection(
    program
      .command("export")
      .description("write every shared mailbox with its grants, forwarding and automatic replies as a declarations file, adopt: true everywhere")
      .option("-o, --out <file>", "write the file here (default: standard output)")
      .option("--concurrency <n>", `requests in flight at once`, concurrencyOf, DEFAULT_EXPORT_CONCURRENCY)
      .option("--authoritative", "write each mailbox's grants as one access: block (a MailboxAccess, which owns all its delegate access) instead of grant lists"),
  ).action(async (o: ConnectionOptions & { out?: string; concurrency: number; authoritative?: boolean }) => {
    process.exitCode = await runExport(o, io);
  });

  connection(
    program
      .command("validate <file>")
      .description("list every mistake of a declarations file at once: the file's, then the provider's check of each resource against the tenant (reads only)"),
  ).action(async (file: string, o: ConnectionOptions) => {
    process.exitCode = await runValidate(file, o, io);
  });

  registerReview(program, io);
  return program;
}

if (require.main === module) {
  cli()
    .parseAsync(process.argv)
    .catch((e: unknown) => {
      process.stderr.write(`pulumi-mailbox: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    });
}
