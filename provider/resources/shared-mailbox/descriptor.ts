import { type Mailbox, SharedMailboxArgs, UNLICENSED_QUOTA_LIMIT_GB } from "../../../schemas";
import type { ResourceDescriptor } from "../descriptor";
import { adoptField, createdAtDoc } from "../common-fields";
import type { TenantField } from "../fields";

export type { Comparison } from "../fields";

/**
 * A SharedMailbox field: `tenant` is the Mailbox property (Get-Mailbox), `sets` the key of the
 * create and update bodies (New-Mailbox -Shared, Set-Mailbox), which for a mailbox is the same name.
 */
export interface MailboxField extends TenantField<Mailbox> {
  compare?: "exact" | "case-insensitive" | "address";
  /** Derived from the named field, or by Exchange's own rule (`true`). */
  derived?: true | keyof SharedMailboxArgs;
}

/**
 * SharedMailbox, field by field; diff, adoption, the bodies, state, read and export are the loops
 * of fields.ts over it. `additionalAddresses` is the one field compared and written by its own
 * code (model.ts): the declared addresses must be on the mailbox while Exchange's extras (an old
 * primary) are not drift, and the tenant keeps them, with prefixes, in `emailAddresses` beside the
 * primary — a set with a subset rule, which one property and one comparison cannot say.
 */
const fields = {
  displayName: {
    tenant: "displayName", sets: "displayName", compare: "exact", onChange: "update",
    doc: { type: "string", required: "yes", description: "Shown in the address book; 1 to 256 characters." },
  },
  name: {
    tenant: "name", sets: "name", compare: "exact", derived: "displayName", onChange: "update",
    doc: {
      type: "string", required: "no", default: "the display name",
      description: "Exchange's `Name`, unique in the organisation (checked at plan time, on creation and on a rename); at most 64 characters. Compared only when declared.",
    },
  },
  alias: {
    tenant: "alias", sets: "alias", compare: "case-insensitive", derived: true, onChange: "update",
    doc: {
      type: "string", required: "no", default: "derived from the name (characters Exchange refuses are dropped)",
      description: "At most 64 characters: letters, digits and ``!#%*+-/=?^_`{\\|}~``, dots only between them. Compared only when declared, case-insensitively. Unique in the organisation.",
    },
  },
  primarySmtpAddress: {
    tenant: "primarySmtpAddress", sets: "primarySmtpAddress", compare: "address", derived: true, onChange: "update",
    doc: {
      type: "string", required: "no", default: "`alias@contoso.com` (`alias@` the tenant's default domain)",
      description: "The reply address, in an accepted domain (`contoso.com`, `contoso.co.uk`). When it changes, the old one stays on the mailbox as an additional (`smtp:`) address. Compared case-insensitively.",
    },
  },
  additionalAddresses: {
    derived: true, onChange: "update",
    doc: {
      type: "string[]", required: "no", default: "not managed",
      description: "Proxy addresses, each in an accepted domain; at most 400 (as many as Exchange keeps on one recipient). See \"what the plan shows\" for which addresses are managed.",
    },
  },
  copySentAsToMailbox: {
    tenant: "messageCopyForSentAsEnabled", sets: "messageCopyForSentAsEnabled", compare: "exact", exchangeDefault: false, onChange: "update",
    doc: { type: "boolean", required: "no", default: "`false`", description: "`MessageCopyForSentAsEnabled`: keep a copy of what is sent *as* the mailbox in its Sent Items." },
  },
  copySendOnBehalfToMailbox: {
    tenant: "messageCopyForSendOnBehalfEnabled", sets: "messageCopyForSendOnBehalfEnabled", compare: "exact", exchangeDefault: false, onChange: "update",
    doc: { type: "boolean", required: "no", default: "`false`", description: "`MessageCopyForSendOnBehalfEnabled`: the same for mail sent *on behalf of* the mailbox." },
  },
  quotaGB: {
    tenant: "quotaGB", sets: "quotaGB", compare: "exact", exchangeDefault: UNLICENSED_QUOTA_LIMIT_GB, onChange: "update",
    doc: { type: "number", required: "no", default: "`50`", description: "Above 0 and at most 100; above 50 needs `licensed: true`." },
  },
  licensed: {
    tenant: "licensed", sets: "licensed", compare: "exact", exchangeDefault: false, onChange: "update",
    doc: { type: "boolean", required: "no", default: "`false`", description: "The mailbox has an Exchange Online Plan 2 licence." },
  },
  hiddenFromAddressLists: {
    tenant: "hiddenFromAddressListsEnabled", sets: "hiddenFromAddressListsEnabled", compare: "exact", exchangeDefault: false, onChange: "update",
    doc: { type: "boolean", required: "no", default: "`false`", description: "`HiddenFromAddressListsEnabled`: leave the mailbox out of the address book (the global address list)." },
  },
  signInBlocked: {
    tenant: "accountDisabled", sets: "accountDisabled", compare: "exact", exchangeDefault: true, enforced: true, onChange: "update",
    doc: { type: "boolean", required: "no", default: "`true`", description: "Always `true`: declaring `false` is refused at plan time." },
  },
  adopt: adoptField(
    "Take over an existing shared mailbox with this address if it matches the declaration, or restore a deleted one that holds its address, alias or name (see [Adopting](#adopting-an-existing-object)).",
  ),
  convertFrom: {
    onChange: "none",
    doc: {
      type: "string", required: "no", default: "unset",
      description: "Convert this **user mailbox** (address, alias or name) to the shared mailbox instead of creating one — see [Converting a user mailbox](#converting-a-user-mailbox-the-leaver-workflow).",
    },
  },
  convertBackOnDelete: {
    compare: "exact", onChange: "update", onChangeNote: "recorded only",
    doc: {
      type: "boolean", required: "no", default: "`false`",
      description: "With `convertFrom`: deleting the resource converts the mailbox back to a user mailbox instead of deleting it. Refused without `convertFrom`.",
    },
  },
} satisfies Record<keyof SharedMailboxArgs, MailboxField>;

