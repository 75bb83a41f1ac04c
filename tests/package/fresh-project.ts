import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "../../engine/settings";

const exec = promisify(execFile);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/** What `npm pack` made: the tarball's path and the files it holds. */
export interface Packed {
  tarball: string;
  files: string[];
}

/** `npm pack` of the repository's package (the built dist/), into dir. */
export async function packProvider(dir: string): Promise<Packed> {
  const { stdout } = await exec(NPM, ["pack", "--json", "--pack-destination", dir], { cwd: REPO_ROOT, maxBuffer: 16 << 20 });
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(dir, info!.filename), files: info!.files.map((f) => f.path).sort() };
}

/** The @pulumi/pulumi version this repository runs: the fresh project installs the same one. */
export function pulumiSdkVersion(): string {
  return JSON.parse(readFileSync(join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
}

/** The tsconfig.json `pulumi new typescript` writes (no esModuleInterop, no skipLibCheck). */
export const PULUMI_NEW_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

export interface FreshProject {
  dir: string;
  /** npm's output of the install (scripts run in the foreground, so a native build would show). */
  installLog: string;
  installSeconds: number;
}

/**
 * A new project in the system's temporary directory, outside this repository (nothing resolves
 * back to its node_modules), with the tarball, @pulumi/pulumi and @types/node installed as a
 * user would. npm prefers its cache, so on a machine that ran `npm ci` the install is offline.
 */
export async function freshProject(tarball: string): Promise<FreshProject> {
  const dir = mkdtempSync(join(tmpdir(), "pulumi-mailbox-user-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "mailboxes", version: "0.0.0", private: true }, null, 2));
  const start = Date.now();
  const { stdout, stderr } = await exec(
    NPM,
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--foreground-scripts", "--loglevel=warn", tarball, `@pulumi/pulumi@${pulumiSdkVersion()}`, "@types/node@20"],
    { cwd: dir, maxBuffer: 64 << 20, env: { ...process.env, npm_config_update_notifier: "false" } },
  );
  return { dir, installLog: `${stdout}\n${stderr}`, installSeconds: (Date.now() - start) / 1000 };
}

/** Every file under dir (relative paths) whose name matches test. */
export function findFiles(dir: string, test: (name: string) => boolean, prefix = ""): string[] {
  const found: string[] = [];
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...findFiles(join(dir, entry.name), test, rel));
    else if (test(entry.name)) found.push(rel);
  }
  return found;
}

/** Writes a file of the fresh project. */
export function writeProjectFile(project: FreshProject, name: string, text: string): string {
  const file = join(project.dir, name);
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, text);
  return file;
}
