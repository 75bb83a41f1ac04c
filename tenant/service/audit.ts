import type { AuditEntry } from "pulumi-mailbox/schemas/recipient";
import type { Store } from "../store/store";
import { Ctx, iso } from "./context";

/** The change log: every write records who changed what, before and after. */
export class AuditLog {
  constructor(private readonly store: Store) {}

  record(ctx: Ctx, action: string, objectId: string, objectType: string, before: unknown, after: unknown): void {
    this.store.addAudit({
      at: iso(ctx.now),
      principal: ctx.principal,
      action,
      object_id: objectId,
      object_type: objectType,
      before_json: before === null || before === undefined ? null : JSON.stringify(before),
      after_json: after === null || after === undefined ? null : JSON.stringify(after),
    });
  }

  list(q: { objectId?: string; principal?: string; since?: string; until?: string; limit: number }): AuditEntry[] {
    const norm = (t?: string) => (t ? new Date(t).toISOString() : undefined);
    return this.store.listAudit({ ...q, since: norm(q.since), until: norm(q.until) }).map((r) => ({
      id: r.id,
      at: r.at,
      principal: r.principal,
      action: r.action,
      objectId: r.object_id,
      objectType: r.object_type,
      before: r.before_json === null ? null : JSON.parse(r.before_json),
      after: r.after_json === null ? null : JSON.parse(r.after_json),
    }));
  }
}
