import * as z from "zod";
import { RecipientRef } from "./common";

export const SEVERAL_TARGETS_MESSAGE =
  "a mailbox forwards to one address only: create a distribution group with all the recipients and forward to the group";

/**
 * One forwarding target: one address (inside or outside) or one recipient of the tenant.
 * Several targets: a list separator, or more than one address. A name with spaces is one recipient. */
export const ForwardTarget = RecipientRef.refine((v) => !/[,;]/.test(v) && (v.match(/@/g) ?? []).length <= 1, {
  message: SEVERAL_TARGETS_MESSAGE,
});

export const ForwardingRuleArgs = z
  .object({
    /** The mailbox whose mail is forwarded. Replaces when it changes. */
    mailbox: RecipientRef,
    /** One address, inside or outside the organisation, or a recipient (a distribution group for several people). */
    forwardTo: ForwardTarget,
    /** Exchange's DeliverToMailboxAndForward; defaults to false (forward only). */
    keepCopy: z.boolean().optional(),
    /** Take over what already exists on the tenant, only if it matches this declaration. */
    adopt: z.boolean().optional(),
  })
  .strict();
export type ForwardingRuleArgs = z.infer<typeof ForwardingRuleArgs>;

/** Forwarding as the tenant returns it (Get-Mailbox's forwarding fields). */
export const Forwarding = z.object({
  mailboxId: z.string(),
  /** Set when the target is a recipient of the tenant: its id. */
  forwardingAddress: z.string().nullable(),
  /** Set when the target is any SMTP address; ignored by Exchange when forwardingAddress is set. */
  forwardingSmtpAddress: z.string().nullable(),
  deliverToMailboxAndForward: z.boolean(),
  /** The address mail actually goes to, whichever field holds it. */
  effectiveTarget: z.string().nullable(),
});
export type Forwarding = z.infer<typeof Forwarding>;

/** PUT /mailboxes/:identity/forwarding */
export const SetForwardingBody = z
  .object({ forwardTo: ForwardTarget, keepCopy: z.boolean().optional() })
  .strict();
export type SetForwardingBody = z.infer<typeof SetForwardingBody>;
