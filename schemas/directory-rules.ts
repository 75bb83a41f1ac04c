import { foldIdentity, sameIdentity } from "./common";
import { addressInUseMessage, notAcceptedDomainMessage } from "./messages";

/**
 * The organisation's rules for the identities of its own recipients, written once for the
 * provider's plan-time check, the tenant's writes and the seed loader: every address is in one of
 * the accepted domains, and a name, an alias or an address belongs to one recipient only, compared
 * by the folded key (foldIdentity) in any script's case. Pure: each caller brings its own look-up
 * of who holds what (the tenant its store, the provider the tenant's API, the seed its entries).
 */

/** What the rules need to know of the organisation. */
export interface OrganizationDomains {
  organization: string;
  acceptedDomains: readonly string[];
}

/** A recipient that already holds a name, an alias or an address. */
export interface IdentityHolder {
  id: string;
  name: string;
  alias?: string;
  /** Soft-deleted mailboxes keep their name, alias and addresses for 30 days. */
  softDeleted?: boolean;
}

/** The domain of an address (an `smtp:` prefix allowed), lower case. */
export function domainOf(address: string): string {
  const plain = plainAddress(address);
  return plain.slice(plain.lastIndexOf("@") + 1).toLowerCase();
}

/** An address without Exchange's `SMTP:`/`smtp:` prefix. */
export function plainAddress(address: string): string {
  return address.trim().replace(/^smtp:/i, "");
}

/** Whether an address is in one of the organisation's accepted domains (domains compare without case). */
export function isAcceptedDomain(address: string, acceptedDomains: readonly string[]): boolean {
  const domain = domainOf(address);
  return acceptedDomains.some((d) => d.toLowerCase() === domain);
}

/** The holder, unless it is the claimant itself (a recipient keeps what it already has). */
export function heldByAnother<H extends IdentityHolder>(holder: H | undefined, ownerId: string | undefined): H | undefined {
  return holder !== undefined && holder.id !== ownerId ? holder : undefined;
}

/** The first candidate other than the claimant whose name is `name` by the fold rule. */
export function nameTakenBy<H extends IdentityHolder>(name: string, candidates: readonly (H | undefined)[], ownerId: string | undefined): H | undefined {
  return candidates.find((c): c is H => c !== undefined && c.id !== ownerId && sameIdentity(c.name, name));
}

/** The first candidate other than the claimant whose alias is `alias` by the fold rule. */
export function aliasTakenBy<H extends IdentityHolder>(alias: string, candidates: readonly (H | undefined)[], ownerId: string | undefined): H | undefined {
  return candidates.find((c): c is H => c !== undefined && c.id !== ownerId && c.alias !== undefined && sameIdentity(c.alias, alias));
}

/** One address a recipient claims, and the field (property) that claims it. */
export interface AddressClaim {
  field: string;
  address: string;
}

export interface AddressRefusal {
  field: string;
  code: "ValidationFailed" | "AddressInUse";
  message: string;
}

/**
 * The refusals of the addresses a recipient claims, in the order claimed, with Exchange's wording:
 * each must be in an accepted domain (unless `anyDomain`: a contact's addresses are outside the
 * organisation by definition) and held by no other recipient.
 */
export function addressRefusals(
  claims: readonly AddressClaim[],
  org: OrganizationDomains,
  holderOf: (address: string) => IdentityHolder | undefined,
  ownerId: string | undefined,
  options: { anyDomain?: boolean } = {},
): AddressRefusal[] {
  const out: AddressRefusal[] = [];
  for (const { field, address } of claims) {
    const plain = plainAddress(address);
    if (!options.anyDomain && !isAcceptedDomain(plain, org.acceptedDomains)) {
      out.push({ field, code: "ValidationFailed", message: notAcceptedDomainMessage(plain, domainOf(plain), org) });
      continue;
    }
    const holder = heldByAnother(holderOf(plain), ownerId);
    if (holder) out.push({ field, code: "AddressInUse", message: addressInUseMessage(plain, holder.name) });
  }
  return out;
}

/** What identityIndex needs of a recipient: its id, name, alias and every address. */
export interface IdentifiedRecipient {
  id: string;
  name: string;
  alias: string;
  /** Exchange's EmailAddresses, each with its `SMTP:`/`smtp:` prefix or without. */
  emailAddresses: readonly string[];
}

/**
 * Who an identity (an id, any address, an alias or a name) may mean among these recipients, the
 * way the tenant resolves `:identity`: an id means that recipient (as written, or in lower case);
 * an address, its one holder (the last one added, when a list repeats it); otherwise every
 * recipient whose name or alias has the identity's folded key, in the order added. More than one
 * is an ambiguous identity (Exchange refuses it). Built as recipients are added, so each look-up
 * costs a few map reads instead of a pass over the list, and a list that grows one recipient at a
 * time (a plan's mailboxes, checked one after another) is indexed once, not again per recipient.
 */
export class IdentityIndex<R extends IdentifiedRecipient> {
  private readonly byId = new Map<string, R>();
  private readonly byAddress = new Map<string, R>();
  /** Each list is replaced, never changed, when a recipient joins it: an answer given stays as it was. */
  private readonly byNameOrAlias = new Map<string, readonly R[]>();

  constructor(recipients: Iterable<R> = []) {
    for (const r of recipients) this.add(r);
  }

  add(r: R): void {
    this.byId.set(r.id, r);
    for (const address of r.emailAddresses) this.byAddress.set(foldIdentity(plainAddress(address)), r);
    const keys = new Set([foldIdentity(r.name), foldIdentity(r.alias)]);
    for (const key of keys) this.byNameOrAlias.set(key, [...(this.byNameOrAlias.get(key) ?? []), r]);
  }

  find(identity: string): readonly R[] {
    const raw = identity.trim();
    if (raw === "") return [];
    const withId = this.byId.get(raw) ?? this.byId.get(raw.toLowerCase());
    if (withId) return [withId];
    const address = plainAddress(raw);
    const holder = address.includes("@") ? this.byAddress.get(foldIdentity(address)) : undefined;
    if (holder) return [holder];
    return this.byNameOrAlias.get(foldIdentity(raw)) ?? [];
  }
}

/** An IdentityIndex of a whole list, as its look-up function. */
export function identityIndex<R extends IdentifiedRecipient>(recipients: readonly R[]): (identity: string) => readonly R[] {
  const index = new IdentityIndex(recipients);
  return (identity) => index.find(identity);
}
