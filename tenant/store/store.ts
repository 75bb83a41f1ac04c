import Database from "better-sqlite3";
import { MIGRATIONS } from "./migrations";
import { foldIdentity, type AccessRight, type RecipientType } from "pulumi-mailbox/schemas/common";

export interface OrgInfo {
  organization: string;
  defaultDomain: string;
  acceptedDomains: string[];
}

export interface RecipientRow {
  id: string;
  name: string;
  display_name: string;
  alias: string;
  primary_address: string;
  type: RecipientType;
  account_disabled: number;
  external_email_address: string | null;
  when_created: string;
  when_changed: string;
  visible_at: number;
  /** From the mailboxes table; null for recipients without a mailbox. */
  soft_deleted: number | null;
}

export interface AddressRow {
  recipient_id: string;
  address: string;
  is_primary: number;
  position: number;
}

export interface MailboxRow {
  recipient_id: string;
  copy_send_as: number;
  copy_send_on_behalf: number;
  quota_gb: number;
  licensed: number;
  /** Optional on insert: the column's default (0) applies. */
  hidden_from_address_lists?: number;
  total_item_size_gb: number;
  soft_deleted: number;
  when_soft_deleted: string | null;
}

export interface GrantRow {
  target_id: string;
  access_right: AccessRight;
  trustee_id: string;
  auto_mapping: number;
  created_at: string;
  visible_at: number;
}

export interface ForwardingRow {
  mailbox_id: string;
  forwarding_address: string | null;
  forwarding_smtp_address: string | null;
  deliver_to_mailbox_and_forward: number;
}

export interface AutoReplyRow {
  mailbox_id: string;
  state: "Enabled" | "Disabled" | "Scheduled";
  start_time: string | null;
  end_time: string | null;
  internal_message: string;
  external_message: string;
  external_audience: "None" | "Known" | "All";
}

export interface AuditRow {
  id: number;
  at: string;
  principal: string;
  action: string;
  object_id: string;
  object_type: string;
  before_json: string | null;
  after_json: string | null;
}

export interface IdempotencyRow {
  principal: string;
  key: string;
  method: string;
  path: string;
  body_hash: string;
  status: number;
  response: string;
  at: string;
}

export interface Visibility {
  /** Also find soft-deleted mailboxes. */
  includeDeleted?: boolean;
  /** Also find objects still "replicating" (visible_at in the future). */
  includeInvisible?: boolean;
  /** Now, in ms since the epoch, to compare with visible_at. */
  now: number;
}

const RECIPIENT_SELECT = `SELECT r.*, m.soft_deleted AS soft_deleted FROM recipients r LEFT JOIN mailboxes m ON m.recipient_id = r.id`;

/**
 * The tenant's SQLite store (better-sqlite3): one file in WAL mode, synchronous FULL, with foreign keys on, the
 * schema migrated in code. Methods are plain reads and writes; the rules live in the service,
 * which wraps every change in `tx`.
 */
export class Store {
  readonly db: Database.Database;

  constructor(dataFile: string) {
    this.db = new Database(dataFile);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("foreign_keys = ON");
    // Acknowledged means kept, as in Exchange: with WAL, NORMAL may lose the last commits on a
    // power loss (not on a crash of the process); FULL syncs the log at each commit. Measured
    // (tenant/README.md, "Durability"): about 200 commits/s against 6,000 on this disk, while the
    // tenant's write routes stay within the noise of their NORMAL rates.
    this.db.pragma("synchronous = FULL");
    this.db.pragma("busy_timeout = 5000");
    this.migrate();
  }

