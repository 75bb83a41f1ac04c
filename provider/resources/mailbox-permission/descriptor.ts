import { type Grant, MailboxPermissionArgs } from "../../../schemas";
import type { ResourceDescriptor } from "../descriptor";
import { adoptField, createdAtDoc } from "../common-fields";
import type { TenantField } from "../fields";

/**
 * MailboxPermission, field by field: the property of the tenant's grant each one is read from,
 * the Add-MailboxPermission body key that sets it, and how it compares. A grant is its mailbox,
 * trustee and right (the tenant finds it by them): a change of any of them is another grant (the
 * new one is added first). mailbox and trustee compare by the recipient they name, not by
 * spelling; the trustee is sent by its id. The state keeps the grant's targetId as mailboxId.
 * Auto-mapping means something only for FullAccess and cannot be changed on a grant
 * (Add-MailboxPermission only), so a change removes the grant and adds it again; the provider
 * compares and sends it as it takes effect (Exchange's default depends on the trustee's type).
 */
const fields = {
  mailbox: {
    tenant: "targetId", stateKey: "mailboxId", compare: "identity", identifies: true,
    onChange: "replace", onChangeNote: "new grant first",
    doc: {
      type: "string", required: "yes",
      description: "The target: an address (any of its addresses, any case), alias, name or tenant id of a mailbox or group. Names and aliases compare in any case, in any script; one that matches several recipients is refused.",
    },
  },
  trustee: {
    tenant: "trusteeId", sets: "trustee", sendsId: true, exported: "trusteeAddress", compare: "identity", identifies: true,
    onChange: "replace", onChangeNote: "new grant first",
    doc: { type: "string", required: "yes", description: "Who receives the right, named the same ways; must belong to the organisation." },
  },
  accessRights: {
    tenant: "accessRights", sets: "accessRights", compare: "exact", identifies: true,
    onChange: "replace", onChangeNote: "new grant first",
    doc: { type: '`"FullAccess"` \\| `"SendAs"` \\| `"SendOnBehalf"`', required: "yes", description: "The right." },
  },
  autoMapping: {
    tenant: "autoMapping", sets: "autoMapping", compare: "exact", onlyWhen: { accessRights: "FullAccess" },
    onChange: "replace", onChangeNote: "old grant removed first",
    doc: {
      type: "boolean", required: "no", default: "`true` for FullAccess to a person, `false` for FullAccess to a group and for SendAs / SendOnBehalf",
      description: "FullAccess only: Outlook adds the mailbox by itself. `true` is refused for a group and for the other rights.",
    },
  },
  adopt: adoptField("Take over a grant that already exists, if it matches."),
} satisfies Record<keyof MailboxPermissionArgs, TenantField<Grant>>;

export const mailboxPermission = {
  kind: "MailboxPermission",
  folder: "mailbox-permission",
  args: MailboxPermissionArgs,
  fields,
  outputs: ["mailboxId", "trusteeId", "trusteeAddress", "grantId", "createdAt"],
  stateOnly: ["adopt"],
  outputDocs: {
    mailboxId: { type: "string", description: "The target's tenant id." },
    trusteeId: { type: "string", description: "The trustee's tenant id." },
    trusteeAddress: { type: "string", description: "The trustee's primary address." },
    grantId: { type: "string", description: "`<mailboxId>/<accessRights>/<trusteeId>`; also the resource's id." },
    createdAt: createdAtDoc("made the grant", "a grant adopted as it was"),
    autoMapping: { type: "boolean", description: "The grant's auto-mapping (the default filled in)." },
  },
} as const satisfies ResourceDescriptor<MailboxPermissionArgs>;
