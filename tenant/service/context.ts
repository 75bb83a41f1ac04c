import { MAILBOX_TYPES } from "pulumi-mailbox/schemas/common";
import { SOFT_DELETE_RETENTION_MS, UNLICENSED_QUOTA_LIMIT_GB } from "pulumi-mailbox/schemas/shared-mailbox";

export { MAILBOX_TYPES, SOFT_DELETE_RETENTION_MS };

/** The system principal of Exchange's own permission entry on every mailbox. */
export const SELF_PRINCIPAL = "NT AUTHORITY\\SELF";

export const DEFAULT_QUOTA_GB = UNLICENSED_QUOTA_LIMIT_GB;

/** Who is asking, and when. */
export interface Ctx {
  principal: string;
  /** ms since the epoch. */
  now: number;
  /** A new mailbox or grant stays invisible to reads this long. */
  replicationDelayMs: number;
}

export interface WriteResult<T> {
  status: number;
  body: T;
}

export const iso = (ms: number) => new Date(ms).toISOString();
export const bool = (n: number | null | undefined) => n === 1;
