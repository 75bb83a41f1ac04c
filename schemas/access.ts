import * as z from "zod";
import { RecipientRef } from "./common";

const TrusteeList = () => z.array(RecipientRef).optional();

/**
 * What a user declares for all delegate access on one mailbox (MailboxAccess): every list is the
 * whole truth for its rights, an omitted list means nobody. Entries are addresses, aliases or ids.
 */
export const MailboxAccessArgs = z
  .object({
    /** The mailbox or group whose access this declares: an address, an alias or a tenant id. Replaces when it changes. */
    mailbox: RecipientRef,
    /** FullAccess and SendAs together: what the Microsoft 365 admin center calls the mailbox's members. */
    members: TrusteeList(),
    /** Who may open the mailbox (FullAccess) without sending as it. */
    fullAccess: TrusteeList(),
    /** Who may send as the mailbox (SendAs) without opening it. */
    sendAs: TrusteeList(),
    /** Who may send on behalf of the mailbox (the whole GrantSendOnBehalfTo list). */
    sendOnBehalf: TrusteeList(),
    /**
     * Auto-mapping per FullAccess trustee (of members or fullAccess), keyed as the trustee is
     * written in its list; a trustee not named here gets Exchange's default (true for a person,
     * false for a group).
     */
    autoMapping: z.record(z.string(), z.boolean()).optional(),
    /** Take over the mailbox's existing grants, only if the declaration holds every one of them. */
    adopt: z.boolean().optional(),
  })
  .strict();
export type MailboxAccessArgs = z.infer<typeof MailboxAccessArgs>;
