import type { Directory } from "../directory";
import { TenantError } from "../client/errors";

/** How a removal of something kept on a mailbox ended. */
export type Removal = "removed" | "went with its mailbox" | "not found";

/**
 * Removes what lives on a mailbox — a grant, forwarding, automatic replies — for a delete.
 *
 * "Not found" has two causes. The mailbox may have been deleted: then Exchange keeps the grant or
 * setting with the soft-deleted mailbox and refuses changes to it, so it went with the mailbox and
 * the delete is done at once (a destroy that deletes the mailbox first, when the others name it by
 * a literal address, must not wait for nothing). Or the object was written moments ago and is
 * still replicating: only then, within the replication window after `since` (this program's
 * write), is the removal tried again until it takes or the window is over.
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
    return (await directory.softDeletedById(mailboxId)) ? "went with its mailbox" : undefined;
  });
  // Past the replication window "not found" is the truth: the object or its mailbox is gone.
  return outcome ?? "not found";
}
