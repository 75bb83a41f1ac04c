import { type AccessRight, MailboxAccessArgs } from "../../../schemas";
import type { ResourceDescriptor } from "../descriptor";
import { adoptField } from "../common-fields";

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

const list = (description: string) =>
  ({ onChange: "update", doc: { type: "string[]", required: "no", default: "nobody", description } }) as const;

/** MailboxAccess, field by field: only a new `mailbox` replaces it. */
export const mailboxAccess = {
  kind: "MailboxAccess",
  folder: "mailbox-access",
  args: MailboxAccessArgs,
  fields: {
    mailbox: {
      onChange: "replace",
      doc: { type: "string", required: "yes", description: "The mailbox or group: an address (any of its addresses, any case), alias, name or tenant id." },
    },
    members: list("Trustees that get **FullAccess and SendAs**."),
    fullAccess: list("Trustees that get FullAccess only."),
    sendAs: list("Trustees that get SendAs only."),
    sendOnBehalf: list("Trustees that get SendOnBehalf: the whole `GrantSendOnBehalfTo` list."),
    autoMapping: {
      onChange: "update",
      doc: {
        type: "map of trustee → boolean", required: "no", default: "`true` for a person, `false` for a group",
        description: "Per FullAccess trustee (of `members` or `fullAccess`), keyed as the trustee is written or by another of its names: Outlook adds the mailbox by itself.",
      },
    },
    adopt: adoptField("Take over the grants the mailbox already has, only if the lists hold every one of them."),
  },
  /** Outputs the tenant computes, beside the declared arguments. */
  outputs: ["mailboxId", "grants", ...Object.values(HOLDERS_OUTPUT)],
  stateOnly: ["adopt"],
  outputDocs: {
    mailboxId: { type: "string", description: "The mailbox's tenant id; also the resource's id." },
    grants: {
      type: "list of `{ accessRights, trusteeId, trusteeAddress, autoMapping }`",
      description: "Every grant on the mailbox as last written or read (Exchange's own `NT AUTHORITY\\SELF` entry left out), sorted by right and address.",
    },
    ...Object.fromEntries(Object.values(HOLDERS_OUTPUT).map((name) => [name, { type: "string[]", description: "Primary addresses of who holds each right." }])),
  },
} as const satisfies ResourceDescriptor<MailboxAccessArgs>;
