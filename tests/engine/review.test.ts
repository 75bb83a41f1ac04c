import * as fs from "fs";
import * as path from "path";
import { execFile } from "child_process";
import { promisify } from "util";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { chromium } from "playwright-core";
import { SharedMailbox, MailboxPermission, ForwardingRule, AutoReply } from "pulumi-mailbox";
import { reviewStack, exitCodeOf, renderHtml, renderMarkdown } from "../../provider/review";
import { ReviewReport } from "../../schemas/review";
import { passphraseEnv, REPO_ROOT } from "../../engine/settings";
import { ADMIN } from "../tenant/helpers";
import { engineFixture, EngineFixture } from "./harness";

/**
 * The access review on the real engine and the real tenant: a stack declares a shared mailbox with
 * grants, forwarding and automatic replies, and one grant on the seed's Reception mailbox (managed
 * only by that MailboxPermission). Another administrator then changes things by hand; the review
 * names each change with that administrator from the audit log, exits 2, and after `up` and the
 * hand-made grants undone finds everything resolved. The HTML report is read in headless Chromium.
 */

/** A second administrator, so "who" is visibly the audit log's principal and not the stack's token. */
const HAND = "t-exchange-admin";
const HAND_PRINCIPAL = "exadmin@fabrikam.test";
const DESK = "review-desk@contoso.com";
const RECEPTION = "reception@contoso.com";
const ARTIFACTS = path.join(REPO_ROOT, ".pulumi-work", "review-artifacts");

