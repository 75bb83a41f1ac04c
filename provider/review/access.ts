import { GROUP_TYPES, isAcceptedDomain, type AccessRight, type Recipient } from "../../schemas";
import type { Holder, HolderFlag } from "../../schemas/review";
import type { DirectoryIndex } from "./tenant-read";

/**
 * Effective access: who can use a mailbox through a grant, with groups expanded to their
 * members (nested groups too) and flags for holders who deserve a look. No I/O.
 */

export interface LiveGrantOf {
  right: AccessRight;
  trusteeId: string;
  declared: boolean;
}

/** A leaver (account disabled) or someone of another company (an outside mail user or a contact). */
export function holderFlags(r: Recipient, acceptedDomains: readonly string[]): HolderFlag[] {
  const flags: HolderFlag[] = [];
  if (r.accountDisabled && r.recipientTypeDetails !== "SharedMailbox") flags.push("disabled");
  const outside = r.externalEmailAddress !== undefined && !isAcceptedDomain(r.externalEmailAddress, acceptedDomains);
  if (r.recipientTypeDetails === "MailContact" || (r.recipientTypeDetails === "MailUser" && outside)) flags.push("external");
  return flags;
}

/** The people behind one trustee: itself, or a group's members (and theirs), each with the chain of groups. */
export function expand(directory: DirectoryIndex, trusteeId: string): { person: Recipient; chain: string[] }[] {
  const out: { person: Recipient; chain: string[] }[] = [];
  const walk = (id: string, chain: string[], seen: Set<string>) => {
    const r = directory.byId.get(id);
    if (!r || seen.has(id)) return;
    if (GROUP_TYPES.includes(r.recipientTypeDetails)) {
      const inner = new Set(seen).add(id);
      for (const member of r.members ?? []) walk(member, [...chain, r.displayName], inner);
      return;
    }
    out.push({ person: r, chain });
  };
  walk(trusteeId, [], new Set());
  return out;
}

/** Per right, every person who holds it, merged across grants, sorted by address. */
export function effectiveAccess(
  directory: DirectoryIndex,
  grants: readonly LiveGrantOf[],
  acceptedDomains: readonly string[],
): Record<"fullAccess" | "sendAs" | "sendOnBehalf", Holder[]> {
  const byRight: Record<AccessRight, Map<string, Holder>> = { FullAccess: new Map(), SendAs: new Map(), SendOnBehalf: new Map() };
  for (const g of grants) {
    for (const { person, chain } of expand(directory, g.trusteeId)) {
      const holders = byRight[g.right];
      const holder = holders.get(person.id) ?? {
        address: person.primarySmtpAddress,
        displayName: person.displayName,
        type: person.recipientTypeDetails,
        via: [],
        flags: holderFlags(person, acceptedDomains),
        declared: false,
      };
      const via = chain.length ? chain.join(" → ") : "direct";
      if (!holder.via.includes(via)) holder.via.push(via);
      holder.declared ||= g.declared;
      holders.set(person.id, holder);
    }
  }
  const sorted = (m: Map<string, Holder>) => [...m.values()].sort((a, b) => a.address.localeCompare(b.address));
  return { fullAccess: sorted(byRight.FullAccess), sendAs: sorted(byRight.SendAs), sendOnBehalf: sorted(byRight.SendOnBehalf) };
}
