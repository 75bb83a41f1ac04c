import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTenant } from "../../tenant/server";
import type { RunningTenant } from "../../tenant/options";

/**
 * The tenant CLI run as a child process against a tenant started in this process (port 0, a
 * temporary SQLite file, a small seed). Each test asserts what the CLI printed and what the
 * tenant holds afterwards, read over HTTP.
 */

const REPO = join(__dirname, "..", "..");
// The compiled CLI (npm test builds first), as tests/tenant/cli-serve.test.ts runs it: starting it
// through ts-node took 8 to 9 s per command on a loaded two-core machine, the compiled one 2 to 3 s.
const CLI = join(REPO, "dist", "tenant", "cli.js");
const ADMIN_TOKEN = "cli-test-admin";
const READER_TOKEN = "cli-test-reader";

const SEED = `
organization: Contoso Ltd
defaultDomain: contoso.com
acceptedDomains: [contoso.com, contoso.co.uk]
recipients:
  - { type: UserMailbox, name: Adele Vance, alias: adele.vance, primarySmtpAddress: adele.vance@contoso.com }
  - { type: UserMailbox, name: Alex Wilber, alias: alex.wilber, primarySmtpAddress: alex.wilber@contoso.com }
  - { type: SharedMailbox, name: Reception, alias: reception, primarySmtpAddress: reception@contoso.com, additionalAddresses: [reception@contoso.co.uk], accountDisabled: true }
  - { type: MailUniversalDistributionGroup, name: Sales, alias: sales, primarySmtpAddress: sales@contoso.com, members: [Adele Vance] }
  - { type: MailContact, name: Jill Frank (Fabrikam), alias: jill.frank-fabrikam, primarySmtpAddress: jill.frank@fabrikam.com, externalEmailAddress: jill.frank@fabrikam.com }
`;

let dir: string;
let tenant: RunningTenant;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd: REPO,
        env: { ...process.env, TENANT_ENDPOINT: tenant.url, TENANT_TOKEN: ADMIN_TOKEN, FORCE_COLOR: "0", ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** A port nothing listens on. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${tenant.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

const grantsOf = async (identity: string) =>
  (await api<{ items: { accessRights: string; trusteeAddress: string; autoMapping: boolean }[] }>("GET", `/v1/recipients/${encodeURIComponent(identity)}/grants`)).body.items;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tenant-cli-"));
  const seedFile = join(dir, "seed.yaml");
  writeFileSync(seedFile, SEED);
  tenant = await startTenant({
    dataFile: join(dir, "tenant.db"),
    seedFile,
    port: 0,
    host: "127.0.0.1",
    log: false,
    tokens: {
      [ADMIN_TOKEN]: { principal: "admin@contoso.com", role: "GlobalAdmin" },
      [READER_TOKEN]: { principal: "auditor@contoso.com", role: "GlobalReader" },
    },
  });
}, 60_000);

