import { Mailbox, Recipient, WhoAmI, SmtpAddress, Organization, isUnknown, foldIdentity } from "../schemas";
import { TenantClient } from "./client/tenant-client";

const CACHE_MS = 30_000;

/**
 * Look-ups of recipients for check and diff, cached for a short while: a preview of many grants
 * asks for the same people again and again.
 */
export class Directory {
  private readonly recipients = new Map<string, { at: number; value: Promise<Recipient | undefined> }>();
  private me?: Promise<WhoAmI>;
  private org?: Promise<Organization>;
  private deleted?: { at: number; value: Promise<Mailbox[]> };

  /**
   * Shared mailboxes this deployment is about to create, by address, alias and name. The engine
   * checks a mailbox before the grants that use its outputs, in this same process; during a
   * preview those grants name a mailbox the tenant cannot know yet.
   */
  private readonly planned = new Map<string, PlannedRecipient>();

  /**
   * Which resources of this deployment manage each mailbox's delegate access, by mailbox key
   * (rules/access-claims.ts): checked in this same process, in whatever order the engine checks.
   */
  private readonly accessClaims = new Map<string, Map<string, AccessClaim>>();

  constructor(readonly client: TenantClient) {}

  recipient(ref: string): Promise<Recipient | undefined> {
    const key = foldIdentity(ref);
    const hit = this.recipients.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
    const value = this.client.find("getRecipient", { params: { identity: ref.trim() } });
    // Only what exists is remembered: a name not found now may be created by this deployment.
    value.then((found) => found ?? this.recipients.delete(key)).catch(() => this.recipients.delete(key));
    this.recipients.set(key, { at: Date.now(), value });
    return value;
  }

  /**
   * Whether a reference (address, alias, name, id) still names the recipient with this id: how it
   * is written does not matter, only what it means. A value unknown during preview may not.
   */
  async means(ref: unknown, id: string): Promise<boolean> {
    if (!known(ref)) return false;
    const found = await this.recipient(ref);
    if (found) return found.id === id;
    // A mailbox deleted by hand, which the plan restores, still answers to its name, alias and addresses.
    const deleted = await this.softDeleted(id);
    const wanted = ref.trim().toLowerCase();
    return !!deleted && [deleted.id, deleted.name, deleted.alias, ...deleted.emailAddresses.map((a) => a.replace(/^smtp:/i, ""))].some((n) => n.toLowerCase() === wanted);
  }

  /** A recipient that must exist: from the cache, else waiting for the tenant to replicate it. */
  async resolve(ref: string): Promise<Recipient> {
    return (await this.recipient(ref)) ?? this.client.call("getRecipient", { params: { identity: ref.trim() }, awaitReplication: true });
  }

  /**
   * The soft-deleted shared mailbox with this id, if Exchange still keeps it: a refresh of many
   * resources on one deleted mailbox asks the tenant once.
   */
  async softDeleted(id: string): Promise<Mailbox | undefined> {
    if (!this.deleted || Date.now() - this.deleted.at >= CACHE_MS) {
      const value = this.client.call("listSharedMailboxes", { query: { deleted: "true" } }).then((list) => list.items);
      value.catch(() => (this.deleted = undefined));
      this.deleted = { at: Date.now(), value };
    }
    return (await this.deleted.value).find((m) => m.id === id);
  }

  organization(): Promise<Organization> {
    this.org ??= this.client.call("getOrganization");
    this.org.catch(() => (this.org = undefined));
    return this.org;
  }

  whoami(): Promise<WhoAmI> {
    this.me ??= this.client.call("whoami");
    this.me.catch(() => (this.me = undefined));
    return this.me;
  }

  plan(refs: readonly (string | undefined)[], recipient: PlannedRecipient): void {
    for (const ref of refs) if (ref) this.planned.set(foldIdentity(ref), recipient);
  }

  /** A recipient this deployment plans to create under that reference, if any. */
  plannedAs(ref: string): PlannedRecipient | undefined {
    return this.planned.get(foldIdentity(ref));
  }

  /**
   * One this deployment plans to create (its check found the tenant has none such, so there is
   * no need to ask again), else a recipient of the tenant, else undefined.
   */
  async recipientOrPlanned(ref: string): Promise<Recipient | PlannedRecipient | undefined> {
    return this.planned.get(foldIdentity(ref)) ?? (await this.recipient(ref));
  }

  /** Records that a resource manages delegate access on a mailbox; returns the others that do. */
  claimAccess(mailboxKey: string, claim: AccessClaim): AccessClaim[] {
    const claims = this.accessClaims.get(mailboxKey) ?? new Map<string, AccessClaim>();
    this.accessClaims.set(mailboxKey, claims);
    const id = `${claim.kind}:${claim.name}`;
    claims.set(id, claim);
    return [...claims].filter(([other]) => other !== id).map(([, c]) => c);
  }

  /** The resources this deployment checked that manage delegate access on a mailbox. */
  accessClaimsOn(mailboxKey: string): AccessClaim[] {
    return [...(this.accessClaims.get(mailboxKey)?.values() ?? [])];
  }

  /** Forget cached look-ups after this process changed the tenant. */
  invalidate(): void {
    this.recipients.clear();
    this.deleted = undefined;
  }
}

/** A resource that manages delegate access on a mailbox, by its kind and Pulumi name. */
export interface AccessClaim {
  kind: "MailboxAccess" | "MailboxPermission";
  name: string;
  /** MailboxAccess: the grants it declares, as `<right>/<trusteeId>`. */
  grants?: readonly string[];
}

/** A recipient that does not exist yet: its type is known, its id is not. */
export interface PlannedRecipient {
  planned: true;
  name: string;
  recipientTypeDetails: Recipient["recipientTypeDetails"];
  /** The resource of this deployment that declares it (project/stack/name), when known. */
  owner?: string;
}

export function isPlanned(r: Recipient | PlannedRecipient | undefined): r is PlannedRecipient {
  return !!r && "planned" in r;
}

export function looksLikeAddress(ref: string): boolean {
  return SmtpAddress.safeParse(ref).success;
}

export function known(value: unknown): value is string {
  return typeof value === "string" && !isUnknown(value);
}
