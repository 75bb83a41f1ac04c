import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditList } from "../../schemas/recipient";
import { buildApp, startTenant } from "../../tenant/server";
import { parseSeed, readSeed } from "../../tenant/seed";
import { MIGRATIONS } from "../../tenant/store/migrations";
import { Store } from "../../tenant/store/store";
import { startTestTenant, auditCount, TestTenant, TOKENS, ADMIN, SMALL_SEED } from "./helpers";

describe("the store", () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant();
  });
  afterAll(async () => t.close());

  it("prepares each statement once and reuses it, reads and writes alike", () => {
    const store = new Store(t.dataFile);
    try {
      const prepared: string[] = [];
      const prepare = store.db.prepare.bind(store.db);
      store.db.prepare = ((text: string) => {
        prepared.push(text);
        return prepare(text);
      }) as typeof store.db.prepare;
      const someone = store.db.prepare(`SELECT id FROM recipients LIMIT 1`).get() as { id: string };
      prepared.length = 0;
      for (let i = 0; i < 3; i++) expect(store.getRecipient(someone.id)?.id).toBe(someone.id);
      expect(prepared).toHaveLength(1);
      for (let i = 0; i < 3; i++) store.addAudit({ at: `2026-01-0${i + 1}T00:00:00Z`, principal: "p", action: "test", object_id: someone.id, object_type: "recipient", before_json: null, after_json: null });
      expect(prepared).toHaveLength(2);
      expect(store.sql(`SELECT 1`)).toBe(store.sql(`SELECT 1`));
    } finally {
      store.close();
    }
  });

  it("is one SQLite file in WAL mode, synced at every commit (FULL), with foreign keys on and every migration applied", () => {
    const store = new Store(t.dataFile);
    try {
      expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(store.db.pragma("synchronous", { simple: true })).toBe(2); // FULL: an acknowledged write survives a power loss
      expect(store.db.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(store.schemaVersion()).toBe(MIGRATIONS.length);
    } finally {
      store.close();
    }
  });

  it("refuses a duplicate address at the database level too (case-insensitive unique index)", () => {
    const db = new Database(t.dataFile);
    try {
      const adele = db.prepare(`SELECT recipient_id FROM addresses WHERE lower(address) = 'adele@fabrikam.test'`).get() as { recipient_id: string };
      const other = db.prepare(`SELECT id FROM recipients WHERE id != ? LIMIT 1`).get(adele.recipient_id) as { id: string };
      expect(() => db.prepare(`INSERT INTO addresses (recipient_id, address, is_primary, position) VALUES (?, 'ADELE@Fabrikam.test', 0, 9)`).run(other.id)).toThrow(/UNIQUE/);
    } finally {
      db.close();
    }
  });

  it("keeps its data across a restart on the same file, and does not seed twice", async () => {
    const m = (await t.call("POST", "/v1/shared-mailboxes", { displayName: "Survivor" })).body;
    await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "adele", accessRights: "FullAccess" });
    await t.call("PUT", `/v1/mailboxes/${m.id}/forwarding`, { forwardTo: "x@partner.example" });
    const mailbox = (await t.call("GET", `/v1/mailboxes/${m.id}`)).body;
    const recipients = (await t.call("GET", "/v1/recipients")).body.total;
    const audit = await auditCount(t);
    await t.restart();
    expect((await t.call("GET", `/v1/mailboxes/${m.id}`)).body).toEqual(mailbox);
    expect((await t.call("GET", `/v1/recipients/${m.id}/grants`)).body.items).toHaveLength(1);
    expect((await t.call("GET", `/v1/mailboxes/${m.id}/forwarding`)).body.forwardingSmtpAddress).toBe("x@partner.example");
    expect((await t.call("GET", "/v1/recipients")).body.total).toBe(recipients);
    expect(await auditCount(t)).toBe(audit);
  });

  it("8 concurrent clients adding grants and updating mailboxes lose no writes", async () => {
    const targets = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => (await t.call("POST", "/v1/shared-mailboxes", { displayName: `Busy ${i}` })).body as { id: string }),
    );
    const before = await auditCount(t);
    const trustees = ["adele", "ben.walters@fabrikam.test", "cara", "finance-sec"];
    await Promise.all(
      targets.map(async (m, client) => {
        for (const trustee of trustees) {
          for (const right of ["FullAccess", "SendAs", "SendOnBehalf"]) {
            const r = await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee, accessRights: right, ...(right === "FullAccess" && trustee === "finance-sec" ? { autoMapping: false } : {}) });
            expect(r.status).toBe(201);
          }
          const u = await t.call("PATCH", `/v1/mailboxes/${m.id}`, { displayName: `Busy ${client} ${trustee}` });
          expect(u.status).toBe(200);
        }
      }),
    );
    for (const [client, m] of targets.entries()) {
      expect((await t.call("GET", `/v1/recipients/${m.id}/grants`)).body.items).toHaveLength(12);
      const mbx = (await t.call("GET", `/v1/mailboxes/${m.id}`)).body;
      expect(mbx.displayName).toBe(`Busy ${client} finance-sec`);
      expect(mbx.grantSendOnBehalfTo).toHaveLength(4);
    }
    expect(await auditCount(t)).toBe(before + 8 * (12 + 4));
  });
});

