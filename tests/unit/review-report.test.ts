/**
 * The access review's report builders without a tenant or an engine: what code declares per
 * resource kind, Not in code, Missing, Changed, who and when from audit entries, effective access
 * with nested groups and flags, coverage, history against a previous report, and the Markdown,
 * HTML and JSON views.
 */
import * as fs from "fs";
import { describe, expect, it } from "vitest";
import type { AuditEntry, Grant, Mailbox, Recipient } from "../../schemas";
import { ReviewReport, REVIEW_FORMAT } from "../../schemas/review";
import { DECLARES, type StateResource } from "../../provider/review/declared";
import { buildReview } from "../../provider/review/findings";
import { withHistory, whoWhen, readPrevious, PreviousReportError } from "../../provider/review/history";
import { DirectoryIndex, type TenantSnapshot } from "../../provider/review/tenant-read";
import type { Observation } from "../../provider/review/refresh";
import { changesOf } from "../../provider/review/refresh";
import { renderMarkdown } from "../../provider/review/markdown";
import { renderHtml, esc } from "../../provider/review/html";
import { REVIEW_SCHEMA_FILE, reviewSchemaText } from "../../scripts/generate-json-schema";

function person(id: string, name: string, extra: Partial<Recipient> = {}): Recipient {
  const address = extra.primarySmtpAddress ?? `${id}@contoso.com`;
  return { id, name, displayName: name, alias: id, primarySmtpAddress: address, emailAddresses: [`SMTP:${address}`], recipientTypeDetails: "UserMailbox", accountDisabled: false, ...extra };
}

const people = [
  person("adele", "Adele Vance"),
  person("lee", "Lee Gu"),
  person("tomas", "Tomas Novak (left)", { accountDisabled: true }),
  person("ravi", "Ravi Kumar (Contractor)", { recipientTypeDetails: "MailUser", externalEmailAddress: "ravi@northwind.com" }),
  person("inner", "Finance Admins", { recipientTypeDetails: "MailUniversalSecurityGroup", members: ["tomas", "ravi"] }),
  person("outer", "Finance", { recipientTypeDetails: "MailUniversalSecurityGroup", members: ["adele", "inner", "outer"] }),
  person("desk", "Sales Desk", { recipientTypeDetails: "SharedMailbox", accountDisabled: false, primarySmtpAddress: "sales-desk@contoso.com" }),
];

const grant = (right: Grant["accessRights"], trusteeId: string): Grant => ({
  id: `desk/${right}/${trusteeId}`,
  targetId: "desk",
  trusteeId,
  trusteeAddress: `${trusteeId}@contoso.com`,
  accessRights: right,
  autoMapping: right === "FullAccess",
  isSystem: false,
});

const box = { ...people[6]!, accountDisabled: false } as unknown as Mailbox;

function snapshot(grants: Grant[], extra: Partial<TenantSnapshot> = {}): TenantSnapshot {
  return {
    organization: { organization: "Contoso", defaultDomain: "contoso.com", acceptedDomains: ["contoso.com"] },
    directory: new DirectoryIndex(people),
    deleted: new Map(),
    live: new Map([["desk", { id: "desk", box, grants, forwarding: { mailboxId: "desk", forwardingAddress: null, forwardingSmtpAddress: "x@fabrikam.com", deliverToMailboxAndForward: false, effectiveTarget: "x@fabrikam.com" }, autoReply: undefined }]]),
    ...extra,
  };
}

const res = (kind: string, name: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = {}): StateResource => ({
  urn: `urn:pulumi:test::p::pulumi-nodejs:dynamic/mailbox:${kind}::${name}`,
  name,
  kind,
  id: String(outputs.mailboxId ?? name),
  inputs,
  outputs,
});

const mailbox = res("SharedMailbox", "sales-desk", { displayName: "Sales Desk" }, { mailboxId: "desk", primarySmtpAddress: "sales-desk@contoso.com" });
const adeleGrant = res("MailboxPermission", "adele-fa", { mailbox: "sales-desk@contoso.com", trustee: "adele@contoso.com", accessRights: "FullAccess" }, { mailboxId: "desk", trusteeId: "adele" });
const leeGrant = res("MailboxPermission", "lee-sa", { mailbox: "sales-desk@contoso.com", trustee: "lee@contoso.com", accessRights: "SendAs" }, { mailboxId: "desk", trusteeId: "lee" });
const none = new Map<string, Observation>();

