import type { FastifyInstance } from "fastify";
import { readRoute, writeRoute, Deps } from "./define";

/** Set-Mailbox -ForwardingAddress / -ForwardingSmtpAddress / -DeliverToMailboxAndForward. */
export function registerForwardingRoutes(app: FastifyInstance, deps: Deps): void {
  const s = deps.service.forwarding;
  readRoute(app, deps, "getForwarding", "read", ({ ctx, params }) => s.get(ctx, params.identity));
  writeRoute(app, deps, "setForwarding", ({ ctx, params, body }) => s.set(ctx, params.identity, body));
  writeRoute(app, deps, "clearForwarding", ({ ctx, params }) => s.clear(ctx, params.identity));
}
