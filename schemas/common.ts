import * as z from "zod";

/** Exchange's RecipientTypeDetails values this project models. */
export const RecipientType = z.enum([
  "UserMailbox",
  "LinkedMailbox",
  "SharedMailbox",
  "RoomMailbox",
  "EquipmentMailbox",
  "DiscoveryMailbox",
  "MailUser",
  "MailUniversalSecurityGroup",
  "MailUniversalDistributionGroup",
  "DynamicDistributionGroup",
  "GroupMailbox",
  "MailContact",
]);
export type RecipientType = z.infer<typeof RecipientType>;

/** How people (and the articles) name each type, for error messages. */
export const recipientTypeLabel: Record<RecipientType, string> = {
  UserMailbox: "a user mailbox",
  LinkedMailbox: "a linked mailbox",
  SharedMailbox: "a shared mailbox",
  RoomMailbox: "a room mailbox",
  EquipmentMailbox: "an equipment mailbox",
  DiscoveryMailbox: "a discovery mailbox",
  MailUser: "a mail user",
  MailUniversalSecurityGroup: "a mail-enabled security group",
  MailUniversalDistributionGroup: "a distribution group",
  DynamicDistributionGroup: "a dynamic distribution group",
  GroupMailbox: "a Microsoft 365 group",
  MailContact: "an external contact",
};

export const GROUP_TYPES: readonly RecipientType[] = [
  "MailUniversalSecurityGroup",
  "MailUniversalDistributionGroup",
  "DynamicDistributionGroup",
  "GroupMailbox",
];

/** Recipient types that have a mailbox (Get-Mailbox finds them): they forward and answer. */
export const MAILBOX_TYPES: readonly RecipientType[] = [
  "UserMailbox",
  "LinkedMailbox",
  "SharedMailbox",
  "RoomMailbox",
  "EquipmentMailbox",
  "DiscoveryMailbox",
];

export const AccessRight = z.enum(["FullAccess", "SendAs", "SendOnBehalf"], {
  error: "must be one of FullAccess, SendAs or SendOnBehalf",
});
export type AccessRight = z.infer<typeof AccessRight>;

/**
 * What one request may carry, so that the work of each is bounded. Exchange's own limits where it
 * has them: an address is at most 320 characters (RFC 5321's 64 + 1 + 255), and a recipient's
 * proxy addresses share one directory attribute, which Exchange Online fills at about 400 values.
 */
export const MAX_IDENTITY_LENGTH = 320;
export const MAX_PROXY_ADDRESSES = 400;
export const MAX_SEARCH_LENGTH = 256;

// An SMTP address as Exchange accepts it: local@domain, no spaces, one @.
const SMTP_PATTERN = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

export const SmtpAddress = z
  .string()
  .trim()
  .max(320, "an SMTP address is at most 320 characters")
  .regex(SMTP_PATTERN, "must be one SMTP address such as name@contoso.com");

/**
 * The one case-folding rule for identities (names, aliases, addresses): Unicode, not only ASCII,
 * so "Öffentlich" and "öffentlich", "STRASSE" and "straße" are one identity. Upper- then
 * lower-casing folds the letters whose case pairs are not one-to-one (ß, final sigma); NFC makes
 * composed and decomposed accents equal. It repeats until nothing changes, because one round is
 * not always enough: "ẞ" lower-cases to "ß", which upper-cases to "SS". The tenant stores this key
 * beside each name, alias and address and indexes it, so SQL and code compare with the same rule.
 */
export function foldIdentity(value: string): string {
  let folded = value.trim().normalize("NFC");
  // Three rounds reach the fixed point for every character Unicode defines today; the bound only
  // guards against a future case mapping that would cycle.
  for (let round = 0; round < 4; round++) {
    const next = folded.toUpperCase().toLowerCase().normalize("NFC");
    if (next === folded) break;
    folded = next;
  }
  return folded;
}

export function sameIdentity(a: string, b: string): boolean {
  return foldIdentity(a) === foldIdentity(b);
}

/** Addresses compare case-insensitively in Exchange; this is the one normal form. */
export function normalizeAddress(address: string): string {
  return foldIdentity(address.trim().replace(/^smtp:/i, ""));
}

export function sameAddress(a: string, b: string): boolean {
  return normalizeAddress(a) === normalizeAddress(b);
}

