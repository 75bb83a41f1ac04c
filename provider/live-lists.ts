import type { AccessRight, AutoReply, Forwarding, Grant, Mailbox, Recipient } from "../schemas";
import { IdentityIndex, identityIndex } from "../schemas/directory-rules";
import type { TenantClient } from "./client/tenant-client";

/**
 * How long a list answers reads. A refresh reads each resource once, at about the same moment;
 * what changes by hand while it runs may or may not be seen either way, as with one request per
 * resource.
 */
export const LIST_MS = 20_000;

/**
 * Reads of one kind in this process before its whole list is asked: one or two resources are
 * cheaper read one by one than by listing every shared mailbox of the tenant.
 */
const LIST_FROM_READ = 3;

/**
 * Look-ups of recipients in this process before the whole list of them is asked. A plan-time
 * check of a few resources asks a few identities; the list holds every recipient of the
 * organisation, so it is worth asking only for a plan of many.
 */
export const RECIPIENTS_FROM_LOOKUP = 8;

/** The list's page: the most the tenant gives at once. */
const RECIPIENTS_PAGE = 5_000;

/** An organisation bigger than this is not listed: its look-ups go one by one. */
const MAX_LISTED_RECIPIENTS = 20_000;

/**
 * What the list of recipients is kept across, told by the directory that makes this process's
 * writes (provider/directory.ts): an up creates mailboxes and grants from its first resources on,
 * and its later mailboxes' new names are still best answered from the list.
 */
export interface OwnCreates {
  /** Whether every write of this process so far leaves the list true once `created` is added to it. */
  listHolds(): boolean;
  /** The mailboxes this process created, as read back once the tenant showed them, by id: it only grows. */
  readonly created: ReadonlyMap<string, Recipient>;
}

/** The list of recipients, indexed by the tenant's identity rule. */
interface RecipientList {
  ids: ReadonlySet<string>;
  find: (identity: string) => readonly Recipient[];
}

interface Listed<V> {
  at: number;
  /** The list, ready to answer; undefined when it could not be had (reads then go one by one). */
  value: Promise<V | undefined>;
}

/**
 * The tenant's whole lists — every shared mailbox, every grant on them, every recipient — asked
 * once and shared by the reads of a refresh and the look-ups of the plan-time checks, so a drift
 * check of N resources costs one request per list instead of one or two per resource.
 *
 * A list only ever *finds*: what it lacks is read the usual way, one request for that resource,
 * which keeps every rule of a single read — a not-found within the replication wait after the
 * create waits and reads again, a mailbox deleted by hand is looked for among the soft-deleted
 * ones, a failure is an error and never a deletion. One exception: an identity that no one in
 * the list of recipients has is, for a plan-time check, not there (a new mailbox's name is free),
 * as the tenant's look-up at that moment would say; a look-up that must find its recipient
 * (Directory.resolve) still asks the tenant, with the replication wait. Once this process has
 * written to the tenant no list is asked or used, so nothing it changed is answered from an older
 * list — except the list of recipients, which is kept across this process's grants, settings and
 * own creates of mailboxes, with those mailboxes added (OwnCreates).
 */
export class LiveLists {
  private readonly lists = new Map<string, Listed<unknown>>();
  private readonly reads = new Map<string, number>();
  /**
   * The mailboxes of own.created that the list of recipients lacks, indexed: a new list starts a
   * new index, and each create since the last look-up is added to it (an up of N mailboxes looks
   * up names between its creates: rebuilding it each time was N² work).
   */
  private createdIndex?: { list: RecipientList; seen: number; index: IdentityIndex<Recipient> };

  constructor(
    private readonly client: TenantClient,
    private readonly own: OwnCreates = { listHolds: () => client.writeMark === 0, created: new Map() },
  ) {}

  /** The forwarding of this shared mailbox, if the list has it and it forwards somewhere. */
  async forwarding(mailboxId: string): Promise<Forwarding | undefined> {
    const all = await this.list("forwarding", async () => byMailbox((await this.client.call("listSharedMailboxForwarding")).items));
    const found = all?.get(mailboxId);
    return found?.effectiveTarget ? found : undefined;
  }

  /** The automatic replies of this shared mailbox, if the list has it (switched off is an answer too). */
  async autoReply(mailboxId: string): Promise<AutoReply | undefined> {
    const all = await this.list("autoReplies", async () => byMailbox((await this.client.call("listSharedMailboxAutoReplies")).items));
    return all?.get(mailboxId);
  }

  /**
   * Every grant on this mailbox, if it is in the list of shared mailboxes: then the list of their
   * grants holds all of its own (none is an answer too). Another kind of mailbox is not listed.
   */
  async grantsOn(mailboxId: string): Promise<Grant[] | undefined> {
    // Counted as a read of grants before the mailbox is known: a read that the list of mailboxes
    // cannot answer yet still brings the list of grants closer, so at most the first two go alone
    // in whatever order the engine reads mailboxes and their access.
    const all = this.allGrants();
    if (!(await this.sharedMailbox(mailboxId))) return undefined;
    const grants = await all;
    return grants && [...grants.values()].filter((g) => g.targetId === mailboxId);
  }

