import type { Finding, Holder, MailboxReview, ReviewReport } from "../../schemas/review";
import { headline, when } from "./markdown";

/**
 * The review as one self-contained HTML page for people: the counts, every finding with who and
 * when, and per mailbox the grants declared and live side by side and the effective access.
 * No scripts, no outside resources: it opens from a file or an artefact store as it is.
 */

/** Text in HTML: the five characters that could open markup are escaped. */
export function esc(text: string | null | undefined): string {
  return (text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const KIND: Record<Finding["kind"], string> = { changed: "Changed", missing: "Missing", notInCode: "Not in code" };

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#1f2328;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}.muted{color:#59636e}.counts{display:flex;gap:10px;flex-wrap:wrap;margin:14px 0}
.count{border:1px solid #d0d7de;border-radius:6px;padding:8px 14px;min-width:92px}.count b{display:block;font-size:22px}
.count.bad b{color:#cf222e}.count.ok b{color:#1a7f37}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa}.kind-changed{color:#9a6700}.kind-missing{color:#cf222e}.kind-notInCode{color:#8250df}
.tag{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;background:#eaeef2}.tag.warn{background:#ffebe9;color:#82071e}
.tag.new{background:#ddf4ff;color:#0550ae}.yes{color:#1a7f37}.no{color:#cf222e;font-weight:600}
.side{display:grid;grid-template-columns:1fr 1fr;gap:12px}.box{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;margin:10px 0}
.warn-line{color:#82071e;margin:4px 0}th,.tag,.nowrap,.kind-changed,.kind-missing,.kind-notInCode{white-space:nowrap;overflow-wrap:normal}`;

function findingRows(findings: readonly Finding[], withMailbox: boolean): string {
  return findings
    .map((f) => {
      const status = f.status === "new" ? `<span class="tag new">new</span>` : f.status === "open" ? `open since ${esc(when(f.firstSeen))}` : `resolved ${esc(when(f.resolvedAt))}`;
      const what = f.resource ? `${esc(f.subject)} <span class="muted">(${esc(f.resource.kind)} ${esc(f.resource.name)})</span>` : esc(f.subject);
      return `<tr>${withMailbox ? `<td>${esc(f.mailbox)}</td>` : ""}<td class="kind-${f.kind}">${KIND[f.kind]}</td><td>${what}<div class="muted">${esc(f.detail)}</div></td><td>${esc(f.declared ?? "—")}</td><td>${esc(f.live ?? "—")}</td><td>${esc(f.who.principal)}</td><td>${esc(when(f.who.at))}</td><td>${status}</td></tr>`;
    })
    .join("\n");
}

function findingTable(findings: readonly Finding[], withMailbox = true): string {
  const head = `${withMailbox ? "<th>Mailbox</th>" : ""}<th>Finding</th><th>What</th><th>Declared</th><th>Live</th><th>Who</th><th>When</th><th>Status</th>`;
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${findingRows(findings, withMailbox)}\n</tbody></table>`;
}

function holders(title: string, list: readonly Holder[]): string {
  if (list.length === 0) return `<tr><td>${title}</td><td colspan="4" class="muted">nobody</td></tr>`;
  return list
    .map((h, i) => {
      const flags = h.flags.map((f) => `<span class="tag warn">${f === "disabled" ? "account disabled" : "external"}</span>`).join(" ");
      return `<tr>${i === 0 ? `<td rowspan="${list.length}">${title}</td>` : ""}<td>${esc(h.displayName)} <span class="muted">&lt;${esc(h.address)}&gt;</span></td><td>${esc(h.via.join("; "))}</td><td class="${h.declared ? "yes" : "no"}">${h.declared ? "yes" : "no"}</td><td>${flags}</td></tr>`;
    })
    .join("\n");
}

function mailboxSection(m: MailboxReview, findings: readonly Finding[]): string {
  const warnings = [
    m.gone === "softDeleted" ? `Deleted by hand: soft-deleted, can be restored until ${esc(when(m.restorableUntil))}.` : "",
    m.gone === "notFound" ? "Not found in the tenant." : "",
    m.signInAllowed ? "Sign-in is allowed on this shared mailbox's own account: anyone with its password can open it." : "",
  ].filter(Boolean);
  const declared = m.grants.filter((g) => g.declaredBy.length);
  const live = m.grants.filter((g) => g.live);
  const grantList = (list: typeof m.grants, side: "declared" | "live") =>
    list.length === 0
      ? `<p class="muted">none</p>`
      : `<table><thead><tr><th>Right</th><th>Trustee</th><th>${side === "declared" ? "Declared by" : "In code"}</th></tr></thead><tbody>${list
          .map((g) => {
            const third = side === "declared" ? `${esc(g.declaredBy.join(", "))}${g.live ? "" : ` <span class="tag warn">not on the tenant</span>`}` : g.declaredBy.length ? `<span class="yes">yes</span>` : `<span class="no">no</span>`;
            return `<tr><td class="nowrap">${g.right}</td><td>${esc(g.trusteeName)} <span class="muted">&lt;${esc(g.trustee)}&gt;</span></td><td>${third}</td></tr>`;
          })
          .join("")}</tbody></table>`;
  const setting = (label: string, s: MailboxReview["forwarding"]) =>
    `<tr><td>${label}</td><td>${esc(s.declared ?? "—")}${s.declaredBy ? ` <span class="muted">(${esc(s.declaredBy)})</span>` : ""}</td><td>${esc(s.live ?? "—")}</td></tr>`;
  return `<section class="box" id="${esc(m.id)}">
<h3>${esc(m.displayName)} <span class="muted">&lt;${esc(m.address)}&gt;</span></h3>
<div class="muted">Resources: ${esc(m.resources.join(", "))}</div>
${warnings.map((w) => `<p class="warn-line">⚠ ${w}</p>`).join("\n")}
${findings.length ? findingTable(findings, false) : `<p class="yes">No findings.</p>`}
<div class="side"><div><h4>Declared in code</h4>${grantList(declared, "declared")}</div><div><h4>Live on the tenant</h4>${grantList(live, "live")}</div></div>
<table><thead><tr><th>Setting</th><th>Declared</th><th>Live</th></tr></thead><tbody>${setting("Forwarding", m.forwarding)}${setting("Automatic replies", m.autoReply)}</tbody></table>
<h4>Effective access</h4>
<table><thead><tr><th>Right</th><th>Who</th><th>Through</th><th>In code</th><th>Flags</th></tr></thead><tbody>
${holders("Open (FullAccess)", m.access.fullAccess)}
${holders("Send as", m.access.sendAs)}
${holders("Send on behalf", m.access.sendOnBehalf)}
</tbody></table>
</section>`;
}

export function renderHtml(r: ReviewReport): string {
  const c = r.counts;
  const count = (label: string, n: number | string, bad: boolean) => `<div class="count ${bad ? "bad" : "ok"}"><b>${n}</b>${label}</div>`;
  const byMailbox = new Map<string, Finding[]>();
  for (const f of r.findings) byMailbox.set(f.mailbox, [...(byMailbox.get(f.mailbox) ?? []), f]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Access review: ${esc(r.project)}/${esc(r.stack)}</title><style>${STYLE}</style></head>
<body>
<h1>Access review of stack ${esc(r.stack)} <span class="muted">(project ${esc(r.project)})</span></h1>
<div class="muted">${esc(when(r.generatedAt))} · tenant ${esc(r.endpoint)}${r.previousAt ? ` · compared with the review of ${esc(when(r.previousAt))}` : ""}</div>
<p>${esc(headline(r).replace(/\*\*/g, ""))}</p>
<div class="counts">
${count("changed", c.changed, c.changed > 0)}${count("missing", c.missing, c.missing > 0)}${count("not in code", c.notInCode, c.notInCode > 0)}
${r.previousAt ? `${count("new", c.new, c.new > 0)}${count("resolved", c.resolved, false)}` : ""}${count("coverage", `${r.coverage.percent} %`, r.coverage.percent < 100)}${count("mailboxes", c.mailboxes, false)}
</div>
<h2>Findings</h2>
${r.findings.length ? findingTable(r.findings) : `<p class="yes">Nothing changed, missing or granted outside code.</p>`}
${r.resolved.length ? `<h2>Resolved since the previous review</h2>${findingTable(r.resolved)}` : ""}
<h2>Mailboxes</h2>
${r.mailboxes.map((m) => mailboxSection(m, byMailbox.get(m.address) ?? [])).join("\n")}
<p class="muted">${r.stats.seconds.toFixed(1)} s, ${r.stats.tenantRequests} tenant requests.</p>
</body></html>
`;
}
