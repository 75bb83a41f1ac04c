/** The read commands: `whoami`, `recipients` and `show`, as tables (or --json). */
import type { Command } from "commander";
import { RecipientType, replyText, GROUP_TYPES, MAILBOX_TYPES } from "pulumi-mailbox/schemas/common";
import type { Recipient } from "pulumi-mailbox/schemas/recipient";
import type { Mailbox } from "pulumi-mailbox/schemas/shared-mailbox";
import type { AutoReply } from "pulumi-mailbox/schemas/auto-reply";
import { TenantError } from "pulumi-mailbox/client";
import type { CliClient } from "../cli-client";
import { parseNumber, parseType } from "./arguments";
import { clientFor, optional, run } from "./connection";
import { describeForwarding, keyValues, printJson, proxies, signIn, table, yesNo } from "./print";

function describeAutoReply(a: AutoReply | TenantError): [string, string][] {
  if (a instanceof TenantError) return [["Automatic replies", `(not available: ${a.code})`]];
  const rows: [string, string][] = [["Automatic replies", a.state]];
  if (a.state === "Scheduled") rows.push(["  scheduled", `${a.startTime ?? "?"} → ${a.endTime ?? "?"}`]);
  if (a.state !== "Disabled") {
    rows.push(["  inside", replyText(a.internalMessage) || "-"]);
    rows.push([`  outside (${a.externalAudience})`, a.externalAudience === "None" ? "-" : replyText(a.externalMessage) || "-"]);
  }
  return rows;
}

async function show(client: CliClient, identity: string, json: boolean): Promise<void> {
  const recipient = await client.call("getRecipient", { identity });
  const isMailbox = MAILBOX_TYPES.includes(recipient.recipientTypeDetails);
  const [mailbox, grants, forwarding, autoReply] = await Promise.all([
    isMailbox ? optional(client.call("getMailbox", { identity: recipient.id })) : Promise.resolve(undefined),
    optional(client.call("listGrants", { identity: recipient.id })),
    isMailbox ? optional(client.call("getForwarding", { identity: recipient.id })) : Promise.resolve(undefined),
    isMailbox ? optional(client.call("getAutoReply", { identity: recipient.id })) : Promise.resolve(undefined),
  ]);
  const mb = mailbox instanceof TenantError ? undefined : mailbox;

  let members: Recipient[] = [];
  if (recipient.members && recipient.members.length > 0) {
    members = await Promise.all(recipient.members.map((id) => client.call("getRecipient", { identity: id }).catch(() => undefined)))
      .then((list) => list.filter((m): m is Recipient => m !== undefined).sort((a, b) => a.displayName.localeCompare(b.displayName)));
  }

  if (json) {
    const errorOrValue = (v: unknown) => (v instanceof TenantError ? { error: { code: v.code, message: v.message } } : v);
    printJson({
      recipient: mb ?? recipient,
      grants: errorOrValue(grants),
      forwarding: errorOrValue(forwarding),
      autoReply: errorOrValue(autoReply),
    });
    return;
  }

  const r: Recipient | Mailbox = mb ?? recipient;
  const rows: [string, string][] = [
    ["Name", r.name],
    ["Display name", r.displayName],
    ["Type", r.recipientTypeDetails],
    ["Alias", r.alias],
    ["Primary address", r.primarySmtpAddress],
    ["Other addresses", proxies(r)],
    ["Sign-in", signIn(r)],
  ];
  if (r.externalEmailAddress) rows.push(["External address", r.externalEmailAddress]);
  if (mb) {
    rows.push(
      ["Size / quota", `${mb.totalItemSizeGB} GB of ${mb.quotaGB} GB (${mb.quotaState})`],
      ["Licensed", yesNo(mb.licensed)],
      ["Copy of Send As mail", yesNo(mb.messageCopyForSentAsEnabled)],
      ["Copy of Send on Behalf mail", yesNo(mb.messageCopyForSendOnBehalfEnabled)],
      ["Soft deleted", mb.isSoftDeleted ? `yes, since ${mb.whenSoftDeleted ?? "?"}` : "no"],
      ["Created", mb.whenCreated],
      ["Changed", mb.whenChanged],
    );
  }
  if (forwarding !== undefined) rows.push(["Forwarding", describeForwarding(forwarding)]);
  if (autoReply !== undefined) rows.push(...describeAutoReply(autoReply));
  if (recipient.members) rows.push(["Members", members.map((m) => `${m.displayName} <${m.primarySmtpAddress}>`).join("\n") || "-"]);
  rows.push(["Id", r.id]);
  process.stdout.write(`${keyValues(rows)}\n`);

  if (grants instanceof TenantError) {
    process.stdout.write(`Permissions: (not available: ${grants.code})\n`);
  } else if (grants.items.length === 0) {
    process.stdout.write("Permissions: none\n");
  } else {
    const t = table(["Right", "Trustee", "Auto-mapping"]);
    for (const g of grants.items) t.push([g.accessRights, g.trusteeAddress, g.accessRights === "FullAccess" ? yesNo(g.autoMapping) : "-"]);
    process.stdout.write(`Permissions:\n${t.toString()}\n`);
  }
}

export function registerReadCommands(program: Command): void {
  program
    .command("whoami")
    .description("who the token belongs to")
    .action(run(async (_o: unknown, cmd: Command) => {
      const { client, opts } = clientFor(cmd);
      const me = await client.call("whoami", {});
      if (opts.json) return printJson(me);
      process.stdout.write(`${keyValues([["Principal", me.principal], ["Role", me.role], ["May change the tenant", yesNo(me.canWrite)], ["Endpoint", client.endpoint]])}\n`);
    }));

  program
    .command("recipients")
    .description("list recipients (Get-Recipient)")
    .option("--type <type>", "only this RecipientTypeDetails", parseType)
    .option("--search <text>", "name, alias or address containing this text")
    .option("--limit <n>", "at most this many", parseNumber(1, 5000))
    .action(run(async (o: { type?: RecipientType; search?: string; limit?: number }, cmd: Command) => {
      const { client, opts } = clientFor(cmd);
      const list = await client.call("listRecipients", { type: o.type, search: o.search, limit: o.limit });
      if (opts.json) return printJson(list);
      const t = table(["Name", "Type", "Primary address", "Sign-in", "Members"]);
      for (const r of list.items) {
        const isGroup = GROUP_TYPES.includes(r.recipientTypeDetails);
        t.push([r.displayName, r.recipientTypeDetails, r.primarySmtpAddress, signIn(r), isGroup ? String(r.members?.length ?? 0) : ""]);
      }
      process.stdout.write(`${t.toString()}\n${list.items.length} of ${list.total} recipients\n`);
    }));

  program
    .command("show <identity>")
    .description("a recipient's details: addresses, sign-in, quota, permissions, forwarding, automatic replies")
    .action(run(async (identity: string, _o: unknown, cmd: Command) => {
      const { client, opts } = clientFor(cmd);
      await show(client, identity, opts.json === true);
    }));
}