afterAll(async () => {
  await tenant?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("tenant CLI", () => {
  it("recipients prints a table of the seeded recipients with their types and addresses", async () => {
    const r = await cli(["recipients"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const text of ["Adele Vance", "Reception", "SharedMailbox", "reception@contoso.com", "MailContact", "jill.frank@fabrikam.com"]) {
      expect(r.stdout).toContain(text);
    }
    expect(r.stdout).toMatch(/5 of 5 recipients/);
  }, 60_000);

  it("recipients --type SharedMailbox --json prints only the shared mailbox as JSON", async () => {
    const r = await cli(["recipients", "--type", "sharedmailbox", "--json"]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { items: { primarySmtpAddress: string }[] };
    expect(list.items.map((i) => i.primarySmtpAddress)).toEqual(["reception@contoso.com"]);
  }, 60_000);

  it("whoami names the token's principal and role", async () => {
    const r = await cli(["whoami"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("admin@contoso.com");
    expect(r.stdout).toContain("GlobalAdmin");
  }, 60_000);

  it("show prints the mailbox's addresses, blocked sign-in, forwarding and permissions", async () => {
    const r = await cli(["show", "reception@contoso.com"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Reception");
    expect(r.stdout).toContain("reception@contoso.co.uk");
    expect(r.stdout).toMatch(/Sign-in\s*│\s*blocked/);
    expect(r.stdout).toMatch(/Forwarding\s*│\s*off/);
    expect(r.stdout).toContain("Permissions: none");
  }, 60_000);

  it("set displayName changes the mailbox's display name in the tenant", async () => {
    const r = await cli(["set", "reception", "displayName", "Front Desk"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('displayName = "Front Desk"');
    const mb = await api("GET", "/v1/mailboxes/reception%40contoso.com");
    expect(mb.body.displayName).toBe("Front Desk");
  }, 60_000);

  it("set refuses a value its field's schema refuses, names the field, and changes nothing", async () => {
    const r = await cli(["set", "reception", "messageCopyForSentAsEnabled", "perhaps"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error ValidationFailed: .*true or false.*messageCopyForSentAsEnabled/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const mb = await api("GET", "/v1/mailboxes/reception%40contoso.com");
    expect(mb.body.messageCopyForSentAsEnabled).toBe(false);
  }, 60_000);

  it("set parses booleans by the schema", async () => {
    const r = await cli(["set", "reception", "messageCopyForSentAsEnabled", "true"]);
    expect(r.code).toBe(0);
    const mb = await api("GET", "/v1/mailboxes/reception%40contoso.com");
    expect(mb.body.messageCopyForSentAsEnabled).toBe(true);
  }, 60_000);

  it("grant adds FullAccess without auto-mapping, show lists it, revoke removes it", async () => {
    const g = await cli(["grant", "reception@contoso.com", "adele.vance@contoso.com", "FullAccess", "--no-auto-mapping"]);
    expect(g.stderr).toBe("");
    expect(g.code).toBe(0);
    expect(g.stdout).toContain("granted FullAccess");
    expect(g.stdout).toContain("auto-mapping off");
    expect(await grantsOf("reception@contoso.com")).toEqual([
      expect.objectContaining({ accessRights: "FullAccess", trusteeAddress: "adele.vance@contoso.com", autoMapping: false }),
    ]);

    const s = await cli(["show", "reception"]);
    expect(s.stdout).toMatch(/FullAccess\s*│\s*adele\.vance@contoso\.com\s*│\s*no/);

    const r = await cli(["revoke", "reception@contoso.com", "Adele Vance", "fullaccess"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("revoked FullAccess");
    expect(await grantsOf("reception@contoso.com")).toEqual([]);
  }, 120_000);

  it("a grant to an external contact is refused: prints the error code, exits 1, grants nothing", async () => {
    const r = await cli(["grant", "reception", "jill.frank@fabrikam.com", "FullAccess"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error ExternalTrustee: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await grantsOf("reception")).toEqual([]);
  }, 60_000);

  it("FullAccess on a distribution group is refused with RecipientTypeNotAllowed", async () => {
    const r = await cli(["grant", "sales@contoso.com", "alex.wilber@contoso.com", "FullAccess"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error RecipientTypeNotAllowed: /);
  }, 60_000);

  it("an unknown right is refused before any call", async () => {
    const r = await cli(["grant", "reception", "adele.vance@contoso.com", "ReadOnly"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error ValidationFailed: "ReadOnly" is not a right/);
  }, 60_000);

  it("a reader may not change a mailbox: Forbidden, exit 1, nothing changed", async () => {
    const r = await cli(["set", "reception", "displayName", "Hijacked"], { TENANT_TOKEN: READER_TOKEN });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error Forbidden: /);
    expect((await api("GET", "/v1/mailboxes/reception")).body.displayName).not.toBe("Hijacked");
  }, 60_000);

  it("enable-sign-in unblocks a shared mailbox's account and warns that it is drift", async () => {
    const r = await cli(["enable-sign-in", "reception"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("sign-in allowed");
    expect(r.stderr).toContain("drift");
    expect((await api("GET", "/v1/mailboxes/reception")).body.accountDisabled).toBe(false);
  }, 60_000);

  it("forward and unforward set and clear the mailbox's forwarding", async () => {
    const f = await cli(["forward", "reception", "alex.wilber@contoso.com", "--keep-copy"]);
    expect(f.stderr).toBe("");
    expect(f.code).toBe(0);
    let fw = (await api("GET", "/v1/mailboxes/reception/forwarding")).body;
    expect(fw.effectiveTarget?.toLowerCase()).toBe("alex.wilber@contoso.com");
    expect(fw.deliverToMailboxAndForward).toBe(true);
    const u = await cli(["unforward", "reception"]);
    expect(u.code).toBe(0);
    fw = (await api("GET", "/v1/mailboxes/reception/forwarding")).body;
    expect(fw.effectiveTarget).toBeNull();
  }, 120_000);

  it("delete soft-deletes the mailbox and restore brings it back", async () => {
    const d = await cli(["delete", "reception@contoso.com"]);
    expect(d.stderr).toBe("");
    expect(d.code).toBe(0);
    expect(d.stdout).toContain("soft delete");
    const deleted = (await api<{ items: { primarySmtpAddress: string; isSoftDeleted: boolean }[] }>("GET", "/v1/shared-mailboxes?deleted=true")).body.items;
    expect(deleted.find((m) => m.primarySmtpAddress === "reception@contoso.com")?.isSoftDeleted).toBe(true);

    const r = await cli(["restore", "reception@contoso.com"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const live = (await api<{ items: { primarySmtpAddress: string; isSoftDeleted: boolean }[] }>("GET", "/v1/shared-mailboxes")).body.items;
    expect(live.find((m) => m.primarySmtpAddress === "reception@contoso.com")?.isSoftDeleted).toBe(false);
  }, 120_000);

  it("audit lists the changes the CLI made, by the admin", async () => {
    const r = await cli(["audit", "--json"]);
    expect(r.code).toBe(0);
    const items = (JSON.parse(r.stdout) as { items: { principal: string }[] }).items;
    expect(items.length).toBeGreaterThanOrEqual(5);
    expect(items.some((e) => e.principal === "admin@contoso.com")).toBe(true);
    const t = await cli(["audit", "--object", "reception"]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/\d+ entr(y|ies)/);
  }, 60_000);

  it("a tenant that is not running is one line that says how to start it", async () => {
    const port = await freePort();
    const r = await cli(["recipients"], { TENANT_ENDPOINT: `http://127.0.0.1:${port}` });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(`not running at http://127.0.0.1:${port}`);
    expect(r.stderr).toContain("serve");
  }, 60_000);
});
