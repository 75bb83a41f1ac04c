import type { FastifyInstance } from "fastify";
import { readRoute, Deps } from "./define";

/** Get-Recipient: the directory, read-only. */
export function registerRecipientRoutes(app: FastifyInstance, deps: Deps): void {
  readRoute(app, deps, "getOrganization", "read", () => deps.service.recipients.org());
  readRoute(app, deps, "listRecipients", "read", ({ ctx, query }) => deps.service.recipients.list(ctx, query));
  readRoute(app, deps, "getRecipient", "read", ({ ctx, params }) => deps.service.recipients.get(ctx, params.identity));
}
