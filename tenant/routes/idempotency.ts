import type { FastifyInstance } from "fastify";
import { ApiFailure } from "../errors";
import { readRoute, Deps } from "./define";

/** GET /v1/idempotency/:key: the caller's own write with that key, so a client can recognise its earlier create. */
export function registerIdempotencyRoutes(app: FastifyInstance, deps: Deps): void {
  readRoute(app, deps, "getIdempotencyRecord", "read", ({ ctx, params }) => {
    const row = deps.store.getIdempotent(ctx.principal, params.key);
    if (!row) throw new ApiFailure("NotFound", `no write with idempotency key '${params.key}' reached this tenant from ${ctx.principal}`, "key");
    // The object the write made or changed: its id, or for a mailbox's setting (forwarding, automatic replies) the mailbox.
    const response = JSON.parse(row.response) as { id?: unknown; mailboxId?: unknown };
    const objectId = typeof response.id === "string" ? response.id : typeof response.mailboxId === "string" ? response.mailboxId : null;
    return { key: row.key, method: row.method, path: row.path, status: row.status, objectId, at: row.at };
  });
}
