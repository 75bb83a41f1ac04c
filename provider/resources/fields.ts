import { replyText } from "../../schemas";
import type { FieldDescriptor, ResourceDescriptor } from "./descriptor";
import { type Asking, type ByReference, type Comparison, answerLocally, answerWithDirectory } from "./comparison";

export type { ByReference, Comparison } from "./comparison";

/**
 * How a field maps to the tenant and how its values compare, for the resources whose fields are
 * loops over their descriptor: diff, the adoption check, the create and update bodies, the state,
 * read-to-inputs and export all read the mapping from here, so each is written once. A loop that
 * compares is written once too, as a generator (see comparison.ts), and run with or without the
 * directory: the rules for derived, enforced, onlyWhen and identifies are the same either way.
 */

/** The id of the tenant object a declared reference names, given by the provider (it asks the directory). */
export type ResolveId = (reference: unknown) => Promise<string>;

export interface TenantField<Live = Record<string, unknown>> extends FieldDescriptor {
  /** The property of the tenant's object (what a read returns) that holds it. */
  tenant?: keyof Live & string;
  /** The key that sets it in the create and update bodies (unset: not sent, e.g. the mailbox in the path). */
  sets?: string;
  compare?: Comparison;
  /** Exchange's value when the program leaves it out, made explicit so that a change by hand is drift. */
  exchangeDefault?: unknown;
  /** Sent and compared only while other fields hold these values (a reply's times only when `Scheduled`). */
  onlyWhen?: Readonly<Record<string, unknown>>;
  /**
   * Exchange derives it when the program leaves it out (a mailbox's alias from its name): compared,
   * and reported by a refresh, only when declared. A string names the field it is derived from
   * (export leaves it out where the two are equal).
   */
  derived?: true | string;
  /**
   * The provider keeps it so on every object it manages (a shared mailbox's sign-in, blocked):
   * never sent from the declaration, not compared on adoption, not exported. Compared by diff, so
   * a change by hand is drift that the next update puts back.
   */
  enforced?: true;
  /** The output the state keeps the tenant's value under, when it is not the tenant property's name (a grant's targetId is its mailboxId). */
  stateKey?: string;
  /** Sent as the id of the tenant object the declared reference names (see ResolveId), not as written: a grant's trustee. */
  sendsId?: boolean;
  /**
   * The tenant object is found by this field (a grant by its mailbox, trustee and right): a read
   * keeps the declared value, which means what was found, and adoption does not compare it.
   */
  identifies?: boolean;
  /** The tenant property export writes for it, where `tenant` holds an id (the trustee's address, not its id). */
  exported?: keyof Live & string;
}

/** Whether a field means anything in these arguments (see onlyWhen). */
export function applies(f: TenantField<never>, args: Record<string, unknown>): boolean {
  return !f.onlyWhen || Object.entries(f.onlyWhen).every(([k, v]) => args[k] === v);
}

/** A descriptor's fields with their tenant mapping, in the descriptor's order. */
export function tenantFields<Live>(descriptor: ResourceDescriptor): [string, TenantField<Live>][] {
  return Object.entries(descriptor.fields) as [string, TenantField<Live>][];
}

/** The declaration with Exchange's defaults filled in. */
export function withDefaults<Args>(descriptor: ResourceDescriptor, args: Args): Args {
  const out: Record<string, unknown> = { ...(args as Record<string, unknown>) };
  for (const [k, f] of tenantFields(descriptor)) if (f.exchangeDefault !== undefined) out[k] = out[k] ?? f.exchangeDefault;
  return out as Args;
}

/** The tenant's object as the arguments it means: each mapped field from its tenant property. */
export function liveArgs<Live>(descriptor: ResourceDescriptor, live: Live): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, f] of tenantFields<Live>(descriptor)) if (f.tenant) out[k] = (live as Record<string, unknown>)[f.tenant];
  return out;
}

/**
 * The create or update body of a declaration: every field that sets something (of `names`, when
 * given), under the key that sets it. An enforced field is the provider's to send, never the declaration's.
 */
export function bodyOf(descriptor: ResourceDescriptor, args: Record<string, unknown>, names?: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, f] of tenantFields(descriptor)) {
    if (f.sets && !f.enforced && (!names || names.includes(k))) out[f.sets] = applies(f, args) ? args[k] : undefined;
  }
  return out;
}

/** The tenant object's id in the create body for the fields sent by id (sendsId), the rest as bodyOf sends them. */
export async function bodyWithIds(descriptor: ResourceDescriptor, args: Record<string, unknown>, resolveId: ResolveId): Promise<Record<string, unknown>> {
  const out = bodyOf(descriptor, args);
  for (const [k, f] of tenantFields(descriptor)) if (f.sets && f.sendsId && out[f.sets] !== undefined) out[f.sets] = await resolveId(args[k]);
  return out;
}

/** The output that keeps a field's tenant value: its stateKey, else the tenant property's name. */
const outputKey = <Live>(f: TenantField<Live>) => f.stateKey ?? f.tenant;

/** Whether the state keeps a field's tenant value as an output (mailboxId, effectiveTarget) rather than in the field. */
const keptAsOutput = <Live>(descriptor: ResourceDescriptor, f: TenantField<Live>) => !!f.tenant && descriptor.outputs.includes(outputKey(f)!);

/** The outputs that keep fields' tenant values (a grant's mailboxId and trusteeId), read from the tenant's object. */
export function fieldOutputs<Live>(descriptor: ResourceDescriptor, live: Live): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [, f] of tenantFields<Live>(descriptor)) if (keptAsOutput(descriptor, f)) out[outputKey(f)!] = (live as Record<string, unknown>)[f.tenant!];
  return out;
}

