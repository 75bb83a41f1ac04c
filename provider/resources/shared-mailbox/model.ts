import {
  Mailbox,
  SharedMailboxArgs,
  UNLICENSED_QUOTA_LIMIT_GB,
  normalizeAddress,
  sameAddress,
  toProxyAddresses,
} from "../../../schemas";
import { defined } from "../errors";

/**
 * A shared mailbox as the provider sees it: the declaration with Exchange's defaults, the state
 * it keeps, and how a live mailbox compares with a declaration. No I/O.
 */

export type Args = SharedMailboxArgs;

/**
 * Arguments Exchange fills in when the program leaves them out. The state records which of them
 * the program declared, so that a refresh reports only those as inputs: one it never declared
 * would otherwise show in the next plan as a removal that will not happen.
 */
export const DERIVED_KEYS = ["name", "alias", "primarySmtpAddress", "additionalAddresses"] as const;
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
  return {
    ...args,
    copySentAsToMailbox: args.copySentAsToMailbox ?? false,
    copySendOnBehalfToMailbox: args.copySendOnBehalfToMailbox ?? false,
    quotaGB: args.quotaGB ?? UNLICENSED_QUOTA_LIMIT_GB,
    licensed: args.licensed ?? false,
    signInBlocked: args.signInBlocked ?? true,
  };
}

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
  const cmp = (field: string, declared: unknown, live: unknown, same = declared === live) => {
    if (declared !== undefined && !same) out.push(`${field}: declared ${JSON.stringify(declared)}, the tenant has ${JSON.stringify(live)}`);
  };
  cmp("displayName", a.displayName, box.displayName);
  cmp("name", a.name, box.name);
  cmp("alias", a.alias, box.alias, a.alias === undefined || a.alias.toLowerCase() === box.alias.toLowerCase());
  cmp("primarySmtpAddress", a.primarySmtpAddress, box.primarySmtpAddress, a.primarySmtpAddress === undefined || sameAddress(a.primarySmtpAddress, box.primarySmtpAddress));
  const missing = missingAddresses(a.additionalAddresses, box.emailAddresses);
  if (missing.length) out.push(`additionalAddresses: ${missing.join(", ")} declared but not on the mailbox`);
  cmp("copySentAsToMailbox", a.copySentAsToMailbox, box.messageCopyForSentAsEnabled);
  cmp("copySendOnBehalfToMailbox", a.copySendOnBehalfToMailbox, box.messageCopyForSendOnBehalfEnabled);
  cmp("quotaGB", a.quotaGB, box.quotaGB);
  cmp("licensed", a.licensed, box.licensed);
  // signInBlocked is not compared: the provider blocks sign-in on every mailbox it manages, an
  // adopted one included, so an unblocked account is corrected, not a reason to refuse adoption.
  return out;
}

export function stateOf(box: Mailbox, declared: Args): State {
  return defined({
    ...declared,
    declaredKeys: DERIVED_KEYS.filter((k) => declared[k] !== undefined),
    mailboxId: box.id,
    name: box.name,
    displayName: box.displayName,
    alias: box.alias,
    primarySmtpAddress: box.primarySmtpAddress,
    emailAddresses: box.emailAddresses,
    copySentAsToMailbox: box.messageCopyForSentAsEnabled,
    copySendOnBehalfToMailbox: box.messageCopyForSendOnBehalfEnabled,
    quotaGB: box.quotaGB,
    licensed: box.licensed,
    signInBlocked: box.accountDisabled,
    quotaState: box.quotaState,
    totalItemSizeGB: box.totalItemSizeGB,
  });
}

/** The arguments that reproduce a live mailbox, keeping the user's spelling where it means the same. */
export function inputsOf(box: Mailbox, previous: Partial<State>): Args {
  const live = box.emailAddresses.filter((a) => !a.startsWith("SMTP:")).map((a) => a.replace(/^smtp:/, ""));
  // A state written before declaredKeys was kept cannot tell: every value it holds counts as declared.
  const declared = (key: DerivedKey) => (previous.declaredKeys ? previous.declaredKeys.includes(key) : previous[key] !== undefined);
  const declaredExtras = previous.additionalAddresses;
  return {
    displayName: box.displayName,
    name: declared("name") ? box.name : undefined,
    alias: !declared("alias") ? undefined : previous.alias?.toLowerCase() === box.alias.toLowerCase() ? previous.alias : box.alias,
    primarySmtpAddress: !declared("primarySmtpAddress")
      ? undefined
      : previous.primarySmtpAddress !== undefined && sameAddress(previous.primarySmtpAddress, box.primarySmtpAddress)
        ? previous.primarySmtpAddress
        : box.primarySmtpAddress,
    additionalAddresses:
      !declared("additionalAddresses") || declaredExtras === undefined ? undefined : declaredExtras.filter((a) => live.some((l) => sameAddress(l, a))),
    copySentAsToMailbox: box.messageCopyForSentAsEnabled,
    copySendOnBehalfToMailbox: box.messageCopyForSendOnBehalfEnabled,
    quotaGB: box.quotaGB,
    licensed: box.licensed,
    signInBlocked: box.accountDisabled,
    adopt: previous.adopt,
    convertFrom: previous.convertFrom,
    convertBackOnDelete: previous.convertBackOnDelete,
  };
}

/** The Set-Mailbox body that brings a live mailbox to the declaration `n` (`previous`: what was declared before). */
export function updateBody(live: Mailbox, previous: Partial<Args>, n: Args): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (n.displayName !== live.displayName) body.displayName = n.displayName;
  if (n.name !== undefined && n.name !== live.name) body.name = n.name;
  if (n.alias !== undefined && n.alias.toLowerCase() !== live.alias.toLowerCase()) body.alias = n.alias;
  if (n.primarySmtpAddress !== undefined && !sameAddress(n.primarySmtpAddress, live.primarySmtpAddress)) body.primarySmtpAddress = n.primarySmtpAddress;
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
  if (n.copySentAsToMailbox !== live.messageCopyForSentAsEnabled) body.messageCopyForSentAsEnabled = n.copySentAsToMailbox;
  if (n.copySendOnBehalfToMailbox !== live.messageCopyForSendOnBehalfEnabled) body.messageCopyForSendOnBehalfEnabled = n.copySendOnBehalfToMailbox;
  if (n.quotaGB !== live.quotaGB) body.quotaGB = n.quotaGB;
  if (n.licensed !== live.licensed) body.licensed = n.licensed;
  // Sign-in found unblocked is drift (and a converted user's account may sign in): block it.
  if (!live.accountDisabled) body.accountDisabled = true;
  return body;
}

export function declaredArgs(props: Record<string, unknown>): Args {
  const parsed = SharedMailboxArgs.safeParse(
    Object.fromEntries(Object.entries(props).filter(([k, v]) => k in SharedMailboxArgs.shape && v !== undefined && v !== null)),
  );
  return parsed.success ? parsed.data : (props as Args);
}

/** How to find the mailbox a declaration means: its address, else its alias, name or display name. */
export function refOf(args: Partial<Args>): string {
  return args.primarySmtpAddress ?? args.alias ?? args.name ?? args.displayName ?? "";
}
