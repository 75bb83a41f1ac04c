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
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import Table from "cli-table3";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { AccessRight, RecipientType, Role, replyText, GROUP_TYPES, MAILBOX_TYPES } from "../schemas/common";
import { UpdateMailboxBody } from "../schemas/shared-mailbox";
import type { Recipient, AuditEntry } from "../schemas/recipient";
import type { Mailbox } from "../schemas/shared-mailbox";
import type { Grant } from "../schemas/permission";
import type { Forwarding } from "../schemas/forwarding";
import type { AutoReply } from "../schemas/auto-reply";
import { TenantError } from "../provider/client/errors";
import { CliClient, createClient, describeError, NOT_RUNNING } from "./cli-client";
import type { TenantOptions } from "./options";

const DEFAULT_ENDPOINT = "http://127.0.0.1:8787";
const DEFAULT_DATA_FILE = ".tenant-data/tenant.db";

/** A user's mistake caught before any call: printed as one line, exit 1. */
class UsageError extends TenantError {
  constructor(message: string, field?: string) {
    super(400, "ValidationFailed", message, field);
  }
}

// ---------------------------------------------------------------------------------------------
// Output helpers

interface GlobalOptions {
  endpoint: string;
  token?: string;
  json?: boolean;
}

function table(head: string[]): Table.Table {
  const tty = process.stdout.isTTY === true;
  return new Table({ head, style: { head: tty ? ["cyan"] : [], border: tty ? ["grey"] : [] }, wordWrap: true });
}

function keyValues(rows: [string, string][]): string {
  const tty = process.stdout.isTTY === true;
  const t = new Table({ style: { head: [], border: tty ? ["grey"] : [] }, wordWrap: true });
  for (const [k, v] of rows) t.push({ [k]: v });
  return t.toString();
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

const yesNo = (b: boolean) => (b ? "yes" : "no");
/** Groups and contacts have no user account to sign in with. */
const ACCOUNT_TYPES: readonly RecipientType[] = [...MAILBOX_TYPES, "MailUser"];
const signIn = (r: Recipient) => (!ACCOUNT_TYPES.includes(r.recipientTypeDetails) ? "-" : r.accountDisabled ? "blocked" : "allowed");

function proxies(r: Recipient): string {
  return r.emailAddresses.filter((a) => !a.startsWith("SMTP:")).map((a) => a.replace(/^smtp:/i, "")).join("\n") || "-";
}

// ---------------------------------------------------------------------------------------------
// Connection

function defaultToken(): string | undefined {
  if (process.env.TENANT_TOKEN) return process.env.TENANT_TOKEN;
  const file = resolve(process.cwd(), `${DEFAULT_DATA_FILE}.token`);
  if (!existsSync(file)) return undefined;
  return readTokenFile(file);
}

/** The development token file holds the token (plain text, or JSON with a `token` field). */
function readTokenFile(file: string): string | undefined {
  const text = readFileSync(file, "utf8").trim();
  if (text.startsWith("{")) {
    try {
      const parsed = JSON.parse(text) as { token?: unknown };
      if (typeof parsed.token === "string") return parsed.token;
    } catch {
      /* fall through to plain text */
    }
  }
  return text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== "" && !l.startsWith("#"));
}

function clientFor(cmd: Command): { client: CliClient; opts: GlobalOptions } {
  const opts = cmd.optsWithGlobals<GlobalOptions>();
  return { client: createClient({ endpoint: opts.endpoint, token: opts.token }), opts };
}

/** Runs an action; a refusal or a user mistake is one line on stderr and exit 1. */
function run<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (err) {
      if (err instanceof TenantError) {
        process.stderr.write(`${describeError(err)}\n`);
        if (err.code === "Unauthorized" && !process.env.TENANT_TOKEN) {
          process.stderr.write(
            `hint: pass --token, set TENANT_TOKEN, or run from the directory where "serve" wrote ${DEFAULT_DATA_FILE}.token\n`,
          );
        }
        process.exit(1);
      }
      process.stderr.write(`internal error in the tenant CLI (a bug, please report it): ${(err as Error)?.stack ?? String(err)}\n`);
      process.exit(2);
    }
  };
}

function parseRight(value: string): AccessRight {
  const key = value.replace(/[^A-Za-z]/g, "").toLowerCase();
  const right = AccessRight.options.find((r) => r.toLowerCase() === key);
  if (!right) throw new UsageError(`"${value}" is not a right: use ${AccessRight.options.join(", ")}`, "right");
  return right;
}

function parseType(value: string): RecipientType {
  const type = RecipientType.options.find((t) => t.toLowerCase() === value.toLowerCase());
  if (!type) throw new InvalidArgumentError(`use one of ${RecipientType.options.join(", ")}`);
  return type;
}

// ---------------------------------------------------------------------------------------------
// set <identity> <field> <value>: the value is parsed by UpdateMailboxBody's field schema

type UpdateField = keyof z.infer<typeof UpdateMailboxBody>;

function fieldKind(field: UpdateField): string {
  let schema = UpdateMailboxBody.shape[field] as z.ZodType;
  while (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) {
    schema = (schema as z.ZodOptional<z.ZodType>).unwrap();
  }
  return schema.def.type;
}

