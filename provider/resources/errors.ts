import { TenantError } from "../client/errors";

/**
 * Errors for people: `creating Shared Mailbox "x@y": <cause>`. A refusal of the tenant keeps its
 * code and field; anything else is marked as an internal error.
 */
export function describeFailure(verb: string, what: string, cause: unknown): Error {
  if (cause instanceof TenantError) {
    const field = cause.field ? ` (${cause.field})` : "";
    const error = new Error(`${verb} ${what}: ${cause.message}${field} [${cause.code}]`);
    error.stack = error.message; // the engine prints the stack; a user's mistake deserves no trace
    return error;
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return new Error(`${verb} ${what}: ${message}`);
}

/** The engine's wire format has no `undefined`: drop such keys from what handlers return. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