describe("what code declares, per resource kind", () => {
  it("MailboxAccess declares members as FullAccess and SendAs, and each list by its right", () => {
    const d = DECLARES.MailboxAccess!(res("MailboxAccess", "a", { mailbox: "desk", members: ["adele"], fullAccess: ["inner"], sendOnBehalf: ["lee"] }, { mailboxId: "desk" }));
    expect(d.authoritative).toBe(true);
    expect(d.grants).toEqual([
      { right: "FullAccess", trustee: "adele" },
      { right: "FullAccess", trustee: "inner" },
      { right: "SendAs", trustee: "adele" },
      { right: "SendOnBehalf", trustee: "lee" },
    ]);
  });

  it("a grant declared by MailboxAccess is not 'not in code'", () => {
    const access = res("MailboxAccess", "desk-access", { mailbox: "sales-desk@contoso.com", fullAccess: ["Adele Vance"] }, { mailboxId: "desk" });
    const built = buildReview([mailbox, access], none, snapshot([grant("FullAccess", "adele"), grant("FullAccess", "lee")]));
    expect(built.drafts.filter((d) => d.finding.kind === "notInCode" && d.finding.subject === "FullAccess").map((d) => d.finding.live)).toEqual(["lee@contoso.com"]);
  });
});

describe("findings", () => {
  it("a FullAccess added by hand on a mailbox managed only by MailboxPermission resources is not in code, and so is forwarding nobody declares", () => {
    const built = buildReview([adeleGrant, leeGrant], none, snapshot([grant("FullAccess", "adele"), grant("SendAs", "lee"), grant("FullAccess", "outer")]));
    expect(built.drafts.map((d) => [d.finding.kind, d.finding.subject, d.finding.live])).toEqual([
      ["notInCode", "FullAccess", "outer@contoso.com"],
      ["notInCode", "forwarding", "x@fabrikam.com"],
    ]);
    expect(built.coverage).toEqual({ declared: 2, live: 3, percent: 66.7 });
  });

  it("a declared grant the refresh found gone is missing; a changed property is changed with declared and live values", () => {
    const observations = new Map<string, Observation>([
      [leeGrant.urn, { urn: leeGrant.urn, gone: true, changes: new Map() }],
      [mailbox.urn, { urn: mailbox.urn, gone: false, changes: new Map([["displayName", ["Sales Desk", "Sales (old)"]]]) }],
    ]);
    const built = buildReview([mailbox, adeleGrant, leeGrant], observations, snapshot([grant("FullAccess", "adele")]));
    const byKind = (k: string) => built.drafts.filter((d) => d.finding.kind === k).map((d) => d.finding);
    expect(byKind("missing")).toMatchObject([{ subject: "SendAs", declared: "lee@contoso.com", detail: "SendAs grant of lee@contoso.com was removed by hand" }]);
    expect(byKind("changed")).toMatchObject([{ subject: "displayName", declared: "Sales Desk", live: "Sales (old)", resource: { name: "sales-desk", kind: "SharedMailbox" } }]);
    expect(built.mailboxes[0]!.grants.find((g) => g.right === "SendAs")).toMatchObject({ declaredBy: ["lee-sa"], live: false });
    expect(built.mailboxes[0]!.signInAllowed).toBe(true);
  });

  it("a soft-deleted mailbox says until when it can be restored", () => {
    const deleted = { ...box, isSoftDeleted: true, whenSoftDeleted: "2026-11-01T10:00:00.000Z" } as Mailbox;
    const t = snapshot([], { live: new Map(), deleted: new Map([["desk", deleted]]) });
    const built = buildReview([mailbox], new Map([[mailbox.urn, { urn: mailbox.urn, gone: true, changes: new Map() }]]), t);
    expect(built.drafts[0]!.finding.detail).toContain("can be restored until 2026-12-01T10:00:00.000Z");
    expect(built.mailboxes[0]).toMatchObject({ gone: "softDeleted", restorableUntil: "2026-12-01T10:00:00.000Z" });
  });
});

describe("effective access", () => {
  it("expands nested groups once each (a group that contains itself too), flags the leaver and the outside contractor", () => {
    const built = buildReview([adeleGrant], none, snapshot([grant("FullAccess", "adele"), grant("FullAccess", "outer")]));
    const holders = built.mailboxes[0]!.access.fullAccess;
    expect(holders.map((h) => [h.address, h.via, h.flags, h.declared])).toEqual([
      ["adele@contoso.com", ["direct", "Finance"], [], true],
      ["ravi@contoso.com", ["Finance → Finance Admins"], ["external"], false],
      ["tomas@contoso.com", ["Finance → Finance Admins"], ["disabled"], false],
    ]);
  });
});

