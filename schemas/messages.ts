/**
 * The text of each refusal about identities, addresses and permissions, written once: one text
 * per refusal, whether the tenant answers it or the provider's plan-time check says it. Where the
 * plan says more than Exchange would (what the existing recipient is, which property to change),
 * it starts with Exchange's words, built by the same function, and adds to them. Tests pin every
 * text word for word.
 */

/** Exchange's refusal of a caller whose role may not do this. */
export const PERMISSION_DENIED_MESSAGE = "You do not have permission to access this page or perform this action.";

/** Exchange's refusal of an address another recipient holds (as primary or proxy address). */
export function addressInUseMessage(address: string, holderName: string): string {
  return `The proxy address "SMTP:${address}" is already being used by the proxy addresses or LegacyExchangeDN of "${holderName}". Please choose another proxy address.`;
}

/** Exchange's refusal of an address outside the organisation's accepted domains. */
export function notAcceptedDomainMessage(address: string, domain: string, org: { organization: string; acceptedDomains: readonly string[] }): string {
  return `The proxy address "SMTP:${address}" isn't valid because its domain "${domain}" isn't an accepted domain of ${org.organization}: use one of ${org.acceptedDomains.join(", ")}`;
}

/** A holder that is only soft-deleted still keeps its name and alias; the refusal says so. */
const softDeletedNote = (holder: { softDeleted?: boolean }) => (holder.softDeleted ? ", soft-deleted" : "");

/** Exchange's refusal of a name another recipient holds. */
export function nameInUseMessage(name: string, holder: { name: string; softDeleted?: boolean }): string {
  return `The name "${name}" is already being used by another recipient ("${holder.name}"${softDeletedNote(holder)}). Please choose another name.`;
}

/** Exchange's refusal of an alias another recipient holds. */
export function aliasInUseMessage(alias: string, holder: { name: string; softDeleted?: boolean }): string {
  return `The alias "${alias}" is being used by another recipient object ("${holder.name}"${softDeletedNote(holder)}). Please specify a unique value.`;
}

/** Exchange's "couldn't be found", naming the organisation (and, after it, why when known). */
export function notFoundMessage(identity: string, organization: string, detail?: string): string {
  return `The operation couldn't be performed because object '${identity}' couldn't be found on '${organization}'.${detail ? ` ${detail}` : ""}`;
}

/** Exchange's refusal of a grant to remove that does not exist. */
export function grantNotFoundMessage(right: string, trustee: string, targetName: string): string {
  return `The operation couldn't be performed because the ${right} grant of '${trustee}' on '${targetName}' couldn't be found.`;
}

/** Exchange's refusal of an identity that several recipients answer to; `candidates` lists them. */
export function ambiguousIdentityMessage(identity: string, candidates: string): string {
  return `The operation couldn't be performed because '${identity.trim()}' matches multiple entries: ${candidates}. Give the primary SMTP address or the id instead.`;
}

/** Exchange's refusal of an automatic reply for outsiders only. */
export const EXTERNAL_ONLY_REPLY_MESSAGE = "it is not possible to send a reply only to people outside your organization";

// ---- what the plan adds to Exchange's wording ----

/**
 * At plan time: a name another recipient holds. Exchange's refusal, word for word (the tenant
 * answers `up` with it), then what the holder is and which property to change.
 */
export function planNameInUseMessage(
  name: string,
  holder: { name: string; softDeleted?: boolean; kind: string; address: string },
  property: "name" | "displayName",
): string {
  const fix = property === "name" ? "set another name" : "set name (it is the display name when left out) or another displayName";
  return `${nameInUseMessage(name, holder)} It is ${holder.kind} (${holder.address}); names are unique in the organisation: ${fix}.`;
}
