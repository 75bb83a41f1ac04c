/** Where the admin commands find the tenant and their token, and how a command's failure is reported. */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { TenantError } from "pulumi-mailbox/client";
import { CliClient, createClient, describeError, NOT_RUNNING } from "../cli-client";
import { StartError } from "../errors";

export const DEFAULT_ENDPOINT = "http://127.0.0.1:8787";
export const DEFAULT_DATA_FILE = ".tenant-data/tenant.db";

export interface GlobalOptions {
  endpoint: string;
  token?: string;
  json?: boolean;
}

/** The development token file the admin commands read when given no token: the default data file's, in the directory they run in. */
export function defaultTokenFile(cwd = process.cwd()): string {
  return resolve(cwd, `${DEFAULT_DATA_FILE}.token`);
}

export function defaultToken(): string | undefined {
  if (process.env.TENANT_TOKEN) return process.env.TENANT_TOKEN;
  const file = defaultTokenFile();
  if (!existsSync(file)) return undefined;
  return readTokenFile(file);
}

/** What `serve` says about the development token it wrote for dataFile: whether the admin commands will find it, else how to pass it. */
export function tokenHint(dataFile: string, cwd = process.cwd()): string {
  const file = resolve(cwd, `${dataFile}.token`);
  const exportIt = `export TENANT_TOKEN=$(cat ${file})`;
  if (file === defaultTokenFile(cwd)) return `the admin commands read it from there when run in this directory; elsewhere: ${exportIt}`;
  return `the admin commands read ${DEFAULT_DATA_FILE}.token of the directory they run in, not this file: ${exportIt} (or pass --token)`;
}

/** The development token file holds the token (plain text, or JSON with a `token` field). */
function readTokenFile(file: string): string | undefined {
  const text = readFileSync(file, "utf8").trim();
  if (text.startsWith("{")) {
    try {
      const parsed = JSON.parse(text) as { token?: unknown };
      if (typeof parsed.token === "string") return parsed.token;
    } catch {
      /* fall through to plain text */
    }
  }
  return text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== "" && !l.startsWith("#"));
}

export function clientFor(cmd: Command): { client: CliClient; opts: GlobalOptions } {
  const opts = cmd.optsWithGlobals<GlobalOptions>();
  return { client: createClient({ endpoint: opts.endpoint, token: opts.token }), opts };
}

/** Runs an action; a refusal or a user mistake is one line on stderr and exit 1. */
export function run<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (err) {
      if (err instanceof TenantError) {
        process.stderr.write(`${describeError(err)}\n`);
        if (err.code === "Unauthorized" && !process.env.TENANT_TOKEN) {
          process.stderr.write(
            `hint: pass --token, set TENANT_TOKEN, or run from the directory where "serve" wrote ${DEFAULT_DATA_FILE}.token\n`,
          );
        }
        process.exit(1);
      }
      if (err instanceof StartError) {
        process.stderr.write(`error: ${err.message}\n`);
        process.exit(1);
      }
      process.stderr.write(`internal error in the tenant CLI (a bug, please report it): ${(err as Error)?.stack ?? String(err)}\n`);
      process.exit(2);
    }
  };
}

/** A call whose refusal is shown in place of its answer; a tenant that is not running still fails the command. */
export async function optional<T>(p: Promise<T>): Promise<T | TenantError> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof TenantError && err.code !== NOT_RUNNING) return err;
    throw err;
  }
}
