import type { Directory } from "../directory";
import { TenantError } from "../client/errors";

/** How a removal of something kept on a mailbox ended. */
export type Removal = "removed" | "went with its mailbox" | "mailbox gone for good" | "not found";

/**
 * Removes what lives on a mailbox — a grant, forwarding, automatic replies, or the mailbox itself —
 * for a delete.
 *
 * "Not found" has three causes. The mailbox may have been deleted: then Exchange keeps the grant or
 * setting with the soft-deleted mailbox and refuses changes to it, so it went with the mailbox and
 * the delete is done at once (a mailbox deleted by hand, or first by a destroy that saw no
 * dependency, must not make the others wait for nothing). The mailbox may be gone for good —
 * purged after its 30 days, or permanently deleted — and the tenant's audit log says so: done at
 * once too. Or the object was written moments ago and is still replicating: only then, within the
 * replication window after `since` (this program's write), is the removal tried again until it
 * takes or the window is over.
 */
export async function removeFromMailbox(
  directory: Directory,
  mailboxId: string,
  since: string | undefined,
  remove: () => Promise<unknown>,
): Promise<Removal> {
  const outcome = await directory.client.untilReplicated<Removal>({ since }, async () => {
    try {
      await remove();
      return "removed";
    } catch (e) {
      if (!(e instanceof TenantError && e.notFound)) throw e;
    }
    // The list of soft-deleted mailboxes is shared by every delete of the process, and asked again
    // after this process deletes a mailbox: a destroy of many grants on one deleted mailbox asks once.
    if (await directory.softDeletedById(mailboxId)) return "went with its mailbox";
    return (await goneForGood(directory, mailboxId)) ? "mailbox gone for good" : undefined;
  });
  // Past the replication window "not found" is the truth: the object or its mailbox is gone.
  return outcome ?? "not found";
}

/** Per provider process, the mailboxes found gone for good (that never changes) or being asked about. */
const purged = new WeakMap<Directory, Map<string, Promise<boolean>>>();

/**
 * Whether the tenant's audit log records the mailbox's purge (Exchange's permanent removal, after
 * the 30 days or on request): it is in neither the recipients nor the soft-deleted list then, and
 * nothing on it can still be replicating. Every delete on one purged mailbox shares one request. A
 * log the token may not read, or any other failure, is "not known": the caller waits as before.
 */
async function goneForGood(directory: Directory, mailboxId: string): Promise<boolean> {
  let known = purged.get(directory);
  if (!known) purged.set(directory, (known = new Map()));
  let answer = known.get(mailboxId);
  if (!answer) {
    answer = directory.client
      .call("listAudit", { query: { objectId: mailboxId, limit: 10_000 } })
      .then((log) => log.items.some((entry) => entry.action === "purgeMailbox"))
      .catch((e) => {
        if (e instanceof TenantError) return false;
        throw e;
      });
    known.set(mailboxId, answer);
  }
  const gone = await answer;
  // Only "gone" is kept: a mailbox not purged yet may be by the next try.
  if (!gone) known.delete(mailboxId);
  return gone;
}
