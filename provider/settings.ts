import * as fs from "fs";
import * as path from "path";
import type { ClientSettings } from "./client/tenant-client";

/** The local mock tenant's address when nothing else is configured. */
export const DEFAULT_ENDPOINT = "http://127.0.0.1:8787";
/** Where the local tenant writes its development token, relative to the program's directory or a parent. */
export const DEV_TOKEN_FILE = path.join(".tenant-data", "tenant.db.token");

/** Settings the provider cannot work with (no token): the user's to fix, reported as one message. */
export class SettingsError extends Error {}

export interface ConfigSource {
  get(key: string): string | undefined;
}

/**
 * Settings from the stack's `mailbox:` config, then the environment, then the local tenant's
 * development token. They reach the provider through configure(), never through its closure.
 */
export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ClientSettings {
  const endpoint = config?.get("mailbox:endpoint") ?? env.MAILBOX_ENDPOINT ?? DEFAULT_ENDPOINT;
  const token = config?.get("mailbox:token") ?? env.MAILBOX_TOKEN ?? readDevToken(cwd);
  if (!token) {
    throw new SettingsError(
      `no token for the tenant at ${endpoint}: set one with 'pulumi config set --secret mailbox:token <token>' or the MAILBOX_TOKEN environment variable`,
    );
  }
  const seconds = (key: string, envKey: string) => {
    const raw = config?.get(key) ?? env[envKey];
    return raw !== undefined && raw !== "" && Number(raw) > 0 ? Number(raw) * 1000 : undefined;
  };
  const attempts = Number(config?.get("mailbox:maxAttempts") ?? env.MAILBOX_MAX_ATTEMPTS ?? NaN);
  return {
    endpoint,
    token,
    maxAttempts: Number.isInteger(attempts) && attempts > 0 ? attempts : undefined,
    timeoutMs: seconds("mailbox:timeoutSeconds", "MAILBOX_TIMEOUT_SECONDS"),
    replicationWaitMs: seconds("mailbox:replicationWaitSeconds", "MAILBOX_REPLICATION_WAIT_SECONDS"),
  };
}

function readDevToken(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const file = path.join(dir, DEV_TOKEN_FILE);
    if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
    if (path.dirname(dir) === dir) return undefined;
  }
}
