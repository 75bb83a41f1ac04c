import type { FastifyInstance } from "fastify";
import { WRITE_ROLES } from "pulumi-mailbox/schemas/common";
import { readRoute, Deps } from "./define";

/** GET /health (no token needed) and GET /v1/whoami (any role). */
export function registerHealthRoutes(app: FastifyInstance, deps: Deps): void {
  readRoute(app, deps, "health", "public", () => ({ status: "ok" as const }));
  readRoute(app, deps, "whoami", "self", ({ ctx, role }) => ({ principal: ctx.principal, role, canWrite: WRITE_ROLES.includes(role) }));
}
