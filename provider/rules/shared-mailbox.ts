import { Mailbox, Recipient, normalizeAddress, deriveAlias, sameIdentity, recipientTypeLabel } from "../../schemas";
import { type IdentifiedRecipient, aliasTakenBy, domainOf, heldByAnother, isAcceptedDomain, nameTakenBy, plainAddress } from "../../schemas/directory-rules";
import { addressInUseMessage, aliasInUseMessage, notAcceptedDomainMessage, planNameInUseMessage } from "../../schemas/messages";
import { Directory } from "../directory";
import { CheckFailure, lookUp } from "./check-result";
import { resourceNameOf } from "./deployment";
import { Args, mailboxReference } from "../resources/shared-mailbox/model";

/**
 * The plan-time rules of a shared mailbox that need the tenant: addresses and names are unique
 * across the organisation, in its accepted domains, and a deleted mailbox keeps them 30 days.
 */

/**
 * Starts at once the look-ups the check of this declaration makes (previous: its old inputs,
 * empty for a new one), so they cost one round trip instead of one each.
 */
export function prefetchLookUps(directory: Directory, args: Args, previous: Partial<Args>): void {
  const isNew = !previous.displayName;
  const name = args.name ?? args.displayName;
  const renamed = !isNew && name !== (previous.name ?? previous.displayName);
  const refs = [mailboxReference(isNew ? args : previous), isNew || renamed ? name : undefined, args.primarySmtpAddress, ...(args.additionalAddresses ?? [])];
  directory.prefetch(refs, { softDeleted: isNew });
}

/** The alias the mailbox gets: the declared one, else the one Exchange derives from the name. */
function aliasOf(args: Args): string {
  return args.alias ?? deriveAlias(args.name ?? args.displayName);
}

/** The primary address the mailbox gets: the declared one, else alias@default domain. */
async function primaryOf(directory: Directory, args: Args): Promise<string> {
  return args.primarySmtpAddress ?? `${aliasOf(args)}@${(await directory.organization()).defaultDomain}`;
}

/**
 * Every identity the tenant will give the mailbox this declaration creates, for the checks of the
 * grants and settings that name it before it exists (Directory.willCreate): its name, the alias
 * declared or derived from the name, the primary address declared or derived from the alias in
 * the default domain, and the additional addresses. A converted user mailbox keeps its own alias
 * and addresses unless declared, and answers to its old ones too.
 */
export async function plannedIdentities(directory: Directory, args: Args, converted?: Recipient): Promise<Omit<IdentifiedRecipient, "id">[]> {
  const name = args.name ?? args.displayName;
  const additional = args.additionalAddresses ?? [];
  if (converted) {
    const declared = args.primarySmtpAddress ? [args.primarySmtpAddress, ...additional] : additional;
    return [{ name, alias: args.alias ?? converted.alias, emailAddresses: declared }, converted];
  }
  return [{ name, alias: aliasOf(args), emailAddresses: [await primaryOf(directory, args), ...additional] }];
}

export async function addressFailures(directory: Directory, args: Args, ownId: string | undefined): Promise<CheckFailure[]> {
  const failures: CheckFailure[] = [];
  for (const [property, address] of declaredAddresses(args)) {
    const holder = heldByAnother(await directory.recipient(address), ownId);
    if (holder) failures.push({ property, reason: addressInUseMessage(address, holder.name) });
  }
  return failures;
}

/** The addresses a declaration names, each with its property. */
function declaredAddresses(args: Args): Array<[string, string]> {
  return [
    ...(args.primarySmtpAddress ? [["primarySmtpAddress", args.primarySmtpAddress] as [string, string]] : []),
    ...(args.additionalAddresses ?? []).map((a, i): [string, string] => [`additionalAddresses[${i}]`, a]),
  ];
}

/** Every address must be in one of the organisation's accepted domains: refused with Exchange's words, which say which to use. */
export async function domainFailures(directory: Directory, args: Args): Promise<CheckFailure[]> {
  const org = await directory.organization();
  return declaredAddresses(args)
    .filter(([, a]) => !isAcceptedDomain(a, org.acceptedDomains))
    .map(([property, a]) => ({ property, reason: notAcceptedDomainMessage(plainAddress(a), domainOf(a), org) }));
}

