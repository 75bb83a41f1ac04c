import { type Forwarding, ForwardingRuleArgs } from "../../../schemas";
import type { ResourceDescriptor } from "../descriptor";
import type { TenantField } from "../fields";
import { type SettingWords, settingFields, settingOutputDocs } from "../mailbox-setting";

/**
 * ForwardingRule, field by field: the tenant's forwarding property each one is read from, the
 * body key that sets it, and how it compares. forwardTo compares by where mail ends up (the
 * recipient's address, in any spelling); forwarding belongs to its mailbox, so another mailbox
 * replaces it.
 */
const WORDS = {
  noun: "forwarding", plural: false,
  mailbox: "whose mail is forwarded", onOldMailbox: "forwarding cleared",
  adopt: "Take over forwarding that is already set, if it matches.",
} as const satisfies SettingWords;
const setting = settingFields<Forwarding>(WORDS);

const fields = {
  mailbox: setting.mailbox,
  forwardTo: {
    tenant: "effectiveTarget", sets: "forwardTo", compare: "recipient",
    onChange: "update",
    doc: {
      type: "string", required: "yes",
      description: "One target: an SMTP address inside or outside the organisation, or a recipient of the tenant by alias, name, address or id (a distribution group for several people). A name with spaces is one recipient; a list (`,` or `;`) or more than one `@` is refused.",
    },
  },
  keepCopy: {
    tenant: "deliverToMailboxAndForward", sets: "keepCopy", compare: "exact", exchangeDefault: false,
    onChange: "update",
    doc: { type: "boolean", required: "no", default: "`false`", description: "`DeliverToMailboxAndForward`: keep a copy in the mailbox; `false` forwards only." },
  },
  adopt: setting.adopt,
} satisfies Record<keyof ForwardingRuleArgs, TenantField<Forwarding>>;

export const forwardingRule = {
  kind: "ForwardingRule",
  folder: "forwarding-rule",
  args: ForwardingRuleArgs,
  fields,
  outputs: ["mailboxId", "effectiveTarget", "forwardingAddress", "forwardingSmtpAddress", "createdAt", "updatedAt"],
  stateOnly: ["adopt"],
  outputDocs: {
    ...settingOutputDocs(WORDS),
    effectiveTarget: { type: "string", description: "The address mail actually goes to: a recipient's primary address, an external contact's external address, or the address given." },
    forwardingAddress: {
      type: "string \\| null",
      description: "Exchange's `ForwardingAddress`: the target's tenant id when it is a recipient of the tenant (other than an external contact), else null.",
    },
    forwardingSmtpAddress: {
      type: "string \\| null",
      description: "Exchange's `ForwardingSmtpAddress`: the address, when the target is an external contact or an address no recipient holds, else null.",
    },
    keepCopy: { type: "boolean", description: "As the tenant holds it." },
  },
} as const satisfies ResourceDescriptor<ForwardingRuleArgs>;
