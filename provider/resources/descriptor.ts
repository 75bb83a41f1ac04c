import type { z } from "zod";

/**
 * What a resource is, written once: its kind, its arguments' schema, its outputs, and for each
 * argument how a change is applied and what the README says of it. diff reads which fields
 * replace from here, the resource class its outputs, the registry its kind, and the README's
 * argument and outputs tables are generated from it (scripts/generate-resource-tables.ts; a unit
 * test fails while a table is out of date).
 */

/** How a change of a field reaches the tenant. */
export type OnChange =
  /** Set in place (Set-Mailbox, Set-MailboxAutoReplyConfiguration, …). */
  | "update"
  /** The object is removed and made again: the engine shows a replace. */
  | "replace"
  /** Read only on creation: a change later does nothing. */
  | "none";

export interface FieldDescriptor {
  onChange: OnChange;
  /** Said after the on-change word in the README, e.g. "new grant first". */
  onChangeNote?: string;
  /** The README's columns. */
  doc: {
    type: string;
    /** "yes", "no", or when: "when `Scheduled`". */
    required: string;
    default?: string;
    description: string;
  };
}

export type Kind = "SharedMailbox" | "MailboxPermission" | "ForwardingRule" | "AutoReply" | "MailboxAccess";

export interface ResourceDescriptor<Args extends Record<string, unknown> = Record<string, unknown>> {
  kind: Kind;
  /** The folder under provider/resources/ (its README.md holds the generated table). */
  folder: string;
  /** The zod schema in schemas/ that check validates the arguments with. */
  args: z.ZodObject;
  /** Every argument of the schema, in the README's order. */
  fields: { [K in keyof Args]-?: FieldDescriptor };
  /** What the provider keeps beside the arguments: computed by the tenant or by the provider. */
  outputs: readonly string[];
  /**
   * Arguments and outputs the resource class does not expose as its properties: flags read on
   * creation, what the program declared, notes for the plan, which only the provider reads back
   * from state. They are kept in state all the same; the class just does not register them (see
   * outputPlaceholders).
   */
  stateOnly?: readonly string[];
  /**
   * The README's outputs table: a row for each output, and for each argument whose state value is
   * not simply the declaration (the tenant's value, a default filled in); the other arguments
   * share one "As declared." row.
   */
  outputDocs: Readonly<Record<string, OutputDoc>>;
}

export interface OutputDoc {
  type: string;
  description: string;
}

/** The fields whose change replaces the resource, of those that changed (in the descriptor's order). */
export function replacing(descriptor: ResourceDescriptor, changed: readonly string[]): string[] {
  return Object.keys(descriptor.fields).filter((f) => changed.includes(f) && descriptor.fields[f]!.onChange === "replace");
}

/**
 * The arguments kept in a resource's inputs or state, each parsed with its field's schema: a
 * missing value stays missing (never the string "undefined"), a value the schema refuses (state
 * written by an older version) is kept as it was, and keys that are not arguments are left out.
 */
export function declaredArgs<Args>(descriptor: ResourceDescriptor, props: Record<string, unknown>): Args {
  const out: Record<string, unknown> = {};
  const shape = descriptor.args.shape as Record<string, z.ZodType>;
  for (const key of Object.keys(descriptor.fields)) {
    const value = props[key];
    if (value === undefined || value === null) continue;
    const parsed = shape[key]!.safeParse(value);
    out[key] = parsed.success ? parsed.data : value;
  }
  return out as Args;
}

/**
 * The properties a resource class registers besides its arguments, all undefined: the engine
 * fills them from the provider's outputs. Undefined inputs are not sent, so state keeps its keys
 * and what the provider returns, registered or not. Only what the class exposes is registered:
 * the SDK makes four promises and an Output for each registered property of each resource.
 */
export function outputPlaceholders(descriptor: ResourceDescriptor): Record<string, undefined> {
  const skip = new Set(descriptor.stateOnly ?? []);
  return Object.fromEntries([...Object.keys(descriptor.fields), ...descriptor.outputs].filter((k) => !skip.has(k)).map((k) => [k, undefined]));
}

/** A markdown row; an empty cell is written `| |`, as by hand. */
const row = (cells: string[]) => `| ${cells.join(" | ")} |`.replace(/\|  \|/g, "| |");

const ON_CHANGE_WORDS: Record<OnChange, string> = { update: "update in place", replace: "replace", none: "neither (read only on creation)" };

/** The README's argument table. */
export function argumentTable(descriptor: ResourceDescriptor): string {
  const cell = (text: string) => text.replace(/\n/g, " ");
  const rows = Object.entries(descriptor.fields).map(([name, f]) => {
    const onChange = ON_CHANGE_WORDS[f.onChange] + (f.onChangeNote ? ` (${f.onChangeNote})` : "");
    return row([`\`${name}\``, cell(f.doc.type), f.doc.required, f.doc.default ?? "", onChange, cell(f.doc.description)]);
  });
  return ["| name | type | required | default | on change | description |", "|---|---|---|---|---|---|", ...rows].join("\n");
}

/**
 * The README's outputs table: the outputs in the descriptor's order, then the arguments the state
 * keeps otherwise than declared, then one row for the rest. Neighbouring rows that say the same
 * share one row, as by hand.
 */
export function outputTable(descriptor: ResourceDescriptor): string {
  const docOf = (name: string) => {
    const doc = descriptor.outputDocs[name];
    if (!doc) throw new Error(`${descriptor.kind}: the output ${name} has no entry in outputDocs`);
    return doc;
  };
  const documented = descriptor.outputs.map((name): [string, OutputDoc] => [name, docOf(name)]);
  const args = Object.keys(descriptor.fields);
  for (const name of args) if (descriptor.outputDocs[name]) documented.push([name, descriptor.outputDocs[name]!]);
  const rows: { names: string[]; doc: OutputDoc }[] = [];
  for (const [name, doc] of documented) {
    const last = rows[rows.length - 1];
    if (last && last.doc.type === doc.type && last.doc.description === doc.description) last.names.push(name);
    else rows.push({ names: [name], doc });
  }
  const asDeclared = args.filter((name) => !descriptor.outputDocs[name]);
  if (asDeclared.length) rows.push({ names: asDeclared, doc: { type: "", description: "As declared." } });
  const lines = rows.map((r) => row([r.names.map((n) => `\`${n}\``).join(", "), r.doc.type, r.doc.description]));
  const table = ["| name | type | description |", "|---|---|---|", ...lines].join("\n");
  const stateOnly = descriptor.stateOnly ?? [];
  if (!stateOnly.length) return table;
  const names = stateOnly.map((n) => `\`${n}\``);
  const listed = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names[0];
  const [verb, pronoun] = names.length > 1 ? ["are", "them"] : ["is", "it"];
  return `${table}\n\n${listed} ${verb} kept in the state only: the resource class has no property for ${pronoun} (a declared argument has one all the same).`;
}