/** Exchange's alias: letters, digits and !#%*+-/=?^_`{|}~, dots only between them. */
export const ALIAS_PATTERN = /^[A-Za-z0-9!#%*+\-/=?^_`{|}~]+(?:\.[A-Za-z0-9!#%*+\-/=?^_`{|}~]+)*$/;
export const Alias = z
  .string()
  .max(64, "an alias is at most 64 characters")
  .regex(ALIAS_PATTERN, "may hold letters, digits and !#%*+-/=?^_`{|}~, with dots only between them");

/** The alias Exchange derives from a name when none is given: characters it refuses are dropped. */
export function deriveAlias(name: string): string {
  const kept = name.replace(/[^A-Za-z0-9!#%*+\-/=?^_`{|}~.]/g, "");
  return kept.replace(/\.{2,}/g, ".").replace(/^\.+|\.+$/g, "").slice(0, 64);
}

/** NUL, tab, line breaks, escape and the other C0/C1 control characters have no place in a name. */
const CONTROL_CHARACTER = /\p{Cc}/u;
export const CONTROL_CHARACTER_MESSAGE = "must not contain control characters (NUL, tab, line breaks, escape and the like): remove them";
export const withoutControlCharacters = (value: string) => !CONTROL_CHARACTER.test(value);

/**
 * A reference to a recipient as a user writes it: an SMTP address, an alias, a name or the
 * tenant's id (a GUID). The tenant resolves it.
 */
export const RecipientRef = z
  .string()
  .trim()
  .min(1, "must name a recipient: an address, an alias or an id")
  .max(MAX_IDENTITY_LENGTH, `is at most ${MAX_IDENTITY_LENGTH} characters (the longest an address may be): give an address, an alias, a name or an id`)
  .refine(withoutControlCharacters, CONTROL_CHARACTER_MESSAGE);

/** Exchange-style primary/proxy marking: "SMTP:" is the primary address, "smtp:" a proxy. */
export function toProxyAddresses(primary: string, others: readonly string[]): string[] {
  const seen = new Set([normalizeAddress(primary)]);
  const proxies: string[] = [];
  for (const address of others) {
    const key = normalizeAddress(address);
    if (seen.has(key)) continue;
    seen.add(key);
    proxies.push(`smtp:${address.replace(/^smtp:/i, "")}`);
  }
  return [`SMTP:${primary.replace(/^smtp:/i, "")}`, ...proxies];
}

/** Text of an automatic reply without Exchange's HTML wrapping, for comparisons. */
export function replyText(message: string | undefined | null): string {
  if (!message) return "";
  return message
    .replace(/^\s*<html>\s*<body>/i, "")
    .replace(/<\/body>\s*<\/html>\s*$/i, "")
    .trim();
}

export const ISO_TIME = z.iso.datetime({
  offset: true,
  error: "must be an ISO 8601 date and time with an offset, such as 2026-12-24T00:00:00+00:00",
});

/** The error body every endpoint of the tenant returns, with a stable code. */
export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

/** Stable error codes the tenant uses; the provider maps them to messages and retries. */
export const ErrorCode = z.enum([
  "Unauthorized",
  "Forbidden",
  "ValidationFailed",
  "NotFound",
  "AddressInUse",
  "NameInUse",
  "AliasInUse",
  "AmbiguousIdentity",
  "RecipientTypeNotAllowed",
  "ExternalTrustee",
  "AutoMappingForGroup",
  "GrantExists",
  "TooManyPermissionEntries",
  "QuotaNeedsLicence",
  "SignInNotAllowed",
  "AutoReplyInvalid",
  "ForwardingInvalid",
  "NotSharedMailbox",
  "NotDeleted",
  "Throttled",
  "Unavailable",
  "InternalError",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const Role = z.enum(["GlobalAdmin", "ExchangeAdmin", "GlobalReader", "User"]);
export type Role = z.infer<typeof Role>;
export const WRITE_ROLES: readonly Role[] = ["GlobalAdmin", "ExchangeAdmin"];
export const READ_ROLES: readonly Role[] = ["GlobalAdmin", "ExchangeAdmin", "GlobalReader"];

export const WhoAmI = z.object({ principal: z.string(), role: Role, canWrite: z.boolean() });
export type WhoAmI = z.infer<typeof WhoAmI>;

/** The mark Pulumi puts in place of a value that is not known during preview. */
export const UNKNOWN_DURING_PREVIEW = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN_DURING_PREVIEW;
}
