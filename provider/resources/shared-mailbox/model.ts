import { type CreateSharedMailboxBody, Mailbox, SharedMailboxArgs, normalizeAddress, sameAddress, toProxyAddresses } from "../../../schemas";
import { adoptedNames, bodyOf, exportedArgs, liveArgs, localChangedFields, localInputsOf, settingNames, stateFields, stateValues, withDefaults as withExchangeDefaults } from "../fields";
import { defined } from "../errors";
import { declaredArgs as parseDeclared } from "../descriptor";
import { DERIVED_KEYS, MAILBOX_FIELDS, sharedMailbox } from "./descriptor";

/**
 * A shared mailbox as the provider sees it: the declaration with Exchange's defaults, the state
 * it keeps, and how a live mailbox compares with a declaration. No I/O. Each field's mapping and
 * comparison is read from the descriptor by the loops of fields.ts; only additionalAddresses (see
 * the descriptor) and the sign-in that every update blocks are written out here.
 */

export type Args = SharedMailboxArgs;

type DerivedKey = (typeof DERIVED_KEYS)[number];

export type State = Args & {
  mailboxId: string;
  primarySmtpAddress: string;
  alias: string;
  name: string;
  signInBlocked: boolean;
  emailAddresses: string[];
  quotaState: string;
  totalItemSizeGB: number;
  /** When this program created it (ISO): reads and removals wait while it may still be replicating. */
  createdAt?: string;
  /** Which of DERIVED_KEYS the program declared. */
  declaredKeys?: DerivedKey[];
  /** Set by a refresh that found the mailbox soft-deleted: when, and until when Exchange keeps it. */
  deletedOn?: string;
  restorableUntil?: string;
};

/** Exchange's defaults, made explicit so that a change made by hand shows as drift. */
export function withDefaults(args: Args): Args {
  return withExchangeDefaults(sharedMailbox, args);
}

export function lower(values: readonly string[] | undefined): string[] {
  return [...new Set((values ?? []).map(normalizeAddress))].sort();
}

/** Additional addresses: the declared ones must all be there; Exchange's own extras (an old primary) are not drift. */
export function missingAddresses(declared: readonly string[] | undefined, live: readonly string[]): string[] {
  const have = new Set(live.map(normalizeAddress));
  return (declared ?? []).filter((a) => !have.has(normalizeAddress(a)));
}

/** A mailbox's proxy (`smtp:`) addresses, without the prefix. */
const proxiesOf = (box: Mailbox) => box.emailAddresses.filter((a) => a.startsWith("smtp:")).map((a) => a.slice("smtp:".length));

/** The keys of `values` in the descriptor's order (additionalAddresses, set apart, goes back to its place). */
const inFieldOrder = (values: Record<string, unknown>) => defined(Object.fromEntries(Object.keys(sharedMailbox.fields).map((k) => [k, values[k]])));

/** The differences between a declaration and a live mailbox, as "field: declared vs live" (sign-in, enforced, is not one). */
export function differences(args: Args, box: Mailbox): string[] {
  const a = withDefaults(args);
  const live = liveArgs(sharedMailbox, box);
  const differing = new Set(localChangedFields(sharedMailbox, a, live, adoptedNames(sharedMailbox)));
  const missing = missingAddresses(a.additionalAddresses, box.emailAddresses);
  if (missing.length) differing.add("additionalAddresses");
  return MAILBOX_FIELDS.filter(([k]) => differing.has(k)).map(([k]) =>
    k === "additionalAddresses"
      ? `additionalAddresses: ${missing.join(", ")} declared but not on the mailbox`
      : `${k}: declared ${JSON.stringify(a[k])}, the tenant has ${JSON.stringify(live[k])}`,
  );
}

/**
 * The fields whose declaration differs from the state `o` (a derived field only when declared).
 * A field the state lacks (written before the field existed) holds Exchange's default.
 */
export function changedFields(o: Partial<State>, n: Args): string[] {
  const changed = new Set(localChangedFields(sharedMailbox, n, stateValues(sharedMailbox, o)));
  if (n.additionalAddresses !== undefined) {
    const missing = missingAddresses(n.additionalAddresses, o.emailAddresses ?? []).length > 0;
    if (missing || (o.additionalAddresses !== undefined && lower(n.additionalAddresses).join() !== lower(o.additionalAddresses).join())) changed.add("additionalAddresses");
  }
  return MAILBOX_FIELDS.filter(([k]) => changed.has(k)).map(([k]) => k);
}

