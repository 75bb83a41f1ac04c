import { Document, isMap, isSeq } from "yaml";
import { type Mailbox, type Grant, type Forwarding, type AutoReply } from "../../schemas";
import { DeclarationsFile, MailboxDeclaration } from "../../schemas/declarations";
import type { TenantClient } from "../client/tenant-client";
import { formatPath, planDeclarations, planYaml } from "../declarations";
import { limiter } from "./limit";
import { declarationOf } from "../resources/shared-mailbox/model";
import { settingsOf } from "../resources/forwarding-rule/model";
import { settingsOf as autoReplySettings } from "../resources/auto-reply/model";
import { settingsOf as grantSettings } from "../resources/mailbox-permission/model";

/**
 * `pulumi-mailbox export`: the tenant's shared mailboxes as a declarations file
 * (schemas/declarations.ts) with `adopt: true` everywhere, so that loadDeclarations and one
 * `pulumi up` take them under code without changing anything.
 */

export const DEFAULT_EXPORT_CONCURRENCY = 8;

export interface ExportOptions {
  /** Requests in flight at once (default 8); one mailbox never has more than 3. */
  concurrency?: number;
  /** For the header comment; default now. */
  now?: Date;
  /** Each mailbox's grants as one `access:` block (MailboxAccess) instead of grant lists. */
  authoritative?: boolean;
}

export interface ExportStats {
  mailboxes: number;
  grants: number;
  forwardings: number;
  autoReplies: number;
  /** Calls made to the tenant (a retried call counts once). */
  requests: number;
  /** The most calls that were in flight at once. */
  peakInFlight: number;
  seconds: number;
}

export interface ExportResult {
  /** What the file declares: valid against DeclarationsFile. */
  declarations: DeclarationsFile;
  /** The YAML text, header comment included. */
  text: string;
  stats: ExportStats;
  /** Mailboxes left out or that need attention, one sentence each (also in the file's comments). */
  warnings: string[];
}

/**
 * A mailbox's grants as an `access:` block: who holds FullAccess and SendAs both is a member (as
 * the admin center shows them); a FullAccess without auto-mapping is named under autoMapping.
 */
export function accessEntry(grants: readonly Grant[]): NonNullable<MailboxDeclaration["access"]> {
  const holders = (right: Grant["accessRights"]) => grants.filter((g) => g.accessRights === right).map((g) => g.trusteeAddress);
  const sendAs = new Set(holders("SendAs"));
  const fullAccess = new Set(holders("FullAccess"));
  const members = [...fullAccess].filter((t) => sendAs.has(t));
  const lists = {
    members,
    fullAccess: [...fullAccess].filter((t) => !sendAs.has(t)),
    sendAs: [...sendAs].filter((t) => !fullAccess.has(t)),
    sendOnBehalf: holders("SendOnBehalf"),
  };
  const off = grants.filter((g) => g.accessRights === "FullAccess" && !g.autoMapping).map((g) => [g.trusteeAddress, false] as const);
  return {
    ...Object.fromEntries(Object.entries(lists).filter(([, l]) => l.length > 0)),
    ...(off.length ? { autoMapping: Object.fromEntries(off) } : {}),
    adopt: true,
  };
}

/** The entry of one shared mailbox; Exchange's defaults are left out, so the file reads like a hand-written one. */
export function mailboxEntry(
  box: Mailbox,
  grants: readonly Grant[],
  forwarding: Forwarding | undefined,
  reply: AutoReply | undefined,
  options: Pick<ExportOptions, "authoritative"> = {},
): MailboxDeclaration {
  const entry: MailboxDeclaration = { ...(declarationOf(box) as MailboxDeclaration), adopt: true };
  const people = grants.filter((g) => !g.isSystem);
  if (options.authoritative) entry.access = accessEntry(people);
  const byRight = (right: Grant["accessRights"]) => people.filter((g) => g.accessRights === right).map((g) => ({ ...grantSettings(g), adopt: true }));
  const fullAccess = byRight("FullAccess");
  const sendAs = byRight("SendAs");
  const sendOnBehalf = byRight("SendOnBehalf");
  if (fullAccess.length && !options.authoritative) entry.fullAccess = fullAccess;
  if (sendAs.length && !options.authoritative) entry.sendAs = sendAs;
  if (sendOnBehalf.length && !options.authoritative) entry.sendOnBehalf = sendOnBehalf;
  if (forwarding?.effectiveTarget) {
    entry.forwarding = { ...settingsOf(forwarding), adopt: true };
  }
  // Disabled is every mailbox's default: there is nothing to adopt (and declaring it would write it).
  if (reply && reply.state !== "Disabled") {
    entry.autoReply = { ...(autoReplySettings(reply) as NonNullable<MailboxDeclaration["autoReply"]>), adopt: true };
  }
  return entry;
}

