import { type CreateSharedMailboxBody, Mailbox, SharedMailboxArgs, normalizeAddress, sameAddress, toProxyAddresses } from "../../../schemas";
import { same, withDefaults as withExchangeDefaults } from "../fields";
import { defined } from "../errors";
import { declaredArgs as parseDeclared } from "../descriptor";
import { DERIVED_KEYS, MAILBOX_FIELDS, type MailboxField, sharedMailbox } from "./descriptor";

/**
 * A shared mailbox as the provider sees it: the declaration with Exchange's defaults, the state
 * it keeps, and how a live mailbox compares with a declaration. No I/O.
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

export { same };

export function lower(values: readonly string[] | undefined): string[] {
  return [...new Set((values ?? []).map(normalizeAddress))].sort();
}

/** Additional addresses: the declared ones must all be there; Exchange's own extras (an old primary) are not drift. */
export function missingAddresses(declared: readonly string[] | undefined, live: readonly string[]): string[] {
  const have = new Set(live.map(normalizeAddress));
  return (declared ?? []).filter((a) => !have.has(normalizeAddress(a)));
}

/** The differences between a declaration and a live mailbox, as "field: declared vs live". */
export function differences(args: Args, box: Mailbox): string[] {
  const a = withDefaults(args);
  const out: string[] = [];
  for (const [k, f] of MAILBOX_FIELDS) {
    if (k === "additionalAddresses") {
      const missing = missingAddresses(a.additionalAddresses, box.emailAddresses);
      if (missing.length) out.push(`additionalAddresses: ${missing.join(", ")} declared but not on the mailbox`);
    }
    // An enforced field (sign-in) is corrected on adoption, not a reason to refuse it.
    if (!f.tenant || f.enforced || a[k] === undefined) continue;
    if (!same(f.compare, a[k], box[f.tenant])) out.push(`${k}: declared ${JSON.stringify(a[k])}, the tenant has ${JSON.stringify(box[f.tenant])}`);
  }
  return out;
}

/**
 * The fields whose declaration differs from the state `o` (a derived field only when declared).
 * A field the state lacks (written before the field existed) holds Exchange's default.
 */
export function changedFields(o: Partial<State>, n: Args): string[] {
  const changed: string[] = [];
  for (const [k, f] of MAILBOX_FIELDS) {
    if (f.onChange === "none") continue;
    if (k === "additionalAddresses") {
      if (n.additionalAddresses === undefined) continue;
      const missing = missingAddresses(n.additionalAddresses, o.emailAddresses ?? []).length > 0;
      if (missing || (o.additionalAddresses !== undefined && lower(n.additionalAddresses).join() !== lower(o.additionalAddresses).join())) changed.push(k);
    } else if (!(f.derived && n[k] === undefined) && !same(f.compare, n[k], o[k] ?? f.exchangeDefault)) changed.push(k);
  }
  return changed;
}

export function stateOf(box: Mailbox, declared: Args): State {
  const live = Object.fromEntries(MAILBOX_FIELDS.filter(([, f]) => f.tenant).map(([k, f]) => [k, box[f.tenant!]]));
  return defined({
    ...declared,
    declaredKeys: DERIVED_KEYS.filter((k) => declared[k] !== undefined),
    mailboxId: box.id,
    ...live,
    emailAddresses: box.emailAddresses,
    quotaState: box.quotaState,
    totalItemSizeGB: box.totalItemSizeGB,
  }) as State;
}

