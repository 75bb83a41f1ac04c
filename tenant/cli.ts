#!/usr/bin/env node
/**
 * The mock tenant's command line.
 *
 *   npm run build && node dist/tenant/cli.js <command>      (or: npx ts-node tenant/cli.ts <command>)
 *
 *   serve                         start the tenant (SQLite store, seeded from tenant/seed/contoso.yaml)
 *   recipients | show | whoami | audit                      read, as tables (or --json)
 *   set | grant | revoke | enable-sign-in | delete | restore | forward | unforward
 *                                 change the tenant over HTTP the way an administrator would in the
 *                                 admin center, e.g. to make drift for the provider to find.
 *
 * The admin commands talk to --endpoint (env TENANT_ENDPOINT, default http://127.0.0.1:8787) with
 * --token (env TENANT_TOKEN, default the development token `serve` writes to
 * .tenant-data/tenant.db.token). A refusal prints `error <code>: <message>` and exits 1.
 *
 * The commands live in tenant/cli/: serve.ts, read.ts, change.ts and audit.ts; print.ts prints
 * tables, arguments.ts parses arguments, connection.ts finds the tenant and reports failures.
 */
import { Command, Option } from "commander";
import { registerAuditCommand } from "./cli/audit";
import { registerChangeCommands } from "./cli/change";
import { DEFAULT_DATA_FILE, DEFAULT_ENDPOINT, defaultToken } from "./cli/connection";
import { registerReadCommands } from "./cli/read";
import { registerServeCommand } from "./cli/serve";

export { parseUpdate } from "./cli/arguments";

export function buildProgram(): Command {
  const program = new Command("tenant")
    .description("The mock Exchange Online tenant: serve it, and change it the way an administrator would.")
    .addOption(new Option("--endpoint <url>", "the tenant's URL").env("TENANT_ENDPOINT").default(DEFAULT_ENDPOINT))
    .addOption(new Option("--token <token>", `bearer token (default: ${DEFAULT_DATA_FILE}.token in the current directory)`).env("TENANT_TOKEN"))
    .option("--json", "print JSON instead of tables")
    .showHelpAfterError()
    .hook("preAction", (thisCommand) => {
      if (thisCommand.opts().token === undefined) {
        const token = defaultToken();
        if (token) thisCommand.setOptionValue("token", token);
      }
    });

  // In this order in --help: serve, the read commands, the change commands, then the change log.
  registerServeCommand(program);
  registerReadCommands(program);
  registerChangeCommands(program);
  registerAuditCommand(program);
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      process.stderr.write(`internal error in the tenant CLI (a bug, please report it): ${(err as Error)?.stack ?? String(err)}\n`);
      process.exit(2);
    });
}
