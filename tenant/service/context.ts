import { MAILBOX_TYPES } from "pulumi-mailbox/schemas/common";
import { DEFAULT_QUOTA_GB, SOFT_DELETE_RETENTION_MS } from "pulumi-mailbox/schemas/shared-mailbox";

export { DEFAULT_QUOTA_GB, MAILBOX_TYPES, SOFT_DELETE_RETENTION_MS };

/** The system principal of Exchange's own permission entry on every mailbox. */
export const SELF_PRINCIPAL = "NT AUTHORITY\\SELF";


/** Who is asking, and when. */
export interface Ctx {
  principal: string;
  /** ms since the epoch. */
  now: number;
  /** A new mailbox or grant stays invisible to reads this long; a change of a mailbox's forwarding or automatic replies unseen. */
  replicationDelayMs: number;
}

export interface WriteResult<T> {
  status: number;
  body: T;
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const bool = (n: number | null | undefined) => n === 1;
