import { MailboxPermissionArgs } from "../../../schemas";
import type { ResourceDescriptor } from "../descriptor";

/**
 * MailboxPermission, field by field. A grant is its mailbox, trustee and right: a change of any
 * of them is another grant (the new one is added first). Auto-mapping cannot be changed on a
 * grant (Add-MailboxPermission only), so a change removes the grant and adds it again.
 * mailbox and trustee compare by the recipient they name, not by spelling.
 */
export const mailboxPermission = {
  kind: "MailboxPermission",
  folder: "mailbox-permission",
  args: MailboxPermissionArgs,
  fields: {
    mailbox: {
      onChange: "replace", onChangeNote: "new grant first",
      doc: {
        type: "string", required: "yes",
        description: "The target: an address (any of its addresses, any case), alias, name or tenant id of a mailbox or group. Names and aliases compare in any case, in any script; one that matches several recipients is refused.",
      },
    },
    trustee: {
      onChange: "replace", onChangeNote: "new grant first",
      doc: { type: "string", required: "yes", description: "Who receives the right, named the same ways; must belong to the organisation." },
    },
    accessRights: {
      onChange: "replace", onChangeNote: "new grant first",
      doc: { type: '`"FullAccess"` \\| `"SendAs"` \\| `"SendOnBehalf"`', required: "yes", description: "The right." },
    },
    autoMapping: {
      onChange: "replace", onChangeNote: "old grant removed first",
      doc: {
        type: "boolean", required: "no", default: "`true` for FullAccess to a person, `false` for FullAccess to a group and for SendAs / SendOnBehalf",
        description: "FullAccess only: Outlook adds the mailbox by itself. `true` is refused for a group and for the other rights.",
      },
    },
    adopt: {
      onChange: "none",
      doc: { type: "boolean", required: "no", default: "unset", description: "Take over a grant that already exists, if it matches." },
    },
  },
  outputs: ["mailboxId", "trusteeId", "trusteeAddress", "grantId", "createdAt"],
  outputDocs: {
    mailboxId: { type: "string", description: "The target's tenant id." },
    trusteeId: { type: "string", description: "The trustee's tenant id." },
    trusteeAddress: { type: "string", description: "The trustee's primary address." },
    grantId: { type: "string", description: "`<mailboxId>/<accessRights>/<trusteeId>`; also the resource's id." },
    createdAt: {
      type: "string \\| undefined",
      description: "When this stack made the grant (ISO 8601; unset for a grant adopted as it was): a refresh or a delete soon after waits while it may still be replicating.",
    },
    autoMapping: { type: "boolean", description: "The grant's auto-mapping (the default filled in)." },
  },
} as const satisfies ResourceDescriptor<MailboxPermissionArgs>;