/** Without a primary address Exchange makes alias@default domain: that one must be free too. */
export async function derivedAddressFailures(directory: Directory, args: Args): Promise<CheckFailure[]> {
  const org = await directory.organization();
  const address = `${aliasOf(args)}@${org.defaultDomain}`;
  const holder = await directory.recipient(address);
  if (!holder) return [];
  return [
    {
      property: args.alias ? "alias" : "displayName",
      reason: `${addressInUseMessage(address, holder.name)} (Exchange derives it from the ${args.alias ? "alias" : "name"}: set primarySmtpAddress or another alias.)`,
    },
  ];
}

/** Names are unique in the organisation: a new mailbox, or a renamed one, must not take another's. */
export async function nameFailures(directory: Directory, args: Args, ownId: string | undefined): Promise<CheckFailure[]> {
  const name = args.name ?? args.displayName;
  const property = args.name ? "name" : "displayName";
  const { found, failures } = await lookUp(property, () => directory.recipient(name));
  const taken = nameTakenBy(name, [found], ownId);
  if (taken) {
    const holder = { name: taken.name, kind: recipientTypeLabel[taken.recipientTypeDetails], address: taken.primarySmtpAddress };
    failures.push({ property, reason: planNameInUseMessage(name, holder, property) });
  }
  return failures;
}

/** Aliases are unique in the organisation, the declared one or the one Exchange derives from the name. */
export async function aliasFailures(directory: Directory, args: Args, ownId: string | undefined): Promise<CheckFailure[]> {
  const alias = aliasOf(args);
  if (!alias) return [];
  const property = args.alias ? "alias" : args.name ? "name" : "displayName";
  const { found, failures } = await lookUp(property, () => directory.recipient(alias));
  const holder = aliasTakenBy(alias, [found], ownId);
  if (holder) {
    failures.push({ property, reason: `${aliasInUseMessage(alias, holder)}${args.alias ? "" : " (Exchange derives it from the name: set alias.)"}` });
  }
  return failures;
}

/** The existing shared mailbox a new declaration would collide with, if any. */
export async function existingMailbox(directory: Directory, args: Args): Promise<Mailbox | undefined> {
  const found = await directory.recipient(mailboxReference(args));
  if (!found) return undefined;
  if (found.recipientTypeDetails !== "SharedMailbox") return undefined;
  return directory.client.find("getMailbox", { params: { identity: found.id } });
}

/**
 * A soft-deleted shared mailbox that still holds this declaration's address, alias or name:
 * Exchange keeps it (and its addresses) for 30 days, so a new one cannot take them.
 */
export async function softDeletedMailbox(directory: Directory, args: Args): Promise<Mailbox | undefined> {
  const deleted = await directory.softDeleted();
  if (deleted.length === 0) return undefined;
  // Without a declared primary address, the one Exchange would derive counts too.
  const primary = await primaryOf(directory, args);
  const wanted = [primary, ...(args.additionalAddresses ?? [])].map(normalizeAddress);
  return deleted.find(
    (m) =>
      m.emailAddresses.some((a) => wanted.includes(normalizeAddress(a))) ||
      (args.alias !== undefined && sameIdentity(m.alias, args.alias)) ||
      sameIdentity(m.name, args.name ?? args.displayName),
  );
}

/**
 * Another resource of this same deployment already plans a mailbox with this name, alias or
 * address (the tenant cannot know yet: neither exists): one of the two would fail half-way
 * through `up`, so both are refused at plan time, the second one by this check.
 */
export function plannedClashes(directory: Directory, args: Args, owner: string): CheckFailure[] {
  const claims: [string, string | undefined][] = [
    [args.name ? "name" : "displayName", args.name ?? args.displayName],
    ["alias", args.alias],
    ["primarySmtpAddress", args.primarySmtpAddress],
    ...(args.additionalAddresses ?? []).map((a, i): [string, string] => [`additionalAddresses[${i}]`, a]),
  ];
  const failures: CheckFailure[] = [];
  for (const [property, ref] of claims) {
    const other = ref ? directory.plannedAs(ref) : undefined;
    if (other?.owner && other.owner !== owner) {
      failures.push({
        property,
        reason: `"${ref}" is also declared by the shared mailbox "${resourceNameOf(other.owner)}" of this deployment: names, aliases and addresses are unique in the organisation, whatever their case; give each mailbox its own`,
      });
    }
  }
  return failures;
}
