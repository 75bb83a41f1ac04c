import { existsSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import Fastify, { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { READ_ROLES, WRITE_ROLES } from "pulumi-mailbox/schemas/common";
import { PERMISSION_DENIED_MESSAGE } from "pulumi-mailbox/schemas/messages";
import { ApiFailure, StartError } from "./errors";
import { Faults } from "./faults";
import type { RunningTenant, TenantOptions } from "./options";
import { resolveTokens, TokenTable } from "./auth";
import { applySeed, EMPTY_SEED, readSeed } from "./seed";
import { Service } from "./service";
import { Store } from "./store/store";
import type { Deps, RouteConfig } from "./routes/define";
import { registerHealthRoutes } from "./routes/health";
import { registerRecipientRoutes } from "./routes/recipients";
import { registerMailboxRoutes } from "./routes/mailboxes";
import { registerGrantRoutes } from "./routes/grants";
import { registerForwardingRoutes } from "./routes/forwarding";
import { registerAutoReplyRoutes } from "./routes/auto-reply";
import { registerAuditRoutes } from "./routes/audit";
import { registerIdempotencyRoutes } from "./routes/idempotency";

/** The sample organisation, when it ships beside the server (source tree, the package's dist/, or the repository's dist/tenant/). */
export function defaultSeedFile(): string | undefined {
  const places = [[__dirname, "seed"], [__dirname, "..", "seed"], [__dirname, "..", "..", "tenant", "seed"]];
  for (const candidate of places.map((p) => join(...p, "contoso.yaml"))) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** A built (not yet listening) tenant: for `app.inject()` tests and for startTenant. */
export interface TenantApp {
  app: FastifyInstance;
  store: Store;
  service: Service;
  tokens: TokenTable;
  /** Settles once the tenant has stopped (close(), or the "die" fault). */
  stopped: Promise<void>;
  /** Closes the server and the store; safe to call twice. */
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === "string" ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m ? m[1] : undefined;
}

/** Field of a validation issue: its path joined by "." (or the part of the request). */
function validationField(err: FastifyError & { validation: { instancePath: string; keyword: string; params: Record<string, unknown> }[] }): string {
  const first = err.validation[0];
  const parts = first.instancePath.replace(/^\//, "").split("/").filter(Boolean);
  // An unknown key is named by itself, not by the object that holds it.
  const keys = first.params.keys;
  if (first.keyword === "unrecognized_keys" && Array.isArray(keys) && keys.length > 0) parts.push(String(keys[0]));
  const path = parts.join(".");
  if (path) return path;
  return err.validationContext === "querystring" ? "query" : (err.validationContext ?? "body");
}

/** Store, seed, tokens and the fastify app with every route of API (schemas/api.ts). */
export function buildApp(options: TenantOptions): TenantApp {
  const clock = options.clock ?? Date.now;
  const store = new Store(options.dataFile);
  let service: Service;
  let tokens: TokenTable;
  try {
    if (!store.org()) {
      const seedFile = options.seedFile ?? defaultSeedFile();
      applySeed(store, seedFile ? readSeed(seedFile) : EMPTY_SEED, clock(), seedFile ?? "(built-in empty organisation)");
    }
    service = new Service(store);
    tokens = resolveTokens(options.dataFile, options.tokens);
  } catch (err) {
    store.close();
    throw err;
  }
  const faults = new Faults(options.faults ?? {}, clock);
  // A Map, not the plain object: a token named "__proto__" or "toString" must find nothing.
  const tokenTable = new Map(Object.entries(tokens));

  const app = Fastify({
    logger: options.log ? { level: "info", stream: process.stderr } : false,
    bodyLimit: 4 * 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // JSON bodies; an empty body (POST …/restore, DELETE) is no body.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    const text = String(body).trim();
    if (text === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(new ApiFailure("ValidationFailed", `body: is not valid JSON (${(err as Error).message})`, "body"), undefined);
    }
  });

  let stopping: Promise<void> | undefined;
  let markStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (markStopped = resolve));
  const close = (): Promise<void> => {
    stopping ??= (async () => {
      try {
        await app.close();
      } finally {
        store.close();
        markStopped();
      }
    })();
    return stopping;
  };

  const deps: Deps = {
    store,
    service,
    faults,
    clock,
    die(req: FastifyRequest, reply: FastifyReply) {
      reply.hijack();
      req.raw.socket?.destroy();
      if (options.faults?.dieMode === "exit") process.exit(137);
      void close();
    },
  };

  // Authentication, roles, then the faults that refuse a request before any work.
  app.addHook("onRequest", async (req, reply) => {
    const config = req.routeOptions.config as Partial<RouteConfig>;
    if (!config.access) return;
    if (config.access !== "public") {
      const token = bearer(req);
      const entry = token !== undefined ? tokenTable.get(token) : undefined;
      if (!entry) {
        throw new ApiFailure(
          "Unauthorized",
          token === undefined ? "no token: send Authorization: Bearer <token>" : "the token is not known to this tenant: check Authorization: Bearer <token>",
        );
      }
      req.principal = entry.principal;
      req.role = entry.role;
      const allowed = config.access === "read" ? READ_ROLES : config.access === "write" ? WRITE_ROLES : undefined;
      if (allowed && !allowed.includes(entry.role)) throw new ApiFailure("Forbidden", PERMISSION_DENIED_MESSAGE);
    }
    const latency = faults.latencyMs(req.headers);
    if (latency > 0) await sleep(latency);
    const decision = faults.decide(req.principal ?? "anonymous", req.headers, config.access !== "public");
    if (decision?.kind === "throttle") {
      reply.header("retry-after", String(decision.retryAfterSeconds));
      throw new ApiFailure("Throttled", `too many requests: the tenant is throttling ${req.principal ?? "this client"}; retry after ${decision.retryAfterSeconds} s`);
    }
    if (decision?.kind === "unavailable") {
      throw new ApiFailure("Unavailable", "the tenant is temporarily unavailable; retry later (nothing was changed)");
    }
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const config = req.routeOptions.config as Partial<RouteConfig>;
    if (err instanceof ApiFailure) return reply.code(err.status).send(err.body());
    if (hasZodFastifySchemaValidationErrors(err)) {
      const field = validationField(err);
      const first = err.validation[0];
      const custom = first.keyword === "custom";
      const code =
        custom && config.apiName === "setAutoReply" ? "AutoReplyInvalid" : custom && config.apiName === "setForwarding" ? "ForwardingInvalid" : "ValidationFailed";
      return reply.code(400).send(new ApiFailure(code, `${field}: ${first.message ?? "is not valid"}`, field).body());
    }
    const sqliteCode = (err as { code?: string }).code ?? "";
    if (sqliteCode.startsWith("SQLITE_CONSTRAINT")) {
      const msg = err.message;
      const code = msg.includes("addresses") ? "AddressInUse" : msg.includes("grants") ? "GrantExists" : "ValidationFailed";
      // The rules refuse conflicts first with Exchange's wording; this is the store's last guard, and its text stays in the log.
      req.log.warn({ err }, "constraint of the store");
      return reply.code(409).send(new ApiFailure(code, `the change conflicts with the tenant's data (another request changed it at the same time?); nothing was changed`).body());
    }
    if (err.code === "FST_ERR_RESPONSE_SERIALIZATION" || !err.statusCode || err.statusCode >= 500) {
      req.log.error({ err }, "internal error");
      return reply.code(500).send(new ApiFailure("InternalError", `internal error of the tenant (a bug in the mock tenant, not a problem with your request): ${err.message}`).body());
    }
    return reply.code(err.statusCode).send(new ApiFailure("ValidationFailed", err.message, "body", err.statusCode).body());
  });

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(new ApiFailure("NotFound", `no route ${req.method} ${req.url.split("?")[0]} in this tenant: see the API table in tenant/README.md`).body());
  });

  registerHealthRoutes(app, deps);
  registerRecipientRoutes(app, deps);
  registerMailboxRoutes(app, deps);
  registerGrantRoutes(app, deps);
  registerForwardingRoutes(app, deps);
  registerAutoReplyRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerIdempotencyRoutes(app, deps);

  return { app, store, service, tokens, stopped, close };
}

/** Starts the tenant: store, seed (first start), tokens, HTTP on 127.0.0.1 (port 0 picks one). */
export async function startTenant(options: TenantOptions): Promise<RunningTenant> {
  const tenant = buildApp(options);
  const host = options.host ?? "127.0.0.1";
  try {
    await tenant.app.listen({ host, port: options.port ?? 0 });
  } catch (err) {
    await tenant.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new StartError(`port ${options.port} on ${host} is already in use (is a tenant already running there?): stop what uses it, or choose another port with --port (0 picks a free one)`);
    }
    if (code === "EACCES") throw new StartError(`port ${options.port} on ${host} may not be opened by this user: choose a port above 1023 with --port`);
    throw err;
  }
  const address = tenant.app.server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    tokens: tenant.tokens,
    close: tenant.close,
    stopped: tenant.stopped,
  };
}
