import type { AccessRight, Recipient } from "../../schemas";
import { AccessClaim, Directory, PlannedRecipient, isPlanned } from "../directory";
import { CheckFailure } from "./check-result";
import { deploymentOf, resourceNameOf } from "./deployment";

/**
 * MailboxAccess owns all delegate access on a mailbox; MailboxPermission adds one grant and leaves
 * the others alone. Both on one mailbox would undo each other on every `up` (the first removes
 * what the second adds), so a deployment declaring both is refused at plan time. Each check
 * records its resource in the Directory, so the second checked fails, whichever it is.
 */

/** The resource's Pulumi name, from its deployment (the engine does not tell check which resource it checks). */
export function resourceName(news: Record<string, unknown>): string {
  const deployment = deploymentOf(news);
  return deployment ? resourceNameOf(deployment) : "(unnamed)";
}

/** One key per mailbox: its tenant id, or for one this deployment creates, its planned name. */
function mailboxKey(target: Recipient | PlannedRecipient): string {
  return isPlanned(target) ? `planned:${target.name.toLowerCase()}` : target.id;
}

/**
 * Whether a MailboxAccess of this deployment declares this grant: then a MailboxPermission deleted
 * in the same deployment leaves it to the MailboxAccess instead of removing it. This is what makes
 * moving grants from MailboxPermission resources into a MailboxAccess (adopt: true) one `up`.
 */
export function ownedByAccess(directory: Directory, mailboxId: string, grant: { accessRights: AccessRight; trusteeId: string }): boolean {
  return directory.accessClaimsOn(mailboxId).some((c) => c.kind === "MailboxAccess" && c.grants?.includes(grantKey(grant)));
}

/** A grant on a known mailbox, by right and trustee: `FullAccess/<trusteeId>`. */
export const grantKey = (g: { accessRights: AccessRight; trusteeId: string }) => `${g.accessRights}/${g.trusteeId}`;

function names(claims: readonly AccessClaim[]): string {
  const quoted = claims.map((c) => `"${c.name}"`);
  return quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1]}`;
}

/** Records `claim` on the mailbox; a failure on `mailbox` when it collides with what is already recorded. */
export function accessCollision(directory: Directory, target: Recipient | PlannedRecipient, mailboxRef: string, claim: AccessClaim): CheckFailure | undefined {
  const others = directory.claimAccess(mailboxKey(target), claim);
  const accesses = others.filter((c) => c.kind === "MailboxAccess");
  const permissions = others.filter((c) => c.kind === "MailboxPermission");
  if (claim.kind === "MailboxAccess" && accesses.length > 0) {
    return {
      property: "mailbox",
      reason: `MailboxAccess ${names(accesses)} already declares all delegate access on "${mailboxRef}": keep one MailboxAccess per mailbox and merge the lists of "${claim.name}" into it`,
    };
  }
  if (claim.kind === "MailboxAccess" && permissions.length > 0) {
    return {
      property: "mailbox",
      reason: `MailboxPermission ${names(permissions)} also manage${permissions.length === 1 ? "s" : ""} grants on "${mailboxRef}", and MailboxAccess "${claim.name}" would remove them on every up: keep MailboxAccess "${claim.name}" and move those trustees into its lists (then delete the MailboxPermission resources), or remove MailboxAccess "${claim.name}" and keep the MailboxPermission resources`,
    };
  }
  if (claim.kind === "MailboxPermission" && accesses.length > 0) {
    return {
      property: "mailbox",
      reason: `MailboxAccess ${names(accesses)} declares all delegate access on "${mailboxRef}" and would remove this grant on every up: keep MailboxAccess ${names(accesses)} and add this trustee to its lists (then delete MailboxPermission "${claim.name}"), or remove the MailboxAccess and keep the MailboxPermission resources`,
    };
  }
  return undefined;
}
