import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineEnv, missingEngine, REPO_ROOT, TOOLS_ROOT } from "../../engine/settings";
import { startTestTenant, TestTenant, ADMIN } from "../tenant/helpers";
import { CONTOSO_SEED } from "../engine/harness";
import { DEPLOY_SCRIPT } from "./deploy-script";
import { FreshProject, Packed, PULUMI_NEW_TSCONFIG, findFiles, freshProject, packProvider, writeProjectFile } from "./fresh-project";

/**
 * The provider as a user gets it: `npm pack`, installed into a new project outside this
 * repository, type-checked under the tsconfig `pulumi new typescript` writes, and run on the real
 * engine against a real tenant by a script that requires only what that project installed.
 */

const exec = promisify(execFile);

/** What the tarball may hold: the compiled provider and schemas, the JSON Schema, the docs. */
const SHIPPED = [
  /^package\.json$/,
  /^README\.md$/,
  /^dist\/(provider|schemas)\/.+\.(js|d\.ts)$/,
  /^schemas\/declarations\.schema\.json$/,
  /^provider\/resources\/[a-z-]+\/README\.md$/,
  /^docs\/[a-z-]+\.(md|png)$/,
];

let packDir: string;
let packed: Packed;
let project: FreshProject;
let tenant: TestTenant;

beforeAll(async () => {
  const missing = missingEngine();
  if (missing) throw new Error(`the Pulumi engine is not available: ${missing}`);
  packDir = mkdtempSync(join(tmpdir(), "pulumi-mailbox-pack-"));
  packed = await packProvider(packDir);
  project = await freshProject(packed.tarball);
  // Install time on this machine, for the record (the cache makes it an offline install).
  console.log(`fresh project: npm install of ${packed.files.length} packed files + @pulumi/pulumi took ${project.installSeconds.toFixed(1)} s`);
  tenant = await startTestTenant({ seedFile: CONTOSO_SEED });
}, 600_000);

