import type { FastifyInstance } from "fastify";
import { readRoute, writeRoute, Deps } from "./define";

/** Get-/Set-MailboxAutoReplyConfiguration. */
export function registerAutoReplyRoutes(app: FastifyInstance, deps: Deps): void {
  const s = deps.service;
  readRoute(app, deps, "getAutoReply", "read", ({ ctx, params }) => s.getAutoReply(ctx, params.identity));
  // A key replays only while the replies are still what its first answer set (see writeRoute).
  writeRoute(
    app,
    deps,
    "setAutoReply",
    ({ ctx, params, body }) => s.setAutoReply(ctx, params.identity, body),
    (first) => JSON.stringify(s.autoReplyView(first.mailboxId)) === JSON.stringify(first),
  );
}
