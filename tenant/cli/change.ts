/**
 * The change commands: `set`, `grant`, `revoke`, `enable-sign-in`, `delete`, `restore`, `forward`
 * and `unforward` change the tenant over HTTP the way an administrator would in the admin center.
 */
import type { Command } from "commander";
import { UpdateMailboxBody } from "pulumi-mailbox/schemas/shared-mailbox";
import type { Grant } from "pulumi-mailbox/schemas/permission";
import { parseRight, parseUpdate } from "./arguments";
import { clientFor, run } from "./connection";
import { describeForwarding, printJson } from "./print";

export function registerChangeCommands(program: Command): void {
  program
    .command("set <identity> <field> <value>")
    .description(`change one mailbox field (Set-Mailbox); fields: ${Object.keys(UpdateMailboxBody.shape).join(", ")}`)
    .action(run(async (identity: string, field: string, value: string, _o: unknown, cmd: Command) => {
      const body = parseUpdate(field, value);
      const { client, opts } = clientFor(cmd);
      const mb = await client.call("updateMailbox", { identity }, body);
      if (opts.json) return printJson(mb);
      const [[key, v]] = Object.entries(body) as [string, unknown][];
      process.stdout.write(`updated "${mb.displayName}" <${mb.primarySmtpAddress}>: ${key} = ${JSON.stringify(v)}\n`);
    }));

  program
    .command("grant <mailbox> <trustee> <right>")
    .description("give a trustee FullAccess, SendAs or SendOnBehalf on a mailbox or group")
    .option("--no-auto-mapping", "FullAccess only: Outlook does not add the mailbox by itself")
    .action(run(async (mailbox: string, trustee: string, rightText: string, o: { autoMapping: boolean }, cmd: Command) => {
      const right = parseRight(rightText);
      const { client, opts } = clientFor(cmd);
      const body = { trustee, accessRights: right, ...(o.autoMapping === false ? { autoMapping: false } : {}) };
      const grant = await client.call("addGrant", { identity: mailbox }, body);
      if (opts.json) return printJson(grant);
      const mapping = grant.accessRights === "FullAccess" ? ` (auto-mapping ${grant.autoMapping ? "on" : "off"})` : "";
      process.stdout.write(`granted ${grant.accessRights} on ${mailbox} to ${grant.trusteeAddress}${mapping}\n`);
    }));

  program
    .command("revoke <mailbox> <trustee> <right>")
    .description("remove a trustee's right on a mailbox or group")
    .action(run(async (mailbox: string, trustee: string, rightText: string, _o: unknown, cmd: Command) => {
      const right = parseRight(rightText);
      const { client, opts } = clientFor(cmd);
      const grant: Grant = await client.call("removeGrant", { identity: mailbox, accessRights: right, trustee });
      if (opts.json) return printJson(grant);
      process.stdout.write(`revoked ${grant.accessRights} on ${mailbox} from ${grant.trusteeAddress}\n`);
    }));

  program
    .command("enable-sign-in <identity>")
    .description("unblock the sign-in of a mailbox's user account (for a shared mailbox: drift the provider reports)")
    .action(run(async (identity: string, _o: unknown, cmd: Command) => {
      const { client, opts } = clientFor(cmd);
      const mb = await client.call("updateMailbox", { identity }, { accountDisabled: false });
      if (opts.json) return printJson(mb);
      process.stdout.write(`sign-in allowed for "${mb.displayName}" <${mb.primarySmtpAddress}>\n`);
      if (mb.recipientTypeDetails === "SharedMailbox") {
        process.stderr.write("note: a shared mailbox's account should stay blocked; the provider reports this as drift and blocks it again\n");
      }
    }));

  program
    .command("delete <identity>")
    .description("soft-delete a mailbox (recoverable for 30 days with restore)")
    .action(run(async (identity: string, _o: unknown, cmd: Command) => {
      const { client, opts } = clientFor(cmd);
      const mb = await client.call("deleteMailbox", { identity });
      if (opts.json) return printJson(mb);
      process.stdout.write(`deleted "${mb.displayName}" <${mb.primarySmtpAddress}> (soft delete; undo with: restore ${mb.id})\n`);
    }));

  program
    .command("restore <identity>")
    .description("restore a soft-deleted mailbox")
    .action(run(async (identity: string, _o: unknown, cmd: Command) => {
      const { client, opts } = clientFor(cmd);
      const mb = await client.call("restoreMailbox", { identity });
      if (opts.json) return printJson(mb);
      process.stdout.write(`restored "${mb.displayName}" <${mb.primarySmtpAddress}>\n`);
    }));

  program
    .command("forward <mailbox> <target>")
    .description("forward a mailbox's mail to one address or recipient")
    .option("--keep-copy", "keep a copy in the mailbox (DeliverToMailboxAndForward)")
    .action(run(async (mailbox: string, target: string, o: { keepCopy?: boolean }, cmd: Command) => {
      const { client, opts } = clientFor(cmd);
      const f = await client.call("setForwarding", { identity: mailbox }, { forwardTo: target, keepCopy: o.keepCopy === true });
      if (opts.json) return printJson(f);
      process.stdout.write(`${mailbox} forwards ${describeForwarding(f)}\n`);
    }));

  program
    .command("unforward <mailbox>")
    .description("stop forwarding a mailbox's mail")
    .action(run(async (mailbox: string, _o: unknown, cmd: Command) => {
      const { client, opts } = clientFor(cmd);
      const f = await client.call("clearForwarding", { identity: mailbox });
      if (opts.json) return printJson(f);
      process.stdout.write(`${mailbox} no longer forwards its mail\n`);
    }));
}
