import type Database from "better-sqlite3";
import { foldIdentity } from "pulumi-mailbox/schemas/common";

/** A migration: SQL, or code for what SQL cannot compute (such as the identity keys). */
export type Migration = string | ((db: Database.Database) => void);

/**
 * The store's schema, versioned: migration N (1-based) is MIGRATIONS[N - 1]. A started tenant
 * applies every migration its file has not seen yet, each in its own transaction, and records it
 * in `schema_migrations`. Never edit a shipped migration; append a new one.
 */
export const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE recipients (
    id                     TEXT PRIMARY KEY,
    name                   TEXT NOT NULL,
    display_name           TEXT NOT NULL,
    alias                  TEXT NOT NULL,
    primary_address        TEXT NOT NULL,
    type                   TEXT NOT NULL,
    account_disabled       INTEGER NOT NULL DEFAULT 0,
    external_email_address TEXT,
    when_created           TEXT NOT NULL,
    when_changed           TEXT NOT NULL,
    visible_at             INTEGER NOT NULL DEFAULT 0
  );
  CREATE UNIQUE INDEX recipients_name ON recipients (lower(name));
  CREATE INDEX recipients_alias ON recipients (lower(alias));
  CREATE INDEX recipients_type ON recipients (type);

  -- Every address of every recipient (primary and proxies): unique across the tenant.
  CREATE TABLE addresses (
    recipient_id TEXT NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
    address      TEXT NOT NULL,
    is_primary   INTEGER NOT NULL,
    position     INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX addresses_unique ON addresses (lower(address));
  CREATE INDEX addresses_recipient ON addresses (recipient_id);

  CREATE TABLE mailboxes (
    recipient_id         TEXT PRIMARY KEY REFERENCES recipients (id) ON DELETE CASCADE,
    copy_send_as         INTEGER NOT NULL DEFAULT 0,
    copy_send_on_behalf  INTEGER NOT NULL DEFAULT 0,
    quota_gb             REAL NOT NULL DEFAULT 50,
    licensed             INTEGER NOT NULL DEFAULT 0,
    total_item_size_gb   REAL NOT NULL DEFAULT 0,
    soft_deleted         INTEGER NOT NULL DEFAULT 0,
    when_soft_deleted    TEXT
  );

  CREATE TABLE group_members (
    group_id  TEXT NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
    member_id TEXT NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, member_id)
  );

  -- FullAccess, SendAs and SendOnBehalf grants (SendOnBehalf is also Mailbox.grantSendOnBehalfTo).
  CREATE TABLE grants (
    target_id    TEXT NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
    access_right TEXT NOT NULL CHECK (access_right IN ('FullAccess', 'SendAs', 'SendOnBehalf')),
    trustee_id   TEXT NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
    auto_mapping INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    visible_at   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (target_id, access_right, trustee_id)
  );
  CREATE INDEX grants_trustee ON grants (trustee_id);

  CREATE TABLE forwarding (
    mailbox_id                     TEXT PRIMARY KEY REFERENCES recipients (id) ON DELETE CASCADE,
    forwarding_address             TEXT REFERENCES recipients (id) ON DELETE CASCADE,
    forwarding_smtp_address        TEXT,
    deliver_to_mailbox_and_forward INTEGER NOT NULL DEFAULT 0,
    CHECK (forwarding_address IS NOT NULL OR forwarding_smtp_address IS NOT NULL)
  );

  CREATE TABLE auto_replies (
    mailbox_id        TEXT PRIMARY KEY REFERENCES recipients (id) ON DELETE CASCADE,
    state             TEXT NOT NULL CHECK (state IN ('Enabled', 'Disabled', 'Scheduled')),
    start_time        TEXT,
    end_time          TEXT,
    internal_message  TEXT NOT NULL DEFAULT '',
    external_message  TEXT NOT NULL DEFAULT '',
    external_audience TEXT NOT NULL DEFAULT 'All' CHECK (external_audience IN ('None', 'Known', 'All'))
  );

  CREATE TABLE audit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    principal   TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    object_type TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT
  );
  CREATE INDEX audit_object ON audit (object_id);
  CREATE INDEX audit_principal ON audit (principal);
  CREATE INDEX audit_at ON audit (at);

  CREATE TABLE idempotency (
    principal  TEXT NOT NULL,
    key        TEXT NOT NULL,
    method     TEXT NOT NULL,
    path       TEXT NOT NULL,
    body_hash  TEXT NOT NULL,
    status     INTEGER NOT NULL,
    response   TEXT NOT NULL,
    at         TEXT NOT NULL,
    PRIMARY KEY (principal, key)
  );
  `,
  // 2: identity keys. SQLite's lower() folds ASCII only while the code folded with JavaScript,
  // so "Öffentlich" and "öffentlich" were two names to SQL and one to the code. Each name, alias
  // and address now carries its key, folded in JavaScript by foldIdentity and indexed; every
  // look-up compares keys. Name and alias keys are not UNIQUE in SQL: a store written before this
  // rule may hold names that only the new fold makes equal. The service refuses new duplicates,
  // and a look-up that matches several recipients is refused as ambiguous, never guessed.
  (db) => {
    db.exec(`
      ALTER TABLE recipients ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
      ALTER TABLE recipients ADD COLUMN alias_key TEXT NOT NULL DEFAULT '';
      ALTER TABLE addresses ADD COLUMN address_key TEXT;
    `);
    const setRecipient = db.prepare(`UPDATE recipients SET name_key = ?, alias_key = ? WHERE id = ?`);
    for (const r of db.prepare(`SELECT id, name, alias FROM recipients`).all() as { id: string; name: string; alias: string }[]) {
      setRecipient.run(foldIdentity(r.name), foldIdentity(r.alias), r.id);
    }
    const setAddress = db.prepare(`UPDATE addresses SET address_key = ? WHERE rowid = ?`);
    for (const a of db.prepare(`SELECT rowid, address FROM addresses`).all() as { rowid: number; address: string }[]) {
      setAddress.run(foldIdentity(a.address), a.rowid);
    }
    db.exec(`
      DROP INDEX recipients_name;
      DROP INDEX recipients_alias;
      CREATE INDEX recipients_name_key ON recipients (name_key);
      CREATE INDEX recipients_alias_key ON recipients (alias_key);
      -- Addresses are ASCII (the SMTP pattern), where lower() and the fold agree: the lower() index
      -- stays as the store's own guard, the key is what look-ups use.
      CREATE UNIQUE INDEX addresses_key ON addresses (address_key);
    `);
  },
  // Exchange's HiddenFromAddressListsEnabled: a mailbox left out of the address book.
  `ALTER TABLE mailboxes ADD COLUMN hidden_from_address_lists INTEGER NOT NULL DEFAULT 0;`,
  // A mailbox's forwarding and automatic replies replicate: what reads answer until a change has
  // replicated (tenant/service/replication.ts).
  `
  CREATE TABLE setting_holds (
    mailbox_id TEXT NOT NULL REFERENCES recipients (id) ON DELETE CASCADE,
    setting    TEXT NOT NULL CHECK (setting IN ('forwarding', 'autoReply')),
    seen_json  TEXT NOT NULL,
    visible_at INTEGER NOT NULL,
    PRIMARY KEY (mailbox_id, setting)
  );
  `,
];