describe("the audit log", () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant();
  });
  afterAll(async () => t.close());

  it("records who, when, what, and the object before and after", async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    const m = (await t.call("POST", "/v1/shared-mailboxes", { displayName: "Audited" })).body;
    await t.call("PATCH", `/v1/mailboxes/${m.id}`, { displayName: "Audited Again" }, { token: "t-exchange-admin" });
    const items = AuditList.parse((await t.call("GET", `/v1/audit?objectId=${m.id}`)).body).items;
    expect(items.map((e) => e.action)).toEqual(["createSharedMailbox", "updateMailbox"]);
    expect(items[0]).toMatchObject({ principal: TOKENS[ADMIN].principal, objectType: "Mailbox", before: null, after: { displayName: "Audited" } });
    expect(items[1]).toMatchObject({ principal: "exadmin@fabrikam.test", before: { displayName: "Audited" }, after: { displayName: "Audited Again" } });
    expect(items[0].at >= start).toBe(true);
  });

  it("filters by principal and by time", async () => {
    const byExadmin = (await t.call("GET", "/v1/audit?principal=exadmin@fabrikam.test")).body.items;
    expect(byExadmin.length).toBeGreaterThanOrEqual(1);
    expect(new Set(byExadmin.map((e: { principal: string }) => e.principal))).toEqual(new Set(["exadmin@fabrikam.test"]));
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await t.call("GET", `/v1/audit?since=${encodeURIComponent(future)}`)).body.items).toEqual([]);
    const all = (await t.call("GET", "/v1/audit")).body.items;
    const past = "2000-01-01T00:00:00+02:00";
    expect((await t.call("GET", `/v1/audit?until=${encodeURIComponent(past)}`)).body.items).toEqual([]);
    expect((await t.call("GET", `/v1/audit?until=${encodeURIComponent(future)}`)).body.items).toEqual(all);
    expect((await t.call("GET", "/v1/audit?limit=1")).body.items).toHaveLength(1);
  });

  it("a bad time filter is 400 ValidationFailed naming it", async () => {
    const r = await t.call("GET", "/v1/audit?since=yesterday");
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: "ValidationFailed", field: "since" });
  });
});

