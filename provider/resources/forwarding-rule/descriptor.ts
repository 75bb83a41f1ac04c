import { ForwardingRuleArgs } from "../../../schemas";
import type { ResourceDescriptor } from "../descriptor";

/**
 * ForwardingRule, field by field. forwardTo compares by where mail ends up (the recipient's
 * address, in any spelling); forwarding belongs to its mailbox, so another mailbox replaces it.
 */
export const forwardingRule = {
  kind: "ForwardingRule",
  folder: "forwarding-rule",
  args: ForwardingRuleArgs,
  fields: {
    mailbox: {
      onChange: "replace", onChangeNote: "forwarding cleared on the old mailbox first",
      doc: {
        type: "string", required: "yes",
        description: "The mailbox whose mail is forwarded (a user, linked, shared, room, equipment or discovery mailbox): an address, alias, name or tenant id.",
      },
    },
    forwardTo: {
      onChange: "update",
      doc: {
        type: "string", required: "yes",
        description: "One target: an SMTP address inside or outside the organisation, or a recipient of the tenant by alias, name, address or id (a distribution group for several people). A name with spaces is one recipient; a list (`,` or `;`) or more than one `@` is refused.",
      },
    },
    keepCopy: {
      onChange: "update",
      doc: { type: "boolean", required: "no", default: "`false`", description: "`DeliverToMailboxAndForward`: keep a copy in the mailbox; `false` forwards only." },
    },
    adopt: {
      onChange: "none",
      doc: { type: "boolean", required: "no", default: "unset", description: "Take over forwarding that is already set, if it matches." },
    },
  },
  outputs: ["mailboxId", "effectiveTarget", "forwardingAddress", "forwardingSmtpAddress", "createdAt"],
} as const satisfies ResourceDescriptor<ForwardingRuleArgs>;
