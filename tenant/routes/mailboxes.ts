import type { FastifyInstance } from "fastify";
import { readRoute, writeRoute, Deps } from "./define";

/** New-Mailbox -Shared, Get-Mailbox, Set-Mailbox, Remove-Mailbox (soft), Undo-SoftDeletedMailbox, conversion. */
export function registerMailboxRoutes(app: FastifyInstance, deps: Deps): void {
  const s = deps.service.mailboxes;
  readRoute(app, deps, "listSharedMailboxes", "read", ({ ctx, query }) => ({ items: s.listShared(ctx, query.deleted === "true") }));
  writeRoute(
    app,
    deps,
    "createSharedMailbox",
    ({ ctx, body }) => s.createShared(ctx, body),
    (first) => deps.store.getMailbox(first.id)?.soft_deleted === 0,
  );
  readRoute(app, deps, "getMailbox", "read", ({ ctx, params }) => s.get(ctx, params.identity));
  writeRoute(app, deps, "updateMailbox", ({ ctx, params, body }) => s.update(ctx, params.identity, body));
  writeRoute(app, deps, "deleteMailbox", ({ ctx, params }) => s.delete(ctx, params.identity));
  writeRoute(app, deps, "restoreMailbox", ({ ctx, params }) => s.restore(ctx, params.identity));
  writeRoute(app, deps, "convertMailbox", ({ ctx, params, body }) => s.convert(ctx, params.identity, body.to));
}