/** Reads every shared mailbox of the tenant with its grants, forwarding and automatic replies. */
export async function exportTenant(client: TenantClient, options: ExportOptions = {}): Promise<ExportResult> {
  const started = process.hrtime.bigint();
  const limit = limiter(options.concurrency ?? DEFAULT_EXPORT_CONCURRENCY);
  let requests = 0;
  const request = <T>(task: () => Promise<T>) =>
    limit(() => {
      requests++;
      return task();
    });

  const list = await request(() => client.call("listSharedMailboxes", { query: { deleted: "false" } }));
  const boxes = [...list.items].sort((a, b) => a.primarySmtpAddress.localeCompare(b.primarySmtpAddress));
  const warnings: string[] = [];
  /** By primary address: a comment on the mailbox's entry. */
  const notes = new Map<string, string>();

  // Three reads per mailbox, all through the one limiter: a mailbox never has more than 3 in flight.
  const read = await Promise.all(
    boxes.map(async (box) => {
      const params = { identity: box.id };
      const [grants, forwarding, reply] = await Promise.all([
        request(() => client.find("listGrants", { params, query: { includeSystem: "false" } })),
        request(() => client.find("getForwarding", { params })),
        request(() => client.find("getAutoReply", { params })),
      ]);
      // Deleted between the list and these reads: it is no longer there to adopt.
      if (!grants || !forwarding || !reply) {
        warnings.push(`${box.primarySmtpAddress}: left out, it was deleted while the export ran`);
        return undefined;
      }
      return { box, entry: mailboxEntry(box, grants.items, forwarding, reply, options) };
    }),
  );

  let kept: { box: Mailbox; entry: MailboxDeclaration }[] = [];
  for (const item of read) {
    if (!item) continue;
    const parsed = MailboxDeclaration.safeParse(item.entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      warnings.push(`${item.box.primarySmtpAddress}: left out, the file cannot declare it as the tenant has it (${formatPath(issue.path as PropertyKey[]) || "entry"}: ${issue.message})`);
      continue;
    }
    if (!item.box.accountDisabled) {
      const note = `sign-in is allowed for this mailbox's account: adopting it blocks sign-in, as for every shared mailbox the provider manages`;
      warnings.push(`${item.box.primarySmtpAddress}: ${note}`);
      notes.set(item.box.primarySmtpAddress, note);
    }
    kept.push(item);
  }
  // Two entries whose resource names clash (aliases differing only in what a resource name cannot hold).
  for (;;) {
    const problems = planDeclarations({ mailboxes: kept.map((k) => k.entry) }).problems;
    if (problems.length === 0) break;
    const dropped = new Set(problems.map((p) => p.path[1] as number));
    for (const i of dropped) warnings.push(`${kept[i]!.box.primarySmtpAddress}: left out, ${problems.find((p) => p.path[1] === i)!.message}`);
    kept = kept.filter((_, i) => !dropped.has(i));
  }

  const declarations = DeclarationsFile.parse({ mailboxes: kept.map((k) => k.entry) });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stats: ExportStats = {
    mailboxes: kept.length,
    grants: kept.reduce((n, k) => n + grantCount(k.entry), 0),
    forwardings: kept.filter((k) => k.entry.forwarding).length,
    autoReplies: kept.filter((k) => k.entry.autoReply).length,
    requests,
    peakInFlight: limit.peak,
    seconds,
  };
  const text = declarationsYaml(declarations, {
    endpoint: client.endpoint,
    at: options.now ?? new Date(),
    notes: kept.map((k) => notes.get(k.box.primarySmtpAddress)),
    stats,
    warnings,
  });
  // What is written is what loadDeclarations will read.
  planYaml(text, "(export)");
  return { declarations, text, stats, warnings };
}

/** The grants an entry declares, in lists or in its access block (a member holds two). */
function grantCount(entry: MailboxDeclaration): number {
  const a = entry.access;
  const lists = (...ls: (readonly unknown[] | undefined)[]) => ls.reduce<number>((n, l) => n + (l?.length ?? 0), 0);
  return lists(entry.fullAccess, entry.sendAs, entry.sendOnBehalf) + (a ? 2 * (a.members?.length ?? 0) + lists(a.fullAccess, a.sendAs, a.sendOnBehalf) : 0);
}

/** "1 grant", "3 grants" */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The file: a header comment, then one entry per mailbox, grants on one line each. */
export function declarationsYaml(
  declarations: DeclarationsFile,
  about: { endpoint: string; at: Date; notes?: (string | undefined)[]; stats: Pick<ExportStats, "mailboxes" | "grants" | "forwardings" | "autoReplies">; warnings?: string[] },
): string {
  const doc = new Document(declarations);
  const { stats } = about;
  const header = [
    `Shared mailboxes exported by \`pulumi-mailbox export\` from the tenant at ${about.endpoint}`,
    `on ${about.at.toISOString()}: ${count(stats.mailboxes, "shared mailbox", "shared mailboxes")}, ${count(stats.grants, "grant")} (FullAccess, SendAs,`,
    `SendOnBehalf), ${count(stats.forwardings, "forwarding")}, ${count(stats.autoReplies, "automatic reply", "automatic replies")}.`,
    ``,
    `A declarations file for loadDeclarations of pulumi-mailbox (format: schemas/declarations.ts).`,
    `Everything has adopt: true, so the first \`pulumi up\` takes it over as it is and changes`,
    `nothing; if the tenant changed since this export, the preview fails and lists what differs.`,
    ...(about.warnings?.length ? ["", "Needs attention:", ...about.warnings.map((w) => `  ${w}`)] : []),
  ];
  doc.commentBefore = header.map((l) => (l ? ` ${l}` : "")).join("\n");
  const list = doc.get("mailboxes", true);
  if (isSeq(list)) {
    list.items.forEach((item, i) => {
      if (!isMap(item)) return;
      if (i > 0) item.spaceBefore = true;
      const note = about.notes?.[i];
      if (note) item.commentBefore = ` ${note}`;
      for (const key of ["fullAccess", "sendAs", "sendOnBehalf", "forwarding"]) {
        const grants = item.get(key, true);
        if (isSeq(grants)) for (const g of grants.items) if (isMap(g)) g.flow = true;
        if (isMap(grants)) grants.flow = true;
      }
      // An access block: one line per list.
      const access = item.get("access", true);
      if (isMap(access)) for (const pair of access.items) if (isSeq(pair.value) || isMap(pair.value)) pair.value.flow = true;
    });
  }
  const text = doc.toString({ lineWidth: 0 });
  return text.endsWith("\n") ? text : `${text}\n`;
}