export function stateOf(box: Mailbox, declared: Args): State {
  return defined({
    ...stateFields(sharedMailbox, declared, box),
    declaredKeys: DERIVED_KEYS.filter((k) => declared[k] !== undefined),
    mailboxId: box.id,
    emailAddresses: box.emailAddresses,
    quotaState: box.quotaState,
    totalItemSizeGB: box.totalItemSizeGB,
  }) as State;
}

/** The arguments that reproduce a live mailbox, keeping the user's spelling where it means the same. */
export function inputsOf(box: Mailbox, previous: Partial<State>): Args {
  // A state keeps Exchange's derived values too; declaredKeys says which the program declared. A
  // state written before declaredKeys was kept cannot tell: every value it holds counts as declared.
  const declared = { ...previous } as Record<string, unknown>;
  if (previous.declaredKeys) for (const k of DERIVED_KEYS) if (!previous.declaredKeys.includes(k)) delete declared[k];
  const out = localInputsOf(sharedMailbox, declared, liveArgs(sharedMailbox, box)) as Args;
  // The declared additional addresses still on the mailbox (an old primary Exchange kept is not one).
  const live = proxiesOf(box);
  if (declared.additionalAddresses !== undefined) out.additionalAddresses = previous.additionalAddresses?.filter((a) => live.some((l) => sameAddress(l, a)));
  return out;
}

/** The Set-Mailbox body that brings a live mailbox to the declaration `n` (`previous`: what was declared before). */
export function updateBody(live: Mailbox, previous: Partial<Args>, n: Args): Record<string, unknown> {
  // Only what differs is sent; sign-in, enforced, is never the declaration's to send.
  const full = withDefaults(n);
  const body = bodyOf(sharedMailbox, full, localChangedFields(sharedMailbox, full, liveArgs(sharedMailbox, live), settingNames(sharedMailbox)));
  if (n.additionalAddresses !== undefined) {
    // Keep addresses this declaration never owned (Exchange's old primaries); drop the ones it no longer declares.
    const dropped = new Set(lower(previous.additionalAddresses).filter((a) => !lower(n.additionalAddresses).includes(a)));
    const kept = proxiesOf(live).filter((a) => !dropped.has(normalizeAddress(a)));
    const next = toProxyAddresses(n.primarySmtpAddress ?? live.primarySmtpAddress, [...kept, ...n.additionalAddresses]).slice(1).map((a) => a.slice(5));
    if (lower(next).join() !== lower(kept).join() || dropped.size) body.additionalAddresses = next;
  }
  // Sign-in found unblocked is drift (and a converted user's account may sign in): block it.
  if (!live.accountDisabled) body.accountDisabled = true;
  return body;
}

/** The New-Mailbox -Shared body of a declaration. */
export function createBody(args: Args): CreateSharedMailboxBody {
  return { ...bodyOf(sharedMailbox, args), additionalAddresses: args.additionalAddresses } as CreateSharedMailboxBody;
}

/**
 * A live mailbox as a declaration (for export): Exchange's defaults and derived values that
 * match what they derive from are left out, so the file reads like a hand-written one.
 */
export function declarationOf(box: Mailbox): Partial<Args> {
  const proxies = proxiesOf(box);
  return inFieldOrder({ ...exportedArgs(sharedMailbox, box), additionalAddresses: proxies.length ? proxies : undefined }) as Partial<Args>;
}

/** The declared arguments kept in inputs or state, parsed field by field with the schema. */
export function declaredArgs(props: Record<string, unknown>): Args {
  return parseDeclared<Args>(sharedMailbox, props);
}

/** How to find the mailbox a declaration means: its address, else its alias, name or display name. */
export function mailboxReference(args: Partial<Pick<Args, "primarySmtpAddress" | "alias" | "name" | "displayName">>): string {
  return args.primarySmtpAddress ?? args.alias ?? args.name ?? args.displayName ?? "";
}