/** What the state holds of an argument the tenant keeps (stateOf: the tenant's value, not the declaration). */
const TENANT_VALUE = "The tenant's value.";
const TENANT_NAMES = { type: "string", description: "The tenant's value (Exchange's derived one when not declared)." };
const DELETED = "Set by a refresh that found the mailbox deleted by hand: when, and until when Exchange keeps it (the next `up` restores it).";

export const sharedMailbox = {
  kind: "SharedMailbox",
  folder: "shared-mailbox",
  args: SharedMailboxArgs,
  fields,
  /** Outputs the tenant computes, and what the provider keeps beside the declared arguments. */
  outputs: ["mailboxId", "emailAddresses", "quotaState", "totalItemSizeGB", "createdAt", "declaredKeys", "deletedOn", "restorableUntil", "restore", "conversion"],
  stateOnly: ["additionalAddresses", "adopt", "convertFrom", "convertBackOnDelete", "declaredKeys", "deletedOn", "restorableUntil", "restore", "conversion"],
  outputDocs: {
    mailboxId: { type: "string", description: "The tenant's stable id of the mailbox (like Exchange's `ExternalDirectoryObjectId`); also the resource's id." },
    emailAddresses: { type: "string[]", description: "Exchange's `EmailAddresses`: `SMTP:` marks the primary, `smtp:` the proxies, including ones the stack does not declare." },
    quotaState: { type: "string", description: "`Normal`, `SendProhibited` (at 98 % of the quota) or `SendReceiveProhibited` (full)." },
    totalItemSizeGB: { type: "number", description: "The mailbox's size." },
    createdAt: createdAtDoc("created the mailbox", "one adopted or converted"),
    declaredKeys: { type: "string[]", description: "Which of `name`, `alias`, `primarySmtpAddress` and `additionalAddresses` the program declares: the others are Exchange's to derive, and not compared." },
    deletedOn: { type: "string \\| undefined", description: DELETED },
    restorableUntil: { type: "string \\| undefined", description: DELETED },
    restore: { type: "string \\| undefined", description: "Only in the plan of an update that restores a deleted mailbox: what it does, and until when it can." },
    conversion: { type: "string \\| undefined", description: "Only in the plan of a creation with `convertFrom`: which user mailbox it converts, and what deleting the resource will do." },
    displayName: TENANT_NAMES, name: TENANT_NAMES, alias: TENANT_NAMES, primarySmtpAddress: TENANT_NAMES,
    copySentAsToMailbox: { type: "boolean", description: TENANT_VALUE },
    copySendOnBehalfToMailbox: { type: "boolean", description: TENANT_VALUE },
    quotaGB: { type: "number", description: TENANT_VALUE },
    licensed: { type: "boolean", description: TENANT_VALUE },
    hiddenFromAddressLists: { type: "boolean", description: TENANT_VALUE },
    signInBlocked: { type: "boolean", description: "The tenant's value: the account's `AccountDisabled`, which the provider keeps `true`." },
  },
} as const satisfies ResourceDescriptor<SharedMailboxArgs>;

export type FieldName = keyof typeof sharedMailbox.fields;

/** The fields with their descriptors, in order, typed as the general shape. */
export const MAILBOX_FIELDS = Object.entries(sharedMailbox.fields) as [FieldName, MailboxField][];

/** The fields Exchange derives when the program leaves them out (their declaration is recorded in state). */
export const DERIVED_KEYS = MAILBOX_FIELDS.filter(([, f]) => f.derived).map(([k]) => k);
