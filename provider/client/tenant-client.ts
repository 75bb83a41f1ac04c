import { randomUUID } from "crypto";
import * as z from "zod";
import { handleWhen, retry } from "cockatiel";
import { API, ApiName, IDEMPOTENCY_HEADER, PathParamNames, PathParams, pathParamNames } from "../../schemas/api";
import { TenantError, invalidRequest, networkError } from "./errors";
import { RetryAfterBackoff } from "./retry";
import { nodeHttp, overFetch, type Transport, type TransportAnswer } from "./transport";

// The path parameters are the API table's; the client's public entry hands them on.
export { pathParamNames };
export type { PathParamNames, PathParams };

export interface ClientSettings {
  endpoint: string;
  /** Bearer token; without one no Authorization header is sent (the tenant answers Unauthorized). */
  token?: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Attempts for throttling, outages and network failures. */
  maxAttempts?: number;
  /** How long a just-created object may stay "not found" while the tenant replicates it. */
  replicationWaitMs?: number;
  /** Added to the message of a refused token (401): what to check where these settings came from. */
  unauthorizedHint?: string;
  /**
   * Sends each request through this fetch instead of Node's http module (unit tests answer without
   * a network this way).
   */
  fetch?: typeof fetch;
}

type Routes = typeof API;
type Route = Routes[ApiName];
type ResponseOf<N extends ApiName> = z.infer<Routes[N]["response"]>;
type BodyOf<N extends ApiName> = Routes[N] extends { body: z.ZodType } ? z.input<Routes[N]["body"]> : never;

/** The query of a route that has one (from its query schema); never for the others. */
export type QueryOf<N extends ApiName> = Routes[N] extends { query: infer Q extends z.ZodType } ? Partial<z.input<Q>> : never;
type HasPathParams<N extends ApiName> = [PathParamNames<Routes[N]["path"]>] extends [never] ? false : true;

export type CallOptions<N extends ApiName> = (HasPathParams<N> extends true ? { params: PathParams<N> } : { params?: Record<string, never> }) & {
  query?: QueryOf<N>;
  /** Checked with the route's body schema before it is sent: a mistake is a 400 ValidationFailed without a request. */
  body?: BodyOf<N>;
  /**
   * Retry 404 while the object may still be replicating: `true` for the replication wait from now
   * (it was just created); `{ since }` until the wait has passed since it was written (an ISO time
   * kept in state), and not at all when that time is unknown.
   */
  awaitReplication?: AwaitReplication;
  /** A write's Idempotency-Key; random when not given. The same key sent again gets the first answer. */
  idempotencyKey?: string;
};

export type AwaitReplication = boolean | { since: string | undefined };

/** The options after the route's name: required when its path has parameters to fill. */
export type CallArgs<N extends ApiName> = HasPathParams<N> extends true ? [options: CallOptions<N>] : [options?: CallOptions<N>];

/** What call() reads of its options, whatever the route. */
interface AnyCallOptions {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  awaitReplication?: AwaitReplication;
  idempotencyKey?: string;
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
  private writeEvents = 0;
  /** writeEvents by route: see writeMarkExcept(). */
  private readonly routeWriteEvents = new Map<ApiName, number>();
  /** GETs out now, by URL, with the write mark they left under. */
  private readonly reading = new Map<string, { writeMark: number; body: Promise<unknown> }>();
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly replicationWaitMs: number;
  private readonly transport: Transport;

  constructor(private readonly settings: ClientSettings) {
    this.transport = settings.fetch ? overFetch(settings.fetch) : nodeHttp;
    this.timeoutMs = settings.timeoutMs ?? 30_000;
    this.maxAttempts = settings.maxAttempts ?? 8;
    this.replicationWaitMs = settings.replicationWaitMs ?? 120_000;
  }

  /**
   * Changes when a write (anything but GET) starts and when it ends: a read answered under
   * another mark may no longer hold, for this client may have changed it meanwhile.
   */
  get writeMark(): number {
    return this.writeEvents;
  }

  /**
   * writeMark without the writes to these routes: what they cannot change (whether a name is
   * taken, which a grant leaves alone) need not be asked again after them.
   */
  writeMarkExcept(routes: readonly ApiName[]): number {
    return routes.reduce((mark, route) => mark - (this.routeWriteEvents.get(route) ?? 0), this.writeEvents);
  }

  get endpoint(): string {
    return this.settings.endpoint;
  }

  async call<N extends ApiName>(name: N, ...args: CallArgs<N>): Promise<ResponseOf<N>> {
    const options: AnyCallOptions = args[0] ?? {};
    const route: Route = API[name];
    const url = this.url(route.path, options.params ?? {}, options.query);
    if ("body" in route && options.body !== undefined) {
      const checked = route.body.safeParse(options.body);
      if (!checked.success) throw invalidRequest(checked.error);
    }
    const write = route.method !== "GET";
    // A read while the same read is out (and nothing was written since it left) shares its answer:
    // a refresh reads the grants of one mailbox once per grant, all at the same moment.
    const shareable = !write && !options.awaitReplication;
    const flight = shareable ? this.reading.get(url) : undefined;
    let body: unknown;
    if (flight && flight.writeMark === this.writeEvents) {
      body = await flight.body;
    } else {
      const sent = this.send(name, url, options);
      if (shareable) {
        const entry = { writeMark: this.writeEvents, body: sent };
        this.reading.set(url, entry);
        const done = () => void (this.reading.get(url) === entry && this.reading.delete(url));
        sent.then(done, done);
      }
      body = await sent;
    }
    const parsed = route.response.safeParse(body);
    if (!parsed.success) {
      throw new TenantError(502, "BadResponse", `internal error: the tenant's answer to ${route.method} ${route.path} does not match its schema: ${parsed.error.issues[0]?.message}`);
    }
    return parsed.data as ResponseOf<N>;
  }

