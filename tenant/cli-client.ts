import { z } from "zod";
import { API, ApiName } from "../schemas/api";
import { ApiError } from "../schemas/common";

/**
 * The tenant CLI's HTTP helper: one typed `call(name, params, body)` over the route table `API`
 * of schemas/api.ts. Path parameters (`:identity`, `:trustee`…) are filled from `params` with
 * encodeURIComponent, the other keys of `params` become the query string, the body is checked
 * with the route's schema before it is sent, and the answer is parsed with the route's response
 * schema. Every failure is a `TenantCallError` with a stable code, so the CLI can print one line.
 */

type Routes = typeof API;

/** ":identity/grants/:accessRights/:trustee" -> "identity" | "accessRights" | "trustee" */
type PathParamNames<P extends string> = P extends `${string}:${infer Param}/${infer Rest}`
  ? Param | PathParamNames<`/${Rest}`>
  : P extends `${string}:${infer Param}`
    ? Param
    : never;

type QueryOf<N extends ApiName> = Routes[N] extends { query: infer Q extends z.ZodType } ? Partial<z.input<Q>> : {};

export type CallParams<N extends ApiName> = { [K in PathParamNames<Routes[N]["path"]>]: string } & QueryOf<N>;
export type CallBody<N extends ApiName> = Routes[N] extends { body: infer B extends z.ZodType } ? z.input<B> : undefined;
export type CallResult<N extends ApiName> = z.output<Routes[N]["response"]>;

/** A refusal of the tenant (its ApiError body) or a failure to reach it, with a stable code. */
export class TenantCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "TenantCallError";
  }
}

/** Code of the error raised when nothing listens at the endpoint. */
export const NOT_RUNNING = "TenantNotRunning";

export interface ClientOptions {
  endpoint: string;
  token?: string;
  /** Retries of a 429/503 that carries a Retry-After of at most `maxRetryAfterSeconds`. */
  retries?: number;
  maxRetryAfterSeconds?: number;
}

export interface TenantClient {
  readonly endpoint: string;
  call<N extends ApiName>(name: N, params: CallParams<N>, body?: CallBody<N>): Promise<CallResult<N>>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function issuesText(error: z.ZodError): { field?: string; message: string } {
  const first = error.issues[0];
  const field = first && first.path.length > 0 ? first.path.join(".") : undefined;
  return { field, message: error.issues.map((i) => (i.path.length ? `${i.path.join(".")} ${i.message}` : i.message)).join("; ") };
}

/** Fills the route's path and query from `params`. */
export function buildUrl(endpoint: string, name: ApiName, params: Record<string, unknown>): string {
  const route = API[name];
  const used = new Set<string>();
  const path = route.path.replace(/:([A-Za-z]+)/g, (_m, key: string) => {
    const value = params[key];
    if (value === undefined || value === null || String(value) === "") {
      throw new TenantCallError("ValidationFailed", `is required to call ${name}`, key);
    }
    used.add(key);
    return encodeURIComponent(String(value));
  });
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (used.has(key) || value === undefined || value === null) continue;
    query.append(key, String(value));
  }
  const qs = query.toString();
  return `${endpoint.replace(/\/+$/, "")}${path}${qs ? `?${qs}` : ""}`;
}

function connectionFailure(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: string; errors?: { code?: string }[] } })?.cause;
  const codes = [cause?.code, ...(cause?.errors ?? []).map((e) => e.code)];
  return codes.find((c) => c === "ECONNREFUSED" || c === "ENOTFOUND" || c === "EHOSTUNREACH" || c === "ECONNRESET");
}

export function createClient(options: ClientOptions): TenantClient {
  const endpoint = options.endpoint.replace(/\/+$/, "");
  const retries = options.retries ?? 3;
  const maxRetryAfter = options.maxRetryAfterSeconds ?? 10;

  async function call<N extends ApiName>(name: N, params: CallParams<N>, body?: CallBody<N>): Promise<CallResult<N>> {
    const route = API[name] as { method: string; path: string; body?: z.ZodType; response: z.ZodType };
    const url = buildUrl(endpoint, name, params as Record<string, unknown>);
    let payload: string | undefined;
    if (route.body) {
      const checked = route.body.safeParse(body ?? {});
      if (!checked.success) {
        const { field, message } = issuesText(checked.error);
        throw new TenantCallError("ValidationFailed", message, field);
      }
      payload = JSON.stringify(checked.data);
    }
    const headers: Record<string, string> = { accept: "application/json" };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (payload !== undefined) headers["content-type"] = "application/json";

    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(url, { method: route.method, headers, body: payload });
      } catch (err) {
        const code = connectionFailure(err);
        if (code) {
          throw new TenantCallError(
            NOT_RUNNING,
            `the tenant is not running at ${endpoint} (${code}): start it with "node dist/tenant/cli.js serve" ` +
              `(or "npx ts-node tenant/cli.ts serve"), or point --endpoint / TENANT_ENDPOINT at it`,
          );
        }
        const cause = (err as { cause?: { message?: string } }).cause?.message;
        throw new TenantCallError("ConnectionFailed", `calling ${route.method} ${url}: ${(err as Error).message}${cause ? ` (${cause})` : ""}`);
      }
      const text = await res.text();
      let json: unknown = undefined;
      try {
        json = text === "" ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      if (!res.ok) {
        const retryAfter = Number(res.headers.get("retry-after"));
        if ((res.status === 429 || res.status === 503) && attempt < retries && Number.isFinite(retryAfter) && retryAfter <= maxRetryAfter) {
          await sleep(Math.max(retryAfter, 0.05) * 1000);
          continue;
        }
        const parsed = ApiError.safeParse(json);
        if (parsed.success) {
          const e = parsed.data.error;
          throw new TenantCallError(e.code, e.message, e.field, res.status);
        }
        throw new TenantCallError(
          "InternalError",
          `the tenant answered ${route.method} ${route.path} with HTTP ${res.status} and no error body${text ? `: ${text.slice(0, 200)}` : ""}`,
          undefined,
          res.status,
        );
      }
      const parsed = route.response.safeParse(json);
      if (!parsed.success) {
        throw new TenantCallError(
          "InternalError",
          `internal: the tenant's answer to ${name} does not match schemas/api.ts: ${issuesText(parsed.error).message}`,
          undefined,
          res.status,
        );
      }
      return parsed.data as CallResult<N>;
    }
  }

  return { endpoint, call };
}

/** The one line the CLI prints for a failed call. */
export function describeError(err: TenantCallError): string {
  if (err.code === NOT_RUNNING) return err.message;
  return `error ${err.code}: ${err.message}${err.field ? ` (field: ${err.field})` : ""}`;
}
