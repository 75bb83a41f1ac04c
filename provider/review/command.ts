import * as fs from "fs";
import * as path from "path";
import type { Command } from "commander";
import type { ReviewReport } from "../../schemas/review";
import { resolveSettings, type ConfigSource } from "../settings";
import { exitCodeOf, readPrevious, renderHtml, renderMarkdown, reviewStack, PreviousReportError, RefreshFailed, TenantUnavailable } from "./index";
import { openStack, stackConfig, StackNotFound } from "./open-stack";

/**
 * `pulumi-mailbox review`: the access review of a stack, as Markdown (standard output by
 * default), HTML and JSON files. Exit 0 clean, 2 drift or access not in code, 1 an error — one
 * line on standard error, and no file written.
 */

export interface ReviewCommandOptions {
  cwd: string;
  stack: string;
  markdown?: string | boolean;
  html?: string;
  json?: string;
  previous?: string;
  endpoint?: string;
  token?: string;
}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** An output file that cannot be written. */
class BadOutput extends Error {}

/** Errors that are the user's to fix: their message is the whole story. */
const EXPECTED = [StackNotFound, TenantUnavailable, RefreshFailed, PreviousReportError, BadOutput];

/** The stack's `mailbox:` config, with --endpoint/--token first. */
function settingsFor(config: ConfigSource, o: ReviewCommandOptions) {
  const source: ConfigSource = {
    get: (key) => (key === "mailbox:endpoint" ? o.endpoint : key === "mailbox:token" ? o.token : undefined) ?? config.get(key),
  };
  return resolveSettings(source, process.env, o.cwd);
}

export async function runReview(o: ReviewCommandOptions, io: Io): Promise<number> {
  try {
    // Checked before anything runs: a bad --previous stops the review early.
    const previous = o.previous ? readPrevious(o.previous) : undefined;
    for (const file of [o.html, o.json, typeof o.markdown === "string" ? o.markdown : undefined]) {
      if (file && !fs.existsSync(path.dirname(path.resolve(file)))) throw new BadOutput(`cannot write ${file}: its folder does not exist`);
    }
    const stack = await openStack(o.cwd, o.stack);
    const settings = settingsFor(await stackConfig(stack), o);
    const report = await reviewStack(stack, settings, { previous });
    writeOutputs(report, o, io);
    return exitCodeOf(report);
  } catch (e) {
    const expected = EXPECTED.some((k) => e instanceof k) || (e instanceof Error && /^no token for the tenant/.test(e.message));
    io.err(`pulumi-mailbox review: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}${expected ? "" : " (internal error)"}\n`);
    return 1;
  }
}

function writeOutputs(report: ReviewReport, o: ReviewCommandOptions, io: Io): void {
  if (o.json) fs.writeFileSync(o.json, `${JSON.stringify(report, null, 2)}\n`);
  if (o.html) fs.writeFileSync(o.html, renderHtml(report));
  const markdown = renderMarkdown(report);
  if (typeof o.markdown === "string") fs.writeFileSync(o.markdown, markdown);
  // Markdown on standard output unless it went to a file, or only other files were asked for.
  else if (o.markdown === true || (!o.html && !o.json)) io.out(markdown);
  const written = [o.json, o.html, typeof o.markdown === "string" ? o.markdown : undefined].filter(Boolean);
  const c = report.counts;
  io.err(
    `review of ${report.project}/${report.stack}: ${c.changed} changed, ${c.missing} missing, ${c.notInCode} not in code, coverage ${report.coverage.percent} %` +
      ` (${report.stats.seconds.toFixed(1)} s, ${report.stats.tenantRequests} tenant requests)${written.length ? `; wrote ${written.join(", ")}` : ""}\n`,
  );
}

export function registerReview(program: Command, io: Io): void {
  program
    .command("review")
    .description("access review of a stack: drift, access not in code, who did it and when, effective access (never writes the state or the tenant)")
    .requiredOption("-s, --stack <name>", "the stack to review")
    .option("-C, --cwd <dir>", "the project's directory (its Pulumi.yaml)", ".")
    .option("--markdown [file]", "Markdown to this file (default: to standard output when no other output is asked for)")
    .option("--html <file>", "one self-contained HTML page")
    .option("--json <file>", "the report as JSON (schema: schemas/review.schema.json)")
    .option("--previous <file>", "an earlier report (--json): mark each finding new, still open or resolved")
    .option("--endpoint <url>", "the tenant's address (default the stack's mailbox:endpoint, else MAILBOX_ENDPOINT)")
    .option("--token <token>", "bearer token for reading the tenant (default the stack's mailbox:token, else MAILBOX_TOKEN)")
    .action(async (o: ReviewCommandOptions) => {
      process.exitCode = await runReview(o, io);
    });
}
