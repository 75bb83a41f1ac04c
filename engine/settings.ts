import * as fs from "fs";
import * as path from "path";
import { randomBytes } from "crypto";

/**
 * The offline, non-interactive Pulumi settings of this repository, in one place: a local file
 * backend, a passphrase generated per machine (or yours), no update checks, no plugin downloads. Scripts, tests and the example
 * runner all take their environment from here (the shell scripts through `node dist/engine/settings.js`).
 */
export const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../.." : "..");
export const TOOLS_ROOT = path.join(REPO_ROOT, ".tools");
export const PULUMI_BIN = path.join(TOOLS_ROOT, "bin", "pulumi");

/**
 * The passphrase this repository's stacks were encrypted with before it was generated per machine.
 * It is public, so it is used only to keep opening a state directory written with it (with a
 * warning); new state directories get a generated passphrase.
 */
const FORMER_PUBLIC_PASSPHRASE = "local-stacks-only";

/** The file, beside the stacks it encrypts, that holds a state directory's generated passphrase. */
export function passphraseFile(stateDir: string): string {
  return path.join(stateDir, ".passphrase");
}

/**
 * How the engine gets the passphrase of the stacks' secrets: PULUMI_CONFIG_PASSPHRASE or
 * PULUMI_CONFIG_PASSPHRASE_FILE when the user set one; otherwise a random passphrase made on
 * first use and kept next to the state (mode 0600), as the local tenant keeps its token. Anyone
 * who copies the state directory copies this file too: it protects against the public source,
 * not against someone who has the machine's files.
 */
export function passphraseEnv(stateDir: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  if (env.PULUMI_CONFIG_PASSPHRASE !== undefined) return { PULUMI_CONFIG_PASSPHRASE: env.PULUMI_CONFIG_PASSPHRASE };
  if (env.PULUMI_CONFIG_PASSPHRASE_FILE) return { PULUMI_CONFIG_PASSPHRASE_FILE: env.PULUMI_CONFIG_PASSPHRASE_FILE };
  const file = passphraseFile(stateDir);
  if (!fs.existsSync(file)) {
    if (fs.existsSync(path.join(stateDir, ".pulumi", "stacks"))) {
      process.stderr.write(
        `warning: the stacks in ${stateDir} were encrypted with the former public passphrase; set PULUMI_CONFIG_PASSPHRASE and run 'pulumi stack change-secrets-provider passphrase' on each, or start over (npm run demo -- --reset)\n`,
      );
      return { PULUMI_CONFIG_PASSPHRASE: FORMER_PUBLIC_PASSPHRASE };
    }
    try {
      fs.writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
    } catch (e) {
      // Another process made it first: use theirs.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  return { PULUMI_CONFIG_PASSPHRASE_FILE: file };
}

export interface EngineDirs {
  /** The file backend's directory (stack state). */
  stateDir: string;
  /** PULUMI_HOME: plugins, credentials, caches. */
  homeDir: string;
  /**
   * Let the backend write its `.attrs` sidecars, as a plain `pulumi login file://…` does: only
   * for `npm run bench:crash -- --sidecars`, which kills runs on such a state to exercise the repair.
   */
  sidecars?: boolean;
}

export const DEFAULT_DIRS: EngineDirs = {
  stateDir: path.join(REPO_ROOT, ".pulumi-state"),
  homeDir: path.join(REPO_ROOT, ".pulumi-home"),
};

/**
 * The file backend's URL for a state directory. `metadata=skip` tells the storage layer not to
 * write a `.attrs` sidecar beside each file: that sidecar is written in place, not renamed into
 * place as the checkpoint is, and a `kill -9` in between left it empty, which made every later
 * command fail with "failed to load checkpoint: EOF" (see engine/checkpoint-repair.ts).
 */
export function backendUrl(stateDir: string, sidecars = false): string {
  return sidecars ? `file://${stateDir}` : `file://${stateDir}?metadata=skip`;
}

export function engineEnv(dirs: EngineDirs = DEFAULT_DIRS): Record<string, string> {
  for (const dir of [dirs.stateDir, dirs.homeDir]) fs.mkdirSync(dir, { recursive: true });
  return {
    PULUMI_BACKEND_URL: backendUrl(dirs.stateDir, dirs.sidecars),
    PULUMI_HOME: dirs.homeDir,
    ...passphraseEnv(dirs.stateDir),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    // The engine looks for the dynamic-provider launcher on PATH or next to its own binary.
    PATH: `${path.dirname(PULUMI_BIN)}${path.delimiter}${process.env.PATH ?? ""}`,
  };
}

/** Why the engine cannot run, or undefined when it can. */
export function missingEngine(): string | undefined {
  if (!fs.existsSync(PULUMI_BIN)) {
    return `no Pulumi CLI at ${PULUMI_BIN}: run 'npm run pulumi:ensure' (uses a pulumi >= 3.181 on PATH, or builds one from the Go module proxy)`;
  }
  // Next to the real binary (a CLI built here), or on PATH in .tools/bin (a CLI from elsewhere).
  const places = [path.dirname(fs.realpathSync(PULUMI_BIN)), path.dirname(PULUMI_BIN)].map((d) => path.join(d, "pulumi-resource-pulumi-nodejs"));
  if (!places.some((p) => fs.existsSync(p))) {
    return `no dynamic-provider launcher at ${places.join(" or ")}: run 'npm run pulumi:ensure' after 'npm ci'`;
  }
  return undefined;
}

// `node dist/engine/settings.js` prints the settings as shell exports for the scripts.
if (require.main === module) {
  for (const [key, value] of Object.entries(engineEnv())) {
    process.stdout.write(`export ${key}=${JSON.stringify(value)}\n`);
  }
}
