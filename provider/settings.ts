import * as fs from "fs";
import * as path from "path";
import type { ClientSettings } from "./client/tenant-client";
import { tokenFileModeProblem } from "../schemas/token-file";

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
 *
 * The token comes from `mailbox:token`, else the file named by `mailbox:tokenFile`, else
 * MAILBOX_TOKEN, else the file named by MAILBOX_TOKEN_FILE. A token file is read each time the
 * provider starts: `refresh` and `destroy` configure the provider with the config recorded in
 * the state by the last `up`, and with a file that config holds only its path, so a token rotated
 * by rewriting the file takes effect there too, without `--run-program`.
 */
export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ClientSettings {
  const endpoint = config?.get("mailbox:endpoint") ?? env.MAILBOX_ENDPOINT ?? DEFAULT_ENDPOINT;
  const fromFile = (file: string | undefined, setting: string) => (file ? readTokenFile(path.resolve(cwd, file), setting) : undefined);
  const token =
    config?.get("mailbox:token") ??
    fromFile(config?.get("mailbox:tokenFile"), "mailbox:tokenFile") ??
    (env.MAILBOX_TOKEN || undefined) ??
    fromFile(env.MAILBOX_TOKEN_FILE, "MAILBOX_TOKEN_FILE") ??
    readDevToken(cwd);
  if (!token) {
    throw new SettingsError(
      `no token for the tenant at ${endpoint}: set one with 'pulumi config set --secret mailbox:token <token>', a file holding it with 'pulumi config set mailbox:tokenFile <path>', or the MAILBOX_TOKEN or MAILBOX_TOKEN_FILE environment variable`,
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

/** A token file's token, refused with what to do when it is missing, empty or readable by others. */
function readTokenFile(file: string, setting: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new SettingsError(`${setting}: there is no file ${file}: write the token there (mode 600), or set the token itself with 'pulumi config set --secret mailbox:token <token>'`);
  }
  // Windows has no such modes; its files are protected by their access lists.
  const problem = process.platform === "win32" ? undefined : tokenFileModeProblem(file, stat.mode);
  if (problem) throw new SettingsError(`${setting}: ${problem}`);
  const token = fs.readFileSync(file, "utf8").trim();
  if (!token) throw new SettingsError(`${setting}: ${file} is empty: write the token there`);
  return token;
}

function readDevToken(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const file = path.join(dir, DEV_TOKEN_FILE);
    if (fs.existsSync(file)) return readTokenFile(file, "the local tenant's development token");
    if (path.dirname(dir) === dir) return undefined;
  }
}
