/** The rules a new or changed mailbox must keep: a free name, addresses of its own, a licence for a large quota. */
import { UNLICENSED_QUOTA_LIMIT_GB, quotaMessage } from "pulumi-mailbox/schemas/shared-mailbox";
import { aliasTakenBy, addressRefusals, IdentityHolder, nameTakenBy, type AddressClaim } from "pulumi-mailbox/schemas/directory-rules";
import { aliasInUseMessage, nameInUseMessage } from "pulumi-mailbox/schemas/messages";
import { ApiFailure } from "../errors";
import type { OrgInfo, RecipientRow, Store } from "../store/store";

/** A stored recipient as the identity rules see it. */
function holder(row: RecipientRow | undefined): IdentityHolder | undefined {
  return row && { id: row.id, name: row.name, alias: row.alias, softDeleted: row.soft_deleted === 1 };
}

/** Names are unique in the organisation, compared by their folded key (any script's case). */
export function checkNameFree(store: Store, name: string, ownerId: string | undefined, field = "name"): void {
  const taken = nameTakenBy(name, store.nameHolders(name).map(holder), ownerId);
  if (taken) throw new ApiFailure("NameInUse", nameInUseMessage(name, taken), field);
}

/** Aliases are unique in the organisation too: an identity must never mean two recipients. */
export function checkAliasFree(store: Store, alias: string, ownerId: string | undefined, field = "alias"): void {
  const taken = aliasTakenBy(alias, store.aliasHolders(alias).map(holder), ownerId);
  if (taken) throw new ApiFailure("AliasInUse", aliasInUseMessage(alias, taken), field);
}

/** Every new address of a mailbox: in an accepted domain and held by nobody else; the first refusal is thrown. */
export function checkAddresses(store: Store, org: OrgInfo, list: AddressClaim[], ownerId: string | undefined): void {
  const [first] = addressRefusals(list, org, (address) => holder(store.addressHolder(address)), ownerId);
  if (first) throw new ApiFailure(first.code, first.message, first.field);
}

export function checkQuota(quotaGB: number, licensed: boolean, field: string): void {
  if (quotaGB > UNLICENSED_QUOTA_LIMIT_GB && !licensed) throw new ApiFailure("QuotaNeedsLicence", quotaMessage(quotaGB), field);
}

/** Splits "SMTP:a", "smtp:b" into the plain primary and proxies. */
export function splitAddresses(emailAddresses: string[]): { primary: string; proxies: string[] } {
  return {
    primary: emailAddresses[0].replace(/^smtp:/i, ""),
    proxies: emailAddresses.slice(1).map((a) => a.replace(/^smtp:/i, "")),
  };
}