describe("who and when", () => {
  const entry = (id: number, action: string, objectId: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({ id, at: `2026-11-27T10:0${id}:00.000Z`, principal: `p${id}`, action, objectId, objectType: "Mailbox", before: null, after: null, ...extra });

  it("takes the latest entry that changed the field; 'unknown' when the log has none", () => {
    const audit = new Map([["desk", [entry(1, "updateMailbox", "desk", { before: { displayName: "A" }, after: { displayName: "B" } }), entry(2, "updateMailbox", "desk", { before: { quotaGB: 1 }, after: { quotaGB: 2 } })]]]);
    expect(whoWhen([{ objectId: "desk", objectType: "Mailbox", fields: ["displayName"] }], audit)).toEqual({ principal: "p1", at: "2026-11-27T10:01:00.000Z", action: "updateMailbox" });
    expect(whoWhen([{ objectId: "nothing" }], audit)).toEqual({ principal: "unknown", at: null, action: null });
  });
});

describe("history", () => {
  const draft = (id: string) => ({ finding: { id, kind: "notInCode" as const, mailbox: "m", resource: null, subject: "FullAccess", declared: null, live: "x", detail: id }, probes: [] });

  it("marks a finding seen before open with its first date, a new one new, and one no longer found resolved", () => {
    const first = withHistory([draft("a"), draft("b")], new Map(), undefined, "2026-11-01T00:00:00.000Z");
    expect(first.findings.map((f) => f.status)).toEqual(["new", "new"]);
    const previous = { findings: first.findings, generatedAt: "2026-11-01T00:00:00.000Z" } as ReviewReport;
    const second = withHistory([draft("b"), draft("c")], new Map(), previous, "2026-11-02T00:00:00.000Z");
    expect(second.findings.map((f) => [f.id, f.status, f.firstSeen])).toEqual([
      ["b", "open", "2026-11-01T00:00:00.000Z"],
      ["c", "new", "2026-11-02T00:00:00.000Z"],
    ]);
    expect(second.resolved.map((f) => [f.id, f.status, f.resolvedAt])).toEqual([["a", "resolved", "2026-11-02T00:00:00.000Z"]]);
  });

  it("a corrupt --previous file is one clear error naming the file", () => {
    const file = `${fs.mkdtempSync("/tmp/review-")}/prev.json`;
    fs.writeFileSync(file, "{ not json");
    expect(() => readPrevious(file)).toThrow(PreviousReportError);
    expect(() => readPrevious(file)).toThrow(/--previous .*prev\.json: not JSON/);
    fs.writeFileSync(file, JSON.stringify({ format: "something else" }));
    expect(() => readPrevious(file)).toThrow(/not a review report \(format: /);
  });
});

describe("the engine's refresh diff", () => {
  it("compares the state's inputs (else outputs) with the read's, leaving out the provider's own keys", () => {
    const state = (inputs: Record<string, unknown>, outputs: Record<string, unknown> = {}) => ({ inputs, outputs }) as never;
    const changes = changesOf(state({ displayName: "A", __provider: "x", adopt: true }, { signInBlocked: true }), state({ displayName: "B", signInBlocked: false, __provider: "y" }), undefined);
    expect([...changes]).toEqual([
      ["displayName", ["A", "B"]],
      ["signInBlocked", [true, false]],
    ]);
  });
});

function sampleReport(): ReviewReport {
  const built = buildReview([mailbox, adeleGrant], none, snapshot([grant("FullAccess", "adele"), grant("FullAccess", "outer")]));
  const { findings, resolved } = withHistory(built.drafts, new Map(), undefined, "2026-11-27T10:00:00.000Z");
  return ReviewReport.parse({
    format: REVIEW_FORMAT, project: "p", stack: "dev", endpoint: "http://t", generatedAt: "2026-11-27T10:00:00.000Z", outcome: "drift",
    counts: { changed: 0, missing: 0, notInCode: findings.length, new: findings.length, resolved: 0, mailboxes: 1, resources: 2 },
    coverage: built.coverage, findings, resolved, mailboxes: built.mailboxes, previousAt: null, stats: { seconds: 1, refreshSeconds: 1, tenantRequests: 3 },
  });
}

describe("views", () => {
  it("Markdown: the counts first, a table of the mailbox's findings, effective access folded", () => {
    const md = renderMarkdown(sampleReport());
    const lines = md.split("\n");
    expect(lines[2]).toMatch(/^\*\*Drift: 2 findings\*\*: 0 changed, 0 missing, 2 not in code · coverage 50 % \(1 of 2 live grants declared\)/);
    expect(md).toContain("| not in code | FullAccess | — | outer@contoso.com | unknown | unknown | new |");
    expect(md).toContain("⚠ sign-in is allowed on this shared mailbox's own account");
    expect(md).toMatch(/<details><summary>Effective access: 3 can open/);
    expect(md).toContain("| open (FullAccess) | Tomas Novak (left) &lt;tomas@contoso.com&gt; | Finance → Finance Admins | **no** | ⚠ account disabled |");
  });

  it("HTML: one page without scripts or outside resources; text is escaped", () => {
    const html = renderHtml(sampleReport());
    expect(html).not.toMatch(/<script|<link|src=|@import/i);
    expect(html).toContain("Declared in code");
    expect(esc(`<b a="1">&'`)).toBe("&lt;b a=&quot;1&quot;&gt;&amp;&#39;");
  });

  it("JSON: the committed schema is what scripts/generate-json-schema writes (run `npm run build && node dist/scripts/generate-json-schema.js` after changing schemas/review.ts)", () => {
    expect(fs.readFileSync(REVIEW_SCHEMA_FILE, "utf8")).toBe(reviewSchemaText());
  });
});
