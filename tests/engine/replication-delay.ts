/**
 * Exchange replicates new objects with a delay: right after a grant is added, reads and removals
 * may answer "not found" although the grant exists, and right after forwarding or automatic
 * replies are set, reads may still answer with what was there before. The replication tests
 * (replication-*.test.ts, one file per stack so they run side by side) have the tenant keep every
 * new mailbox and grant invisible, and every change of a setting unseen, for 12 seconds. Removal
 * must be confirmed, not assumed, and a refresh right after `up` must not take a replicating
 * object for a deleted one.
 */
export const REPLICATION_DELAY_MS = 12_000;

/** The tenant options of a replicating tenant, for engineFixture. */
export const REPLICATING = { tenant: { faults: { replicationDelayMs: REPLICATION_DELAY_MS } } };

/** Waits until everything written so far has replicated. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, REPLICATION_DELAY_MS + 500));

/** What `read` answers once it satisfies `done`, asking every 250 ms for as long as replication may take. */
export async function once<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + REPLICATION_DELAY_MS + 2_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
