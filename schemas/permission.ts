import * as z from "zod";
import { AccessRight, RecipientRef } from "./common";

/** What a user declares for one grant. */
export const MailboxPermissionArgs = z
  .object({
    /** The mailbox or group the right is on: an address, an alias or a tenant id. Replaces when it changes. */
    mailbox: RecipientRef,
    /** Who receives the right: an address, an alias or a tenant id of the organisation. Replaces when it changes. */
    trustee: RecipientRef,
    /** Replaces when it changes. */
    accessRights: AccessRight,
    /** FullAccess only: Outlook adds the mailbox by itself (Exchange's default: true for a person). Replaces when it changes. */
    autoMapping: z.boolean().optional(),
    /** Take over what already exists on the tenant, only if it matches this declaration. */
    adopt: z.boolean().optional(),
  })
  .strict();
export type MailboxPermissionArgs = z.infer<typeof MailboxPermissionArgs>;

/** A grant as the tenant returns it. SendOnBehalf grants are entries of the target's GrantSendOnBehalfTo. */
export const Grant = z.object({
  /** Deterministic: `${targetId}/${accessRights}/${trusteeId}` — a retried add finds it. */
  id: z.string(),
  targetId: z.string(),
  trusteeId: z.string(),
  trusteeAddress: z.string(),
  accessRights: AccessRight,
  autoMapping: z.boolean(),
  /** True for entries Exchange makes itself (NT AUTHORITY\SELF); never managed, listed only on request. */
  isSystem: z.boolean().default(false),
});
export type Grant = z.infer<typeof Grant>;
export const GrantList = z.object({ items: z.array(Grant) });

/** POST /recipients/:identity/grants */
export const AddGrantBody = z
  .object({ trustee: RecipientRef, accessRights: AccessRight, autoMapping: z.boolean().optional() })
  .strict();
export type AddGrantBody = z.infer<typeof AddGrantBody>;

export function grantId(targetId: string, right: AccessRight, trusteeId: string): string {
  return `${targetId}/${right}/${trusteeId}`;
}
