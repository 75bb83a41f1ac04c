import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, RawRequestDefaultExpression, RawServerDefault, RouteGenericInterface } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { z } from "zod";
import { API, ApiName, IDEMPOTENCY_HEADER, type PathParams } from "pulumi-mailbox/schemas/api";
import { ApiError, Role } from "pulumi-mailbox/schemas/common";
import { ApiFailure, DieSignal } from "../errors";
import type { Faults } from "../faults";
import type { Ctx, Service, WriteResult } from "../service";
import type { Store } from "../store/store";

/** Who may call a route: anyone, any signed-in role, the read roles, or the write roles. */
export type Access = "public" | "self" | "read" | "write";

export interface RouteConfig {
  apiName: ApiName;
  access: Access;
}

declare module "fastify" {
  interface FastifyRequest {
    principal?: string;
    role?: Role;
  }
}

/** What every route handler needs. */
export interface Deps {
  store: Store;
  service: Service;
  faults: Faults;
  clock: () => number;
  /** Stops the tenant in the middle of this request (the "die" fault); nothing is committed. */
  die(req: FastifyRequest, reply: FastifyReply): void;
}

type Routes = typeof API;
export type ResponseOf<N extends ApiName> = z.output<Routes[N]["response"]>;

/** Route N's request schemas as fastify sees them: its body and query from the API table. */
interface SchemaOf<N extends ApiName> extends FastifySchema {
  body: Routes[N] extends { body: infer B extends z.ZodType } ? B : undefined;
  querystring: Routes[N] extends { query: infer Q extends z.ZodType } ? Q : undefined;
}

/** Route N's path parameters, from its path (":identity" gives { identity: string }). */
interface RouteOf<N extends ApiName> extends RouteGenericInterface {
  Params: PathParams<N>;
}

/** A request to route N, its body and query typed by fastify-type-provider-zod from the route's zod schemas. */
type RequestOf<N extends ApiName> = FastifyRequest<RouteOf<N>, RawServerDefault, RawRequestDefaultExpression, SchemaOf<N>, ZodTypeProvider>;

export interface Input<N extends ApiName> {
  params: RequestOf<N>["params"];
  body: RequestOf<N>["body"];
  query: RequestOf<N>["query"];
  ctx: Ctx;
  /** The caller's role ("User" on a public route called without a token). */
  role: Role;
}

function ctxOf(deps: Deps, req: FastifyRequest): Ctx {
  return {
    principal: req.principal ?? "anonymous",
    now: deps.clock(),
    replicationDelayMs: deps.faults.replicationDelayMs(req.headers),
  };
}

/**
 * The schemas fastify validates route N's requests and answers with. The one cast of the route
 * table: TypeScript cannot follow a generic name into API's entries, so it is told that the entry
 * of `name` has SchemaOf<name>'s body and query, which is what SchemaOf reads from API's type.
 */
function schemaOf<N extends ApiName>(name: N, write: boolean): SchemaOf<N> {
  const spec = API[name] as { body?: z.ZodType; query?: z.ZodType; response: z.ZodType };
  const response: Record<string, z.ZodType> = { 200: spec.response, "4xx": ApiError, "5xx": ApiError };
  if (write) response[201] = spec.response;
  return { ...(spec.body ? { body: spec.body } : {}), ...(spec.query ? { querystring: spec.query } : {}), response } as SchemaOf<N>;
}

function inputOf<N extends ApiName>(deps: Deps, req: RequestOf<N>): Input<N> {
  return { params: req.params, body: req.body, query: req.query, ctx: ctxOf(deps, req), role: req.role ?? "User" };
}

/** The app, with handlers typed by fastify-type-provider-zod. */
const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();

/** Registers a read route of API: validated query, validated response. */
export function readRoute<N extends ApiName>(app: FastifyInstance, deps: Deps, name: N, access: Access, handler: (input: Input<N>) => ResponseOf<N>): void {
  const spec = API[name];
  typed(app).route<RouteOf<N>, RouteConfig, SchemaOf<N>>({
    method: spec.method,
    url: spec.path,
    schema: schemaOf(name, false),
    config: { apiName: name, access },
    handler: async (req, reply) => {
      if (deps.faults.dieRequested(req.headers)) {
        deps.die(req, reply);
        return reply;
      }
      return handler(inputOf(deps, req));
    },
  });
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Registers a write route of API. The handler runs inside one transaction together with its
 * audit entry and idempotency record; a refusal, a thrown error or the "die" fault rolls it
 * all back. A repeated Idempotency-Key of the same principal replays the first answer.
 */
export function writeRoute<N extends ApiName>(
  app: FastifyInstance,
  deps: Deps,
  name: N,
  handler: (input: Input<N>) => WriteResult<ResponseOf<N>>,
  /**
   * For a create: whether what its first answer made is still there. A key replays only while it
   * is; once it was deleted, the same request makes it again (a grant removed by hand and granted
   * again by the next `up` sends the same derived key).
   */
  stillMade?: (first: ResponseOf<N>) => boolean,
): void {
  const spec = API[name];
  typed(app).route<RouteOf<N>, RouteConfig, SchemaOf<N>>({
    method: spec.method,
    url: spec.path,
    schema: schemaOf(name, true),
    config: { apiName: name, access: "write" },
    handler: async (req, reply) => {
      const input = inputOf(deps, req);
      const key = header(req, IDEMPOTENCY_HEADER)?.trim();
      const path = req.url.split("?")[0];
      const bodyHash = createHash("sha256").update(JSON.stringify(req.body ?? null)).digest("hex");
      const die = deps.faults.dieRequested(req.headers);
      let result: WriteResult<ResponseOf<N>> & { replayed?: boolean };
      // Exchange purges mailboxes past their 30 days on its own schedule; here at the next write, in
      // a transaction of its own: a refused request (a removal on the purged mailbox) must not undo it.
      deps.store.tx(() => deps.service.mailboxes.purgeExpired(input.ctx));
      try {
        result = deps.store.tx(() => {
          let out: WriteResult<ResponseOf<N>> & { replayed?: boolean };
          let prior = key ? deps.store.getIdempotent(input.ctx.principal, key) : undefined;
          if (prior && stillMade && prior.method === req.method && prior.path === path && !stillMade(JSON.parse(prior.response) as ResponseOf<N>)) {
            deps.store.deleteIdempotent(prior.principal, prior.key);
            prior = undefined;
          }
          if (prior) {
            if (prior.method !== req.method || prior.path !== path || prior.body_hash !== bodyHash) {
              throw new ApiFailure(
                "ValidationFailed",
                `${IDEMPOTENCY_HEADER}: the key "${key}" was already used for another request (${prior.method} ${prior.path}); use a new key for a new request`,
                IDEMPOTENCY_HEADER,
                422,
              );
            }
            out = { status: prior.status, body: JSON.parse(prior.response) as ResponseOf<N>, replayed: true };
          } else {
            out = handler(input);
            if (key) {
              deps.store.putIdempotent({
                principal: input.ctx.principal,
                key,
                method: req.method,
                path,
                body_hash: bodyHash,
                status: out.status,
                response: JSON.stringify(out.body),
                at: new Date(input.ctx.now).toISOString(),
              });
            }
          }
          if (die) throw new DieSignal();
          return out;
        });
      } catch (err) {
        if (err instanceof DieSignal) {
          deps.die(req, reply);
          return reply;
        }
        throw err;
      }
      reply.code(result.status);
      if (result.replayed) reply.header("idempotent-replayed", "true");
      return result.body;
    },
  });
}
