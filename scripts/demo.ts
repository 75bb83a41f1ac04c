/**
 * The main job: applies the example declarations — the basic TypeScript example (examples/basic)
 * and the YAML one (examples/yaml/mailboxes.yaml) — with the real Pulumi engine to the local mock
 * tenant, then shows what the tenant holds. It uses a tenant already running on
 * MAILBOX_ENDPOINT (default http://127.0.0.1:8787) or starts one itself for the run.
 *
 *   npm run demo                 up, then show the mailbox
 *   npm run demo -- --preview    preview only
 *   npm run demo -- --destroy    remove everything the example made (mailboxes are soft-deleted)
 *   npm run demo -- --reset      start over: the local tenant's data and the demo's stack are removed
 */
import * as fs from "fs";
import * as path from "path";
import { execFile } from "child_process";
import { promisify } from "util";
import { Command } from "commander";
import { inlineStack } from "../engine/workspace";
import { REPO_ROOT } from "../engine/settings";
import { startTenant } from "../tenant/server";
import { basicProgram } from "../examples/basic/program";
import { yamlProgram } from "../examples/yaml/program";
import { reviewStack, renderMarkdown } from "../provider/review";

const DATA_FILE = path.join(REPO_ROOT, ".tenant-data", "tenant.db");
const SEED_FILE = path.join(REPO_ROOT, "tenant", "seed", "contoso.yaml");
/** The leaver of the seed: the grant the demo makes by hand for the review to find. */
const HAND_GRANTEE = "tomas.novak@contoso.com";

async function tenantAnswers(endpoint: string): Promise<boolean> {
  try {
    return (await fetch(new URL("/health", endpoint), { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

async function main() {
  const options = new Command()
    .option("--preview", "preview only")
    .option("--destroy", "destroy the example's resources")
    .option("--reset", "remove the local tenant's data and the demo's state, to start over")
    .option("--stack <name>", "stack name", "dev")
    .parse()
    .opts<{ preview?: boolean; destroy?: boolean; reset?: boolean; stack: string }>();

  const endpoint = process.env.MAILBOX_ENDPOINT ?? "http://127.0.0.1:8787";
  if (options.reset) {
    if (await tenantAnswers(endpoint)) throw new Error(`a tenant is running at ${endpoint}: stop it first, its data cannot be removed under it`);
    for (const dir of [path.dirname(DATA_FILE), path.join(REPO_ROOT, ".pulumi-state"), path.join(REPO_ROOT, ".pulumi-work", "mailbox-demo")]) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    console.log("Reset: the next 'npm run demo' starts from the Contoso seed with a new stack.");
    return;
  }
  let close: (() => Promise<void>) | undefined;
  let token = process.env.MAILBOX_TOKEN;
  if (await tenantAnswers(endpoint)) {
    console.log(`Using the tenant already running at ${endpoint}`);
  } else {
    fs.mkdirSync(path.dirname(DATA_FILE), { recursive: true });
    const port = Number(new URL(endpoint).port || 8787);
    const tenant = await startTenant({ dataFile: DATA_FILE, seedFile: SEED_FILE, port });
    close = tenant.close;
    console.log(`Started the local mock tenant at ${tenant.url} (data: ${path.relative(REPO_ROOT, DATA_FILE)})`);
  }
  token ??= fs.readFileSync(`${DATA_FILE}.token`, "utf8").trim();

  try {
    const stack = await inlineStack({
      projectName: "mailbox-demo",
      stackName: options.stack,
      program: async () => ({ basic: basicProgram(), yaml: yamlProgram() }),
      config: { "mailbox:endpoint": { value: endpoint }, "mailbox:token": { value: token, secret: true } },
    });
    const onOutput = (line: string) => process.stdout.write(line);
    if (options.destroy) {
      await stack.destroy({ onOutput });
      console.log(
        "\nThe mailboxes are soft-deleted: Exchange keeps them, and their addresses, for 30 days, so a new 'npm run demo' is refused until they are restored (adopt: true) — or start over with 'npm run demo -- --reset'.",
      );
    } else if (options.preview) {
      await stack.preview({ onOutput, diff: true });
    } else {
      const result = await stack.up({ onOutput });
      const basic = result.outputs.basic.value as { primarySmtpAddress: string };
      const declared = result.outputs.yaml.value as Record<string, { primarySmtpAddress: string }>;
      const cli = path.join(REPO_ROOT, "dist", "tenant", "cli.js");
      // Asynchronously: the tenant may be serving from this very process.
      const tenantCli = async (...args: string[]) => (await promisify(execFile)(process.execPath, [cli, ...args, "--endpoint", endpoint, "--token", token!])).stdout;
      for (const address of [basic.primarySmtpAddress, ...Object.values(declared).map((d) => d.primarySmtpAddress)]) {
        console.log(`\nWhat the tenant now holds for ${address}:\n`);
        console.log(await tenantCli("show", address));
      }
      console.log(`A change by hand, outside the code: ${await tenantCli("grant", basic.primarySmtpAddress, HAND_GRANTEE, "FullAccess")}`);
      try {
        console.log("The access review of the stack (pulumi-mailbox review --stack " + options.stack + "):\n");
        console.log(renderMarkdown(await reviewStack(stack, { endpoint, token })));
      } finally {
        await tenantCli("revoke", basic.primarySmtpAddress, HAND_GRANTEE, "FullAccess");
        console.log(`(The grant made by hand is revoked again, so the next run starts clean.)`);
      }
    }
  } finally {
    await close?.();
  }
}

main().catch((e: Error) => {
  console.error(`demo failed: ${e.message}`);
  process.exit(1);
});
