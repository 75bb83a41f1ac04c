import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { parseDocument, LineCounter, isMap, isSeq, isScalar, isAlias, isPair, Document } from "yaml";
import type { z } from "zod";
import { DeclarationsFile, MailboxDeclaration, knownKeysAt } from "../schemas/declarations";
import { AccessRight, deriveAlias, normalizeAddress } from "../schemas/common";
import type { MailboxPermissionArgs } from "../schemas/permission";
import type { ForwardingRuleArgs } from "../schemas/forwarding";
import type { AutoReplyArgs } from "../schemas/auto-reply";
import { SharedMailbox } from "./resources/shared-mailbox/resource";
import { MailboxPermission } from "./resources/mailbox-permission/resource";
import { ForwardingRule } from "./resources/forwarding-rule/resource";
import { AutoReply } from "./resources/auto-reply/resource";

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
  args: Omit<MailboxDeclaration, "fullAccess" | "sendAs" | "sendOnBehalf" | "forwarding" | "autoReply">;
  grants: PlannedGrant[];
  forwarding?: { name: string; args: NonNullable<MailboxDeclaration["forwarding"]> };
  autoReply?: { name: string; args: NonNullable<MailboxDeclaration["autoReply"]> };
}

/** Names every resource of a valid file; a clash of names is a problem of the file. */
export function planDeclarations(file: DeclarationsFile): { mailboxes: PlannedMailbox[]; problems: { path: EntryPath; message: string }[] } {
  const problems: { path: EntryPath; message: string }[] = [];
  const mailboxes: PlannedMailbox[] = [];
  const boxNames = new Map<string, number>();
  const grantNames = new Map<string, EntryPath>();

  file.mailboxes.forEach((entry, i) => {
    const { fullAccess, sendAs, sendOnBehalf, forwarding, autoReply, ...args } = entry;
    const path: EntryPath = ["mailboxes", i];
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
      forwarding: forwarding ? { name: `${name}-forwarding`, args: forwarding } : undefined,
      autoReply: autoReply ? { name: `${name}-auto-reply`, args: autoReply } : undefined,
    });
  });
  return { mailboxes, problems };
}

// ---------------------------------------------------------------------------------------------
// Reading the file

/** The YAML parser's position of the entry at `path`, or of its nearest ancestor that exists. */
function locate(doc: Document, lines: LineCounter, path: EntryPath): { line: number; column: number } | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as { range?: [number] } | null)?.range?.[0];
  for (const key of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) break;
      offset = (pair.key as { range?: [number] } | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number" && key < node.items.length) {
      node = node.items[key];
      offset = (node as { range?: [number] } | null)?.range?.[0] ?? offset;
    } else break;
  }
  if (offset === undefined) return undefined;
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** The 1-based line of each entry in a declarations file's text (of its nearest ancestor that exists), for messages. */
export function entryLines(text: string, paths: readonly EntryPath[]): (number | undefined)[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return paths.map((p) => locate(doc, lines, p)?.line);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const key of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  boolean: "true or false",
  number: "a number",
  array: "a list",
  object: "a mapping (key: value)",
};