/**
 * The state's fields: the declaration, where a field whose tenant value is not kept as an output
 * holds the tenant's value (so that diff compares with what the tenant has).
 */
export function stateFields<Live>(descriptor: ResourceDescriptor, declared: Record<string, unknown>, live: Live): Record<string, unknown> {
  const out: Record<string, unknown> = { ...declared };
  for (const [k, f] of tenantFields<Live>(descriptor)) if (f.tenant && !keptAsOutput(descriptor, f)) out[k] = (live as Record<string, unknown>)[f.tenant];
  return out;
}

/** The tenant's values a state holds, as arguments (the inverse of stateFields). */
export function stateValues(descriptor: ResourceDescriptor, state: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, f] of tenantFields(descriptor)) out[k] = keptAsOutput(descriptor, f) ? state[outputKey(f)!] : state[k];
  return out;
}

/**
 * The fields a declaration sets on the tenant (their names, in the descriptor's order). An
 * enforced field is left out: the provider sets it, whatever was there.
 */
export function settingNames(descriptor: ResourceDescriptor): string[] {
  return tenantFields(descriptor).filter(([, f]) => f.sets && !f.enforced).map(([k]) => k);
}

/** What adopting an existing object compares: the fields it sets (settingNames), but those it was found by (identifies). */
export function adoptedNames(descriptor: ResourceDescriptor): string[] {
  return settingNames(descriptor).filter((k) => !(descriptor.fields[k] as TenantField).identifies);
}

/**
 * The fields of `names` (default: all that are compared) whose declared value in `n` differs from
 * `live` (liveArgs of a tenant object, or the values a state holds): a field only where it means
 * something (onlyWhen), a derived field only when declared, a value `live` lacks (state written
 * before the field existed) as Exchange's default.
 */
function* changedLoop(descriptor: ResourceDescriptor, n: Record<string, unknown>, live: Record<string, unknown>, names?: readonly string[]): Asking<string[]> {
  const out: string[] = [];
  for (const [k, f] of tenantFields(descriptor)) {
    if (!f.compare || f.onChange === "none" || (names && !names.includes(k)) || !applies(f, n)) continue;
    if (f.derived && n[k] === undefined) continue;
    if (!(yield { compare: f.compare, declared: n[k], live: live[k] ?? f.exchangeDefault })) out.push(k);
  }
  return out;
}

/** changedLoop, asking the directory for the fields compared by reference. */
export function changedFields(
  descriptor: ResourceDescriptor,
  n: Record<string, unknown>,
  live: Record<string, unknown>,
  refs: ByReference,
  names?: readonly string[],
): Promise<string[]> {
  return answerWithDirectory(changedLoop(descriptor, n, live, names), refs);
}

/** changedLoop for a descriptor that compares nothing by reference (SharedMailbox's model stays pure functions). */
export function localChangedFields(descriptor: ResourceDescriptor, n: Record<string, unknown>, live: Record<string, unknown>, names?: readonly string[]): string[] {
  return answerLocally(changedLoop(descriptor, n, live, names));
}

/**
 * The arguments that reproduce a live object (its liveArgs), keeping the declared spelling where
 * it means the same (or where the live object gives the field no meaning). A derived field the
 * declaration left out stays out (a plan never shows it as removed); fields the tenant does not
 * set (the mailbox, adopt) and those the object was found by (identifies) stay as declared.
 */
function* inputsLoop(descriptor: ResourceDescriptor, declared: Record<string, unknown>, live: Record<string, unknown>): Asking<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [k, f] of tenantFields(descriptor)) {
    if (f.derived && declared[k] === undefined) out[k] = undefined;
    else if (!f.sets || !f.tenant || f.identifies) out[k] = declared[k];
    else out[k] = !applies(f, live) || (yield { compare: f.compare, declared: declared[k], live: live[k] }) ? declared[k] : live[k];
  }
  return out;
}

/** inputsLoop, asking the directory for the fields compared by reference. */
export function inputsOf(descriptor: ResourceDescriptor, declared: Record<string, unknown>, live: Record<string, unknown>, refs: ByReference): Promise<Record<string, unknown>> {
  return answerWithDirectory(inputsLoop(descriptor, declared, live), refs);
}

/** inputsLoop for a descriptor that compares nothing by reference. */
export function localInputsOf(descriptor: ResourceDescriptor, declared: Record<string, unknown>, live: Record<string, unknown>): Record<string, unknown> {
  return answerLocally(inputsLoop(descriptor, declared, live));
}

/**
 * A live object as the declaration export writes (its liveArgs), reading like a hand-written one:
 * each field that sets something, from its `exported` property where it has one (a grant's
 * trustee by address, not id), only where it means something (onlyWhen); a message as its text
 * (without Exchange's HTML wrapping); Exchange's defaults, enforced fields, empty values and
 * derived values equal to what they derive from are left out.
 */
export function exportedArgs<Live>(descriptor: ResourceDescriptor, live: Live): Record<string, unknown> {
  const args = liveArgs(descriptor, live);
  const out: Record<string, unknown> = {};
  for (const [k, f] of tenantFields<Live>(descriptor)) {
    if (!f.sets || !f.tenant || f.enforced || !applies(f, args)) continue;
    const read = f.exported ? (live as Record<string, unknown>)[f.exported] : args[k];
    const value = f.compare === "text" ? replyText(read as string | null | undefined) : read;
    if (value === undefined || value === null || value === "") continue;
    if (typeof f.derived === "string" && value === args[f.derived]) continue;
    if (f.exchangeDefault !== undefined && value === f.exchangeDefault) continue;
    out[k] = value;
  }
  return out;
}
