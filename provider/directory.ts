import { Mailbox, Recipient, WhoAmI, Organization, foldIdentity, type CreateSharedMailboxBody } from "../schemas";
import { IdentityIndex, identityIndex, plainAddress, type IdentifiedRecipient } from "../schemas/directory-rules";
import type { ApiName } from "../schemas/api";
import { TenantClient } from "./client/tenant-client";
import { LiveLists } from "./live-lists";
import { type AccessClaim, type PlannedIdentity, type PlannedRecipient, known } from "./directory-types";

export { type AccessClaim, type PlannedRecipient, isPlanned, looksLikeAddress, known } from "./directory-types";

/**
 * How long a look-up that found nothing is kept: the name may be taken meanwhile. One that found
 * its recipient is kept for the whole process (one engine step): see fresh().
 */
const NOT_FOUND_MS = 30_000;

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
  /** ownCreateMarks when it was asked: see fresh(). */
  ownCreates: number;
  value: Promise<T>;
  /** Settled as what time alone may outdate (asked again after NOT_FOUND_MS): "not found", a list. */
  expires?: boolean;
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
   * The write marks (start and end) of the mailbox creates made by createSharedMailbox(): a
   * look-up that found nothing is kept across those (each drops what it changes), not across a
   * create made otherwise.
   */
  private ownCreateMarks = 0;
  /** The mailboxes createSharedMailbox() made, as read back, by id: the list of recipients answers with them too. */
  private readonly created = new Map<string, Recipient>();
  /** invalidate() calls: after one, no list of recipients answers in this process. */
  private invalidations = 0;

  /**
   * Shared mailboxes this deployment is about to create, with every identity the tenant will give
   * them. The engine checks a mailbox before the grants that use its outputs, in this same
   * process; during a preview those grants name a mailbox the tenant cannot know yet. Indexed as
   * each is planned: a plan of N mailboxes asks it N times between its N additions.
   */
  private readonly planned = new IdentityIndex<PlannedIdentity>();
  private plannedCount = 0;

  /**
   * Which resources of this deployment manage each mailbox's delegate access, by mailbox key
   * (rules/access-claims.ts): checked in this same process, in whatever order the engine checks.
   */
  private readonly accessClaims = new Map<string, Map<string, AccessClaim>>();

  /** The create key each check derived, by kind and deployment, for create in this process (rules/create-key.ts). */
  readonly checkedCreateKeys = new Map<string, () => string | undefined>();

  /** Whole lists of the tenant that answer a refresh's reads (live-lists.ts). */
  readonly lists: LiveLists;

  constructor(readonly client: TenantClient) {
    this.lists = new LiveLists(client, { listHolds: () => this.onlyKeptWrites(), created: this.created });
  }

  /**
   * Whether every write of this process so far leaves the list of recipients true once the
   * mailboxes createSharedMailbox() made are added to it: grants, settings, and those creates
   * (each adds what it read back). A rename, a deletion, a restore, a conversion, a create made
   * otherwise or one that failed (its mailbox may exist all the same) ends it for the process.
   */
  private onlyKeptWrites(): boolean {
    return this.invalidations === 0 && this.client.writeMarkExcept(LEAVING_IDENTITIES) === this.ownCreateMarks;
  }

  recipient(ref: string): Promise<Recipient | undefined> {
    const key = foldIdentity(ref);
    const hit = this.recipients.get(key);
    if (hit && this.fresh(hit)) return hit.value;
    // A plan of many resources asks many identities: from the list of every recipient once. One
    // the list finds is the answer; one it lacks is not there (the list is of this moment, with
    // this process's own creates added, and serves only while its other writes change no one's
    // name: what the tenant's look-up would answer); one it finds twice is asked on its own, so
    // "ambiguous" is the tenant's refusal.
    const lookUp = async () => {
      const listed = await this.lists.recipients(ref);
      if (listed?.length === 1) return listed[0];
      if (listed?.length === 0) return undefined;
      return this.client.find("getRecipient", { params: { identity: ref.trim() } });
    };
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

  private ask<T>(fetch: () => Promise<T>, expires: (value: T) => boolean, keptBy: readonly ApiName[]): Cached<T> {
    const entry: Cached<T> = { at: Date.now(), keptBy, writeMark: this.client.writeMarkExcept(keptBy), ownCreates: this.ownCreateMarks, value: fetch() };
    entry.value.then((v) => (entry.expires = expires(v))).catch(() => undefined);
    return entry;
  }

  /**
   * A look-up is reused until this process makes a write that may have changed it: a mailbox
   * renamed, deleted, restored, or created other than by createSharedMailbox(), may be what was
   * missing or who was found. The grants an up makes by the hundred change no one's name, and a
   * create of createSharedMailbox() only its own, which it drops itself, so they leave the
   * answers in place. One that found nothing (or a list) is asked again after NOT_FOUND_MS too.
   * One that found its recipient is not: an up of 1,000 resources runs for minutes and names the
   * same few dozen trustees throughout. A trustee removed by hand since is refused by the tenant
   * when the grant is made ("couldn't be found", naming the trustee), as it would be a second
   * after the look-up.
   */
  private fresh(entry: Cached<unknown>): boolean {
    if (entry.expires !== false && Date.now() - entry.at >= NOT_FOUND_MS) return false;
    // Still out: shared by every caller.
    if (entry.expires === undefined) return true;
    // The write marks moved since it was asked, by this directory's own creates alone? A list
    // kept by every create (its keptBy has the route) does not count them.
    const others = this.client.writeMarkExcept(entry.keptBy) - entry.writeMark;
    return others === (entry.keptBy.includes("createSharedMailbox") ? 0 : this.ownCreateMarks - entry.ownCreates);
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
    for (const identity of identities) this.planned.add({ ...identity, id: `\0planned${this.plannedCount++}`, recipient });
  }

  /** A recipient this deployment plans to create that the reference names, if any (the tenant's identity rule). */
  plannedAs(ref: string): PlannedRecipient | undefined {
    return this.planned.find(ref)[0]?.recipient;
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

  /**
   * Creates a shared mailbox and returns it once the tenant's reads show it (dependents get a
   * mailbox only once it can be seen). A create takes only its own names: the look-ups it can
   * change — those of its id, names and addresses, by the tenant's own rule (identityIndex) — are
   * dropped as soon as it answers, the others are kept (a name it does not hold was not found
   * before and still is not). Its id, name, alias and addresses (with or without "smtp:") then
   * answer with what was read back, so the grants and settings made on it right after need not
   * ask the tenant what it just showed. A create that fails drops every look-up: its mailbox may
   * exist all the same (an answer lost to a timeout).
   */
  async createSharedMailbox(body: CreateSharedMailboxBody, idempotencyKey?: string): Promise<Mailbox> {
    let created: Mailbox;
    // Counted with the client's own marks of this write, at its start and at its end.
    this.ownCreateMarks++;
    try {
      created = await this.client.call("createSharedMailbox", { body, idempotencyKey });
    } catch (e) {
      this.invalidate();
      throw e;
    } finally {
      this.ownCreateMarks++;
    }
    this.forgetLookUpsOf(created);
    const visible = await this.client.call("getMailbox", { params: { identity: created.id }, awaitReplication: true });
    this.created.set(visible.id, Recipient.parse(visible));
    this.forgetLookUpsOf(visible);
    const recipient = Promise.resolve<Recipient | undefined>(this.created.get(visible.id));
    const names = [visible.id, visible.name, visible.alias, ...visible.emailAddresses.flatMap((a) => [plainAddress(a), `smtp:${plainAddress(a)}`])];
    for (const name of names) {
      const mark = { writeMark: this.client.writeMarkExcept(LEAVING_IDENTITIES), ownCreates: this.ownCreateMarks };
      this.recipients.set(foldIdentity(name), { at: Date.now(), keptBy: LEAVING_IDENTITIES, ...mark, value: recipient, expires: false });
    }
    return visible;
  }

  /** Drops the cached look-ups that a recipient answers, by the tenant's own rule. */
  private forgetLookUpsOf(recipient: Recipient): void {
    const holds = identityIndex([recipient]);
    for (const key of [...this.recipients.keys()]) if (holds(key).length > 0) this.recipients.delete(key);
  }

  /** Forget cached look-ups after this process changed the tenant. */
  invalidate(): void {
    this.invalidations++;
    this.recipients.clear();
    this.deleted = undefined;
  }
}

/** Whether a reference (id, name, alias or any address, in any case) names this mailbox. */
function answersTo(box: Mailbox, ref: string): boolean {
  const wanted = foldIdentity(ref.trim().replace(/^smtp:/i, ""));
  return [box.id, box.name, box.alias, box.primarySmtpAddress, ...box.emailAddresses.map((a) => a.replace(/^smtp:/i, ""))].some((n) => foldIdentity(n) === wanted);
}
