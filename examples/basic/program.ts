import { SharedMailbox, MailboxPermission, ForwardingRule, AutoReply } from "pulumi-mailbox";

/**
 * The Sales Desk: a shared mailbox two people open, one sends as, one sends on behalf of;
 * its mail is forwarded to the Sales group with a copy kept, and it answers over the holidays.
 */
export function basicProgram(options: { displayName?: string; sendOnBehalfTrustee?: string } = {}) {
  const desk = new SharedMailbox("sales-desk", {
    displayName: options.displayName ?? "Sales Desk",
    alias: "sales-desk",
    primarySmtpAddress: "sales-desk@contoso.com",
    additionalAddresses: ["sales-desk@contoso.co.uk"],
    copySentAsToMailbox: true,
    copySendOnBehalfToMailbox: true,
  });

  const grants = [
    new MailboxPermission("adele-full-access", { mailbox: desk.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" }),
    new MailboxPermission("alex-full-access", { mailbox: desk.primarySmtpAddress, trustee: "alex.wilber@contoso.com", accessRights: "FullAccess" }),
    // A group gets FullAccess without auto-mapping: Outlook cannot add a mailbox for a group.
    new MailboxPermission("support-leads-full-access", {
      mailbox: desk.primarySmtpAddress,
      trustee: "support-leads@contoso.com",
      accessRights: "FullAccess",
      autoMapping: false,
    }),
    new MailboxPermission("adele-send-as", { mailbox: desk.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "SendAs" }),
    new MailboxPermission("megan-send-on-behalf", { mailbox: desk.primarySmtpAddress, trustee: options.sendOnBehalfTrustee ?? "megan.bowen@contoso.com", accessRights: "SendOnBehalf" }),
  ];

  const forwarding = new ForwardingRule("sales-desk-forwarding", {
    mailbox: desk.primarySmtpAddress,
    forwardTo: "sales@contoso.com",
    keepCopy: true,
  });

  const holidays = new AutoReply("sales-desk-holidays", {
    mailbox: desk.primarySmtpAddress,
    state: "Scheduled",
    startTime: "2026-12-24T00:00:00+00:00",
    endTime: "2027-01-02T00:00:00+00:00",
    internalMessage: "The Sales Desk is closed until 2 January. Urgent orders: call extension 4410.",
    externalMessage: "Thank you for your message. Our Sales Desk is closed until 2 January 2027 and will answer then.",
    externalAudience: "All",
  });

  return {
    mailboxId: desk.mailboxId,
    primarySmtpAddress: desk.primarySmtpAddress,
    signInBlocked: desk.signInBlocked,
    grants: grants.map((g) => g.grantId),
    forwardsTo: forwarding.effectiveTarget,
    autoReply: holidays.state,
  };
}