  /** One call's attempts: bounded jittered retries, an idempotency key per write. */
  private async send(name: ApiName, url: string, options: AnyCallOptions): Promise<unknown> {
    const route: Route = API[name];
    const write = route.method !== "GET";
    const wrote = () => {
      this.writeEvents++;
      this.routeWriteEvents.set(name, (this.routeWriteEvents.get(name) ?? 0) + 1);
    };
    // One key for every attempt of this call (and for a later call that repeats it, when the caller
    // derives the key): the tenant replays the first result.
    const idempotencyKey = write ? (options.idempotencyKey ?? randomUUID()) : undefined;
    const replicatedBy = this.replicatedBy(options.awaitReplication ?? false, Date.now());
    // Throttling and outages get maxAttempts in all; waiting for replication is bounded by time.
    let transientFailures = 0;
    const policy = retry(
      handleWhen((e) => {
        if (!(e instanceof TenantError)) return false;
        if (e.transient) return ++transientFailures < this.maxAttempts;
        return e.notFound && Date.now() < replicatedBy;
      }),
      { maxAttempts: Number.MAX_SAFE_INTEGER, backoff: new RetryAfterBackoff() },
    );
    policy.onRetry(() => this.stats.retries++);
    if (write) wrote();
    let text: string;
    try {
      text = await policy.execute(async () => this.once(route, url, options.body, idempotencyKey));
    } finally {
      if (write) wrote();
    }
    // Not retried: an answer that is not JSON will not become JSON when asked again.
    try {
      return JSON.parse(text);
    } catch {
      throw new TenantError(502, "BadResponse", `internal error: the tenant's answer to ${route.method} ${route.path} is not JSON: ${text.slice(0, 200)}`);
    }
  }

  /** Like call, but a 404 is undefined instead of an error. */
  async find<N extends ApiName>(name: N, ...args: CallArgs<N>): Promise<ResponseOf<N> | undefined> {
    try {
      return await this.call(name, ...args);
    } catch (e) {
      if (e instanceof TenantError && e.notFound) return undefined;
      throw e;
    }
  }

  /**
   * A read that finds nothing is repeated while the object may still be replicating (see
   * awaitReplication), so that a refresh right after a create never takes it for deleted.
   * `settled` says whether what was found is already what was written: a setting read right after
   * a write may still show the value from before it, so until the window is over such a read is
   * repeated too. Outside the window it is one read, and `settled` is not asked.
   */
  async untilReplicated<T>(
    since: AwaitReplication,
    read: () => Promise<T | undefined>,
    settled: (found: T) => boolean | Promise<boolean> = () => true,
  ): Promise<T | undefined> {
    const deadline = this.replicatedBy(since, Date.now());
    for (let pause = 250; ; pause = Math.min(pause * 2, 4_000)) {
      const found = await read();
      if (deadline - Date.now() <= 0 || (found !== undefined && (await settled(found)))) return found;
      const left = deadline - Date.now();
      if (left <= 0) return found;
      this.stats.retries++;
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
    }
  }

  /** When an object may no longer be "not found" because it is replicating (ms since the epoch). */
  private replicatedBy(wait: AwaitReplication, now: number): number {
    if (wait === true) return now + this.replicationWaitMs;
    if (wait === false || wait.since === undefined) return 0;
    const written = Date.parse(wait.since);
    return Number.isFinite(written) ? written + this.replicationWaitMs : 0;
  }

  /** One attempt: the answer's text when it is a success, else the tenant's error. */
  private async once(route: Route, url: string, body: unknown, idempotencyKey?: string): Promise<string> {
    this.stats.requests++;
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.settings.token) headers.authorization = `Bearer ${this.settings.token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    if (idempotencyKey) headers[IDEMPOTENCY_HEADER] = idempotencyKey;
    let answer: TransportAnswer;
    try {
      answer = await this.transport({ method: route.method, url, headers, body: body === undefined ? undefined : JSON.stringify(body), timeoutMs: this.timeoutMs });
    } catch (e) {
      throw networkError(this.settings.endpoint, e);
    }
    if (answer.status < 200 || answer.status > 299) {
      const error = TenantError.fromAnswer(answer);
      if (error.status === 401 && this.settings.unauthorizedHint) {
        throw new TenantError(error.status, error.code, `${error.message}. ${this.settings.unauthorizedHint}`, error.field);
      }
      throw error;
    }
    return answer.text;
  }

  private url(path: string, params: Record<string, string>, query?: Record<string, unknown>): string {
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
