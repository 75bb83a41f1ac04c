export { startTenant, buildApp, defaultSeedFile } from "./server";
export type { TenantApp } from "./server";
export type { TenantOptions, FaultOptions, RunningTenant } from "./options";
export { readSeed, parseSeed, applySeed } from "./seed";
export { Store } from "./store/store";
export { MIGRATIONS } from "./store/migrations";
export { Service, MAILBOX_TYPES, SELF_PRINCIPAL } from "./service";
export { ApiFailure } from "./errors";
