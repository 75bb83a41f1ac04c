import type { FastifyInstance } from "fastify";
import { readRoute, writeRoute, Deps } from "./define";

/** Set-Mailbox -ForwardingAddress / -ForwardingSmtpAddress / -DeliverToMailboxAndForward. */
export function registerForwardingRoutes(app: FastifyInstance, deps: Deps): void {
  const s = deps.service.forwarding;
  readRoute(app, deps, "getForwarding", "read", ({ ctx, params }) => s.get(ctx, params.identity));
  readRoute(app, deps, "listSharedMailboxForwarding", "read", ({ ctx }) => ({ items: s.listOnShared(ctx) }));
  // A key replays only while the forwarding is still what its first answer set (see writeRoute).
  writeRoute(
    app,
    deps,
    "setForwarding",
    ({ ctx, params, body }) => s.set(ctx, params.identity, body),
    (first) => JSON.stringify(s.view(first.mailboxId)) === JSON.stringify(first),
  );
  writeRoute(app, deps, "clearForwarding", ({ ctx, params }) => s.clear(ctx, params.identity));
}
