import type { Finding, Holder, MailboxReview, ReviewReport } from "../../schemas/review";

/**
 * The review as Markdown for a pull-request comment or a pipeline summary: the counts first, a
 * table of findings per mailbox, effective access folded in <details>.
 */

const KIND_LABEL: Record<Finding["kind"], string> = { changed: "changed", missing: "missing", notInCode: "not in code" };

/** A table cell: no line breaks, pipes escaped, HTML characters neutral (GitHub renders HTML in Markdown). */
export function cell(text: string | null | undefined): string {
  if (text === null || text === undefined || text === "") return "—";
  return text.replace(/\s*\n\s*/g, " ").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|");
}

/** "2026-11-27 22:31 UTC" */
export function when(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "unknown";
}

export function headline(r: ReviewReport): string {
  const c = r.counts;
  const total = c.changed + c.missing + c.notInCode;
  const status = total === 0 ? "**Clean**: nothing changed, missing or granted outside code" : `**Drift: ${total} finding${total === 1 ? "" : "s"}**: ${c.changed} changed, ${c.missing} missing, ${c.notInCode} not in code`;
  const history = r.previousAt ? ` · ${c.new} new, ${c.resolved} resolved since ${when(r.previousAt)}` : "";
  return `${status}${history} · coverage ${r.coverage.percent} % (${r.coverage.declared} of ${r.coverage.live} live grants declared) · ${c.mailboxes} mailbox${c.mailboxes === 1 ? "" : "es"}, ${c.resources} resource${c.resources === 1 ? "" : "s"}`;
}

function findingRow(f: Finding): string {
  const what = f.resource ? `${f.subject} (${f.resource.kind} \`${cell(f.resource.name)}\`)` : f.subject;
  const status = f.status === "open" ? `open since ${when(f.firstSeen)}` : f.status;
  return `| ${KIND_LABEL[f.kind]} | ${cell(what)} | ${cell(f.declared)} | ${cell(f.live)} | ${cell(f.who.principal)} | ${when(f.who.at)} | ${status} |`;
}

function holderRows(right: string, holders: readonly Holder[]): string[] {
  return holders.map(
    (h) => `| ${right} | ${cell(h.displayName)} &lt;${cell(h.address)}&gt; | ${cell(h.via.join("; "))} | ${h.declared ? "yes" : "**no**"} | ${h.flags.map((f) => (f === "disabled" ? "⚠ account disabled" : "⚠ external")).join(", ") || ""} |`,
  );
}

function accessDetails(m: MailboxReview): string[] {
  const a = m.access;
  const rows = [...holderRows("open (FullAccess)", a.fullAccess), ...holderRows("send as", a.sendAs), ...holderRows("send on behalf", a.sendOnBehalf)];
  const summary = `Effective access: ${a.fullAccess.length} can open, ${a.sendAs.length} can send as, ${a.sendOnBehalf.length} can send on behalf`;
  if (rows.length === 0) return [`<details><summary>${summary}</summary>`, "", "Nobody holds a right on this mailbox.", "", "</details>"];
  return [`<details><summary>${summary}</summary>`, "", "| right | who | through | in code | flags |", "|---|---|---|---|---|", ...rows, "", "</details>"];
}

function mailboxSection(m: MailboxReview, findings: readonly Finding[]): string[] {
  const out = [`### ${cell(m.address)} (${cell(m.displayName)})`, ""];
  if (m.gone === "softDeleted") out.push(`⚠ deleted by hand: soft-deleted, can be restored until ${when(m.restorableUntil)}`, "");
  if (m.gone === "notFound") out.push("⚠ not found in the tenant", "");
  if (m.signInAllowed) out.push("⚠ sign-in is allowed on this shared mailbox's own account: anyone with its password can open it", "");
  if (findings.length) {
    out.push("| finding | what | declared | live | who | when | status |", "|---|---|---|---|---|---|---|", ...findings.map(findingRow), "");
  }
  if (!m.gone) out.push(...accessDetails(m), "");
  return out;
}

export function renderMarkdown(r: ReviewReport): string {
  const out = [`## Access review of stack \`${cell(r.stack)}\` (project \`${cell(r.project)}\`)`, "", headline(r), ""];
  const byMailbox = new Map<string, Finding[]>();
  for (const f of r.findings) byMailbox.set(f.mailbox, [...(byMailbox.get(f.mailbox) ?? []), f]);
  const flagged = (m: MailboxReview) => byMailbox.has(m.address) || m.signInAllowed || m.gone !== null;
  for (const m of r.mailboxes.filter(flagged)) out.push(...mailboxSection(m, byMailbox.get(m.address) ?? []));
  // Findings on a mailbox the review could not place (none expected): still listed.
  const placed = new Set(r.mailboxes.map((m) => m.address));
  const stray = r.findings.filter((f) => !placed.has(f.mailbox));
  if (stray.length) out.push("### Other findings", "", "| finding | what | declared | live | who | when | status |", "|---|---|---|---|---|---|---|", ...stray.map(findingRow), "");
  const quiet = r.mailboxes.filter((m) => !flagged(m));
  if (quiet.length) {
    out.push(`<details><summary>${quiet.length} mailbox${quiet.length === 1 ? "" : "es"} without findings</summary>`, "");
    for (const m of quiet) out.push(`#### ${cell(m.address)} (${cell(m.displayName)})`, "", ...accessDetails(m), "");
    out.push("</details>", "");
  }
  if (r.resolved.length) {
    out.push(`<details><summary>${r.resolved.length} resolved since the previous review</summary>`, "", "| mailbox | finding | what | first seen | resolved |", "|---|---|---|---|---|");
    for (const f of r.resolved) out.push(`| ${cell(f.mailbox)} | ${KIND_LABEL[f.kind]} | ${cell(f.detail)} | ${when(f.firstSeen)} | ${when(f.resolvedAt)} |`);
    out.push("", "</details>", "");
  }
  out.push(`<sub>${when(r.generatedAt)} · tenant ${cell(r.endpoint)} · ${r.stats.seconds.toFixed(1)} s, ${r.stats.tenantRequests} tenant requests</sub>`, "");
  return out.join("\n");
}
