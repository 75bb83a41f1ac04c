import type { FastifyInstance } from "fastify";
import { readRoute, writeRoute, Deps } from "./define";

/** Add-/Remove-MailboxPermission (FullAccess), -RecipientPermission (SendAs), GrantSendOnBehalfTo. */
export function registerGrantRoutes(app: FastifyInstance, deps: Deps): void {
  const s = deps.service.grants;
  readRoute(app, deps, "listGrants", "read", ({ ctx, params, query }) => ({ items: s.list(ctx, params.identity, query.includeSystem === "true") }));
  readRoute(app, deps, "listSharedMailboxGrants", "read", ({ ctx }) => ({ items: s.listOnShared(ctx) }));
  writeRoute(
    app,
    deps,
    "addGrant",
    ({ ctx, params, body }) => s.add(ctx, params.identity, body),
    (first) => deps.store.getGrant(first.targetId, first.accessRights, first.trusteeId) !== undefined,
  );
  writeRoute(app, deps, "removeGrant", ({ ctx, params }) => s.remove(ctx, params.identity, params.accessRights, params.trustee));
}
