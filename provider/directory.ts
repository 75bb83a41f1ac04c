import { Mailbox, Recipient, WhoAmI, SmtpAddress, Organization, isUnknown, foldIdentity } from "../schemas";
import { identityIndex, type IdentifiedRecipient } from "../schemas/directory-rules";
import type { ApiName } from "../schemas/api";
import { TenantClient } from "./client/tenant-client";
import { LiveLists } from "./live-lists";

const CACHE_MS = 30_000;

/**
 * Writes that give no recipient a name, alias or address, and take none away: a "not found" is
 * asked again after any other write of this process (a mailbox created, renamed, deleted,
 * restored, converted — or a route added later), not after these.
 */
const LEAVING_IDENTITIES: readonly ApiName[] = ["addGrant", "removeGrant", "setForwarding", "clearForwarding", "setAutoReply"];

/** Writes that neither soft-delete a mailbox nor bring one back: the soft-deleted list holds after them. */
const LEAVING_SOFT_DELETED: readonly ApiName[] = [...LEAVING_IDENTITIES, "createSharedMailbox", "updateMailbox"];

/** A look-up, asked once and shared by every caller while it is fresh. */
interface Cached<T> {
  at: number;
  /** The writes of this process that cannot change its answer, and the mark of the others when it was asked: see fresh(). */
  keptBy: readonly ApiName[];
  writeMark: number;
  value: Promise<T>;
  /** Settled as something such a write may have changed: "not found", a list. */
  staleAfterWrite?: boolean;
}

/**
 * Look-ups of recipients for check and diff, cached for a short while: a preview of many grants
 * asks for the same people again and again, and the engine checks one resource at a time, so each
 * look-up's round trip adds to the whole deployment's time.
 */
export class Directory {
  private readonly recipients = new Map<string, Cached<Recipient | undefined>>();
  private me?: Promise<WhoAmI>;
  private org?: Promise<Organization>;
  private deleted?: Cached<Mailbox[]>;

  /**
   * Shared mailboxes this deployment is about to create, with every identity the tenant will give
   * them. The engine checks a mailbox before the grants that use its outputs, in this same
   * process; during a preview those grants name a mailbox the tenant cannot know yet.
   */
  private readonly planned: PlannedIdentity[] = [];
  private plannedLookup?: (identity: string) => PlannedIdentity[];

  /**
   * Which resources of this deployment manage each mailbox's delegate access, by mailbox key
   * (rules/access-claims.ts): checked in this same process, in whatever order the engine checks.
   */
  private readonly accessClaims = new Map<string, Map<string, AccessClaim>>();

  /** Whole lists of the tenant that answer a refresh's reads (live-lists.ts). */
  readonly lists: LiveLists;

  constructor(readonly client: TenantClient) {
    this.lists = new LiveLists(client);
  }

  recipient(ref: string): Promise<Recipient | undefined> {
    const key = foldIdentity(ref);
    const hit = this.recipients.get(key);
    if (hit && this.fresh(hit)) return hit.value;
    // A plan of many resources asks many identities: from the list of every recipient once, and
    // what it lacks (or finds twice) on its own, so "not found" and "ambiguous" are the tenant's.
    const lookUp = async () => (await this.lists.recipient(ref)) ?? this.client.find("getRecipient", { params: { identity: ref.trim() } });
    const entry = this.ask(lookUp, (found) => !found, LEAVING_IDENTITIES);
    entry.value.catch(() => this.recipients.get(key) === entry && this.recipients.delete(key));
    this.recipients.set(key, entry);
    return entry.value;
  }

  /**
   * Starts these look-ups at once, so a check that awaits them one after another waits for one
   * round trip instead of one per look-up. Failures surface where the check awaits them.
   */
  prefetch(refs: readonly (string | undefined)[], more: { softDeleted?: boolean } = {}): void {
    const quiet = (p: Promise<unknown>) => void p.catch(() => undefined);
    quiet(this.whoami());
    quiet(this.organization());
    for (const ref of refs) if (known(ref) && ref.trim()) quiet(this.recipient(ref));
    if (more.softDeleted) quiet(this.softDeleted());
  }

