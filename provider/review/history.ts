import * as fs from "fs";
import type { AuditEntry } from "../../schemas";
import { ReviewReport, UNKNOWN_WHO, type Finding, type WhoWhen } from "../../schemas/review";
import type { Draft, Probe } from "./findings";

/** Who and when (from the audit log) and since when (from the previous review). No I/O but reading --previous. */

function changed(entry: AuditEntry, field: string): boolean {
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  return JSON.stringify(before[field]) !== JSON.stringify(after[field]);
}

function matches(entry: AuditEntry, p: Probe): boolean {
  if (p.objectType && entry.objectType !== p.objectType) return false;
  if (p.actions && !p.actions.includes(entry.action)) return false;
  if (p.fields && !p.fields.some((f) => changed(entry, f))) return false;
  return true;
}

/** The latest audit entry any probe matches: its principal and time; "unknown" when none. */
export function whoWhen(probes: readonly Probe[], audit: ReadonlyMap<string, readonly AuditEntry[]>): WhoWhen {
  let best: AuditEntry | undefined;
  for (const p of probes) {
    for (const entry of audit.get(p.objectId) ?? []) {
      if (matches(entry, p) && (!best || entry.id > best.id)) best = entry;
    }
  }
  return best ? { principal: best.principal, at: best.at, action: best.action } : UNKNOWN_WHO;
}

/** A report given with --previous could not be used. */
export class PreviousReportError extends Error {}

export function readPrevious(file: string): ReviewReport {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new PreviousReportError(`--previous ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new PreviousReportError(`--previous ${file}: not JSON (${(e as Error).message}); give the file an earlier 'review --json' wrote`);
  }
  const parsed = ReviewReport.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PreviousReportError(`--previous ${file}: not a review report (${issue.path.join(".") || "the top level"}: ${issue.message}); give the file an earlier 'review --json' wrote`);
  }
  return parsed.data;
}

/**
 * Each finding new (first seen now) or still open (first seen when the previous review first saw
 * it); what the previous review found and this one does not is resolved now.
 */
export function withHistory(
  drafts: readonly Draft[],
  audit: ReadonlyMap<string, readonly AuditEntry[]>,
  previous: ReviewReport | undefined,
  now: string,
): { findings: Finding[]; resolved: Finding[] } {
  const before = new Map((previous?.findings ?? []).map((f) => [f.id, f]));
  const findings: Finding[] = drafts.map((d) => {
    const seen = before.get(d.finding.id);
    return {
      ...d.finding,
      who: whoWhen(d.probes, audit),
      status: seen ? "open" : "new",
      firstSeen: seen?.firstSeen ?? now,
      resolvedAt: null,
    };
  });
  const current = new Set(findings.map((f) => f.id));
  const resolved = (previous?.findings ?? []).filter((f) => !current.has(f.id)).map((f) => ({ ...f, status: "resolved" as const, resolvedAt: now }));
  return { findings, resolved };
}
