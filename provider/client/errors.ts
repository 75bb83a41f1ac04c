import type { z } from "zod";
import { ApiError } from "../../schemas/common";
import type { TransportAnswer } from "./transport";

/** An error answer of the tenant, with its stable code. */
export class TenantError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** From Retry-After, when the tenant sent one. */
    readonly retryAfterMs?: number,
    /** What failed underneath, e.g. the socket's error for a tenant that could not be reached. */
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "TenantError";
  }

  /** Throttling, a transient outage or a network failure: worth another try. */
  get transient(): boolean {
    return this.status === 429 || this.status === 502 || this.status === 503 || this.status === 504 || this.status === 0;
  }

  get notFound(): boolean {
    return this.status === 404;
  }

  /** From an answer that is not a success: the tenant's own error body when it sent one. */
  static fromAnswer(answer: TransportAnswer): TenantError {
    const { status, retryAfter, text } = answer;
    const retryAfterMs = retryAfter !== undefined && /^\d+(\.\d+)?$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined;
    let parsed: ApiError | undefined;
    try {
      const body = ApiError.safeParse(JSON.parse(text));
      parsed = body.success ? body.data : undefined;
    } catch {
      parsed = undefined;
    }
    if (parsed) {
      return new TenantError(status, parsed.error.code, parsed.error.message, parsed.error.field, retryAfterMs);
    }
    // A redirect is not followed (a write would turn into a GET): say where to point the endpoint.
    const moved = status >= 300 && status < 400 && answer.location ? ` (a redirect to ${answer.location}: set mailbox:endpoint to the address it names)` : "";
    return new TenantError(
      status,
      status === 429 ? "Throttled" : status >= 500 ? "Unavailable" : "HttpError",
      `the tenant answered HTTP ${status}${moved}${text ? `: ${text.slice(0, 200)}` : ""}`,
      undefined,
      retryAfterMs,
    );
  }
}

/** The tenant could not be reached at all (refused, reset, timed out). */
export function networkError(endpoint: string, cause: unknown): TenantError {
  const reason = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
  return new TenantError(
    0,
    "Unreachable",
    `cannot reach the tenant at ${endpoint} (${reason}); is it running? Start the local one with 'npm run tenant -- serve'`,
    undefined,
    undefined,
    cause,
  );
}

/** A request refused by its own schema before it is sent, as the tenant would refuse it: 400 ValidationFailed. */
export function invalidRequest(error: z.ZodError): TenantError {
  const first = error.issues[0];
  const field = first && first.path.length > 0 ? first.path.join(".") : undefined;
  const message = error.issues.map((i) => (i.path.length ? `${i.path.join(".")} ${i.message}` : i.message)).join("; ");
  return new TenantError(400, "ValidationFailed", message, field);
}
