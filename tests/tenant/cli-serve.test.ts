import { ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/**
 * `serve` and the admin commands as `npm run tenant -- …` runs them: the compiled CLI
 * (dist/tenant/cli.js, no build), each in a directory of its own. What serve prints about its
 * development token must be where the admin commands then look.
 */

const CLI = join(__dirname, "..", "..", "dist", "tenant", "cli.js");
const started: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(() => {
  for (const p of started) p.kill("SIGTERM");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** This process's environment without the tenant's token variables, so the CLI finds its own. */
function cleanEnv(): NodeJS.ProcessEnv {
  const { TENANT_TOKEN: _t, TENANT_TOKENS: _ts, ...env } = process.env;
  return { ...env, FORCE_COLOR: "0" };
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "tenant-serve-"));
  dirs.push(d);
  return d;
}

/** Starts serve on a free port in cwd; resolves with what it printed once it is listening. */
function serve(cwd: string, ...args: string[]): Promise<{ url: string; printed: string }> {
  const child = spawn(process.execPath, [CLI, "serve", "--port", "0", "--no-log", ...args], { cwd, env: cleanEnv() });
  started.push(child);
  let printed = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      printed += chunk;
      const url = /listening at (http:\S+)/.exec(printed)?.[1];
      if (url && printed.includes("stop with")) resolve({ url, printed });
    });
    child.stderr.on("data", (chunk) => (printed += chunk));
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${printed}`)));
  });
}

function admin(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: cleanEnv() }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describe("tenant serve and its development token", () => {
  it("with the default data file, the admin commands run in the same directory find the token serve wrote", async () => {
    const cwd = tempDir();
    const { url, printed } = await serve(cwd);
    expect(printed).toContain("development token: .tenant-data/tenant.db.token (");
    expect(printed).toContain("the admin commands read it from there when run in this directory");
    const r = await admin(cwd, "whoami", "--endpoint", url);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/GlobalAdmin/);
  }, 60_000);

  it("with --data elsewhere, serve says the admin commands will not find that token and how to pass it, which then works", async () => {
    const cwd = tempDir();
    const { url, printed } = await serve(cwd, "--data", "elsewhere/x.db");
    const tokenFile = join(cwd, "elsewhere", "x.db.token");
    expect(printed).toContain(`the admin commands read .tenant-data/tenant.db.token of the directory they run in, not this file: export TENANT_TOKEN=$(cat ${tokenFile})`);
    const without = await admin(cwd, "whoami", "--endpoint", url);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain("error Unauthorized");
    const token = readFileSync(tokenFile, "utf8").trim();
    const withToken = await admin(cwd, "whoami", "--endpoint", url, "--token", token);
    expect(withToken.stdout).toMatch(/GlobalAdmin/);
  }, 60_000);
});
