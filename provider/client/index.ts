/**
 * The tenant's HTTP client, public as `pulumi-mailbox/client`: typed by the API table
 * (schemas/api.ts), with bounded retries that honour Retry-After and typed errors. The provider
 * uses it for every call; the mock tenant's admin CLI, which calls its own server, imports it from
 * here and from nowhere else in the provider (tests/unit/tenant-edge.test.ts keeps it so).
 */
export { TenantClient, pathParamNames } from "./tenant-client";
export type { CallArgs, CallOptions, ClientSettings, ClientStats, PathParams, QueryOf } from "./tenant-client";
export { TenantError } from "./errors";