export function parseUpdate(fieldName: string, raw: string): z.infer<typeof UpdateMailboxBody> {
  const fields = Object.keys(UpdateMailboxBody.shape) as UpdateField[];
  const field = fields.find((f) => f.toLowerCase() === fieldName.toLowerCase());
  if (!field) throw new UsageError(`"${fieldName}" is not a mailbox field: use one of ${fields.join(", ")}`, "field");
  let value: unknown = raw;
  switch (fieldKind(field)) {
    case "boolean": {
      const v = raw.trim().toLowerCase();
      if (["true", "yes", "on", "1"].includes(v)) value = true;
      else if (["false", "no", "off", "0"].includes(v)) value = false;
      else throw new UsageError(`must be true or false, not "${raw}"`, field);
      break;
    }
    case "number": {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n)) throw new UsageError(`must be a number, not "${raw}"`, field);
      value = n;
      break;
    }
    case "array":
      value = raw.split(/[,;\s]+/).filter((s) => s !== "");
      break;
  }
  const checked = UpdateMailboxBody.safeParse({ [field]: value });
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new UsageError(issue.message, issue.path.join(".") || field);
  }
  return checked.data;
}

// ---------------------------------------------------------------------------------------------
// show

async function optional<T>(p: Promise<T>): Promise<T | TenantError> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof TenantError && err.code !== NOT_RUNNING) return err;
    throw err;
  }
}

function describeForwarding(f: Forwarding | TenantError): string {
  if (f instanceof TenantError) return `(not available: ${f.code})`;
  if (!f.effectiveTarget) return "off";
  return `to ${f.effectiveTarget}${f.deliverToMailboxAndForward ? " (a copy stays in the mailbox)" : " (forward only)"}`;
}

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

// ---------------------------------------------------------------------------------------------
// audit

function changedFields(before: unknown, after: unknown): string {
  if (before == null && after != null) return "created";
  if (before != null && after == null) return "removed";
  if (typeof before !== "object" || typeof after !== "object" || !before || !after) return "-";
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  const changed: string[] = [];
  for (const k of keys) {
    if (k === "whenChanged") continue;
    if (JSON.stringify(b[k]) === JSON.stringify(a[k])) continue;
    const show = (v: unknown) => (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v === null ? JSON.stringify(v) : "…");
    changed.push(`${k}: ${show(b[k])} → ${show(a[k])}`);
  }
  return changed.join("\n") || "-";
}

function objectLabel(e: AuditEntry): string {
  const o = (e.after ?? e.before) as Record<string, unknown> | null;
  if (o && typeof o === "object" && typeof o.accessRights === "string" && typeof o.trusteeAddress === "string") {
    return `${o.accessRights} → ${o.trusteeAddress}\n${e.objectType}`;
  }
  const name = o && typeof o === "object" ? (o.displayName ?? o.name ?? o.trusteeAddress) : undefined;
  return typeof name === "string" ? `${name}\n${e.objectType}` : `${e.objectId}\n${e.objectType}`;
}

// ---------------------------------------------------------------------------------------------
// serve

const TokensFile = z.record(z.string().min(1), z.object({ principal: z.string().min(1), role: Role }));

function parseNumber(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`must be a number from ${min} to ${max}`);
    }
    return n;
  };
}

function defaultSeedFile(): string {
  const inCwd = resolve(process.cwd(), "tenant/seed/contoso.yaml");
  if (existsSync(inCwd)) return inCwd;
  // from dist/tenant/cli.js or tenant/cli.ts
  for (const candidate of [join(__dirname, "seed", "contoso.yaml"), join(__dirname, "..", "..", "tenant", "seed", "contoso.yaml")]) {
    if (existsSync(candidate)) return candidate;
  }
  return inCwd;
}

interface ServeOptions {
  port: number;
  host: string;
  data: string;
  seed?: string;
  tokensFile?: string;
  throttleRate?: number;
  throttleBudget?: number;
  retryAfter?: number;
  unavailableRate?: number;
  latencyMs?: number;
  replicationDelayMs?: number;
  allowFaultHeaders?: boolean;
  log: boolean;
}

