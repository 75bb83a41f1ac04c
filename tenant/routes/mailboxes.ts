import type { FastifyInstance } from "fastify";
import { readRoute, writeRoute, Deps } from "./define";

/** New-Mailbox -Shared, Get-Mailbox, Set-Mailbox, Remove-Mailbox (soft), Undo-SoftDeletedMailbox, conversion. */
export function registerMailboxRoutes(app: FastifyInstance, deps: Deps): void {
  const s = deps.service;
  readRoute(app, deps, "listSharedMailboxes", "read", ({ ctx, query }) => ({ items: s.listSharedMailboxes(ctx, query.deleted === "true") }));
  writeRoute(
    app,
    deps,
    "createSharedMailbox",
    ({ ctx, body }) => s.createSharedMailbox(ctx, body),
    (first) => deps.store.getMailbox(first.id)?.soft_deleted === 0,
  );
  readRoute(app, deps, "getMailbox", "read", ({ ctx, params }) => s.getMailbox(ctx, params.identity));
  writeRoute(app, deps, "updateMailbox", ({ ctx, params, body }) => s.updateMailbox(ctx, params.identity, body));
  writeRoute(app, deps, "deleteMailbox", ({ ctx, params }) => s.deleteMailbox(ctx, params.identity));
  writeRoute(app, deps, "restoreMailbox", ({ ctx, params }) => s.restoreMailbox(ctx, params.identity));
  writeRoute(app, deps, "convertMailbox", ({ ctx, params, body }) => s.convertMailbox(ctx, params.identity, body.to));
}
