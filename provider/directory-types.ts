import { Recipient, SmtpAddress, isUnknown } from "../schemas";
import type { IdentifiedRecipient } from "../schemas/directory-rules";

/** What the directory (directory.ts) answers besides the tenant's own recipients, and the tests of references its callers share. */

/** A resource that manages delegate access on a mailbox, by its kind and Pulumi name. */
export interface AccessClaim {
  kind: "MailboxAccess" | "MailboxPermission";
  name: string;
  /** MailboxAccess: the grants it declares, as `<right>/<trusteeId>`. */
  grants?: readonly string[];
}

/** A recipient that does not exist yet: its type is known, its id is not. */
export interface PlannedRecipient {
  planned: true;
  name: string;
  recipientTypeDetails: Recipient["recipientTypeDetails"];
  /** The resource of this deployment that declares it (project/stack/name), when known. */
  owner?: string;
}

/** One identity of a planned recipient, as identityIndex reads it. */
export interface PlannedIdentity extends IdentifiedRecipient {
  recipient: PlannedRecipient;
}

export function isPlanned(r: Recipient | PlannedRecipient | undefined): r is PlannedRecipient {
  return !!r && "planned" in r;
}

export function looksLikeAddress(ref: string): boolean {
  return SmtpAddress.safeParse(ref).success;
}

export function known(value: unknown): value is string {
  return typeof value === "string" && !isUnknown(value);
}
