import type { AutoReply, AuditEntry, Forwarding, Grant, Mailbox, Organization, Recipient } from "../../schemas";
import { normalizeAddress } from "../../schemas/common";
import type { TenantClient } from "../client/tenant-client";
import { limiter } from "../tools/limit";

/** What the review reads of the tenant, once: the directory and every managed mailbox. */

/** Every recipient by any identity: id, address (primary or proxy), alias or name, case-insensitive. */
export class DirectoryIndex {
  private readonly byKey = new Map<string, Recipient>();
  readonly byId = new Map<string, Recipient>();

  constructor(readonly recipients: readonly Recipient[]) {
    for (const r of recipients) {
      this.byId.set(r.id, r);
      for (const key of [r.id, r.alias, r.name, r.displayName, ...r.emailAddresses.map(normalizeAddress)]) {
        const k = key.trim().toLowerCase();
        if (!this.byKey.has(k)) this.byKey.set(k, r);
      }
    }
  }

  find(ref: string): Recipient | undefined {
    return this.byId.get(ref) ?? this.byKey.get(normalizeAddress(ref));
  }
}

export interface LiveMailbox {
  id: string;
  /** The mailbox (Get-Mailbox), or undefined when the target is a group or is gone. */
  box?: Mailbox;
  /** The recipient, for a target that is not a mailbox (a group). */
  recipient?: Recipient;
  grants: Grant[];
  forwarding?: Forwarding;
  autoReply?: AutoReply;
}

export interface TenantSnapshot {
  organization: Organization;
  directory: DirectoryIndex;
  /** Soft-deleted shared mailboxes, by id. */
  deleted: Map<string, Mailbox>;
  /** The managed mailboxes that are there, by id. */
  live: Map<string, LiveMailbox>;
}

/** Reads per mailbox run this many at once (as export does). */
export const REVIEW_CONCURRENCY = 8;
const PAGE = 5000;

/** The organisation, every recipient and the soft-deleted shared mailboxes. */
export async function readDirectory(client: TenantClient): Promise<Omit<TenantSnapshot, "live">> {
  const [organization, deletedList, recipients] = await Promise.all([
    client.call("getOrganization"),
    client.call("listSharedMailboxes", { query: { deleted: "true" } }),
    allRecipients(client),
  ]);
  const deleted = new Map(deletedList.items.filter((m) => m.isSoftDeleted).map((m) => [m.id, m]));
  return { organization, directory: new DirectoryIndex(recipients), deleted };
}

/** Each managed mailbox that is there: the mailbox, its grants, forwarding and automatic replies. */
export async function readMailboxes(client: TenantClient, mailboxIds: Iterable<string>, directory: DirectoryIndex): Promise<Map<string, LiveMailbox>> {
  const limit = limiter(REVIEW_CONCURRENCY);
  const live = new Map<string, LiveMailbox>();
  const listed = await sharedMailboxLists(client);
  await Promise.all(
    [...new Set(mailboxIds)].map(async (id) => {
      const params = { identity: id };
      const fromList = listed?.mailboxes.get(id);
      const [box, grants] = fromList
        ? [fromList, { items: listed!.grants.get(id) ?? [] }]
        : await Promise.all([
            limit(() => client.find("getMailbox", { params })),
            limit(() => client.find("listGrants", { params, query: { includeSystem: "false" } })),
          ]);
      if (!grants) return; // gone: deleted or never there
      const entry: LiveMailbox = { id, box, grants: grants.items };
      if (box) {
        const [forwarding, autoReply] = await Promise.all([
          limit(() => client.find("getForwarding", { params })),
          limit(() => client.find("getAutoReply", { params })),
        ]);
        Object.assign(entry, { forwarding, autoReply });
      } else {
        // A group the grants are on (SendAs on a distribution group): the directory has it.
        entry.recipient = directory.byId.get(id);
      }
      live.set(id, entry);
    }),
  );
  return live;
}

/**
 * Every shared mailbox and the grants on them, two requests where reading each managed mailbox
 * would make two per mailbox; undefined when the tenant cannot list them (an older tenant), and
 * each mailbox is then read on its own. A mailbox not in the list (a group, one deleted) is too.
 */
async function sharedMailboxLists(client: TenantClient): Promise<{ mailboxes: Map<string, Mailbox>; grants: Map<string, Grant[]> } | undefined> {
  try {
    const [boxes, grants] = await Promise.all([client.call("listSharedMailboxes", { query: { deleted: "false" } }), client.call("listSharedMailboxGrants")]);
    const byTarget = new Map<string, Grant[]>();
    for (const g of grants.items) byTarget.set(g.targetId, [...(byTarget.get(g.targetId) ?? []), g]);
    return { mailboxes: new Map(boxes.items.map((m) => [m.id, m])), grants: byTarget };
  } catch {
    return undefined;
  }
}

async function allRecipients(client: TenantClient): Promise<Recipient[]> {
  const out: Recipient[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await client.call("listRecipients", { query: { limit: PAGE, offset } });
    out.push(...page.items);
    if (page.items.length === 0 || out.length >= page.total) return out;
  }
}

/** The audit entries of each object, oldest first; one request per object, a few at once. */
export async function readAudit(client: TenantClient, objectIds: Iterable<string>): Promise<Map<string, AuditEntry[]>> {
  const limit = limiter(REVIEW_CONCURRENCY);
  const out = new Map<string, AuditEntry[]>();
  await Promise.all(
    [...new Set(objectIds)].map((objectId) =>
      limit(async () => out.set(objectId, (await client.call("listAudit", { query: { objectId, limit: 10000 } })).items)),
    ),
  );
  return out;
}