  /** Applies the migrations this file has not seen; returns the schema version. */
  migrate(): number {
    this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`);
    const row = this.db.prepare(`SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations`).get() as { v: number };
    for (let version = row.v + 1; version <= MIGRATIONS.length; version++) {
      this.db.transaction(() => {
        const migration = MIGRATIONS[version - 1];
        if (typeof migration === "string") this.db.exec(migration);
        else migration(this.db);
        this.db.prepare(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`).run(version, new Date().toISOString());
      }).immediate();
    }
    return MIGRATIONS.length;
  }

  schemaVersion(): number {
    return (this.db.prepare(`SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations`).get() as { v: number }).v;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs fn in one write transaction: all of it is committed, or none of it. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // ---- organisation ----

  org(): OrgInfo | undefined {
    const row = this.db.prepare(`SELECT value FROM meta WHERE key = 'org'`).get() as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as OrgInfo) : undefined;
  }

  setOrg(org: OrgInfo): void {
    this.db.prepare(`INSERT INTO meta (key, value) VALUES ('org', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(JSON.stringify(org));
  }

  // ---- recipients ----

  recipientCount(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM recipients`).get() as { n: number }).n;
  }

  getRecipient(id: string): RecipientRow | undefined {
    return this.db.prepare(`${RECIPIENT_SELECT} WHERE r.id = ?`).get(id) as RecipientRow | undefined;
  }

  private visible(row: RecipientRow | undefined, v: Visibility): RecipientRow | undefined {
    if (!row) return undefined;
    if (!v.includeDeleted && row.soft_deleted) return undefined;
    if (!v.includeInvisible && row.visible_at > v.now) return undefined;
    return row;
  }

  /**
   * Every recipient an identity may mean, among those visible: an id or an address means one
   * (both are unique); otherwise each recipient whose name or alias has the identity's key.
   * More than one is an ambiguous identity, for the caller to refuse.
   */
  candidates(identity: string, v: Visibility): RecipientRow[] {
    const raw = identity.trim();
    if (raw === "") return [];
    const byId = this.visible(this.getRecipient(raw) ?? this.getRecipient(raw.toLowerCase()), v);
    if (byId) return [byId];
    const address = raw.replace(/^smtp:/i, "");
    if (address.includes("@")) {
      const row = this.visible(this.addressHolder(address), v);
      if (row) return [row];
    }
    const key = foldIdentity(raw);
    const rows = this.db.prepare(`${RECIPIENT_SELECT} WHERE r.name_key = ? OR r.alias_key = ? ORDER BY r.name_key, r.id`).all(key, key) as RecipientRow[];
    return rows.filter((row) => this.visible(row, v));
  }

  listRecipients(filter: { type?: RecipientType; search?: string; limit: number; offset: number }, now: number): { rows: RecipientRow[]; total: number } {
    const where = [`(m.soft_deleted IS NULL OR m.soft_deleted = 0)`, `r.visible_at <= @now`];
    const params: Record<string, unknown> = { now, limit: filter.limit, offset: filter.offset };
    if (filter.type) {
      where.push(`r.type = @type`);
      params.type = filter.type;
    }
    if (filter.search) {
      where.push(`(instr(r.name_key, @search) > 0 OR instr(lower(r.display_name), @search) > 0 OR instr(r.alias_key, @search) > 0
        OR EXISTS (SELECT 1 FROM addresses a WHERE a.recipient_id = r.id AND instr(a.address_key, @search) > 0))`);
      params.search = foldIdentity(filter.search);
    }
    const sqlWhere = where.join(" AND ");
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM recipients r LEFT JOIN mailboxes m ON m.recipient_id = r.id WHERE ${sqlWhere}`).get(params) as { n: number }).n;
    const rows = this.db.prepare(`${RECIPIENT_SELECT} WHERE ${sqlWhere} ORDER BY lower(r.name) LIMIT @limit OFFSET @offset`).all(params) as RecipientRow[];
    return { rows, total };
  }

  listMailboxesOfType(type: RecipientType, deleted: boolean, now: number): RecipientRow[] {
    return this.db
      .prepare(`${RECIPIENT_SELECT} WHERE r.type = ? AND m.soft_deleted = ? AND (? = 1 OR r.visible_at <= ?) ORDER BY lower(r.name)`)
      .all(type, deleted ? 1 : 0, deleted ? 1 : 0, now) as RecipientRow[];
  }

  insertRecipient(row: Omit<RecipientRow, "soft_deleted">): void {
    this.db
      .prepare(
        `INSERT INTO recipients (id, name, display_name, alias, primary_address, type, account_disabled, external_email_address, when_created, when_changed, visible_at, name_key, alias_key)
         VALUES (@id, @name, @display_name, @alias, @primary_address, @type, @account_disabled, @external_email_address, @when_created, @when_changed, @visible_at, @name_key, @alias_key)`,
      )
      .run({ ...row, name_key: foldIdentity(row.name), alias_key: foldIdentity(row.alias) });
  }

  updateRecipient(id: string, fields: Partial<Omit<RecipientRow, "id" | "soft_deleted">>): void {
    const allowed = ["name", "display_name", "alias", "primary_address", "type", "account_disabled", "external_email_address", "when_changed", "visible_at", "name_key", "alias_key"];
    const values: Record<string, unknown> = { ...fields, id };
    // The identity keys follow the name and alias they fold.
    if (fields.name !== undefined) values.name_key = foldIdentity(fields.name);
    if (fields.alias !== undefined) values.alias_key = foldIdentity(fields.alias);
    const keys = Object.keys(values).filter((k) => allowed.includes(k));
    if (keys.length === 0) return;
    this.db.prepare(`UPDATE recipients SET ${keys.map((k) => `${k} = @${k}`).join(", ")} WHERE id = @id`).run(values);
  }

  deleteRecipient(id: string): void {
    this.db.prepare(`DELETE FROM recipients WHERE id = ?`).run(id);
  }

  /** Recipients (soft-deleted ones too) whose name has this name's key. */
  nameHolders(name: string): RecipientRow[] {
    return this.db.prepare(`${RECIPIENT_SELECT} WHERE r.name_key = ? ORDER BY r.when_created, r.id`).all(foldIdentity(name)) as RecipientRow[];
  }

  /** Recipients (soft-deleted ones too) whose alias has this alias's key. */
  aliasHolders(alias: string): RecipientRow[] {
    return this.db.prepare(`${RECIPIENT_SELECT} WHERE r.alias_key = ? ORDER BY r.when_created, r.id`).all(foldIdentity(alias)) as RecipientRow[];
  }

  // ---- addresses ----

  addressHolder(address: string): RecipientRow | undefined {
    const holder = this.db.prepare(`SELECT recipient_id FROM addresses WHERE address_key = ?`).get(foldIdentity(address.trim().replace(/^smtp:/i, ""))) as
      | { recipient_id: string }
      | undefined;
    return holder ? this.getRecipient(holder.recipient_id) : undefined;
  }

  addressesOf(id: string): AddressRow[] {
    return this.db.prepare(`SELECT * FROM addresses WHERE recipient_id = ? ORDER BY position`).all(id) as AddressRow[];
  }

  addressesOfMany(ids: readonly string[]): Map<string, AddressRow[]> {
    const out = new Map<string, AddressRow[]>();
    for (const id of ids) out.set(id, []);
    if (ids.length === 0) return out;
    const stmt = this.db.prepare(`SELECT * FROM addresses WHERE recipient_id IN (SELECT value FROM json_each(?)) ORDER BY recipient_id, position`);
    for (const row of stmt.all(JSON.stringify(ids)) as AddressRow[]) out.get(row.recipient_id)?.push(row);
    return out;
  }

  /** Replaces the addresses of a recipient: the primary first, then the proxies in order. */
  setAddresses(id: string, primary: string, proxies: readonly string[]): void {
    this.db.prepare(`DELETE FROM addresses WHERE recipient_id = ?`).run(id);
    const insert = this.db.prepare(`INSERT INTO addresses (recipient_id, address, is_primary, position, address_key) VALUES (?, ?, ?, ?, ?)`);
    insert.run(id, primary, 1, 0, foldIdentity(primary));
    proxies.forEach((address, i) => insert.run(id, address, 0, i + 1, foldIdentity(address)));
  }

  // ---- mailboxes ----

  getMailbox(id: string): MailboxRow | undefined {
    return this.db.prepare(`SELECT * FROM mailboxes WHERE recipient_id = ?`).get(id) as MailboxRow | undefined;
  }

  insertMailbox(row: MailboxRow): void {
    this.db
      .prepare(
        `INSERT INTO mailboxes (recipient_id, copy_send_as, copy_send_on_behalf, quota_gb, licensed, hidden_from_address_lists, total_item_size_gb, soft_deleted, when_soft_deleted)
         VALUES (@recipient_id, @copy_send_as, @copy_send_on_behalf, @quota_gb, @licensed, @hidden_from_address_lists, @total_item_size_gb, @soft_deleted, @when_soft_deleted)`,
      )
      .run({ hidden_from_address_lists: 0, ...row });
  }

  updateMailbox(id: string, fields: Partial<Omit<MailboxRow, "recipient_id">>): void {
    const allowed = ["copy_send_as", "copy_send_on_behalf", "quota_gb", "licensed", "hidden_from_address_lists", "total_item_size_gb", "soft_deleted", "when_soft_deleted"];
    const keys = Object.keys(fields).filter((k) => allowed.includes(k));
    if (keys.length === 0) return;
    this.db.prepare(`UPDATE mailboxes SET ${keys.map((k) => `${k} = @${k}`).join(", ")} WHERE recipient_id = @id`).run({ ...fields, id });
  }

  /** Soft-deleted mailboxes deleted before `cutoffIso`. */
  expiredSoftDeleted(cutoffIso: string): RecipientRow[] {
    return this.db.prepare(`${RECIPIENT_SELECT} WHERE m.soft_deleted = 1 AND m.when_soft_deleted < ?`).all(cutoffIso) as RecipientRow[];
  }

  // ---- group members ----

  setMembers(groupId: string, memberIds: readonly string[]): void {
    this.db.prepare(`DELETE FROM group_members WHERE group_id = ?`).run(groupId);
    const insert = this.db.prepare(`INSERT OR IGNORE INTO group_members (group_id, member_id) VALUES (?, ?)`);
    for (const m of memberIds) insert.run(groupId, m);
  }

  membersOfMany(groupIds: readonly string[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const id of groupIds) out.set(id, []);
    if (groupIds.length === 0) return out;
    const stmt = this.db.prepare(`SELECT group_id, member_id FROM group_members WHERE group_id IN (SELECT value FROM json_each(?)) ORDER BY group_id, member_id`);
    for (const row of stmt.all(JSON.stringify(groupIds)) as { group_id: string; member_id: string }[]) out.get(row.group_id)?.push(row.member_id);
    return out;
  }

  // ---- grants ----

  getGrant(targetId: string, right: AccessRight, trusteeId: string): GrantRow | undefined {
    return this.db.prepare(`SELECT * FROM grants WHERE target_id = ? AND access_right = ? AND trustee_id = ?`).get(targetId, right, trusteeId) as GrantRow | undefined;
  }

  /** Grants on a target, in a stable order; only those visible at `now` unless now is undefined. */
  grantsOn(targetId: string, now?: number): GrantRow[] {
    const rows = this.db.prepare(`SELECT * FROM grants WHERE target_id = ? ORDER BY access_right, created_at, trustee_id`).all(targetId) as GrantRow[];
    return now === undefined ? rows : rows.filter((g) => g.visible_at <= now);
  }

  sendOnBehalfOfMany(targetIds: readonly string[], now: number): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const id of targetIds) out.set(id, []);
    if (targetIds.length === 0) return out;
    const stmt = this.db.prepare(
      `SELECT target_id, trustee_id FROM grants WHERE access_right = 'SendOnBehalf' AND visible_at <= ? AND target_id IN (SELECT value FROM json_each(?)) ORDER BY target_id, created_at, trustee_id`,
    );
    for (const row of stmt.all(now, JSON.stringify(targetIds)) as { target_id: string; trustee_id: string }[]) out.get(row.target_id)?.push(row.trustee_id);
    return out;
  }

  countGrantsOn(targetId: string): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM grants WHERE target_id = ?`).get(targetId) as { n: number }).n;
  }

  insertGrant(row: GrantRow): void {
    this.db
      .prepare(`INSERT INTO grants (target_id, access_right, trustee_id, auto_mapping, created_at, visible_at) VALUES (@target_id, @access_right, @trustee_id, @auto_mapping, @created_at, @visible_at)`)
      .run(row);
  }

  deleteGrant(targetId: string, right: AccessRight, trusteeId: string): void {
    this.db.prepare(`DELETE FROM grants WHERE target_id = ? AND access_right = ? AND trustee_id = ?`).run(targetId, right, trusteeId);
  }

  // ---- forwarding ----

  getForwarding(mailboxId: string): ForwardingRow | undefined {
    return this.db.prepare(`SELECT * FROM forwarding WHERE mailbox_id = ?`).get(mailboxId) as ForwardingRow | undefined;
  }

  setForwarding(row: ForwardingRow): void {
    this.db
      .prepare(
        `INSERT INTO forwarding (mailbox_id, forwarding_address, forwarding_smtp_address, deliver_to_mailbox_and_forward)
         VALUES (@mailbox_id, @forwarding_address, @forwarding_smtp_address, @deliver_to_mailbox_and_forward)
         ON CONFLICT (mailbox_id) DO UPDATE SET forwarding_address = excluded.forwarding_address,
           forwarding_smtp_address = excluded.forwarding_smtp_address, deliver_to_mailbox_and_forward = excluded.deliver_to_mailbox_and_forward`,
      )
      .run(row);
  }

  clearForwarding(mailboxId: string): void {
    this.db.prepare(`DELETE FROM forwarding WHERE mailbox_id = ?`).run(mailboxId);
  }

  // ---- automatic replies ----

  getAutoReply(mailboxId: string): AutoReplyRow | undefined {
    return this.db.prepare(`SELECT * FROM auto_replies WHERE mailbox_id = ?`).get(mailboxId) as AutoReplyRow | undefined;
  }

  setAutoReply(row: AutoReplyRow): void {
    this.db
      .prepare(
        `INSERT INTO auto_replies (mailbox_id, state, start_time, end_time, internal_message, external_message, external_audience)
         VALUES (@mailbox_id, @state, @start_time, @end_time, @internal_message, @external_message, @external_audience)
         ON CONFLICT (mailbox_id) DO UPDATE SET state = excluded.state, start_time = excluded.start_time, end_time = excluded.end_time,
           internal_message = excluded.internal_message, external_message = excluded.external_message, external_audience = excluded.external_audience`,
      )
      .run(row);
  }

  // ---- audit ----

  addAudit(entry: Omit<AuditRow, "id">): number {
    return Number(
      this.db
        .prepare(`INSERT INTO audit (at, principal, action, object_id, object_type, before_json, after_json) VALUES (@at, @principal, @action, @object_id, @object_type, @before_json, @after_json)`)
        .run(entry).lastInsertRowid,
    );
  }

  listAudit(q: { objectId?: string; principal?: string; since?: string; until?: string; limit: number }): AuditRow[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: q.limit };
    if (q.objectId) {
      where.push(`object_id = @objectId`);
      params.objectId = q.objectId;
    }
    if (q.principal) {
      where.push(`principal = @principal`);
      params.principal = q.principal;
    }
    if (q.since) {
      where.push(`at >= @since`);
      params.since = q.since;
    }
    if (q.until) {
      where.push(`at <= @until`);
      params.until = q.until;
    }
    const sqlWhere = where.length ? `WHERE ${where.join(" AND ")}` : "";
    return this.db.prepare(`SELECT * FROM audit ${sqlWhere} ORDER BY id LIMIT @limit`).all(params) as AuditRow[];
  }

  auditCount(): number {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM audit`).get() as { n: number }).n;
  }

  // ---- idempotency ----

  getIdempotent(principal: string, key: string): IdempotencyRow | undefined {
    return this.db.prepare(`SELECT * FROM idempotency WHERE principal = ? AND key = ?`).get(principal, key) as IdempotencyRow | undefined;
  }

  deleteIdempotent(principal: string, key: string): void {
    this.db.prepare(`DELETE FROM idempotency WHERE principal = ? AND key = ?`).run(principal, key);
  }

  putIdempotent(row: IdempotencyRow): void {
    this.db
      .prepare(`INSERT INTO idempotency (principal, key, method, path, body_hash, status, response, at) VALUES (@principal, @key, @method, @path, @body_hash, @status, @response, @at)`)
      .run(row);
  }
}