function program() {
  const desk = new SharedMailbox("review-desk", { displayName: "Review Desk", primarySmtpAddress: DESK });
  new MailboxPermission("adele-full", { mailbox: desk.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
  new MailboxPermission("adele-send-as", { mailbox: desk.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "SendAs" });
  new ForwardingRule("desk-forward", { mailbox: desk.primarySmtpAddress, forwardTo: "sales@contoso.com", keepCopy: true });
  new AutoReply("desk-reply", { mailbox: desk.primarySmtpAddress, state: "Enabled", internalMessage: "We answer within a day.", externalAudience: "None" });
  new MailboxPermission("reception-alex", { mailbox: RECEPTION, trustee: "alex.wilber@contoso.com", accessRights: "FullAccess" });
  return {};
}

const summary = (r: ReviewReport) => r.findings.map((f) => `${f.kind} ${f.mailbox} ${f.subject}${f.live && f.kind === "notInCode" ? ` ${f.live}` : ""} by ${f.who.principal} (${f.status})`).sort();

describe("pulumi-mailbox review on the real engine", () => {
  let f: EngineFixture;
  let first: ReviewReport;
  let second: ReviewReport;
  const settings = () => ({ endpoint: f.tenant.url, token: ADMIN });

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    f = await engineFixture("review");
    f.declare(program);
    const up = await f.up();
    if (up.error) throw new Error(up.error);
  }, 180_000);
  afterAll(async () => f?.dispose());

  it("right after up the review is clean (exit 0), with every live grant declared", async () => {
    const r = await reviewStack(f.stack, settings());
    expect(summary(r)).toEqual([]);
    expect(exitCodeOf(r)).toBe(0);
    expect(r.coverage).toEqual({ declared: 3, live: 3, percent: 100 });
    expect(r.mailboxes.map((m) => m.address)).toEqual([RECEPTION, DESK]);
  }, 120_000);

  it("names each change made by hand with the principal from the audit log, exits 2, and writes neither state nor tenant", async () => {
    await f.adminAs(HAND, "grant", RECEPTION, "support-leads@contoso.com", "FullAccess");
    await f.adminAs(HAND, "forward", RECEPTION, "legacy-support@contoso.com");
    await f.adminAs(HAND, "grant", DESK, "tomas.novak@contoso.com", "FullAccess");
    await f.adminAs(HAND, "set", DESK, "displayName", "Review Desk (renamed)");
    await f.adminAs(HAND, "revoke", DESK, "adele.vance@contoso.com", "SendAs");
    await f.adminAs(HAND, "enable-sign-in", DESK);
    const writes = await f.auditCount();
    const stateBefore = JSON.stringify((await f.stack.exportStack()).deployment.resources);

    first = await reviewStack(f.stack, settings());
    expect(summary(first)).toEqual([
      `changed ${DESK} displayName by ${HAND_PRINCIPAL} (new)`,
      `changed ${DESK} signInBlocked by ${HAND_PRINCIPAL} (new)`,
      `missing ${DESK} SendAs by ${HAND_PRINCIPAL} (new)`,
      `notInCode ${RECEPTION} FullAccess support-leads@contoso.com by ${HAND_PRINCIPAL} (new)`,
      `notInCode ${RECEPTION} forwarding legacy-support@contoso.com by ${HAND_PRINCIPAL} (new)`,
      `notInCode ${DESK} FullAccess tomas.novak@contoso.com by ${HAND_PRINCIPAL} (new)`,
    ]);
    expect(exitCodeOf(first)).toBe(2);
    const renamed = first.findings.find((x) => x.subject === "displayName")!;
    expect(renamed).toMatchObject({ declared: "Review Desk", live: "Review Desk (renamed)", resource: { name: "review-desk", kind: "SharedMailbox" } });
    expect(Date.parse(renamed.who.at!)).toBeLessThanOrEqual(Date.now());
    expect(first.coverage).toEqual({ declared: 2, live: 4, percent: 50 });

    const desk = first.mailboxes.find((m) => m.address === DESK)!;
    expect(desk.signInAllowed).toBe(true);
    expect(desk.access.fullAccess.find((h) => h.address === "tomas.novak@contoso.com")).toMatchObject({ flags: ["disabled"], declared: false, via: ["direct"] });
    const reception = first.mailboxes.find((m) => m.address === RECEPTION)!;
    expect(reception.access.fullAccess.map((h) => `${h.address} ${h.via.join(";")} ${h.declared}`)).toEqual([
      "alex.wilber@contoso.com direct true",
      "christie.cline@contoso.com Support Leads false",
      "lee.gu@contoso.com Support Leads false",
      "nestor.wilke@contoso.com Support Leads false",
    ]);

    expect(await f.auditCount()).toBe(writes);
    expect(JSON.stringify((await f.stack.exportStack()).deployment.resources)).toBe(stateBefore);
    fs.writeFileSync(path.join(ARTIFACTS, "first.json"), JSON.stringify(first, null, 2));
  }, 120_000);

  it("the HTML report, rendered in headless Chromium, shows the findings with who, declared against live and effective access", async () => {
    const file = path.join(ARTIFACTS, "review.html");
    fs.writeFileSync(file, renderHtml(first));
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(`file://${file}`);
      const text = await page.innerText("body");
      for (const expected of ["Not in code", "support-leads@contoso.com", "Review Desk (renamed)", HAND_PRINCIPAL, "account disabled", "Declared in code", "Live on the tenant", "Sign-in is allowed"]) {
        expect(text).toContain(expected);
      }
      const png = path.join(ARTIFACTS, "review.png");
      await page.screenshot({ path: png, fullPage: true });
      expect(fs.statSync(png).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it("after up and some hand-made access undone, --previous marks resolved, still open (first seen) and new", async () => {
    const up = await f.up({ refresh: true });
    expect(up.error).toBeUndefined();
    await f.adminAs(HAND, "revoke", DESK, "tomas.novak@contoso.com", "FullAccess");
    await f.adminAs(HAND, "grant", DESK, "megan.bowen@contoso.com", "SendOnBehalf");

    second = await reviewStack(f.stack, settings(), { previous: first });
    expect(summary(second)).toEqual([
      `notInCode ${RECEPTION} FullAccess support-leads@contoso.com by ${HAND_PRINCIPAL} (open)`,
      `notInCode ${RECEPTION} forwarding legacy-support@contoso.com by ${HAND_PRINCIPAL} (open)`,
      `notInCode ${DESK} SendOnBehalf megan.bowen@contoso.com by ${HAND_PRINCIPAL} (new)`,
    ]);
    const open = second.findings.find((x) => x.status === "open")!;
    expect(open.firstSeen).toBe(first.generatedAt);
    expect(second.resolved.map((x) => `${x.kind} ${x.subject}`).sort()).toEqual(["changed displayName", "changed signInBlocked", "missing SendAs", "notInCode FullAccess"]);
    expect(second.counts).toMatchObject({ new: 1, resolved: 4 });
    expect(renderMarkdown(second)).toContain("1 new, 4 resolved since");
  }, 180_000);

  it("the command line: exit 2 and the three files; with everything undone exit 0 and the rest resolved", async () => {
    const cli = path.join(REPO_ROOT, "dist", "provider", "cli.js");
    const env = { ...process.env, PULUMI_BACKEND_URL: `file://${f.stateDir}`, ...passphraseEnv(f.stateDir), PULUMI_HOME: path.join(path.dirname(f.stateDir), "home") };
    const out = (name: string) => path.join(ARTIFACTS, name);
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, [cli, "review", "--cwd", f.stack.workspace.workDir, "--stack", "test", ...args], { env }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );
    fs.writeFileSync(out("second.json"), JSON.stringify(second));
    for (const name of ["cli.md", "cli.html", "cli.json"]) fs.rmSync(out(name), { force: true });

    const drift = await run("--markdown", out("cli.md"), "--html", out("cli.html"), "--json", out("cli.json"), "--previous", out("second.json"));
    expect(drift.code, drift.stderr).toBe(2);
    expect(drift.stderr).toMatch(/^review of review\/test: 0 changed, 0 missing, 3 not in code, coverage 60 % .*; wrote /);
    const written = ReviewReport.parse(JSON.parse(fs.readFileSync(out("cli.json"), "utf8")));
    expect(written.counts).toMatchObject({ notInCode: 3, new: 0, resolved: 0 });
    expect(fs.readFileSync(out("cli.md"), "utf8")).toContain("| not in code | SendOnBehalf | — | megan.bowen@contoso.com | exadmin@fabrikam.test |");
    expect(fs.readFileSync(out("cli.html"), "utf8")).toContain("<!doctype html>");

    await f.adminAs(HAND, "revoke", DESK, "megan.bowen@contoso.com", "SendOnBehalf");
    await f.adminAs(HAND, "revoke", RECEPTION, "support-leads@contoso.com", "FullAccess");
    await f.adminAs(HAND, "unforward", RECEPTION);
    const clean = await run("--previous", out("cli.json"));
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toContain("**Clean**: nothing changed, missing or granted outside code · 0 new, 3 resolved since");
  }, 240_000);

  it.each([
    ["a stack that does not exist", ["--stack", "nope"], /^pulumi-mailbox review: no stack "nope" in project "review"/],
    ["a corrupt --previous file", ["--previous", "CORRUPT"], /^pulumi-mailbox review: --previous .*corrupt\.json: not JSON/],
    ["an unreachable tenant", ["--endpoint", "http://127.0.0.1:9"], /^pulumi-mailbox review: cannot reach the tenant at http:\/\/127\.0\.0\.1:9/],
    ["a token that may not read the tenant", ["--token", "t-user"], /^pulumi-mailbox review: the tenant at .* refused the review's token \(Forbidden/],
  ])("%s: one line, exit 1, no file written", async (_what, extra, message) => {
    const cli = path.join(REPO_ROOT, "dist", "provider", "cli.js");
    const env = { ...process.env, PULUMI_BACKEND_URL: `file://${f.stateDir}`, ...passphraseEnv(f.stateDir), PULUMI_HOME: path.join(path.dirname(f.stateDir), "home") };
    const corrupt = path.join(ARTIFACTS, "corrupt.json");
    fs.writeFileSync(corrupt, '{"format": "pulumi-mailbox/review@1", "findings": [');
    const json = path.join(ARTIFACTS, "bad-input.json");
    fs.rmSync(json, { force: true });
    const args = ["review", "--cwd", f.stack.workspace.workDir, "--stack", "test", "--json", json, ...extra].map((a) => (a === "CORRUPT" ? corrupt : a));
    // A later --stack wins in commander: the bad one is last.
    const r = await promisify(execFile)(process.execPath, [cli, ...args], { env }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(fs.existsSync(json)).toBe(false);
  }, 60_000);
});
