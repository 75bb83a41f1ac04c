import type { AccessRight, Grant, Mailbox } from "../schemas";
import type { TenantClient } from "./client/tenant-client";

/**
 * How long a list answers reads. A refresh reads each resource once, at about the same moment;
 * what changes by hand while it runs may or may not be seen either way, as with one request per
 * resource.
 */
const LIST_MS = 20_000;

/**
 * Reads of one kind in this process before its whole list is asked: one or two resources are
 * cheaper read one by one than by listing every shared mailbox of the tenant.
 */
const LIST_FROM_READ = 3;

interface Listed<T> {
  at: number;
  /** The client's write mark when the list was asked: after a write of this process it is not used. */
  writeMark: number;
  /** By key; undefined when the list could not be had (reads then go one by one). */
  value: Promise<Map<string, T> | undefined>;
}

/**
 * The tenant's whole lists — every shared mailbox, every grant on them — asked once and shared by
 * the reads of a refresh, so a drift check of N resources costs one request per list instead of
 * one per resource.
 *
 * A list only ever *finds*: what it lacks is read the usual way, one request for that resource,
 * which keeps every rule of a single read — a not-found within the replication wait after the
 * create waits and reads again, a mailbox deleted by hand is looked for among the soft-deleted
 * ones, a failure is an error and never a deletion. A list asked before a write of this process
 * is not used after it, so nothing this process changed is answered from an older list.
 */
export class LiveLists {
  private readonly lists = new Map<string, Listed<unknown>>();
  private readonly reads = new Map<string, number>();

  constructor(private readonly client: TenantClient) {}

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
    const grants = await this.list("grants", async () => {
      const { items } = await this.client.call("listSharedMailboxGrants");
      return new Map(items.map((g) => [grantKey(g.targetId, g.accessRights, g.trusteeId), g]));
    });
    return grants?.get(grantKey(targetId, right, trusteeId));
  }

  private async list<T>(name: string, fetch: () => Promise<Map<string, T>>): Promise<Map<string, T> | undefined> {
    const seen = (this.reads.get(name) ?? 0) + 1;
    this.reads.set(name, seen);
    const cached = this.lists.get(name) as Listed<T> | undefined;
    if (cached && Date.now() - cached.at < LIST_MS && cached.writeMark === this.client.writeMark) return cached.value;
    if (seen < LIST_FROM_READ) return undefined;
    // A list that cannot be had (an older tenant without the route, throttling past the retries)
    // is not a failure of the read: the resource is then read on its own, with its own errors.
    const entry: Listed<T> = { at: Date.now(), writeMark: this.client.writeMark, value: fetch().catch(() => undefined) };
    this.lists.set(name, entry);
    return entry.value;
  }
}

function grantKey(targetId: string, right: string, trusteeId: string): string {
  return `${targetId}/${right}/${trusteeId}`;
}
