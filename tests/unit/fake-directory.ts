import type { Organization, Recipient, WhoAmI } from "../../schemas";
import { known, Directory, type PlannedRecipient } from "../../provider/directory";
import { TenantClient } from "../../provider/client";

/**
 * An empty tenant, answered without a network: every list is empty and everything else is not
 * found. The real client reads these answers, so they pass the API's response schemas.
 */
const emptyTenant: typeof fetch = async (input) => {
  const path = new URL(String(input)).pathname;
  if (/\/(recipients|shared-mailboxes|grants|audit)$/.test(path)) return Response.json({ items: [], total: 0 });
  return Response.json({ error: { code: "NotFound", message: `${path} is not in the empty tenant` } }, { status: 404 });
};

/**
 * A directory of a few recipients over an empty tenant, for unit tests of check and diff. It is
 * the real Directory with its tenant look-ups answered from the list: the compiler holds each
 * override to the real method's signature (`override`), so the fake cannot drift from it.
 */
class FakeDirectory extends Directory {
  private readonly people: Recipient[];

  constructor(
    recipients: Partial<Recipient>[],
    private readonly canWrite: boolean,
  ) {
    super(new TenantClient({ endpoint: "http://empty-tenant.test", maxAttempts: 1, fetch: emptyTenant }));
    this.people = recipients.map((r, i) => ({
      id: r.id ?? `id-${i}`,
      name: r.name ?? `r${i}`,
      displayName: r.displayName ?? r.name ?? `r${i}`,
      alias: r.alias ?? `r${i}`,
      primarySmtpAddress: r.primarySmtpAddress ?? `r${i}@contoso.com`,
      emailAddresses: r.emailAddresses ?? [`SMTP:${r.primarySmtpAddress ?? `r${i}@contoso.com`}`],
      recipientTypeDetails: r.recipientTypeDetails ?? "UserMailbox",
      accountDisabled: r.accountDisabled ?? false,
      ...(r.externalEmailAddress !== undefined ? { externalEmailAddress: r.externalEmailAddress } : {}),
    }));
  }

  private find(ref: string): Recipient | undefined {
    const wanted = ref.toLowerCase();
    return this.people.find(
      (r) => r.id === ref || r.alias.toLowerCase() === wanted || r.name.toLowerCase() === wanted || r.emailAddresses.some((a) => a.slice(5).toLowerCase() === wanted),
    );
  }

  override async recipient(ref: string): Promise<Recipient | undefined> {
    return this.find(ref);
  }

  override async means(ref: unknown, id: string): Promise<boolean> {
    return known(ref) && this.find(ref)?.id === id;
  }

  override async recipientOrPlanned(ref: string): Promise<Recipient | PlannedRecipient | undefined> {
    return this.find(ref) ?? this.plannedAs(ref);
  }

  override organization(): Promise<Organization> {
    return Promise.resolve({ organization: "Contoso Ltd", defaultDomain: "contoso.com", acceptedDomains: ["contoso.com", "contoso.co.uk"] });
  }

  override whoami(): Promise<WhoAmI> {
    return Promise.resolve({ principal: "admin@contoso.com", role: this.canWrite ? "ExchangeAdmin" : "GlobalReader", canWrite: this.canWrite });
  }

  override prefetch(): void {}

  /** Asks the client every time, so a test can put soft-deleted mailboxes behind it. */
  override async softDeleted() {
    return (await this.client.call("listSharedMailboxes", { query: { deleted: "true" } })).items;
  }
}

/** A directory of a few recipients, for unit tests of check and diff without a tenant. */
export function fakeDirectory(recipients: Partial<Recipient>[], canWrite = true): Directory {
  return new FakeDirectory(recipients, canWrite);
}
