import { fakeDirectory } from "../fake-directory";

/**
 * The directories the resources' check and diff tests run against: a few recipients of each kind,
 * and (for check) a tenant whose mailboxes hold Exchange's defaults and no grants, forwarding or replies.
 */
export const people = [
  { id: "reception", name: "Reception", alias: "reception", primarySmtpAddress: "reception@contoso.com", recipientTypeDetails: "SharedMailbox" as const },
  { id: "adele", name: "Adele Vance", alias: "adele.vance", primarySmtpAddress: "adele.vance@contoso.com" },
  { id: "leads", name: "Support Leads", alias: "support-leads", primarySmtpAddress: "support-leads@contoso.com", recipientTypeDetails: "MailUniversalSecurityGroup" as const },
  { id: "sales", name: "Sales", alias: "sales", primarySmtpAddress: "sales@contoso.com", recipientTypeDetails: "MailUniversalDistributionGroup" as const },
  { id: "jill", name: "Jill Frank", alias: "jill", primarySmtpAddress: "jill.frank@fabrikam.com", recipientTypeDetails: "MailContact" as const },
];
export function checkDirectory() {
  const directory = fakeDirectory(people);
  // The fake tenant's mailboxes have Exchange's defaults; no grants, forwarding or replies exist.
  (directory as unknown as { client: unknown }).client = {
    call: async () => ({ items: [] }), // no soft-deleted mailboxes
    find: async (name: string, options: { params: { identity: string } }) => {
      if (name !== "getMailbox") return undefined;
      const r = await directory.recipient(options.params.identity);
      return r && { ...r, accountDisabled: true, messageCopyForSentAsEnabled: false, messageCopyForSendOnBehalfEnabled: false, quotaGB: 50, licensed: false, hiddenFromAddressListsEnabled: false };
    },
  };
  return directory;
}

/** A check's failures as "property: reason" lines. */
export const reasons = (r: { failures?: { property: string; reason: string }[] }) => r.failures?.map((f) => `${f.property}: ${f.reason}`) ?? [];

export const diffDirectory = () =>
  fakeDirectory([
    { id: "desk", name: "Sales Desk", alias: "sales-desk", primarySmtpAddress: "sales-desk@contoso.com", recipientTypeDetails: "SharedMailbox" },
    { id: "other-desk", name: "Other Desk", alias: "other-desk", primarySmtpAddress: "other-desk@contoso.com", recipientTypeDetails: "SharedMailbox" },
    { id: "adele", name: "Adele Vance", alias: "adele.vance", primarySmtpAddress: "adele.vance@contoso.com" },
    { id: "alex", name: "Alex Wilber", alias: "alex.wilber", primarySmtpAddress: "alex.wilber@contoso.com" },
    { id: "leads", name: "Support Leads", alias: "support-leads", primarySmtpAddress: "support-leads@contoso.com", recipientTypeDetails: "MailUniversalSecurityGroup" },
    { id: "sales", name: "Sales", alias: "sales", primarySmtpAddress: "sales@contoso.com", recipientTypeDetails: "MailUniversalDistributionGroup" },
  ]);
