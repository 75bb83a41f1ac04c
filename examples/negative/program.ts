import { SharedMailbox, MailboxPermission, ForwardingRule, AutoReply } from "pulumi-mailbox";

/**
 * Mistakes an administrator makes, each refused by `pulumi preview` before anything changes,
 * with a message that names the property and says what to do.
 */
export function negativeProgram() {
  // Sign-in must stay blocked on a shared mailbox; 80 GB needs a licence.
  new SharedMailbox("careless-mailbox", {
    displayName: "Careless Mailbox",
    primarySmtpAddress: "careless@contoso.com",
    signInBlocked: false,
    quotaGB: 80,
  });
  // The address belongs to a person already.
  new SharedMailbox("address-clash", { displayName: "Adele's Desk", primarySmtpAddress: "adele.vance@contoso.com" });
  // FullAccess cannot be granted to a distribution group.
  new MailboxPermission("fullaccess-to-distribution-group", { mailbox: "reception@contoso.com", trustee: "sales@contoso.com", accessRights: "FullAccess" });
  // Only people within the organisation can use a shared mailbox.
  new MailboxPermission("sendas-to-outsider", { mailbox: "reception@contoso.com", trustee: "jill.frank@fabrikam.com", accessRights: "SendAs" });
  // Auto-mapping does nothing for a group.
  new MailboxPermission("automapping-for-group", { mailbox: "reception@contoso.com", trustee: "support-leads@contoso.com", accessRights: "FullAccess", autoMapping: true });
  // One forwarding target only.
  new ForwardingRule("forward-to-two", { mailbox: "reception@contoso.com", forwardTo: "adele.vance@contoso.com, alex.wilber@contoso.com" });
  // A reply only for people outside is not possible.
  new AutoReply("external-only-reply", { mailbox: "reception@contoso.com", state: "Enabled", externalMessage: "We are closed.", externalAudience: "All" });
  return {};
}
