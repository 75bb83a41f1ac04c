import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFile } from "child_process";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { TenantClient } from "../../provider/client/tenant-client";
import { validateDeclarations } from "../../provider/cli";
import { startTestTenant, auditCount, TestTenant, ADMIN } from "./helpers";

const ROOT = path.join(__dirname, "..", "..");
const CLI = path.join(ROOT, "dist", "provider", "cli.js");
const CONTOSO_SEED = path.join(ROOT, "tenant", "seed", "contoso.yaml");
const EXAMPLE = path.join(ROOT, "examples", "yaml", "mailboxes.yaml");

/** Three mistakes Exchange would refuse, each on its own resource; `pulumi preview` stops at the first. */
const MISTAKES = `mailboxes:
  - displayName: Sales Archive
    primarySmtpAddress: sales-archive@contoso.com
    quotaGB: 80
    fullAccess:
      - sales@contoso.com
      - adele.vance@contoso.com
    sendAs:
      - jill.frank@fabrikam.com
`;

/** Runs the real command line; resolves with its exit code and output whatever the code. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("validate: every mistake of a declarations file at once, checked by the provider against the tenant", () => {
  let t: TestTenant;
  let dir: string;
  let bad: string;
  beforeAll(async () => {
    t = await startTestTenant({ seedFile: CONTOSO_SEED });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailbox-validate-"));
    bad = path.join(dir, "mistakes.yaml");
    fs.writeFileSync(bad, MISTAKES);
  });
  afterAll(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finds all three mistakes with their resource, entry, line and property; the grants on the refused new mailbox are still checked", async () => {
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const r = await validateDeclarations(MISTAKES, "mistakes.yaml", client);
    expect(r.checked).toBe(4);
    expect(r.problems.map((p) => [p.resource, p.entry, p.line, p.property])).toEqual([
      ["sales-archive", "mailboxes[0]", 2, "quotaGB"],
      ["sales-archive-full-access-sales", "mailboxes[0].fullAccess[0]", 6, "trustee"],
      ["sales-archive-send-as-jill.frank", "mailboxes[0].sendAs[0]", 9, "trustee"],
    ]);
    expect(r.problems[0]!.reason).toContain("80 GB is above the 50 GB a shared mailbox may hold without a licence");
    expect(r.problems[1]!.reason).toContain('"sales@contoso.com" is a distribution group; FullAccess can be granted only to');
    expect(r.problems[2]!.reason).toContain('"jill.frank@fabrikam.com" is outside the organisation');
  });

  it("the command line prints them as a table and exits 1, writing nothing to the tenant", async () => {
    const writes = await auditCount(t);
    const r = await cli(["validate", bad, "--endpoint", t.url, "--token", ADMIN]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/│ resource\s+│ entry\s+│ property\s+│ reason/);
    for (const text of ["sales-archive ", "quotaGB", "sales-archive-full-access-sales", "distribution group", "sales-archive-send-as-jill.frank", "outside the"]) {
      expect(r.stdout).toContain(text);
    }
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("4 resources checked, 3 problems");
    expect(await auditCount(t)).toBe(writes);
  });

  it("a clean file (the YAML example) passes: exit 0, one line", async () => {
    const writes = await auditCount(t);
    const r = await cli(["validate", EXAMPLE, "--endpoint", t.url, "--token", ADMIN]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("9 resources checked, no problems\n");
    expect(await auditCount(t)).toBe(writes);
  });

  it("an access block's entries are checked like grants, each named by its list and place", async () => {
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const text = [
      "mailboxes:",
      "  - displayName: Sales Archive",
      "    primarySmtpAddress: sales-archive@contoso.com",
      "    access:",
      "      members: [sales@contoso.com]",
      "      fullAccess: [adele.vance, adele.vance@contoso.com]",
      "      sendOnBehalf: [sales@contoso.com]",
    ].join("\n");
    const writes = await auditCount(t);
    const r = await validateDeclarations(text, "access.yaml", client);
    expect(r.checked).toBe(2);
    expect(r.problems.map((p) => [p.kind, p.resource, p.entry, p.line, p.property, p.reason])).toEqual([
      ["MailboxAccess", "sales-archive-access", "mailboxes[0].access", 4, "members[0]", expect.stringContaining('"sales@contoso.com" is a distribution group; FullAccess can be granted only to')],
      ["MailboxAccess", "sales-archive-access", "mailboxes[0].access", 4, "fullAccess[1]", expect.stringContaining('"adele.vance@contoso.com" is listed twice (also at fullAccess[0] ("adele.vance", the same recipient))')],
    ]);
    expect(await auditCount(t)).toBe(writes);
  });

  it("a file that is not valid is reported with its lines before the tenant is asked anything; a tenant it cannot reach exits 2", async () => {
    const broken = path.join(dir, "broken.yaml");
    fs.writeFileSync(broken, "mailboxes:\n  - displayName: Desk\n    quota: 10\n");
    const r = await cli(["validate", broken, "--endpoint", t.url, "--token", ADMIN]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("broken.yaml:3:5: mailboxes[0].quota: is not a field here");

    const down = await cli(["validate", EXAMPLE, "--endpoint", "http://127.0.0.1:9", "--token", ADMIN], { MAILBOX_MAX_ATTEMPTS: "1" });
    expect(down.code).toBe(2);
    expect(down.stderr).toContain("cannot reach the tenant at http://127.0.0.1:9");
  });

  it.skipIf(process.platform === "win32")("a token file (MAILBOX_TOKEN_FILE) others may read is refused in one line with the chmod to run, before the tenant is asked; at 0600 it is used", async () => {
    const file = path.join(dir, "cli.token");
    fs.writeFileSync(file, `${ADMIN}\n`, { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const shared = await cli(["validate", EXAMPLE, "--endpoint", t.url], { MAILBOX_TOKEN: "", MAILBOX_TOKEN_FILE: file });
    expect(shared.code).toBe(2);
    expect(shared.stderr).toBe(`pulumi-mailbox: MAILBOX_TOKEN_FILE: ${file} can be read by other users of this machine (mode 0644), and it holds a token: run 'chmod 600 ${file}'\n`);
    fs.chmodSync(file, 0o600);
    const ok = await cli(["validate", EXAMPLE, "--endpoint", t.url], { MAILBOX_TOKEN: "", MAILBOX_TOKEN_FILE: file });
    expect(ok.code).toBe(0);
  });
});
