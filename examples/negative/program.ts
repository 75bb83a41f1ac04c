import { SharedMailbox, MailboxPermission, ForwardingRule, AutoReply } from "pulumi-mailbox";

/**
 * Mistakes an administrator makes, each refused by `pulumi preview` before anything changes,
 * with a message that names the property and says what to do. (Pulumi stops a preview at the
 * first resource it refuses; run them one at a time to see every message.)
 */
export const mistakes: Record<string, () => void> = {
  // Sign-in must stay blocked on a shared mailbox; 80 GB needs a licence.
  "careless-mailbox": () =>
    new SharedMailbox("careless-mailbox", { displayName: "Careless Mailbox", primarySmtpAddress: "careless@contoso.com", signInBlocked: false, quotaGB: 80 }),
  // The address belongs to a person already.
  "address-clash": () => new SharedMailbox("address-clash", { displayName: "Adele's Desk", primarySmtpAddress: "adele.vance@contoso.com" }),
  // FullAccess cannot be granted to a distribution group.
  "fullaccess-to-distribution-group": () =>
    new MailboxPermission("fullaccess-to-distribution-group", { mailbox: "reception@contoso.com", trustee: "sales@contoso.com", accessRights: "FullAccess" }),
  // Only people within the organisation can use a shared mailbox.
  "sendas-to-outsider": () =>
    new MailboxPermission("sendas-to-outsider", { mailbox: "reception@contoso.com", trustee: "jill.frank@fabrikam.com", accessRights: "SendAs" }),
  // Auto-mapping does nothing for a group.
  "automapping-for-group": () =>
    new MailboxPermission("automapping-for-group", { mailbox: "reception@contoso.com", trustee: "support-leads@contoso.com", accessRights: "FullAccess", autoMapping: true }),
  // One forwarding target only.
  "forward-to-two": () =>
    new ForwardingRule("forward-to-two", { mailbox: "reception@contoso.com", forwardTo: "adele.vance@contoso.com, alex.wilber@contoso.com" }),
  // A reply only for people outside is not possible.
  "external-only-reply": () =>
    new AutoReply("external-only-reply", { mailbox: "reception@contoso.com", state: "Enabled", externalMessage: "We are closed.", externalAudience: "All" }),
};

export function negativeProgram(only?: string) {
  for (const [name, declare] of Object.entries(mistakes)) if (!only || only === name) declare();
  return {};
}
