import type { FastifyInstance } from "fastify";
import { readRoute, writeRoute, Deps } from "./define";

/** Get-/Set-MailboxAutoReplyConfiguration. */
export function registerAutoReplyRoutes(app: FastifyInstance, deps: Deps): void {
  const s = deps.service.autoReplies;
  readRoute(app, deps, "getAutoReply", "read", ({ ctx, params }) => s.get(ctx, params.identity));
  readRoute(app, deps, "listSharedMailboxAutoReplies", "read", ({ ctx }) => ({ items: s.listOnShared(ctx) }));
  // A key replays only while the replies are still what its first answer set (see writeRoute).
  writeRoute(
    app,
    deps,
    "setAutoReply",
    ({ ctx, params, body }) => s.set(ctx, params.identity, body),
    (first) => JSON.stringify(s.view(first.mailboxId)) === JSON.stringify(first),
  );
}
