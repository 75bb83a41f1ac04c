import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFile } from "child_process";
import { promisify } from "util";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { parse as parseYaml } from "yaml";
import { loadDeclarations } from "../../provider/declarations";
import { TenantClient } from "../../provider/client/tenant-client";
import { exportTenant } from "../../provider/cli";
import { DeclarationsFile } from "../../schemas/declarations";
import { REPO_ROOT } from "../../engine/settings";
import { ADMIN } from "../tenant/helpers";
import { engineFixture, EngineFixture } from "./harness";

const CLI = path.join(REPO_ROOT, "dist", "provider", "cli.js");

/** The resource names loadDeclarations gives what the export finds. */
const RESOURCES = [
  "legacy-support",
  "legacy-support-forwarding",
  "reception",
  "reception-full-access-adele.vance",
  "reception-full-access-helpdesk-agents",
  "reception-send-as-nestor.wilke",
  "reception-send-on-behalf-marketing",
  "reception-forwarding",
  "reception-auto-reply",
].sort();

/** What an administrator set up by hand over the years on the seed's Reception and Legacy Support. */
async function setUpByHand(f: EngineFixture): Promise<void> {
  const as = async (method: string, apiPath: string, body: unknown) => {
    const r = await f.tenant.call(method, apiPath, body);
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  };
  await as("POST", "/v1/recipients/reception@contoso.com/grants", { trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
  await as("POST", "/v1/recipients/reception@contoso.com/grants", { trustee: "helpdesk-agents@contoso.com", accessRights: "FullAccess" });
  await as("POST", "/v1/recipients/reception@contoso.com/grants", { trustee: "nestor.wilke@contoso.com", accessRights: "SendAs" });
  await as("POST", "/v1/recipients/reception@contoso.com/grants", { trustee: "marketing@contoso.com", accessRights: "SendOnBehalf" });
  await as("PUT", "/v1/mailboxes/reception@contoso.com/forwarding", { forwardTo: "nightshift@northwindtraders.com", keepCopy: true });
  await as("PUT", "/v1/mailboxes/reception@contoso.com/auto-reply", {
    state: "Scheduled",
    startTime: "2030-12-24T08:00:00Z",
    endTime: "2031-01-02T08:00:00+01:00",
    internalMessage: "Reception is closed over the holidays.\nParcels go to the loading bay.",
    externalMessage: "Our offices are closed until 2 January: we answer then.",
    externalAudience: "Known",
  });
  // Forwarding to a recipient of the tenant (Exchange's ForwardingAddress, not an SMTP address).
  await as("PUT", "/v1/mailboxes/legacy-support@contoso.com/forwarding", { forwardTo: "Lee Gu", keepCopy: false });
}

/**
 * `pulumi-mailbox export` against a tenant with mailboxes no stack manages (the seed's Reception
 * and Legacy Support, given grants, forwarding and automatic replies by hand): the file it writes,
 * loaded with loadDeclarations, is taken over by one `pulumi up` that changes nothing.
 */
describe("export: the tenant's shared mailboxes as adoptable declarations", () => {
  let f: EngineFixture;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    f = await engineFixture("export");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailbox-export-"));
    file = path.join(dir, "exported.yaml");
    await setUpByHand(f);
  });
  afterAll(async () => {
    await f?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes every shared mailbox with its grants, forwarding and automatic replies, adopt: true on each, and reads nothing it writes", async () => {
    const writes = await f.auditCount();
    const client = new TenantClient({ endpoint: f.tenant.url, token: ADMIN });
    const { text, declarations, stats, warnings } = await exportTenant(client, { concurrency: 8, now: new Date("2031-05-01T10:00:00Z") });
    fs.writeFileSync(file, text);
    expect(warnings).toEqual([]);
    expect(stats).toMatchObject({ mailboxes: 2, grants: 4, forwardings: 2, autoReplies: 1 });
    // One list, then three reads per mailbox, never more than 8 at once.
    expect(stats.requests).toBe(1 + 2 * 3);
    expect(stats.peakInFlight).toBeLessThanOrEqual(8);
    expect(await f.auditCount()).toBe(writes);

    expect(text).toMatch(/^# Shared mailboxes exported by `pulumi-mailbox export` from the tenant at http:\/\/127\.0\.0\.1:\d+\n# on 2031-05-01T10:00:00\.000Z: 2 shared mailboxes, 4 grants/);
    expect(DeclarationsFile.parse(parseYaml(text))).toEqual(declarations);
    expect(declarations.mailboxes).toEqual([
      {
        displayName: "Legacy Support",
        alias: "legacy-support",
        primarySmtpAddress: "legacy-support@contoso.com",
        additionalAddresses: ["legacy-support@contoso.co.uk"],
        adopt: true,
        forwarding: { forwardTo: "lee.gu@contoso.com", keepCopy: false, adopt: true },
      },
      {
        displayName: "Reception",
        alias: "reception",
        primarySmtpAddress: "reception@contoso.com",
        additionalAddresses: ["reception@contoso.co.uk", "frontdesk@contoso.com"],
        adopt: true,
        fullAccess: [
          { trustee: "adele.vance@contoso.com", autoMapping: true, adopt: true },
          { trustee: "helpdesk-agents@contoso.com", autoMapping: false, adopt: true },
        ],
        sendAs: [{ trustee: "nestor.wilke@contoso.com", adopt: true }],
        sendOnBehalf: [{ trustee: "marketing@contoso.com", adopt: true }],
        forwarding: { forwardTo: "nightshift@northwindtraders.com", keepCopy: true, adopt: true },
        autoReply: {
          state: "Scheduled",
          startTime: expect.any(String),
          endTime: expect.any(String),
          // Without Exchange's <html><body> wrapping.
          internalMessage: "Reception is closed over the holidays.\nParcels go to the loading bay.",
          externalMessage: "Our offices are closed until 2 January: we answer then.",
          externalAudience: "Known",
          adopt: true,
        },
      },
    ]);
    const reply = declarations.mailboxes[1]!.autoReply!;
    expect(Date.parse(reply.startTime!)).toBe(Date.parse("2030-12-24T08:00:00Z"));
    expect(Date.parse(reply.endTime!)).toBe(Date.parse("2031-01-02T07:00:00Z"));
    expect(text).not.toContain("<html>");
  });

  it("the command line writes the same file and a summary line on stderr", async () => {
    const out = path.join(dir, "cli.yaml");
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, "export", "--endpoint", f.tenant.url, "--token", ADMIN, "--out", out]);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^exported 2 shared mailboxes, 4 grants, 2 forwardings, 1 automatic reply in \d+\.\d+ s with 7 requests \(at most \d in flight\)/);
    // Only the export's time differs.
    const withoutTime = (t: string) => t.replace(/^# on \S+/m, "# on <time>");
    expect(withoutTime(fs.readFileSync(out, "utf8"))).toBe(withoutTime(fs.readFileSync(file, "utf8")));
  });

  it("loadDeclarations + up adopts every mailbox, grant, forwarding and automatic reply and writes nothing", async () => {
    const writes = await f.auditCount();
    f.declare(() => loadDeclarations(file));
    const r = await f.up();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(Object.keys(r.steps).sort()).toEqual(RESOURCES);
    expect(Object.values(r.steps).flat()).toEqual(Array(RESOURCES.length).fill("create"));
    expect(await f.auditCount()).toBe(writes);
  }, 180_000);

  it("then a preview, and one that refreshes from the tenant first, show no changes", async () => {
    const plain = await f.preview({ expectNoChanges: true });
    expect(plain.error, plain.diagnostics.join("\n")).toBeUndefined();
    expect(Object.values(plain.steps).flat()).toEqual(Array(RESOURCES.length).fill("same"));
    const refreshed = await f.preview({ refresh: true, expectNoChanges: true });
    expect(refreshed.error, refreshed.diagnostics.join("\n")).toBeUndefined();
  }, 180_000);
});

