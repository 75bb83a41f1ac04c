import type { Recipient } from "../../schemas";
import { known, Directory } from "../../provider/directory";

/** A directory of a few recipients, for unit tests of check and diff without a tenant. */
export function fakeDirectory(recipients: Partial<Recipient>[], canWrite = true): Directory {
  const all = recipients.map((r, i) => ({
    id: r.id ?? `id-${i}`,
    name: r.name ?? `r${i}`,
    displayName: r.displayName ?? r.name ?? `r${i}`,
    alias: r.alias ?? `r${i}`,
    primarySmtpAddress: r.primarySmtpAddress ?? `r${i}@contoso.com`,
    emailAddresses: r.emailAddresses ?? [`SMTP:${r.primarySmtpAddress ?? `r${i}@contoso.com`}`],
    recipientTypeDetails: r.recipientTypeDetails ?? "UserMailbox",
    accountDisabled: r.accountDisabled ?? false,
    externalEmailAddress: r.externalEmailAddress,
  })) as Recipient[];
  const find = (ref: string) =>
    all.find(
      (r) =>
        r.id === ref ||
        r.alias.toLowerCase() === ref.toLowerCase() ||
        r.name.toLowerCase() === ref.toLowerCase() ||
        r.emailAddresses.some((a) => a.slice(5).toLowerCase() === ref.toLowerCase()),
    );
  const planned = new Map<string, unknown>();
  // What a deployment records of its resources is the real Directory's, over no tenant.
  const real = new Directory({} as never);
  const directory = {
    // An empty tenant behind the directory: no soft-deleted mailboxes, grants, forwarding or replies.
    client: { call: async () => ({ items: [] }), find: async () => undefined } as never,
    recipient: async (ref: string) => find(ref),
    means: async (ref: unknown, id: string) => known(ref) && find(ref)?.id === id,
    willCreate: (refs: (string | undefined)[], r: unknown) => refs.forEach((ref) => ref && planned.set(ref.toLowerCase(), r)),
    recipientOrPlanned: async (ref: string) => find(ref) ?? planned.get(ref.toLowerCase()),
    organization: async () => ({ organization: "Contoso Ltd", defaultDomain: "contoso.com", acceptedDomains: ["contoso.com", "contoso.co.uk"] }),
    whoami: async () => ({ principal: "admin@contoso.com", role: canWrite ? "ExchangeAdmin" : "GlobalReader", canWrite }),
    invalidate: () => undefined,
    claimAccess: real.claimAccess.bind(real),
    accessClaimsOn: real.accessClaimsOn.bind(real),
    prefetch: () => undefined,
    // Asks the client, so a test can put soft-deleted mailboxes behind it.
    softDeleted: async () => (await directory.client.call("listSharedMailboxes", { query: { deleted: "true" } })).items,
    softDeletedById: async (id: string) => (await directory.softDeleted()).find((m) => m.id === id),
  } as unknown as Directory;
  return directory;
}
