import * as z from "zod";
import { RecipientType, SmtpAddress, ISO_TIME, MAX_IDENTITY_LENGTH, MAX_SEARCH_LENGTH, CONTROL_CHARACTER_MESSAGE, withoutControlCharacters } from "./common";

/** A recipient as the tenant's API returns it (Get-Recipient). */
export const Recipient = z.object({
  /** Stable id, like Exchange's ExternalDirectoryObjectId. */
  id: z.string(),
  name: z.string(),
  displayName: z.string(),
  alias: z.string(),
  primarySmtpAddress: z.string(),
  /** Exchange's EmailAddresses: "SMTP:" marks the primary, "smtp:" the proxies. */
  emailAddresses: z.array(z.string()),
  recipientTypeDetails: RecipientType,
  /** True when the recipient's user account may not sign in (AccountDisabled). */
  accountDisabled: z.boolean(),
  /** For groups: ids of the members. */
  members: z.array(z.string()).optional(),
  /** For MailContact and MailUser: where its mail goes. */
  externalEmailAddress: z.string().optional(),
});
export type Recipient = z.infer<typeof Recipient>;

/** The organisation: its name, the domain new addresses get, and every domain it accepts mail for. */
export const Organization = z.object({
  organization: z.string(),
  defaultDomain: z.string(),
  acceptedDomains: z.array(z.string()),
});
export type Organization = z.infer<typeof Organization>;

export const RecipientList = z.object({ items: z.array(Recipient), total: z.number().int() });
export type RecipientList = z.infer<typeof RecipientList>;

export const RecipientQuery = z.object({
  type: RecipientType.optional(),
  search: z.string().max(MAX_SEARCH_LENGTH, `is at most ${MAX_SEARCH_LENGTH} characters`).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The directory seed file the tenant loads on its first start. */
export const SeedRecipient = z.object({
  name: z.string().min(1).max(64).refine(withoutControlCharacters, CONTROL_CHARACTER_MESSAGE),
  displayName: z.string().max(256).refine(withoutControlCharacters, CONTROL_CHARACTER_MESSAGE).optional(),
  alias: z.string().optional(),
  type: RecipientType,
  primarySmtpAddress: SmtpAddress.optional(),
  additionalAddresses: z.array(SmtpAddress).default([]),
  externalEmailAddress: SmtpAddress.optional(),
  members: z.array(z.string()).optional(),
  accountDisabled: z.boolean().optional(),
  id: z.string().optional(),
});
export const DirectorySeed = z.object({
  organization: z.string().min(1),
  defaultDomain: z.string().min(3),
  acceptedDomains: z.array(z.string().min(3)).min(1),
  recipients: z.array(SeedRecipient),
});
export type DirectorySeed = z.infer<typeof DirectorySeed>;

export const AuditEntry = z.object({
  id: z.number().int(),
  at: ISO_TIME,
  principal: z.string(),
  action: z.string(),
  objectId: z.string(),
  objectType: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditList = z.object({ items: z.array(AuditEntry) });
export const AuditQuery = z.object({
  objectId: z.string().max(MAX_IDENTITY_LENGTH).optional(),
  principal: z.string().max(MAX_IDENTITY_LENGTH).optional(),
  since: ISO_TIME.optional(),
  until: ISO_TIME.optional(),
  limit: z.coerce.number().int().min(1).max(10000).default(1000),
});
