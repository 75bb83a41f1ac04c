/** The rules a new or changed mailbox must keep: a free name, addresses of its own, a licence for a large quota. */
import { UNLICENSED_QUOTA_LIMIT_GB, quotaMessage } from "pulumi-mailbox/schemas/shared-mailbox";
import { ApiFailure } from "../errors";
import type { OrgInfo, Store } from "../store/store";

/** Names are unique in the organisation, compared by their folded key (any script's case). */
export function checkNameFree(store: Store, name: string, ownerId: string | undefined, field = "name"): void {
  const holder = store.nameHolders(name).find((r) => r.id !== ownerId);
  if (holder) {
    throw new ApiFailure("NameInUse", `The name "${name}" is already being used by another recipient ("${holder.name}"${holder.soft_deleted ? ", soft-deleted" : ""}). Please choose another name.`, field);
  }
}

/** Aliases are unique in the organisation too: an identity must never mean two recipients. */
export function checkAliasFree(store: Store, alias: string, ownerId: string | undefined, field = "alias"): void {
  const holder = store.aliasHolders(alias).find((r) => r.id !== ownerId);
  if (holder) {
    throw new ApiFailure(
      "AliasInUse",
      `The alias "${alias}" is being used by another recipient object ("${holder.name}"${holder.soft_deleted ? ", soft-deleted" : ""}). Please specify a unique value.`,
      field,
    );
  }
}

/** Every new address of a mailbox: in an accepted domain and held by nobody else. */
export function checkAddresses(store: Store, org: OrgInfo, list: { address: string; field: string }[], ownerId: string | undefined): void {
  const accepted = org.acceptedDomains.map((d) => d.toLowerCase());
  for (const { address, field } of list) {
    const plain = address.replace(/^smtp:/i, "");
    const domain = plain.slice(plain.lastIndexOf("@") + 1).toLowerCase();
    if (!accepted.includes(domain)) {
      throw new ApiFailure(
        "ValidationFailed",
        `The proxy address "SMTP:${plain}" isn't valid because its domain "${domain}" isn't an accepted domain of ${org.organization}: use one of ${org.acceptedDomains.join(", ")}`,
        field,
      );
    }
    const holder = store.addressHolder(plain);
    if (holder && holder.id !== ownerId) {
      throw new ApiFailure(
        "AddressInUse",
        `The proxy address "SMTP:${plain}" is already being used by the proxy addresses or LegacyExchangeDN of "${holder.name}". Please choose another proxy address.`,
        field,
      );
    }
  }
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
