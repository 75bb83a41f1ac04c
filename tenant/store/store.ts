import { MailboxStore } from "./mailboxes";
import type { AuditRow, IdempotencyRow } from "./rows";

export type * from "./rows";

/**
 * The tenant's SQLite store. Methods are plain reads and writes; the rules live in the service,
 * which wraps every change in `tx`. Built up one concern per file, each on the one before:
 * database.ts (the file, migrations, transactions, the organisation), recipients.ts (recipients,
 * addresses, group members), mailboxes.ts (mailboxes, grants, forwarding, automatic replies) and
 * this file (the audit log and the idempotency records of writes).
 */
export class Store extends MailboxStore {
  // ---- audit ----

  addAudit(entry: Omit<AuditRow, "id">): number {
    return Number(
      this.sql(`INSERT INTO audit (at, principal, action, object_id, object_type, before_json, after_json) VALUES (@at, @principal, @action, @object_id, @object_type, @before_json, @after_json)`)
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
    return this.sql(`SELECT * FROM audit ${sqlWhere} ORDER BY id LIMIT @limit`).all(params) as AuditRow[];
  }

  // ---- idempotency ----

  getIdempotent(principal: string, key: string): IdempotencyRow | undefined {
    return this.sql(`SELECT * FROM idempotency WHERE principal = ? AND key = ?`).get(principal, key) as IdempotencyRow | undefined;
  }

  deleteIdempotent(principal: string, key: string): void {
    this.sql(`DELETE FROM idempotency WHERE principal = ? AND key = ?`).run(principal, key);
  }

  putIdempotent(row: IdempotencyRow): void {
    this.sql(`INSERT INTO idempotency (principal, key, method, path, body_hash, status, response, at) VALUES (@principal, @key, @method, @path, @body_hash, @status, @response, @at)`)
      .run(row);
  }
}
