import * as pulumi from "@pulumi/pulumi";
import { DeclarationsFile, MailboxDeclaration } from "../../schemas/declarations";
import { AccessRight, deriveAlias, foldIdentity, normalizeAddress } from "../../schemas/common";
import type { MailboxPermissionArgs } from "../../schemas/permission";
import type { ForwardingRuleArgs } from "../../schemas/forwarding";
import type { AutoReplyArgs } from "../../schemas/auto-reply";
import type { MailboxAccessArgs } from "../../schemas/access";
// How grants and settings on a mailbox the file declares name it: as the SharedMailbox provider finds it.
import { mailboxReference } from "../resources/shared-mailbox/model";

/**
 * What a declarations file declares, as plain data: the resources, their names and inputs, and
 * the mistakes of the file. No I/O and no Pulumi resources: `validate` checks this very plan.
 */
/** Where in the file, as keys and list indexes from the top: ["mailboxes", 1, "fullAccess", 0, "trustee"]. */
export type EntryPath = (string | number)[];

/** One mistake in a declarations file. */
export interface DeclarationProblem {
  /** `mailboxes[1].fullAccess[0].trustee`; empty for the file as a whole. */
  path: string;
  /** 1-based, when the YAML parser knows where the entry is. */
  line?: number;
  column?: number;
  message: string;
}

/**
 * A mistake in what a person wrote: the message names the file, each entry and its line. A
 * RunError, so the Pulumi engine prints the message without a stack trace.
 */
export class DeclarationsError extends pulumi.RunError {
  constructor(
    readonly file: string,
    readonly problems: DeclarationProblem[],
  ) {
    const lines = problems.map((p) => {
      const where = p.line === undefined ? file : `${file}:${p.line}${p.column === undefined ? "" : `:${p.column}`}`;
      return `  ${where}: ${p.path ? `${p.path}: ` : ""}${p.message}`;
    });
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`${file} is not a valid mailbox declarations file (${count}):\n${lines.join("\n")}`);
    this.name = "DeclarationsError";
    this.stack = this.message; // a person's mistake deserves no trace
  }
}

/** `mailboxes[1].fullAccess[0].trustee` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : `${out ? "." : ""}${String(key)}`;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Resource names

const RIGHT_SLUG: Record<AccessRight, string> = { FullAccess: "full-access", SendAs: "send-as", SendOnBehalf: "send-on-behalf" };
const RIGHT_LIST: Record<AccessRight, "fullAccess" | "sendAs" | "sendOnBehalf"> = {
  FullAccess: "fullAccess",
  SendAs: "sendAs",
  SendOnBehalf: "sendOnBehalf",
};

/** Lower case; anything but letters, digits, dots, underscores and dashes becomes a dash. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
}

function localPart(address: string): string {
  const at = address.lastIndexOf("@");
  return at > 0 ? address.slice(0, at) : address;
}

/**
 * A mailbox's Pulumi resource name: its alias, else the local part of its primary address, else
 * the alias Exchange would derive from its name. It depends on the entry only, not on its place
 * in the file. Declare an alias to keep the name when the address changes.
 */
export function mailboxResourceName(entry: Pick<MailboxDeclaration, "alias" | "primarySmtpAddress" | "name" | "displayName">): string {
  const base = entry.alias ?? (entry.primarySmtpAddress ? localPart(entry.primarySmtpAddress) : deriveAlias(entry.name ?? entry.displayName));
  return slug(base) || "mailbox";
}

/** `<mailbox>-<right>-<trustee>`: the trustee's local part (or its alias or name as written). */
export function grantResourceName(mailbox: string, right: AccessRight, trustee: string): string {
  return `${mailbox}-${RIGHT_SLUG[right]}-${slug(localPart(trustee.trim())) || "trustee"}`;
}

// ---------------------------------------------------------------------------------------------
// The plan: what loadDeclarations creates, without creating it

export interface PlannedGrant {
  name: string;
  path: EntryPath;
  accessRights: AccessRight;
  trustee: string;
  autoMapping?: boolean;
  adopt?: boolean;
}

