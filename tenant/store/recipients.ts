import { foldIdentity, type RecipientType } from "pulumi-mailbox/schemas/common";
import { StoreDatabase } from "./database";
import type { AddressRow, RecipientRow, Visibility } from "./rows";

const RECIPIENT_SELECT = `SELECT r.*, m.soft_deleted AS soft_deleted FROM recipients r LEFT JOIN mailboxes m ON m.recipient_id = r.id`;

/** Recipients, their addresses and group members: finding one by any identity, listing, writing. */
export class RecipientStore extends StoreDatabase {
  // ---- recipients ----

  getRecipient(id: string): RecipientRow | undefined {
    return this.sql(`${RECIPIENT_SELECT} WHERE r.id = ?`).get(id) as RecipientRow | undefined;
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
    const rows = this.sql(`${RECIPIENT_SELECT} WHERE r.name_key = ? OR r.alias_key = ? ORDER BY r.name_key, r.id`).all(key, key) as RecipientRow[];
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
    const total = (this.sql(`SELECT COUNT(*) AS n FROM recipients r LEFT JOIN mailboxes m ON m.recipient_id = r.id WHERE ${sqlWhere}`).get(params) as { n: number }).n;
    const rows = this.sql(`${RECIPIENT_SELECT} WHERE ${sqlWhere} ORDER BY lower(r.name) LIMIT @limit OFFSET @offset`).all(params) as RecipientRow[];
    return { rows, total };
  }

  listMailboxesOfType(type: RecipientType, deleted: boolean, now: number): RecipientRow[] {
    return this.sql(`${RECIPIENT_SELECT} WHERE r.type = ? AND m.soft_deleted = ? AND (? = 1 OR r.visible_at <= ?) ORDER BY lower(r.name)`)
      .all(type, deleted ? 1 : 0, deleted ? 1 : 0, now) as RecipientRow[];
  }

  insertRecipient(row: Omit<RecipientRow, "soft_deleted">): void {
    this.sql(
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
    this.sql(`UPDATE recipients SET ${keys.map((k) => `${k} = @${k}`).join(", ")} WHERE id = @id`).run(values);
  }

  deleteRecipient(id: string): void {
    this.sql(`DELETE FROM recipients WHERE id = ?`).run(id);
  }

  /** Recipients (soft-deleted ones too) whose name has this name's key. */
  nameHolders(name: string): RecipientRow[] {
    return this.sql(`${RECIPIENT_SELECT} WHERE r.name_key = ? ORDER BY r.when_created, r.id`).all(foldIdentity(name)) as RecipientRow[];
  }

  /** Recipients (soft-deleted ones too) whose alias has this alias's key. */
  aliasHolders(alias: string): RecipientRow[] {
    return this.sql(`${RECIPIENT_SELECT} WHERE r.alias_key = ? ORDER BY r.when_created, r.id`).all(foldIdentity(alias)) as RecipientRow[];
  }

  // ---- addresses ----

  addressHolder(address: string): RecipientRow | undefined {
    const holder = this.sql(`SELECT recipient_id FROM addresses WHERE address_key = ?`).get(foldIdentity(address.trim().replace(/^smtp:/i, ""))) as
      | { recipient_id: string }
      | undefined;
    return holder ? this.getRecipient(holder.recipient_id) : undefined;
  }

  addressesOf(id: string): AddressRow[] {
    return this.sql(`SELECT * FROM addresses WHERE recipient_id = ? ORDER BY position`).all(id) as AddressRow[];
  }

  addressesOfMany(ids: readonly string[]): Map<string, AddressRow[]> {
    const out = new Map<string, AddressRow[]>();
    for (const id of ids) out.set(id, []);
    if (ids.length === 0) return out;
    const stmt = this.sql(`SELECT * FROM addresses WHERE recipient_id IN (SELECT value FROM json_each(?)) ORDER BY recipient_id, position`);
    for (const row of stmt.all(JSON.stringify(ids)) as AddressRow[]) out.get(row.recipient_id)?.push(row);
    return out;
  }

  /** Replaces the addresses of a recipient: the primary first, then the proxies in order. */
  setAddresses(id: string, primary: string, proxies: readonly string[]): void {
    this.sql(`DELETE FROM addresses WHERE recipient_id = ?`).run(id);
    const insert = this.sql(`INSERT INTO addresses (recipient_id, address, is_primary, position, address_key) VALUES (?, ?, ?, ?, ?)`);
    insert.run(id, primary, 1, 0, foldIdentity(primary));
    proxies.forEach((address, i) => insert.run(id, address, 0, i + 1, foldIdentity(address)));
  }

  // ---- group members ----

  setMembers(groupId: string, memberIds: readonly string[]): void {
    this.sql(`DELETE FROM group_members WHERE group_id = ?`).run(groupId);
    const insert = this.sql(`INSERT OR IGNORE INTO group_members (group_id, member_id) VALUES (?, ?)`);
    for (const m of memberIds) insert.run(groupId, m);
  }

  membersOfMany(groupIds: readonly string[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const id of groupIds) out.set(id, []);
    if (groupIds.length === 0) return out;
    const stmt = this.sql(`SELECT group_id, member_id FROM group_members WHERE group_id IN (SELECT value FROM json_each(?)) ORDER BY group_id, member_id`);
    for (const row of stmt.all(JSON.stringify(groupIds)) as { group_id: string; member_id: string }[]) out.get(row.group_id)?.push(row.member_id);
    return out;
  }

  /** Soft-deleted mailboxes deleted before `cutoffIso`. */
  expiredSoftDeleted(cutoffIso: string): RecipientRow[] {
    return this.sql(`${RECIPIENT_SELECT} WHERE m.soft_deleted = 1 AND m.when_soft_deleted < ?`).all(cutoffIso) as RecipientRow[];
  }
}
