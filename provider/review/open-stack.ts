import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import type { ConfigSource } from "../settings";

/**
 * A user's stack, found the way `pulumi` finds it: the project directory (its Pulumi.yaml), the
 * stack's name, and the backend and passphrase of the usual Pulumi environment
 * (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, …). The stack is opened with a program that
 * declares nothing, which the review never runs: a refresh does not run the program, so no
 * language host is needed.
 */

/** The stack could not be opened: one line for people. */
export class StackNotFound extends Error {}

function projectName(cwd: string): string {
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(cwd, f)).find((f) => fs.existsSync(f));
  if (!file) throw new StackNotFound(`no Pulumi.yaml in ${path.resolve(cwd)}: give the project's directory with --cwd`);
  const name = (parseYaml(fs.readFileSync(file, "utf8")) as { name?: unknown } | null)?.name;
  if (typeof name !== "string" || name === "") throw new StackNotFound(`${file} has no project name`);
  return name;
}

/**
 * The engine settings of this repository, when the review runs from it; undefined in an installed
 * package, which ships without them (users have their own `pulumi` on PATH).
 */
function repositoryEngine(): typeof import("../../engine/settings") | undefined {
  try {
    return require("../../engine/settings");
  } catch {
    return undefined;
  }
}

export async function openStack(cwd: string, stackName: string): Promise<Stack> {
  const project = projectName(cwd);
  // The CLI this repository provides when there is one, else `pulumi` on PATH.
  const engine = repositoryEngine();
  const local = engine !== undefined && engine.missingEngine() === undefined;
  const pulumiCommand = local ? await PulumiCommand.get({ root: engine.TOOLS_ROOT }) : await PulumiCommand.get();
  const envVars: Record<string, string> = { PULUMI_SKIP_UPDATE_CHECK: "true" };
  if (local) envVars.PATH = `${path.dirname(engine.PULUMI_BIN)}${path.delimiter}${process.env.PATH ?? ""}`;
  try {
    return await LocalWorkspace.selectStack({ projectName: project, stackName, program: async () => ({}) }, { workDir: path.resolve(cwd), pulumiCommand, envVars });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/no stack named|not found|does not exist/i.test(message)) {
      throw new StackNotFound(`no stack "${stackName}" in project "${project}" (${path.resolve(cwd)}) on this backend: 'pulumi stack ls' lists the stacks; the backend comes from PULUMI_BACKEND_URL or 'pulumi login'`);
    }
    const line = message.split("\n").map((l) => l.trim()).find((l) => /^error:/i.test(l)) ?? message.split("\n")[0]!;
    throw new StackNotFound(`cannot open stack "${stackName}" of project "${project}": ${line.replace(/^error:\s*/i, "")}`);
  }
}

/** The stack's config (decrypted), as the provider's settings read it. */
export async function stackConfig(stack: Stack): Promise<ConfigSource> {
  const all = await stack.getAllConfig();
  return { get: (key) => all[key]?.value };
}