/**
 * `export --authoritative`: each mailbox's grants as one access: block, which loadDeclarations
 * declares as a MailboxAccess; one `up` adopts them all without a write, and from then on a grant
 * made by hand is drift.
 */
describe("export --authoritative: each mailbox's access as one MailboxAccess", () => {
  let f: EngineFixture;
  let dir: string;
  beforeAll(async () => {
    f = await engineFixture("export-access");
    await setUpByHand(f);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mailbox-export-access-"));
  });
  afterAll(async () => {
    await f?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes an access block per mailbox in place of grant lists, and up adopts them without a write", async () => {
    const file = path.join(dir, "access.yaml");
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, "export", "--authoritative", "--endpoint", f.tenant.url, "--token", ADMIN, "--out", file]);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^exported 2 shared mailboxes, 4 grants, 2 forwardings, 1 automatic reply/);
    const text = fs.readFileSync(file, "utf8");
    const declarations = DeclarationsFile.parse(parseYaml(text));
    expect(declarations.mailboxes.map((m) => [m.primarySmtpAddress, m.access, m.fullAccess, m.sendAs, m.sendOnBehalf])).toEqual([
      ["legacy-support@contoso.com", { adopt: true }, undefined, undefined, undefined],
      [
        "reception@contoso.com",
        {
          fullAccess: ["adele.vance@contoso.com", "helpdesk-agents@contoso.com"],
          sendAs: ["nestor.wilke@contoso.com"],
          sendOnBehalf: ["marketing@contoso.com"],
          autoMapping: { "helpdesk-agents@contoso.com": false },
          adopt: true,
        },
        undefined,
        undefined,
        undefined,
      ],
    ]);
    expect(text).toContain("    sendAs: [ nestor.wilke@contoso.com ]");

    const writes = await f.auditCount();
    f.declare(() => loadDeclarations(file));
    const r = await f.up();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(Object.keys(r.steps).sort()).toEqual(
      ["legacy-support", "legacy-support-access", "legacy-support-forwarding", "reception", "reception-access", "reception-forwarding", "reception-auto-reply"].sort(),
    );
    expect(await f.auditCount()).toBe(writes);
    const refreshed = await f.preview({ refresh: true, expectNoChanges: true });
    expect(refreshed.error, refreshed.diagnostics.join("\n")).toBeUndefined();
  }, 240_000);

  it("then a grant made by hand on an adopted mailbox is drift of its MailboxAccess", async () => {
    await f.admin("grant", "legacy-support@contoso.com", "lee.gu@contoso.com", "SendAs");
    const r = await f.preview({ refresh: true });
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(r.steps["legacy-support-access"]).toEqual(["refresh", "update"]);
  }, 120_000);
});
