import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MIGRATIONS } from "../../tenant/store/migrations";
import { Store } from "../../tenant/store/store";
import { foldIdentity } from "../../schemas/common";
import { startTestTenant, TestTenant } from "./helpers";

let t: TestTenant;
beforeAll(async () => {
  t = await startTestTenant();
});
afterAll(async () => t.close());

let n = 0;
/** A shared mailbox with this name and an alias and address of its own (so only the name is at stake). */
const create = (name: string, extra: Record<string, unknown> = {}) => {
  n++;
  return t.call("POST", "/v1/shared-mailboxes", { displayName: name, alias: `box${n}`, primarySmtpAddress: `box${n}@fabrikam.test`, ...extra });
};

describe("identities fold case in every script, in SQL as in code", () => {
  it("a name differing only in non-ASCII case is refused with Exchange's wording, not a store error", async () => {
    expect((await create("Öffentlich")).status).toBe(201);
    const r = await create("öffentlich");
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: "NameInUse", field: "displayName" });
    expect(r.body.error.message).toBe('The name "öffentlich" is already being used by another recipient ("Öffentlich"). Please choose another name.');
    const upper = await create("ÄRZTE TEAM");
    expect(upper.status).toBe(201);
    const again = await create("Ärzte Team");
    expect(again.body.error.code).toBe("NameInUse");
    expect(again.body.error.message).not.toMatch(/UNIQUE|constraint|index/i);
  });

  it("a mailbox is found by its own name in any case, and a change by name hits that mailbox only", async () => {
    const ecole = (await create("École")).body;
    for (const ref of ["École", "école", "ÉCOLE", "Ecole\u0301".replace("Ecole\u0301", "E\u0301cole")]) {
      expect((await t.call("GET", `/v1/mailboxes/${encodeURIComponent(ref)}`)).body.id).toBe(ecole.id);
    }
    const open = (await create("Öffnung")).body;
    const other = (await create("Offnung")).body;
    const del = await t.call("DELETE", `/v1/mailboxes/${encodeURIComponent("ÖFFNUNG")}`);
    expect(del.body.id).toBe(open.id);
    expect((await t.call("GET", `/v1/mailboxes/${other.id}`)).body.isSoftDeleted).toBe(false);
  });

  it("an alias already used, in any case, is refused with Exchange's wording", async () => {
    expect((await create("Alias One", { alias: "Front.Desk" })).status).toBe(201);
    const r = await create("Alias Two", { alias: "FRONT.DESK" });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: "AliasInUse", field: "alias" });
    expect(r.body.error.message).toBe('The alias "FRONT.DESK" is being used by another recipient object ("Alias One"). Please specify a unique value.');
    const box = (await create("Alias Three")).body;
    const patch = await t.call("PATCH", `/v1/mailboxes/${box.id}`, { alias: "front.desk" });
    expect(patch.body.error.code).toBe("AliasInUse");
  });

  it("an identity that matches several recipients is refused and lists them, never picks one", async () => {
    // "Info" is one mailbox's name and another's alias.
    const a = (await create("Info")).body;
    const b = (await create("Info Desk", { alias: "info" })).status;
    expect(b).toBe(201);
    for (const [method, path, body] of [
      ["GET", "/v1/recipients/info", undefined],
      ["GET", "/v1/mailboxes/INFO", undefined],
      ["DELETE", "/v1/mailboxes/info", undefined],
      ["POST", "/v1/recipients/info/grants", { trustee: "adele", accessRights: "FullAccess" }],
      ["POST", `/v1/recipients/${a.id}/grants`, { trustee: "info", accessRights: "FullAccess" }],
    ] as const) {
      const r = await t.call(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(409);
      expect(r.body.error.code).toBe("AmbiguousIdentity");
      expect(r.body.error.message).toMatch(/^The operation couldn't be performed because 'info' matches multiple entries: "Info" \(.*\), "Info Desk" \(.*alias info\)/i);
    }
    expect((await t.call("GET", `/v1/mailboxes/${a.id}`)).body.isSoftDeleted).toBe(false);
  });

  it("for generated Unicode names: a second mailbox whose name differs only by case is refused, and every spelling finds the first", async () => {
    const letters = fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }).filter((s) => s.trim().length > 0 && s.toUpperCase() !== s.toLowerCase() && !/[\p{C}/?#%\\]/u.test(s));
    await fc.assert(
      fc.asyncProperty(letters, async (raw) => {
        const name = `${raw.trim()} ${++n}`;
        const first = await create(name);
        if (first.status !== 201) throw new Error(`${JSON.stringify(name)}: ${JSON.stringify(first.body)}`);
        for (const spelling of [name.toUpperCase(), name.toLowerCase()]) {
          if (foldIdentity(spelling) !== foldIdentity(name)) continue;
          const dup = await create(spelling);
          expect(dup.body.error?.code, JSON.stringify(spelling)).toBe("NameInUse");
          expect((await t.call("GET", `/v1/recipients/${encodeURIComponent(spelling)}`)).body.id).toBe(first.body.id);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe("the identity keys of a store written before them", () => {
  it("are computed by the migration, so old names fold like new ones", () => {
    const dir = mkdtempSync(join(tmpdir(), "tenant-migrate-"));
    const file = join(dir, "old.db");
    try {
      const db = new Database(file);
      db.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`);
      db.exec(MIGRATIONS[0] as string);
      db.prepare(`INSERT INTO schema_migrations VALUES (1, '2026-01-01')`).run();
      db.prepare(
        `INSERT INTO recipients (id, name, display_name, alias, primary_address, type, when_created, when_changed) VALUES ('r1', 'ÖFFENTLICH', 'x', 'Straße', 'o@x.test', 'SharedMailbox', 'now', 'now')`,
      ).run();
      db.prepare(`INSERT INTO addresses (recipient_id, address, is_primary, position) VALUES ('r1', 'O@X.test', 1, 0)`).run();
      db.close();
      const store = new Store(file);
      try {
        expect(store.candidates("öffentlich", { now: Date.now() }).map((r) => r.id)).toEqual(["r1"]);
        expect(store.candidates("STRASSE", { now: Date.now() }).map((r) => r.id)).toEqual(["r1"]);
        expect(store.addressHolder("o@x.TEST")?.id).toBe("r1");
      } finally {
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