/** The arguments that reproduce a live mailbox, keeping the user's spelling where it means the same. */
export function inputsOf(box: Mailbox, previous: Partial<State>): Args {
  const live = box.emailAddresses.filter((a) => !a.startsWith("SMTP:")).map((a) => a.replace(/^smtp:/, ""));
  // A state written before declaredKeys was kept cannot tell: every value it holds counts as declared.
  const declared = (key: DerivedKey) => (previous.declaredKeys ? previous.declaredKeys.includes(key) : previous[key] !== undefined);
  const out: Record<string, unknown> = {};
  for (const [k, f] of MAILBOX_FIELDS) {
    if (f.derived && !declared(k as DerivedKey)) out[k] = undefined;
    else if (k === "additionalAddresses") out[k] = previous.additionalAddresses?.filter((a) => live.some((l) => sameAddress(l, a)));
    else if (!f.tenant) out[k] = previous[k];
    else out[k] = previous[k] !== undefined && same(f.compare, previous[k], box[f.tenant]) ? previous[k] : box[f.tenant];
  }
  return out as Args;
}

/** The Set-Mailbox body that brings a live mailbox to the declaration `n` (`previous`: what was declared before). */
export function updateBody(live: Mailbox, previous: Partial<Args>, n: Args): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [k, f] of MAILBOX_FIELDS) {
    if (f.tenant && !f.enforced && n[k] !== undefined && !same(f.compare, n[k], live[f.tenant])) body[f.tenant] = n[k];
  }
  if (n.additionalAddresses !== undefined) {
    // Keep addresses this declaration never owned (Exchange's old primaries); drop the ones it no longer declares.
    const dropped = new Set(lower(previous.additionalAddresses).filter((a) => !lower(n.additionalAddresses).includes(a)));
    const kept = live.emailAddresses
      .filter((a) => a.startsWith("smtp:"))
      .map((a) => a.slice(5))
      .filter((a) => !dropped.has(normalizeAddress(a)));
    const next = toProxyAddresses(n.primarySmtpAddress ?? live.primarySmtpAddress, [...kept, ...n.additionalAddresses]).slice(1).map((a) => a.slice(5));
    if (lower(next).join() !== lower(kept).join() || dropped.size) body.additionalAddresses = next;
  }
  // Sign-in found unblocked is drift (and a converted user's account may sign in): block it.
  if (!live.accountDisabled) body.accountDisabled = true;
  return body;
}

/** The New-Mailbox -Shared body of a declaration. */
export function createBody(args: Args): CreateSharedMailboxBody {
  const body: Record<string, unknown> = { additionalAddresses: args.additionalAddresses };
  for (const [k, f] of MAILBOX_FIELDS) if (f.tenant && !f.enforced) body[f.tenant] = args[k];
  return body as CreateSharedMailboxBody;
}

/**
 * A live mailbox as a declaration (for export): Exchange's defaults and derived values that
 * match what they derive from are left out, so the file reads like a hand-written one.
 */
export function declarationOf(box: Mailbox): Partial<Args> {
  const proxies = box.emailAddresses.filter((a) => a.startsWith("smtp:")).map((a) => a.slice("smtp:".length));
  const out: Record<string, unknown> = {};
  for (const [k, f] of MAILBOX_FIELDS) {
    if (k === "additionalAddresses" && proxies.length) out[k] = proxies;
    if (!f.tenant || f.enforced) continue;
    const value = box[f.tenant];
    const derivedFrom = typeof f.derived === "string" ? sharedMailbox.fields[f.derived] as MailboxField : undefined;
    if (derivedFrom?.tenant && value === box[derivedFrom.tenant]) continue;
    if (f.exchangeDefault !== undefined && value === f.exchangeDefault) continue;
    out[k] = value;
  }
  return out as Partial<Args>;
}

/** The declared arguments kept in inputs or state, parsed field by field with the schema. */
export function declaredArgs(props: Record<string, unknown>): Args {
  return parseDeclared<Args>(sharedMailbox, props);
}

/** How to find the mailbox a declaration means: its address, else its alias, name or display name. */
export function mailboxReference(args: Partial<Pick<Args, "primarySmtpAddress" | "alias" | "name" | "displayName">>): string {
  return args.primarySmtpAddress ?? args.alias ?? args.name ?? args.displayName ?? "";
}