async function serve(o: ServeOptions): Promise<void> {
  let tokens: TenantOptions["tokens"];
  if (o.tokensFile) {
    const text = readFileSync(o.tokensFile, "utf8");
    const parsed = TokensFile.safeParse(parseYaml(text));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`${o.tokensFile}: ${issue.path.join(".") || "(top)"} ${issue.message}; write token: { principal, role }`, "tokens-file");
    }
    tokens = parsed.data;
  }
  const seedFile = o.seed ?? defaultSeedFile();
  if (!existsSync(seedFile)) throw new UsageError(`the seed file ${seedFile} does not exist`, "seed");
  if (o.data !== ":memory:") mkdirSync(dirname(resolve(o.data)), { recursive: true });

  const options: TenantOptions = {
    dataFile: o.data,
    seedFile,
    host: o.host,
    port: o.port,
    tokens,
    log: o.log,
    faults: {
      allowFaultHeaders: o.allowFaultHeaders,
      throttleRate: o.throttleRate,
      throttleBudgetPerMinute: o.throttleBudget,
      retryAfterSeconds: o.retryAfter,
      unavailableRate: o.unavailableRate,
      latencyMs: o.latencyMs,
      replicationDelayMs: o.replicationDelayMs,
    },
  };
  // Loaded here so the admin commands start without the server's dependencies.
  const { startTenant } = await import("./server");
  const running = await startTenant(options);
  const out = process.stdout;
  out.write(`tenant listening at ${running.url}\n`);
  out.write(`data: ${o.data}   seed (used on first start): ${seedFile}\n`);
  if (tokens) {
    out.write(`tokens: ${Object.keys(tokens).length} from ${o.tokensFile}\n`);
  } else if (process.env.TENANT_TOKENS?.trim()) {
    out.write(`tokens: ${Object.keys(running.tokens).length} from TENANT_TOKENS\n`);
  } else {
    const [, who] = Object.entries(running.tokens)[0] ?? [];
    out.write(`development token: ${o.data}.token${who ? ` (${who.principal}, ${who.role})` : ""}\n`);
    out.write(`  the admin commands read it from there when run in this directory; elsewhere: export TENANT_TOKEN=$(cat ${resolve(o.data)}.token)\n`);
  }
  const faults = Object.entries(options.faults ?? {}).filter(([, v]) => v !== undefined && v !== false);
  if (faults.length) out.write(`faults: ${faults.map(([k, v]) => `${k}=${v}`).join(" ")}\n`);
  out.write(`stop with Ctrl+C\n`);

  await new Promise<void>((resolveStop) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        process.stderr.write(`${signal} again: exiting without waiting\n`);
        process.exit(130);
      }
      stopping = true;
      process.stderr.write(`${signal}: stopping the tenant\n`);
      running.close().then(resolveStop, (err: unknown) => {
        process.stderr.write(`closing the tenant failed: ${(err as Error).message}\n`);
        process.exitCode = 1;
        resolveStop();
      });
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
  });
}

// ---------------------------------------------------------------------------------------------
// The program

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

  program
    .command("serve")
    .description("start the tenant and keep it running until Ctrl+C (SIGINT) or SIGTERM")
    .option("--port <port>", "port; 0 picks a free one", parseNumber(0, 65535), 8787)
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--data <file>", "SQLite data file (its directory is created)", DEFAULT_DATA_FILE)
    .option("--seed <file>", "directory seed loaded on the first start (default tenant/seed/contoso.yaml)")
    .option("--tokens-file <file>", "YAML or JSON: token -> { principal, role } (default: a generated development token)")
    .option("--throttle-rate <rate>", "fraction 0..1 of requests answered 429", parseNumber(0, 1))
    .option("--throttle-budget <n>", "requests per principal per minute before 429", parseNumber(1, Number.MAX_SAFE_INTEGER))
    .option("--retry-after <seconds>", "Retry-After sent with a 429", parseNumber(0, 86400))
    .option("--unavailable-rate <rate>", "fraction 0..1 of requests answered 503", parseNumber(0, 1))
    .option("--latency-ms <ms>", "milliseconds added to every request", parseNumber(0, 600000))
    .option("--replication-delay-ms <ms>", "milliseconds a new mailbox or grant stays invisible", parseNumber(0, 86400000))
    .option("--allow-fault-headers", "honour the x-fault-* request headers")
    .option("--no-log", "no request log on stderr")
    .action(run(async (o: ServeOptions) => serve(o)));

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

  program
    .command("audit")
    .description("the tenant's change log")
    .option("--object <identity>", "changes of this object (an id, or a recipient's address, alias or name)")
    .option("--principal <principal>", "changes made by this principal")
    .option("--since <iso>", "changes at or after this time (ISO 8601 with offset, e.g. 2025-01-31T09:00:00Z)")
    .option("--limit <n>", "at most this many", parseNumber(1, 10000))
    .action(run(async (o: { object?: string; principal?: string; since?: string; limit?: number }, cmd: Command) => {
      const { client, opts } = clientFor(cmd);
      if (o.since !== undefined && Number.isNaN(Date.parse(o.since))) throw new UsageError(`"${o.since}" is not a time: use ISO 8601, e.g. 2025-01-31T09:00:00Z`, "since");
      let objectId = o.object;
      if (objectId !== undefined) {
        // A recipient named by address, alias or name: the log knows it by id.
        const found = await optional(client.call("getRecipient", { identity: objectId }));
        if (!(found instanceof TenantError)) objectId = found.id;
      }
      const list = await client.call("listAudit", { objectId, principal: o.principal, since: o.since, limit: o.limit });
      if (opts.json) return printJson(list);
      const t = table(["#", "At", "Principal", "Action", "Object", "Change"]);
      for (const e of list.items) t.push([String(e.id), e.at, e.principal, e.action, objectLabel(e), changedFields(e.before, e.after)]);
      process.stdout.write(`${t.toString()}\n${list.items.length} ${list.items.length === 1 ? "entry" : "entries"}\n`);
    }));

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
