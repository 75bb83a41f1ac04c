import { AccessRight, GROUP_TYPES, Recipient, externalAddressMessage, grantViolations } from "../../schemas";
import { TenantError } from "../client/errors";
import { Directory, PlannedRecipient, looksLikeAddress } from "../directory";
import { CheckFailure, lookUp } from "./check-result";

/**
 * The plan-time checks of one delegate grant, shared by MailboxPermission (one grant) and
 * MailboxAccess (a list of them): look-ups with their messages (a reference matching several
 * recipients is a failure of its property), then the one rights table
 * (schemas/rights.ts). The caller says which property each failure belongs to (`trustee`,
 * `fullAccess[1]`).
 */

/** Exchange's AutoMapping defaults to true; it means something only for FullAccess to a person. */
export function effectiveAutoMapping(right: AccessRight, trustee: Recipient | undefined, declared: boolean | undefined): boolean {
  if (right !== "FullAccess") return false;
  if (declared !== undefined) return declared;
  return trustee ? !GROUP_TYPES.includes(trustee.recipientTypeDetails) : true;
}

/** The mailbox or group a grant is on: in the tenant, or one this deployment creates. */
export async function grantTarget(directory: Directory, ref: string, property = "mailbox"): Promise<{ target?: Recipient | PlannedRecipient; failures: CheckFailure[] }> {
  const { found: target, failures } = await lookUp(property, () => directory.recipientOrPlanned(ref));
  if (target || failures.length) return { target, failures };
  return {
    failures: [
      {
        property,
        reason: `no recipient "${ref}" in the tenant: check the address, or if this program creates the mailbox pass its output (mailbox: box.primarySmtpAddress) so it is created first`,
      },
    ],
  };
}

/** Who receives a right: a recipient of the organisation. */
export async function grantTrustee(directory: Directory, ref: string, right: AccessRight, property = "trustee"): Promise<{ trustee?: Recipient; failures: CheckFailure[] }> {
  const { found: trustee, failures } = await lookUp(property, () => directory.recipient(ref));
  if (trustee || failures.length) return { trustee, failures };
  const reason = looksLikeAddress(ref) ? externalAddressMessage(ref, right) : `no recipient "${ref}" in the tenant: give the trustee's address, alias or id`;
  return { failures: [{ property, reason }] };
}

/** The rights table's verdict on one grant; each failure on the property named for its field. */
export function grantRuleFailures(
  right: AccessRight,
  target: { name: string; recipient: Recipient | PlannedRecipient } | undefined,
  trustee: { name: string; recipient: Recipient } | undefined,
  autoMapping: boolean | undefined,
  properties: { mailbox: string; trustee: string; autoMapping: string },
): CheckFailure[] {
  return grantViolations(
    right,
    target && { name: target.name, type: target.recipient.recipientTypeDetails },
    trustee && { name: trustee.name, type: trustee.recipient.recipientTypeDetails },
    autoMapping,
  ).map((v) => ({ property: properties[v.field], reason: v.message }));
}

/**
 * The tenant's "not found" on the trustee of a grant being written: the trustee was found when
 * the plan looked it up (an up keeps what it found for the step), so it was deleted since. The
 * tenant names it by its id; this names it as declared and says what to do, keeping the tenant's
 * words after it. Anything else, a "not found" on the mailbox included, is returned as it is.
 */
export function trusteeGone(cause: unknown, declared: string, property = "trustee"): unknown {
  if (!(cause instanceof TenantError && cause.notFound && cause.field === "trustee")) return cause;
  const message =
    `trustee "${declared}" is no longer in the tenant: it was removed after this up's plan looked it up. ` +
    `Restore the recipient, or remove the grant from the program, then run pulumi up again. The tenant said: ${cause.message}`;
  return new TenantError(cause.status, cause.code, message, property);
}
