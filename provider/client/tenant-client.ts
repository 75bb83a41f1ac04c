import { randomUUID } from "crypto";
import { z } from "zod";
import { handleWhen, retry } from "cockatiel";
import { API, ApiName, IDEMPOTENCY_HEADER } from "../../schemas/api";
import { TenantError, networkError } from "./errors";
import { RetryAfterBackoff } from "./retry";

export interface ClientSettings {
  endpoint: string;
  token: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Attempts for throttling, outages and network failures. */
  maxAttempts?: number;
  /** How long a just-created object may stay "not found" while the tenant replicates it. */
  replicationWaitMs?: number;
}

type Route = (typeof API)[ApiName];
type ResponseOf<N extends ApiName> = z.infer<(typeof API)[N]["response"]>;
type BodyOf<N extends ApiName> = (typeof API)[N] extends { body: z.ZodType } ? z.input<(typeof API)[N]["body"]> : never;

export interface CallOptions<N extends ApiName> {
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: BodyOf<N>;
  /** Retry 404 for this long: the object was just created and may not have replicated yet. */
  awaitReplication?: boolean;
}

/** Counts what the client did, for benchmarks and tests. */
export interface ClientStats {
  requests: number;
  retries: number;
}

/**
 * The one HTTP client of the tenant: typed by the API table, bounded jittered retries that honour
 * Retry-After, a timeout per attempt, and an idempotency key per write so a retried create can
 * never make a duplicate.
 */
export class TenantClient {
  readonly stats: ClientStats = { requests: 0, retries: 0 };
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly replicationWaitMs: number;

  constructor(private readonly settings: ClientSettings) {
    this.timeoutMs = settings.timeoutMs ?? 30_000;
    this.maxAttempts = settings.maxAttempts ?? 8;
    this.replicationWaitMs = settings.replicationWaitMs ?? 120_000;
  }

  get endpoint(): string {
    return this.settings.endpoint;
  }

  async call<N extends ApiName>(name: N, options: CallOptions<N> = {}): Promise<ResponseOf<N>> {
    const route: Route = API[name];
    const url = this.url(route.path, options.params ?? {}, options.query);
    const write = route.method !== "GET";
    // One key for every attempt of this call: the tenant replays the first result.
    const idempotencyKey = write ? randomUUID() : undefined;
    const started = Date.now();
    const policy = retry(
      handleWhen(
        (e) =>
          e instanceof TenantError &&
          (e.transient || (options.awaitReplication === true && e.notFound && Date.now() - started < this.replicationWaitMs)),
      ),
      // cockatiel's maxAttempts counts retries after the first attempt.
      { maxAttempts: options.awaitReplication ? 1_000 : this.maxAttempts - 1, backoff: new RetryAfterBackoff() },
    );
    policy.onRetry(() => this.stats.retries++);
    const body = await policy.execute(async () => this.once(route, url, options.body, idempotencyKey));
    const parsed = route.response.safeParse(body);
    if (!parsed.success) {
      throw new TenantError(502, "BadResponse", `internal error: the tenant's answer to ${route.method} ${route.path} does not match its schema: ${parsed.error.issues[0]?.message}`);
    }
    return parsed.data as ResponseOf<N>;
  }

  /** Like call, but a 404 is undefined instead of an error. */
  async find<N extends ApiName>(name: N, options: CallOptions<N> = {}): Promise<ResponseOf<N> | undefined> {
    try {
      return await this.call(name, options);
    } catch (e) {
      if (e instanceof TenantError && e.notFound) return undefined;
      throw e;
    }
  }

  private async once(route: Route, url: string, body: unknown, idempotencyKey?: string): Promise<unknown> {
    this.stats.requests++;
    const headers: Record<string, string> = { authorization: `Bearer ${this.settings.token}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (idempotencyKey) headers[IDEMPOTENCY_HEADER] = idempotencyKey;
    let response: Response;
    try {
      response = await fetch(url, {
        method: route.method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw networkError(this.settings.endpoint, e);
    }
    if (!response.ok) throw await TenantError.fromResponse(response);
    return response.json();
  }

  private url(path: string, params: Record<string, string>, query?: Record<string, string | number | undefined>): string {
    const filled = path.replace(/:([A-Za-z]+)/g, (_, key: string) => {
      const value = params[key];
      if (value === undefined) throw new Error(`internal error: no value for :${key} in ${path}`);
      return encodeURIComponent(value);
    });
    const url = new URL(filled.replace(/^\//, ""), this.settings.endpoint.endsWith("/") ? this.settings.endpoint : `${this.settings.endpoint}/`);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    return url.toString();
  }
}
