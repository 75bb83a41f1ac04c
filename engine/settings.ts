import * as fs from "fs";
import * as path from "path";

/**
 * The offline, non-interactive Pulumi settings of this repository, in one place: a local file
 * backend, a passphrase, no update checks, no plugin downloads. Scripts, tests and the example
 * runner all take their environment from here (the shell scripts through `node dist/engine/settings.js`).
 */
export const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../.." : "..");
export const TOOLS_ROOT = path.join(REPO_ROOT, ".tools");
export const PULUMI_BIN = path.join(TOOLS_ROOT, "bin", "pulumi");

/** Used when PULUMI_CONFIG_PASSPHRASE is not set: the local stacks hold only test data. */
export const LOCAL_PASSPHRASE = "local-stacks-only";

export interface EngineDirs {
  /** The file backend's directory (stack state). */
  stateDir: string;
  /** PULUMI_HOME: plugins, credentials, caches. */
  homeDir: string;
}

export const DEFAULT_DIRS: EngineDirs = {
  stateDir: path.join(REPO_ROOT, ".pulumi-state"),
  homeDir: path.join(REPO_ROOT, ".pulumi-home"),
};

export function engineEnv(dirs: EngineDirs = DEFAULT_DIRS): Record<string, string> {
  for (const dir of [dirs.stateDir, dirs.homeDir]) fs.mkdirSync(dir, { recursive: true });
  return {
    PULUMI_BACKEND_URL: `file://${dirs.stateDir}`,
    PULUMI_HOME: dirs.homeDir,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? LOCAL_PASSPHRASE,
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
