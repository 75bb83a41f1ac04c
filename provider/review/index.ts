import type { Stack } from "@pulumi/pulumi/automation";
import { REVIEW_FORMAT, ReviewReport } from "../../schemas/review";
import { TenantClient, type ClientSettings } from "../client/tenant-client";
import { TenantError } from "../client/errors";
import { buildReview } from "./findings";
import { withHistory } from "./history";
import { refreshPreview, stateResources } from "./refresh";
import { readAudit, readDirectory, readMailboxes } from "./tenant-read";
import { declarationOf } from "./declared";

export { readPrevious, PreviousReportError } from "./history";
export { RefreshFailed } from "./refresh";
export { renderMarkdown } from "./markdown";
export { renderHtml } from "./html";

/**
 * The access review of one stack: the engine's refresh in preview-only mode (which changes neither
 * the state nor the tenant), the stack's state, and the tenant's directory, mailboxes and audit
 * log, turned into one ReviewReport.
 */

export interface ReviewOptions {
  /** The previous review's report: findings are then new, still open or resolved. */
  previous?: ReviewReport;
  /** For tests; default now. */
  now?: Date;
  /** The stack's project name for the report (default the workspace's). */
  project?: string;
}

/** The tenant refused or could not be reached: one line for people. */
export class TenantUnavailable extends Error {}

/** The review's exit code: 0 clean, 2 drift or access not in code. */
export function exitCodeOf(report: ReviewReport): 0 | 2 {
  return report.outcome === "clean" ? 0 : 2;
}

async function checkTenant(client: TenantClient): Promise<void> {
  try {
    await client.call("whoami");
    // The review reads the directory, mailboxes and the audit log: a token that may not read fails here.
    await client.call("listAudit", { query: { limit: 1 } });
  } catch (e) {
    if (e instanceof TenantError) {
      const what = e.code === "Unreachable" ? e.message : `the tenant at ${client.endpoint} refused the review's token (${e.code}: ${e.message}); use a token of a GlobalReader, an Exchange or a Global Administrator`;
      throw new TenantUnavailable(what);
    }
    throw e;
  }
}

export async function reviewStack(stack: Stack, settings: ClientSettings, options: ReviewOptions = {}): Promise<ReviewReport> {
  const started = Date.now();
  const client = new TenantClient({ ...settings, maxAttempts: settings.maxAttempts ?? 4 });
  await checkTenant(client);
  const refresh = await refreshPreview(stack);
  const resources = await stateResources(stack);
  const directory = await readDirectory(client);
  const mailboxIds = resources.flatMap((r) => {
    const d = declarationOf(r);
    const id = d && (d.mailboxId ?? directory.directory.find(d.mailboxRef)?.id);
    return id ? [id] : [];
  });
  const snapshot = { ...directory, live: await readMailboxes(client, mailboxIds, directory.directory) };
  const built = buildReview(resources, refresh.observations, snapshot);
  const audit = await readAudit(client, built.drafts.flatMap((d) => d.probes.map((p) => p.objectId)));
  const now = (options.now ?? new Date()).toISOString();
  const { findings, resolved } = withHistory(built.drafts, audit, options.previous, now);
  const count = (k: string) => findings.filter((f) => f.kind === k).length;
  const report: ReviewReport = {
    format: REVIEW_FORMAT,
    project: options.project ?? (await stack.workspace.projectSettings()).name,
    stack: stack.name,
    endpoint: client.endpoint,
    generatedAt: now,
    outcome: findings.length ? "drift" : "clean",
    counts: {
      changed: count("changed"),
      missing: count("missing"),
      notInCode: count("notInCode"),
      new: findings.filter((f) => f.status === "new").length,
      resolved: resolved.length,
      mailboxes: built.mailboxes.length,
      resources: resources.length,
    },
    coverage: built.coverage,
    findings,
    resolved,
    mailboxes: built.mailboxes,
    previousAt: options.previous?.generatedAt ?? null,
    stats: { seconds: (Date.now() - started) / 1000, refreshSeconds: refresh.seconds, tenantRequests: client.stats.requests },
  };
  return ReviewReport.parse(report);
}