  /**
   * Every recipient an identity (id, address, alias, name) means in the list of every recipient,
   * by the tenant's own rule (identityIndex): none is an answer too, several an ambiguous identity
   * (which the directory leaves to the tenant's own look-up); undefined when there is no list to ask.
   */
  async recipients(identity: string): Promise<Recipient[] | undefined> {
    const holds = () => this.own.listHolds();
    const list = await this.list("recipients", () => this.allRecipients(), RECIPIENTS_FROM_LOOKUP, holds);
    // A write that outdates it may have started while it was asked.
    if (!list || !holds()) return undefined;
    // The list and this process's creates it lacks are two disjoint parts of one directory: the
    // rule over the candidates of both is the rule over the whole (a tier that one part answers,
    // an id before an address before a name, is answered in full by that part).
    const meant = [...list.find(identity), ...this.createdLacking(list).find(identity)];
    return meant.length > 1 ? [...identityIndex(meant)(identity)] : meant;
  }

  /** The own creates a list lacks (made after it was asked, or not yet replicated when it was), indexed. */
  private createdLacking(list: RecipientList): IdentityIndex<Recipient> {
    const created = this.own.created;
    if (this.createdIndex?.list !== list) this.createdIndex = { list, seen: 0, index: new IdentityIndex() };
    const kept = this.createdIndex;
    // own.created only grows (by id, in the order made): the ones after those seen are new.
    if (kept.seen < created.size) {
      let at = 0;
      for (const r of created.values()) if (at++ >= kept.seen && !list.ids.has(r.id)) kept.index.add(r);
      kept.seen = created.size;
    }
    return kept.index;
  }

  /** Every recipient, page by page; undefined for an organisation too big to list. */
  private async allRecipients(): Promise<RecipientList> {
    const items: Recipient[] = [];
    for (;;) {
      const page = await this.client.call("listRecipients", { query: { limit: RECIPIENTS_PAGE, offset: items.length } });
      if (page.total > MAX_LISTED_RECIPIENTS) throw new Error("too many recipients to list");
      items.push(...page.items);
      if (page.items.length === 0 || items.length >= page.total) break;
    }
    // Pages asked while recipients came or went may repeat or miss one: such a list is not used.
    const ids = new Set(items.map((r) => r.id));
    if (ids.size !== items.length) throw new Error("the list changed while it was read");
    return { ids, find: identityIndex(items) };
  }

  /** The shared mailbox with this id, if the list of them has it. */
  async sharedMailbox(id: string): Promise<Mailbox | undefined> {
    const mailboxes = await this.list("mailboxes", async () => {
      const { items } = await this.client.call("listSharedMailboxes", { query: { deleted: "false" } });
      return new Map(items.map((m) => [m.id, m]));
    });
    return mailboxes?.get(id);
  }

  /** The grant of this right to this trustee on this mailbox, if the list of grants on shared mailboxes has it. */
  async grant(targetId: string, right: AccessRight, trusteeId: string): Promise<Grant | undefined> {
    return (await this.allGrants())?.get(grantKey(targetId, right, trusteeId));
  }

  private allGrants(): Promise<Map<string, Grant> | undefined> {
    return this.list("grants", async () => {
      const { items } = await this.client.call("listSharedMailboxGrants");
      return new Map(items.map((g) => [grantKey(g.targetId, g.accessRights, g.trusteeId), g]));
    });
  }

  private async list<V>(name: string, fetch: () => Promise<V>, from = LIST_FROM_READ, holds = () => this.client.writeMark === 0): Promise<V | undefined> {
    const seen = (this.reads.get(name) ?? 0) + 1;
    this.reads.set(name, seen);
    // Lists serve the reads and checks of a process that changes nothing (a preview, a refresh,
    // the plan before an up's first write). Once it writes, each write would outdate a new list.
    if (!holds()) return undefined;
    const cached = this.lists.get(name) as Listed<V> | undefined;
    if (cached && Date.now() - cached.at < LIST_MS) return cached.value;
    if (seen < from) return undefined;
    // A list that cannot be had (an older tenant without the route, throttling past the retries)
    // is not a failure of the read: the resource is then read on its own, with its own errors.
    const entry: Listed<V> = { at: Date.now(), value: fetch().catch(() => undefined) };
    this.lists.set(name, entry);
    return entry.value;
  }
}

function grantKey(targetId: string, right: string, trusteeId: string): string {
  return `${targetId}/${right}/${trusteeId}`;
}

function byMailbox<T extends { mailboxId: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((x) => [x.mailboxId, x]));
}

/**
 * A read that is answered the first time from a list and every time after from the tenant itself:
 * a read asked again while the object replicates must not get the same old answer from a list
 * that was asked once.
 */
export function listedFirst<T>(fromList: () => Promise<T | undefined>, fromTenant: () => Promise<T | undefined>): () => Promise<T | undefined> {
  let first = true;
  return async () => {
    const listed = first ? await fromList() : undefined;
    first = false;
    return listed ?? fromTenant();
  };
}