function typeWord(value: unknown): string {
  if (value === null) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the text "${value}"`;
  return `${typeof value === "number" ? "the number" : "the value"} ${String(value)}`;
}

/** zod's issues as one message per entry: the branch of a trustee that was meant, unknown keys one by one, "is required". */
function describeIssues(issues: readonly z.core.$ZodIssue[], data: unknown, base: EntryPath = []): { path: EntryPath; message: string }[] {
  const out: { path: EntryPath; message: string }[] = [];
  for (const issue of issues) {
    const path = [...base, ...(issue.path as (string | number)[])];
    if (issue.code === "invalid_union") {
      // A trustee is a string or a mapping: report the errors of the form that was written.
      const meant = issue.errors.filter((branch) => !branch.some((i) => i.code === "invalid_type" && i.path.length === 0));
      if (meant.length === 1) out.push(...describeIssues(meant[0], data, path));
      else out.push({ path, message: issue.message });
    } else if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(path);
      for (const key of issue.keys) {
        out.push({ path: [...path, key], message: `is not a field here${known ? `; the fields are ${known.join(", ")}` : ""}` });
      }
    } else if (issue.code === "invalid_type" && path.length === 0) {
      out.push({ path, message: "the file must be a mapping with a list under mailboxes:" });
    } else if (issue.code === "invalid_type") {
      const value = valueAt(data, path);
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      out.push({ path, message: value === undefined ? "is required" : `must be ${expected}, not ${typeWord(value)}` });
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}

/** In the order of the file (the sort is stable: problems of one entry keep zod's order). */
function byLine(problems: DeclarationProblem[]): DeclarationProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/**
 * Parses and validates a declarations file's text and names its resources. `file` is only for
 * messages. Throws DeclarationsError listing every problem with its entry path and line.
 */
export function planYaml(text: string, file: string): PlannedMailbox[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new DeclarationsError(
      file,
      doc.errors.map((e) => ({
        path: "",
        line: e.linePos?.[0].line,
        column: e.linePos?.[0].col,
        message: `YAML syntax: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`,
      })),
    );
  }
  const at = (path: EntryPath, message: string): DeclarationProblem => ({ path: formatPath(path), ...locate(doc, lines, path), message });

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    throw new DeclarationsError(file, [{ path: "", message: `YAML: ${(e as Error).message}` }]);
  }
  const parsed = DeclarationsFile.safeParse(data);
  if (!parsed.success) {
    throw new DeclarationsError(file, byLine(describeIssues(parsed.error.issues, data).map((p) => at(p.path, p.message))));
  }
  const plan = planDeclarations(parsed.data);
  if (plan.problems.length > 0) throw new DeclarationsError(file, byLine(plan.problems.map((p) => at(p.path, p.message))));
  return plan.mailboxes;
}

// ---------------------------------------------------------------------------------------------
// The resources of a plan, one by one

/** How grants and settings on a mailbox the file declares name it: as the SharedMailbox provider finds it. */
export function mailboxReference(args: PlannedMailbox["args"]): string {
  return args.primarySmtpAddress ?? args.alias ?? args.name ?? args.displayName;
}

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
  | (PlannedBase & { kind: "ForwardingRule"; mailboxName: string; inputs: ForwardingRuleArgs })
  | (PlannedBase & { kind: "AutoReply"; mailboxName: string; inputs: AutoReplyArgs });

/**
 * Every resource of a plan, in the order loadDeclarations declares them: each mailbox, then its
 * grants, forwarding and automatic replies. Pure: no Pulumi runtime, no tenant.
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
    if (p.forwarding) {
      out.push({ kind: "ForwardingRule", name: p.forwarding.name, path: [...p.path, "forwarding"], mailboxName: p.name, inputs: { mailbox, ...p.forwarding.args } });
    }
    if (p.autoReply) {
      out.push({ kind: "AutoReply", name: p.autoReply.name, path: [...p.path, "autoReply"], mailboxName: p.name, inputs: { mailbox, ...p.autoReply.args } });
    }
  }
  return out;
}

/** Reads a declarations file and plans it (planYaml); a file that cannot be read is a DeclarationsError too. */
export function planFile(file: string): PlannedMailbox[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DeclarationsError(file, [{ path: "", message: code === "ENOENT" ? "no such file" : `cannot be read: ${(e as Error).message}` }]);
  }
  return planYaml(text, file);
}

// ---------------------------------------------------------------------------------------------
// Creating the resources

/** What loadDeclarations created for one mailbox. */
export interface DeclaredMailbox {
  mailbox: SharedMailbox;
  /** By resource name. */
  permissions: Record<string, MailboxPermission>;
  forwarding?: ForwardingRule;
  autoReply?: AutoReply;
}

/**
 * Reads a YAML declarations file (schemas/declarations.ts; its JSON Schema is
 * schemas/declarations.schema.json) and declares its resources: one SharedMailbox per entry, one
 * MailboxPermission per grant, a ForwardingRule and an AutoReply when present. Grants and
 * settings name the mailbox by its primarySmtpAddress output, so they come after it.
 * `opts` is given to every resource. Returns what it declared, by mailbox resource name.
 * A file that cannot be read or is not valid throws DeclarationsError before anything is declared.
 */
export function loadDeclarations(file: string, opts?: pulumi.CustomResourceOptions): Record<string, DeclaredMailbox> {
  const out: Record<string, DeclaredMailbox> = {};
  for (const r of plannedResources(planFile(file))) {
    if (r.kind === "SharedMailbox") {
      out[r.name] = { mailbox: new SharedMailbox(r.name, r.inputs, opts), permissions: {} };
      continue;
    }
    const declared = out[r.mailboxName]!;
    const mailbox = declared.mailbox.primarySmtpAddress;
    if (r.kind === "MailboxPermission") declared.permissions[r.name] = new MailboxPermission(r.name, { ...r.inputs, mailbox }, opts);
    else if (r.kind === "ForwardingRule") declared.forwarding = new ForwardingRule(r.name, { ...r.inputs, mailbox }, opts);
    else declared.autoReply = new AutoReply(r.name, { ...r.inputs, mailbox }, opts);
  }
  return out;
}
