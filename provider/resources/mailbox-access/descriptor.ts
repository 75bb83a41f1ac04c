import type { AccessRight, MailboxAccessArgs } from "../../../schemas";

/**
 * What MailboxAccess knows of its fields, in one place: which rights each list grants, and which
 * output lists the live holders of each right. check, diff, read, update and export read this
 * table; nothing else maps a list to its rights.
 *
 * Every list is compared by the set of recipients its entries resolve to: order, letter case and
 * another spelling of the same recipient (alias, other address, id) are never a change. A change
 * of any list updates in place; only a new `mailbox` replaces the resource.
 */
export const ACCESS_LISTS = [
  { list: "members", rights: ["FullAccess", "SendAs"] },
  { list: "fullAccess", rights: ["FullAccess"] },
  { list: "sendAs", rights: ["SendAs"] },
  { list: "sendOnBehalf", rights: ["SendOnBehalf"] },
] as const satisfies readonly { list: keyof MailboxAccessArgs; rights: readonly AccessRight[] }[];

export type ListName = (typeof ACCESS_LISTS)[number]["list"];

export function rightsOf(list: ListName): readonly AccessRight[] {
  return ACCESS_LISTS.find((l) => l.list === list)!.rights;
}

/** The list a grant found on the tenant but not declared is shown in: the one list of its right alone. */
export const LIST_OF_RIGHT: Record<AccessRight, ListName> = { FullAccess: "fullAccess", SendAs: "sendAs", SendOnBehalf: "sendOnBehalf" };

/** The output holding the live holders' addresses of each right. */
export const HOLDERS_OUTPUT = { FullAccess: "fullAccessTrustees", SendAs: "sendAsTrustees", SendOnBehalf: "sendOnBehalfTrustees" } as const satisfies Record<AccessRight, string>;

/** Outputs the tenant computes, beside the declared arguments. */
export const OUTPUT_KEYS = ["mailboxId", "grants", ...Object.values(HOLDERS_OUTPUT)] as const;

/** The only argument whose change replaces the resource. */
export const REPLACES_ON_CHANGE = ["mailbox"] as const;
