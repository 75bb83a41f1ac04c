import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, PulumiCommand, Stack, PulumiFn } from "@pulumi/pulumi/automation";
import { backendUrl, engineEnv, EngineDirs, DEFAULT_DIRS, missingEngine, REPO_ROOT, TOOLS_ROOT } from "./settings";
import { describeRepair, repairCheckpoints } from "./checkpoint-repair";

/** Stacks' working directories live here, inside the repository so node_modules resolves. */
export const WORK_ROOT = path.join(REPO_ROOT, ".pulumi-work");

/** A fresh working directory for one stack (the folder is created on a new clone too). */
export function freshWorkDir(prefix: string): string {
  fs.mkdirSync(WORK_ROOT, { recursive: true });
  return fs.mkdtempSync(path.join(WORK_ROOT, `${prefix}-`));
}

export interface InlineStackOptions {
  projectName: string;
  stackName: string;
  program: PulumiFn;
  /**
   * Where the engine runs the program and the dynamic-provider host. It must resolve
   * node_modules/@pulumi/pulumi and this package by name: any folder inside the repository does.
   */
  workDir?: string;
  dirs?: EngineDirs;
  /** Stack config, e.g. { "mailbox:endpoint": { value: url }, "mailbox:token": { value, secret: true } }. */
  config?: Record<string, { value: string; secret?: boolean }>;
}

/**
 * A stack whose program runs in this process (the Automation API's inline program): the CLI
 * connects back to us, so no Node.js language host is needed.
 */
export async function inlineStack(opts: InlineStackOptions): Promise<Stack> {
  const missing = missingEngine();
  if (missing) throw new Error(`the Pulumi engine is not available: ${missing}`);
  const dirs = opts.dirs ?? DEFAULT_DIRS;
  const workDir = opts.workDir ?? path.join(WORK_ROOT, opts.projectName);
  fs.mkdirSync(workDir, { recursive: true });
  // Before the engine reads the state: a crashed earlier run may have left it unreadable.
  for (const repair of repairCheckpoints(dirs.stateDir)) process.stderr.write(`${describeRepair(repair)}\n`);
  const pulumiCommand = await PulumiCommand.get({ root: TOOLS_ROOT, skipVersionCheck: false });
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: opts.projectName, stackName: opts.stackName, program: opts.program },
    {
      workDir,
      pulumiCommand,
      envVars: engineEnv(dirs),
      projectSettings: { name: opts.projectName, runtime: "nodejs", backend: { url: backendUrl(dirs.stateDir, dirs.sidecars) } },
    },
  );
  if (opts.config) await stack.setAllConfig(opts.config);
  return withoutPreviewCheckpoints(stack);
}

/**
 * Previews (`preview`, `preview --refresh`) run with PULUMI_SKIP_CHECKPOINTS=true. The file
 * backend gives a dry run a snapshot manager that throws away what it saves, yet after every step
 * it still serializes and verifies the whole in-memory snapshot: work per step that grows with the
 * stack, so a preview of N new resources costs the engine N² resource serializations (70% of its
 * CPU in a preview of 1,000). Skipping them loses nothing a preview keeps (its one save at the end
 * still runs); up, refresh and destroy keep their checkpoints. The setting is the workspace's for
 * the length of the call: one operation at a time per stack, as everything here runs them.
 */
function withoutPreviewCheckpoints(stack: Stack): Stack {
  const preview = stack.preview.bind(stack);
  stack.preview = async (opts) => {
    // The workspace's own variables, which every command it runs gets on top of this process's.
    const env = stack.workspace.envVars;
    const before = env.PULUMI_SKIP_CHECKPOINTS;
    env.PULUMI_SKIP_CHECKPOINTS = "true";
    try {
      return await preview(opts);
    } finally {
      if (before === undefined) delete env.PULUMI_SKIP_CHECKPOINTS;
      else env.PULUMI_SKIP_CHECKPOINTS = before;
    }
  };
  return stack;
}
