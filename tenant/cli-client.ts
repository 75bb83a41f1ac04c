import { API, ApiName } from "pulumi-mailbox/schemas/api";
import { CallArgs, PathParams, QueryOf, TenantClient, TenantError, pathParamNames } from "pulumi-mailbox/client";
import type { z } from "zod";

/**
 * The tenant CLI's side of the provider's TenantClient: `call(name, params, body)` takes the path
 * parameters and the query in one object, and a tenant that is not running is one line that says
 * how to start it. Retries, the body's check and the answer's parsing are the provider client's;
 * few attempts, so a dead tenant fails fast.
 */

type Routes = typeof API;

export type CallParams<N extends ApiName> = PathParams<N> & ([QueryOf<N>] extends [never] ? {} : QueryOf<N>);
export type CallBody<N extends ApiName> = Routes[N] extends { body: infer B extends z.ZodType } ? z.input<B> : undefined;
export type CallResult<N extends ApiName> = z.output<Routes[N]["response"]>;

/** Code of the error raised when nothing listens at the endpoint. */
export const NOT_RUNNING = "TenantNotRunning";

export interface ClientOptions {
  endpoint: string;
  token?: string;
  /** Attempts of a call that is throttled (429), unavailable (503) or cannot connect. */
  maxAttempts?: number;
}

export interface CliClient {
  readonly endpoint: string;
  call<N extends ApiName>(name: N, params: CallParams<N>, body?: CallBody<N>): Promise<CallResult<N>>;
}

const REFUSED = ["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ECONNRESET"];

/** The refusal code of a connection that failed, from the error the client's request failed with. */
function connectionFailure(err: unknown): string | undefined {
  type Failure = { code?: string; errors?: { code?: string }[]; cause?: Failure };
  // The client's transport fails with the socket's own error; a fetch-style error wraps it once more.
  const failures = [err as Failure | undefined, (err as Failure | undefined)?.cause];
  const codes = failures.flatMap((f) => [f?.code, ...(f?.errors ?? []).map((e) => e.code)]);
  return codes.find((c) => c !== undefined && REFUSED.includes(c));
}

export function createClient(options: ClientOptions): CliClient {
  const endpoint = options.endpoint.replace(/\/+$/, "");
  const client = new TenantClient({ endpoint, token: options.token, maxAttempts: options.maxAttempts ?? 3 });

  async function call<N extends ApiName>(name: N, params: CallParams<N>, body?: CallBody<N>): Promise<CallResult<N>> {
    const path: Record<string, string> = {};
    const query: Record<string, unknown> = { ...(params as Record<string, unknown>) };
    for (const key of pathParamNames(name)) {
      const value = query[key];
      if (value === undefined || value === null || String(value) === "") {
        throw new TenantError(400, "ValidationFailed", `is required to call ${name}`, key);
      }
      path[key] = String(value);
      delete query[key];
    }
    try {
      const args = [{ params: path, query, body: "body" in API[name] ? (body ?? {}) : undefined }] as unknown as CallArgs<N>;
      return await client.call(name, ...args);
    } catch (err) {
      const refused = err instanceof TenantError && err.code === "Unreachable" ? connectionFailure(err.cause) : undefined;
      if (!refused) throw err;
      throw new TenantError(
        0,
        NOT_RUNNING,
        `the tenant is not running at ${endpoint} (${refused}): start it with "node dist/tenant/cli.js serve" ` +
          `(or "npx ts-node tenant/cli.ts serve"), or point --endpoint / TENANT_ENDPOINT at it`,
        undefined,
        undefined,
        err,
      );
    }
  }

  return { endpoint, call };
}

/** The one line the CLI prints for a failed call. */
export function describeError(err: TenantError): string {
  if (err.code === NOT_RUNNING) return err.message;
  return `error ${err.code}: ${err.message}${err.field ? ` (field: ${err.field})` : ""}`;
}