export interface PlannedMailbox {
  name: string;
  path: EntryPath;
  /** SharedMailbox's arguments. */
  args: Omit<MailboxDeclaration, "fullAccess" | "sendAs" | "sendOnBehalf" | "access" | "forwarding" | "autoReply">;
  grants: PlannedGrant[];
  /** The entry's `access`: one MailboxAccess, instead of grants. */
  access?: { name: string; args: NonNullable<MailboxDeclaration["access"]> };
  forwarding?: { name: string; args: NonNullable<MailboxDeclaration["forwarding"]> };
  autoReply?: { name: string; args: NonNullable<MailboxDeclaration["autoReply"]> };
}

/** Names every resource of a valid file; a clash of names is a problem of the file. */
export function planDeclarations(file: DeclarationsFile): { mailboxes: PlannedMailbox[]; problems: { path: EntryPath; message: string }[] } {
  const problems: { path: EntryPath; message: string }[] = [];
  const mailboxes: PlannedMailbox[] = [];
  const boxNames = new Map<string, number>();
  const grantNames = new Map<string, EntryPath>();
  const identities = new Map<string, number>();

  file.mailboxes.forEach((entry, i) => {
    const { fullAccess, sendAs, sendOnBehalf, access, forwarding, autoReply, ...args } = entry;
    const path: EntryPath = ["mailboxes", i];
    const clashes = identityClashes(entry, path, i, identities);
    if (clashes.length) {
      problems.push(...clashes);
      return;
    }
    const name = mailboxResourceName(entry);
    const first = boxNames.get(name);
    if (first !== undefined) {
      const field = entry.alias ? "alias" : entry.primarySmtpAddress ? "primarySmtpAddress" : "displayName";
      problems.push({
        path: [...path, field],
        message: `gives this mailbox the resource name "${name}", which mailboxes[${first}] already has: give each mailbox its own alias`,
      });
      return;
    }
    boxNames.set(name, i);

    const grants: PlannedGrant[] = [];
    const lists: [AccessRight, typeof fullAccess][] = [
      ["FullAccess", fullAccess],
      ["SendAs", sendAs],
      ["SendOnBehalf", sendOnBehalf],
    ];
    for (const [right, list] of lists) {
      const entries = (list ?? []).map((g, j) => ({
        j,
        grant: typeof g === "string" ? { trustee: g } : (g as { trustee: string; autoMapping?: boolean; adopt?: boolean }),
      }));
      // Two trustees with the same local part (adele@contoso.com, adele@contoso.co.uk) are named by their whole address.
      const locals = new Map<string, Set<string>>();
      for (const { grant } of entries) {
        const key = slug(localPart(grant.trustee.trim()));
        (locals.get(key) ?? locals.set(key, new Set()).get(key)!).add(normalizeAddress(grant.trustee));
      }
      const seen = new Map<string, number>();
      for (const { j, grant } of entries) {
        const gpath: EntryPath = [...path, RIGHT_LIST[right], j];
        const who = normalizeAddress(grant.trustee);
        const twice = seen.get(who);
        if (twice !== undefined) {
          problems.push({ path: gpath, message: `"${grant.trustee}" is listed twice (also at ${RIGHT_LIST[right]}[${twice}]): list each trustee once` });
          continue;
        }
        seen.set(who, j);
        const shared = (locals.get(slug(localPart(grant.trustee.trim())))?.size ?? 0) > 1;
        const gname = shared ? `${name}-${RIGHT_SLUG[right]}-${slug(grant.trustee.trim())}` : grantResourceName(name, right, grant.trustee);
        const clash = grantNames.get(gname);
        if (clash) {
          problems.push({ path: gpath, message: `gives this grant the resource name "${gname}", which ${formatPath(clash)} already has` });
          continue;
        }
        grantNames.set(gname, gpath);
        grants.push({ name: gname, path: gpath, accessRights: right, ...grant });
      }
    }
    mailboxes.push({
      name,
      path,
      args,
      grants,
      access: access ? { name: `${name}-access`, args: access } : undefined,
      forwarding: forwarding ? { name: `${name}-forwarding`, args: forwarding } : undefined,
      autoReply: autoReply ? { name: `${name}-auto-reply`, args: autoReply } : undefined,
    });
  });
  return { mailboxes, problems };
}

/**
 * Names, aliases and addresses are unique in the organisation, compared without regard to case
 * (foldIdentity): a second mailbox of the file that claims one is a problem of the file, found
 * before `up` would stop half-way on it. `seen` maps each claim to the entry that made it first.
 */