describe("the directory seed", () => {
  it("loads the test organisation with derived aliases and addresses and group members", async () => {
    const t = await startTestTenant();
    try {
      const ben = (await t.call("GET", "/v1/recipients/Ben Walters")).body;
      expect(ben).toMatchObject({ alias: "BenWalters", primarySmtpAddress: "ben.walters@fabrikam.test", emailAddresses: ["SMTP:ben.walters@fabrikam.test", "smtp:ben@fabrikam.onmicrosoft.com"] });
      const olga = (await t.call("GET", "/v1/recipients/olga@outside.example")).body;
      expect(olga).toMatchObject({ recipientTypeDetails: "MailContact", primarySmtpAddress: "olga@outside.example", externalEmailAddress: "olga@outside.example" });
      const group = (await t.call("GET", "/v1/recipients/finance-sec")).body;
      const adele = (await t.call("GET", "/v1/recipients/adele")).body;
      expect(group.members.sort()).toEqual([adele.id, ben.id].sort());
      expect((await t.call("GET", "/v1/mailboxes/existing")).body.accountDisabled).toBe(true);
    } finally {
      await t.close();
    }
  });

  it("the sample organisation tenant/seed/contoso.yaml loads", () => {
    const seed = readSeed(join(__dirname, "..", "..", "tenant", "seed", "contoso.yaml"));
    expect(seed.recipients.length).toBeGreaterThan(0);
  });

  const base = { organization: "O", defaultDomain: "o.test", acceptedDomains: ["o.test"] };
  it.each([
    [{ ...base, recipients: [{ name: "A", type: "UserMailbox" }, { name: "B", type: "Nope" }] }, 'recipients[1] ("B"): field type'],
    [{ ...base, recipients: [{ name: "A", type: "UserMailbox", primarySmtpAddress: "bad" }] }, 'recipients[0] ("A"): field primarySmtpAddress'],
    [{ ...base, recipients: [{ name: "A", type: "UserMailbox" }, { name: "a", type: "UserMailbox", alias: "a2" }] }, 'recipients[1] ("a"): field name'],
    [{ ...base, recipients: [{ name: "A", type: "UserMailbox" }, { name: "B", type: "UserMailbox", primarySmtpAddress: "A@o.test" }] }, 'recipients[1] ("B"): field primarySmtpAddress'],
    [{ ...base, recipients: [{ name: "A", type: "UserMailbox", primarySmtpAddress: "a@other.test" }] }, 'recipients[0] ("A"): field primarySmtpAddress'],
    [{ ...base, recipients: [{ name: "G", type: "MailUniversalDistributionGroup", members: ["ghost"] }] }, 'recipients[0] ("G"): field members.0'],
    [{ ...base, recipients: [{ name: "U", type: "UserMailbox", members: [] }] }, 'recipients[0] ("U"): field members'],
    [{ ...base, recipients: [{ name: "C", type: "MailContact" }] }, 'recipients[0] ("C"): field externalEmailAddress'],
    [{ ...base, defaultDomain: "x.test" }, "field recipients"],
  ])("a bad seed is refused with a message naming the entry and the field (%#)", (raw, text) => {
    expect(() => parseSeed(raw, "bad.yaml")).toThrow(text);
  });

  it("a bad seed file stops the start and leaves no server", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tenant-badseed-"));
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "organization: O\ndefaultDomain: o.test\nacceptedDomains: [o.test]\nrecipients:\n  - { name: Z, type: Martian }\n");
    await expect(startTenant({ dataFile: join(dir, "bad.db"), seedFile: file, tokens: TOKENS })).rejects.toThrow('recipients[0] ("Z"): field type');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("errors", () => {
  it("an unknown route is a 404 JSON NotFound", async () => {
    const t = await startTestTenant();
    try {
      const r = await t.call("GET", "/v1/nothing-here");
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe("NotFound");
    } finally {
      await t.close();
    }
  });

  it("malformed JSON is 400 ValidationFailed, not a 500", async () => {
    const t = await startTestTenant();
    try {
      const res = await fetch(`${t.url}/v1/shared-mailboxes`, { method: "POST", headers: { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" }, body: "{nope" });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: unknown }).error).toMatchObject({ code: "ValidationFailed", field: "body" });
    } finally {
      await t.close();
    }
  });

  it("an internal error is a 500 InternalError that says so (inject)", async () => {
    const tenant = buildApp({ dataFile: ":memory:", seedFile: SMALL_SEED, tokens: TOKENS });
    try {
      tenant.store.db.exec("DROP TABLE auto_replies");
      const r = await tenant.app.inject({ method: "GET", url: "/v1/mailboxes/existing/auto-reply", headers: { authorization: `Bearer ${ADMIN}` } });
      expect(r.statusCode).toBe(500);
      expect(r.json().error.code).toBe("InternalError");
      expect(r.json().error.message).toContain("internal error of the tenant");
    } finally {
      await tenant.close();
    }
  });

  it("a response that does not match its schema is an InternalError, never sent as is (inject)", async () => {
    const tenant = buildApp({ dataFile: ":memory:", seedFile: SMALL_SEED, tokens: TOKENS });
    try {
      // A row the rules never write: the response schema catches it.
      tenant.store.db.exec("PRAGMA ignore_check_constraints = ON");
      tenant.store.db.exec("INSERT INTO auto_replies (mailbox_id, state) SELECT id, 'Sometimes' FROM recipients WHERE alias = 'existing'");
      const r = await tenant.app.inject({ method: "GET", url: "/v1/mailboxes/existing/auto-reply", headers: { authorization: `Bearer ${ADMIN}` } });
      expect(r.statusCode).toBe(500);
      expect(r.json().error.code).toBe("InternalError");
    } finally {
      await tenant.close();
    }
  });
});
