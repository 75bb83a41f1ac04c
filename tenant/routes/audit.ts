import type { FastifyInstance } from "fastify";
import { readRoute, Deps } from "./define";

/** The audit log: who changed what, when, before and after. */
export function registerAuditRoutes(app: FastifyInstance, deps: Deps): void {
  readRoute(app, deps, "listAudit", "read", ({ query }) => ({ items: deps.service.audit.list(query) }));
}
