import * as z from "zod";
import { Alias, SmtpAddress, ISO_TIME, MAX_PROXY_ADDRESSES, CONTROL_CHARACTER_MESSAGE, withoutControlCharacters, RecipientRef } from "./common";
import { Recipient } from "./recipient";

/** Mailboxes above this size need a licence (Exchange Online: 50 GB without a licence). */
export const UNLICENSED_QUOTA_LIMIT_GB = 50;
export const LICENSED_QUOTA_LIMIT_GB = 100;
/** A new mailbox's quota when none is given: as much as it may hold without a licence. */
export const DEFAULT_QUOTA_GB = UNLICENSED_QUOTA_LIMIT_GB;

export const quotaMessage = (quotaGB: number) =>
  `${quotaGB} GB is above the ${UNLICENSED_QUOTA_LIMIT_GB} GB a shared mailbox may hold without a licence: set licensed to true (and assign an Exchange Online Plan 2 licence) or lower quotaGB to ${UNLICENSED_QUOTA_LIMIT_GB} or less`;

export const SIGN_IN_MESSAGE =
  "a shared mailbox's user account must stay blocked from signing in: remove signInBlocked: false (the provider always blocks sign-in); to let a person use the mailbox, grant them FullAccess";

/** Exchange's DisplayName: shown in the address book, at most 256 characters of text. */
export const DisplayName = z.string().trim().min(1, "must not be empty").max(256, "is at most 256 characters").refine(withoutControlCharacters, CONTROL_CHARACTER_MESSAGE);
/** Exchange's Name: unique in the organisation, at most 64 characters of text. */
export const RecipientName = z.string().trim().min(1, "must not be empty").max(64, "is at most 64 characters").refine(withoutControlCharacters, CONTROL_CHARACTER_MESSAGE);

/** Proxy addresses of one mailbox: one directory attribute, so a bounded list. */
export const AdditionalAddresses = z
  .array(SmtpAddress)
  .max(MAX_PROXY_ADDRESSES, `holds at most ${MAX_PROXY_ADDRESSES} addresses, as many as Exchange keeps on one recipient: forward a distribution group's address instead of adding more`);

/** The fields a user declares for a shared mailbox (New-Mailbox -Shared / Set-Mailbox). */
export const SharedMailboxArgs = z
  .object({
    /** Shown in the address book; at most 256 characters. Changes in place. */
    displayName: DisplayName,
    /** Unique name (Exchange's Name); defaults to the display name, at most 64 characters. */
    name: RecipientName.optional(),
    /** Derived from the name when omitted (characters Exchange refuses are dropped). */
    alias: Alias.optional(),
    /** alias@default domain when omitted; changes in place, the old one stays as a proxy address. */
    primarySmtpAddress: SmtpAddress.optional(),
    /** Proxy addresses, each in an accepted domain. */
    additionalAddresses: AdditionalAddresses.optional(),
    /** Keep a copy of messages sent as the mailbox in its Sent Items (default false). */
    copySentAsToMailbox: z.boolean().optional(),
    /** Keep a copy of messages sent on behalf of the mailbox in its Sent Items (default false). */
    copySendOnBehalfToMailbox: z.boolean().optional(),
    /** Default 50; above 50 needs licensed: true. */
    quotaGB: z.number().positive("must be above 0").max(LICENSED_QUOTA_LIMIT_GB, `is at most ${LICENSED_QUOTA_LIMIT_GB} GB even with a licence`).optional(),
    licensed: z.boolean().optional(),
    /** Exchange's HiddenFromAddressListsEnabled: left out of the address book (default false). */
    hiddenFromAddressLists: z.boolean().optional(),
    /** Always true for a shared mailbox; declaring false is refused. */
    signInBlocked: z.boolean().optional(),
    /** Take over an existing shared mailbox with this address when it matches the declaration. */
    adopt: z.boolean().optional(),
    /**
     * Instead of creating a mailbox, convert this user mailbox (address, alias or name) to a shared
     * one: its mail, addresses and permissions stay, its sign-in is blocked. Read only on creation.
     */
    convertFrom: RecipientRef.optional(),
    /** With convertFrom: deleting the resource converts the mailbox back to a user mailbox instead of deleting it (default false). */
    convertBackOnDelete: z.boolean().optional(),
  })
  .strict();
export type SharedMailboxArgs = z.infer<typeof SharedMailboxArgs>;

/** Exchange keeps a soft-deleted mailbox this long; until then it can be restored with its content and permissions. */
export const SOFT_DELETE_RETENTION_MS = 30 * 24 * 3600 * 1000;

/** The last moment a mailbox soft-deleted at `whenSoftDeleted` can be restored (ISO). */
export function restorableUntil(whenSoftDeleted: string): string {
  return new Date(Date.parse(whenSoftDeleted) + SOFT_DELETE_RETENTION_MS).toISOString();
}

/** A mailbox as the tenant returns it (Get-Mailbox). */
export const Mailbox = Recipient.extend({
  messageCopyForSentAsEnabled: z.boolean(),
  messageCopyForSendOnBehalfEnabled: z.boolean(),
  quotaGB: z.number(),
  licensed: z.boolean(),
  hiddenFromAddressListsEnabled: z.boolean(),
  totalItemSizeGB: z.number(),
  /** Normal, or what Exchange stops doing once the mailbox is full. */
  quotaState: z.enum(["Normal", "SendProhibited", "SendReceiveProhibited"]),
  isSoftDeleted: z.boolean(),
  whenSoftDeleted: ISO_TIME.nullable(),
  /** Exchange's GrantSendOnBehalfTo: ids of the recipients. */
  grantSendOnBehalfTo: z.array(z.string()),
  whenCreated: ISO_TIME,
  whenChanged: ISO_TIME,
});
export type Mailbox = z.infer<typeof Mailbox>;
export const MailboxList = z.object({ items: z.array(Mailbox) });

/** POST /shared-mailboxes */
export const CreateSharedMailboxBody = z
  .object({
    name: RecipientName.optional(),
    displayName: DisplayName,
    alias: Alias.optional(),
    primarySmtpAddress: SmtpAddress.optional(),
    additionalAddresses: AdditionalAddresses.optional(),
    messageCopyForSentAsEnabled: z.boolean().optional(),
    messageCopyForSendOnBehalfEnabled: z.boolean().optional(),
    quotaGB: z.number().positive().max(LICENSED_QUOTA_LIMIT_GB).optional(),
    licensed: z.boolean().optional(),
    hiddenFromAddressListsEnabled: z.boolean().optional(),
  })
  .strict();
export type CreateSharedMailboxBody = z.infer<typeof CreateSharedMailboxBody>;

/**
 * PATCH /mailboxes/:identity — Set-Mailbox: any field of the create body, plus the account's
 * sign-in (accountDisabled false is an admin's explicit unblock) and the mailbox's size (a knob to
 * simulate a full mailbox). additionalAddresses is the full set of proxies; the old primary is
 * kept as one regardless.
 */
export const UpdateMailboxBody = CreateSharedMailboxBody.partial()
  .extend({
    accountDisabled: z.boolean().optional(),
    totalItemSizeGB: z.number().min(0).optional(),
  })
  .strict();
export type UpdateMailboxBody = z.infer<typeof UpdateMailboxBody>;

export const ConvertMailboxBody = z.object({ to: z.enum(["SharedMailbox", "UserMailbox"]) }).strict();