  /** The soft-deleted shared mailboxes (they keep their addresses and names 30 days): one list per deployment. */
  softDeleted(): Promise<Mailbox[]> {
    if (this.deleted && this.fresh(this.deleted)) return this.deleted.value;
    const entry = this.ask(async () => (await this.client.call("listSharedMailboxes", { query: { deleted: "true" } })).items, () => true, LEAVING_SOFT_DELETED);
    entry.value.catch(() => this.deleted === entry && (this.deleted = undefined));
    this.deleted = entry;
    return entry.value;
  }

  private ask<T>(fetch: () => Promise<T>, staleAfterWrite: (value: T) => boolean, keptBy: readonly ApiName[]): Cached<T> {
    const entry: Cached<T> = { at: Date.now(), keptBy, writeMark: this.client.writeMarkExcept(keptBy), value: fetch() };
    entry.value.then((v) => (entry.staleAfterWrite = staleAfterWrite(v))).catch(() => undefined);
    return entry;
  }

  /**
   * A look-up is reused for CACHE_MS; one that found nothing (or a list) only until this process
   * makes a write that may have changed it: a mailbox created, renamed, deleted or restored may be
   * what was missing (a mailbox this deployment creates, then grants on). The grants an up makes
   * by the hundred change no one's name, so they leave the answers in place.
   */
  private fresh(entry: Cached<unknown>): boolean {
    if (Date.now() - entry.at >= CACHE_MS) return false;
    return !entry.staleAfterWrite || entry.writeMark === this.client.writeMarkExcept(entry.keptBy);
  }

  /**
   * Whether a reference (address, alias, name, id) still names the recipient with this id: how it
   * is written does not matter, only what it means. A value unknown during preview may not.
   */
  async means(ref: unknown, id: string): Promise<boolean> {
    if (!known(ref)) return false;
    // A plan of many grants on a few mailboxes asks this of each: the list of shared mailboxes
    // answers it without a look-up per address (names, aliases and addresses are unique).
    const listed = await this.lists.sharedMailbox(id);
    if (listed && answersTo(listed, ref)) return true;
    const found = await this.recipient(ref);
    if (found) return found.id === id;
    // A mailbox deleted by hand, which the plan restores, still answers to its name, alias and addresses.
    const deleted = await this.softDeletedById(id);
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
  async softDeletedById(id: string): Promise<Mailbox | undefined> {
    return (await this.softDeleted()).find((m) => m.id === id);
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

  /**
   * Remembers a recipient this deployment will create (a mailbox whose check passed) under each
   * identity it will have (its name, alias and addresses, the derived ones too), so that the
   * checks of grants and settings on it find it before it exists, the way the tenant will.
   */
  willCreate(identities: readonly Omit<IdentifiedRecipient, "id">[], recipient: PlannedRecipient): void {
    // An id no reference can be: identityIndex takes a reference equal to an id as that recipient.
    for (const identity of identities) this.planned.push({ ...identity, id: `\0planned${this.planned.length}`, recipient });
    this.plannedLookup = undefined;
  }

  /** A recipient this deployment plans to create that the reference names, if any (the tenant's identity rule). */
  plannedAs(ref: string): PlannedRecipient | undefined {
    this.plannedLookup ??= identityIndex(this.planned);
    return this.plannedLookup(ref)[0]?.recipient;
  }

  /**
   * One this deployment plans to create (its check found the tenant has none such, so there is
   * no need to ask again), else a recipient of the tenant, else undefined.
   */
  async recipientOrPlanned(ref: string): Promise<Recipient | PlannedRecipient | undefined> {
    return this.plannedAs(ref) ?? (await this.recipient(ref));
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

/** Whether a reference (id, name, alias or any address, in any case) names this mailbox. */
function answersTo(box: Mailbox, ref: string): boolean {
  const wanted = foldIdentity(ref.trim().replace(/^smtp:/i, ""));
  return [box.id, box.name, box.alias, box.primarySmtpAddress, ...box.emailAddresses.map((a) => a.replace(/^smtp:/i, ""))].some((n) => foldIdentity(n) === wanted);
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

/** One identity of a planned recipient, as identityIndex reads it. */
interface PlannedIdentity extends IdentifiedRecipient {
  recipient: PlannedRecipient;
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