afterAll(async () => {
  await tenant?.close();
  for (const dir of [packDir, project?.dir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs the deploy script in the fresh project; one parsed line per operation. */
async function deploy(...ops: string[]): Promise<Record<string, { changes?: Record<string, number>; error?: string }>> {
  const script = writeProjectFile(project, "deploy.js", DEPLOY_SCRIPT);
  const env = {
    ...process.env,
    ...engineEnv({ stateDir: join(project.dir, ".pulumi-state"), homeDir: join(project.dir, ".pulumi-home") }),
    PULUMI_CLI_ROOT: TOOLS_ROOT,
    TEST_ENDPOINT: tenant.url,
    TEST_TOKEN: ADMIN,
  };
  const { stdout } = await exec(process.execPath, [script, ...ops], { cwd: project.dir, env, maxBuffer: 16 << 20 });
  return Object.fromEntries(
    stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => {
      const { op, ...rest } = JSON.parse(l);
      return [op, rest];
    }),
  );
}

describe("the provider's tarball", () => {
  it("holds the compiled provider and schemas with their declarations, the JSON Schema and the docs; no sources, tests, build, benchmark or tenant files", () => {
    expect(packed.files.filter((f) => !SHIPPED.some((re) => re.test(f)))).toEqual([]);
    for (const needed of ["dist/provider/index.js", "dist/provider/index.d.ts", "dist/provider/runtime.js", "dist/provider/cli.js", "dist/schemas/index.js", "docs/rules.md"]) {
      expect(packed.files).toContain(needed);
    }
  });

  it("installs into a new project outside the repository with no engine warning and no native build", () => {
    expect(project.dir.startsWith(REPO_ROOT)).toBe(false);
    expect(project.installLog).not.toMatch(/EBADENGINE|gyp|prebuild/i);
    const installed = join(project.dir, "node_modules");
    expect(findFiles(installed, (name) => name.endsWith(".node") || name === "binding.gyp")).toEqual([]);
    // The mock tenant's server dependencies stay out of a user's project.
    expect(findFiles(installed, (name) => name === "package.json").filter((f) => /^(better-sqlite3|fastify)\//.test(f))).toEqual([]);
  });

  // zod 4's declarations (which the package's types reach) re-export `export =` modules with a
  // default import, which TypeScript accepts only under esModuleInterop (or
  // allowSyntheticDefaultImports); the tsconfig `pulumi new typescript` writes has neither, so a
  // full `tsc` of such a project reports zod's locale files and nothing else. `pulumi up` is not
  // affected (the engine's TypeScript check reports only the program's own files). The README tells
  // users to add `"esModuleInterop": true`; both halves are checked here.
  it("type-checks a program under the tsconfig `pulumi new typescript` writes plus esModuleInterop; without it, only zod's own files are reported", async () => {
    writeProjectFile(
      project,
      "index.ts",
      [
        `import * as pulumi from "@pulumi/pulumi";`,
        `import { SharedMailbox, MailboxPermission, MailboxAccess, ForwardingRule, AutoReply, loadDeclarations, DeclarationsError } from "pulumi-mailbox";`,
        `const desk = new SharedMailbox("desk", { displayName: "Desk", primarySmtpAddress: "desk@contoso.com" });`,
        `new MailboxPermission("adele", { mailbox: desk.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });`,
        `new MailboxAccess("access", { mailbox: "info@contoso.com", fullAccess: ["adele.vance@contoso.com"] });`,
        `new ForwardingRule("forward", { mailbox: desk.primarySmtpAddress, forwardTo: "sales@contoso.com", keepCopy: true });`,
        `new AutoReply("reply", { mailbox: desk.primarySmtpAddress, state: "Enabled", internalMessage: "Closed today.", externalAudience: "None" });`,
        `export const declared = [loadDeclarations, DeclarationsError];`,
        `export const address: pulumi.Output<string> = desk.primarySmtpAddress;`,
      ].join("\n"),
    );
    // The repository's compiler (the project has no TypeScript of its own installed); --noEmit checks only.
    const tsc = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
    const check = (file: string, compilerOptions: Record<string, unknown>) => {
      writeProjectFile(project, file, JSON.stringify({ ...PULUMI_NEW_TSCONFIG, compilerOptions }, null, 2));
      return exec(process.execPath, [tsc, "--noEmit", "--pretty", "false", "-p", file], { cwd: project.dir }).then(
        () => [] as string[],
        (e: { stdout?: string }) => (e.stdout ?? String(e)).split("\n").filter((l) => /error TS\d+/.test(l)),
      );
    };
    // Both at once, each with its own tsconfig: one after the other they took about two minutes.
    const [interop, bare] = await Promise.all([
      check("tsconfig.interop.json", { ...PULUMI_NEW_TSCONFIG.compilerOptions, esModuleInterop: true }),
      check("tsconfig.json", PULUMI_NEW_TSCONFIG.compilerOptions),
    ]);
    expect(interop).toEqual([]);
    expect(bare.length).toBeGreaterThan(0); // when zod's declarations stop needing the flag, the README's advice goes
    expect(bare.filter((l) => !/^node_modules\/zod\/v4\/locales\/index\.d\.cts\(\d+,\d+\): error TS1259:/.test(l))).toEqual([]);
  }, 300_000);

  it("installs the pulumi-mailbox command", async () => {
    const { stdout } = await exec(join(project.dir, "node_modules", ".bin", "pulumi-mailbox"), ["--help"], { cwd: project.dir });
    expect(stdout).toMatch(/^Usage: pulumi-mailbox /);
    expect(stdout).toContain("export");
    expect(stdout).toContain("validate");
  });

  it("preview and up through the installed package create the mailbox and its grant in the tenant", async () => {
    const r = await deploy("preview", "up");
    expect(r.preview).toEqual({ changes: { create: 3 } });
    expect(r.up).toEqual({ changes: { create: 3 } });
    const box = (await tenant.call("GET", "/v1/mailboxes/packaged-desk@contoso.com")).body;
    expect(box).toMatchObject({ displayName: "Packaged Desk", recipientTypeDetails: "SharedMailbox", accountDisabled: true });
    const grants = (await tenant.call("GET", `/v1/recipients/${box.id}/grants`)).body.items;
    expect(grants.map((g: { accessRights: string; trusteeAddress: string }) => `${g.accessRights} ${g.trusteeAddress}`)).toEqual(["FullAccess adele.vance@contoso.com"]);
  }, 300_000);

  it("a second preview sees no change, destroy removes both, and a plan-time refusal names the property", async () => {
    const r = await deploy("no-change-preview", "destroy", "refused-preview");
    expect(r["no-change-preview"]).toEqual({ changes: { same: 3 } });
    expect(r.destroy).toEqual({ changes: { delete: 3 } });
    expect((await tenant.call("GET", "/v1/mailboxes/packaged-desk@contoso.com")).status).toBe(404);
    expect(r["refused-preview"]?.error).toMatch(/is a distribution group; FullAccess can be granted only to/);
  }, 300_000);
});