const PLURAL = { name: "names", alias: "aliases", address: "addresses" } as const;

function identityClashes(entry: MailboxDeclaration, path: EntryPath, index: number, seen: Map<string, number>): { path: EntryPath; message: string }[] {
  const name = entry.name ?? entry.displayName;
  const claims: [string, "name" | "alias" | "address", string][] = [
    [entry.name ? "name" : "displayName", "name", name],
    [entry.alias ? "alias" : entry.name ? "name" : "displayName", "alias", entry.alias ?? deriveAlias(name)],
    ...(entry.primarySmtpAddress ? [["primarySmtpAddress", "address", entry.primarySmtpAddress] as [string, "address", string]] : []),
    ...(entry.additionalAddresses ?? []).map((a, k): [string, "address", string] => [`additionalAddresses.${k}`, "address", a]),
  ];
  const out: { path: EntryPath; message: string }[] = [];
  for (const [field, kind, value] of claims) {
    if (value === "") continue;
    const key = `${kind}:${kind === "address" ? normalizeAddress(value) : foldIdentity(value)}`;
    const first = seen.get(key);
    if (first !== undefined && first !== index) {
      const fieldPath = field.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      out.push({ path: [...path, ...fieldPath], message: `"${value}" is also the ${kind} of mailboxes[${first}]: ${PLURAL[kind]} are unique in the organisation, whatever their case` });
    } else if (first === undefined) seen.set(key, index);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The resources of a plan, one by one

interface PlannedBase {
  name: string;
  /** The entry in the file. */
  path: EntryPath;
}

/**
 * One resource loadDeclarations declares, with the inputs it gives it. Grants and settings carry
 * the resource name of their mailbox (`mailboxName`) and, as `inputs.mailbox`, the reference the
 * mailbox will answer to (mailboxReference); loadDeclarations passes the mailbox's
 * primarySmtpAddress output instead, so they come after it.
 */
export type PlannedResource =
  | (PlannedBase & { kind: "SharedMailbox"; inputs: PlannedMailbox["args"] })
  | (PlannedBase & { kind: "MailboxPermission"; mailboxName: string; inputs: MailboxPermissionArgs })
  | (PlannedBase & { kind: "MailboxAccess"; mailboxName: string; inputs: MailboxAccessArgs })
  | (PlannedBase & { kind: "ForwardingRule"; mailboxName: string; inputs: ForwardingRuleArgs })
  | (PlannedBase & { kind: "AutoReply"; mailboxName: string; inputs: AutoReplyArgs });

/**
 * Every resource of a plan, in the order loadDeclarations declares them: each mailbox, then its
 * grants (or its access), forwarding and automatic replies. Pure: no Pulumi runtime, no tenant.
 */
export function plannedResources(plan: readonly PlannedMailbox[]): PlannedResource[] {
  const out: PlannedResource[] = [];
  for (const p of plan) {
    out.push({ kind: "SharedMailbox", name: p.name, path: p.path, inputs: p.args });
    const mailbox = mailboxReference(p.args);
    for (const g of p.grants) {
      out.push({
        kind: "MailboxPermission",
        name: g.name,
        path: g.path,
        mailboxName: p.name,
        inputs: {
          mailbox,
          trustee: g.trustee,
          accessRights: g.accessRights,
          ...(g.autoMapping === undefined ? {} : { autoMapping: g.autoMapping }),
          ...(g.adopt === undefined ? {} : { adopt: g.adopt }),
        },
      });
    }
    if (p.access) {
      out.push({ kind: "MailboxAccess", name: p.access.name, path: [...p.path, "access"], mailboxName: p.name, inputs: { mailbox, ...p.access.args } });
    }
    if (p.forwarding) {
      out.push({ kind: "ForwardingRule", name: p.forwarding.name, path: [...p.path, "forwarding"], mailboxName: p.name, inputs: { mailbox, ...p.forwarding.args } });
    }
    if (p.autoReply) {
      out.push({ kind: "AutoReply", name: p.autoReply.name, path: [...p.path, "autoReply"], mailboxName: p.name, inputs: { mailbox, ...p.autoReply.args } });
    }
  }
  return out;
}
