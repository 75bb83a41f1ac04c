import { Role } from "pulumi-mailbox/schemas/common";

/** Faults the tenant injects, for tests of the provider's retries. All off by default. */
export interface FaultOptions {
  /** Allow per-request fault headers (FAULT_HEADERS in schemas/api.ts). */
  allowFaultHeaders?: boolean;
  /** Fraction 0..1 of requests answered 429 with Retry-After. */
  throttleRate?: number;
  /** Requests allowed per principal per minute before 429 (Exchange-like budget). */
  throttleBudgetPerMinute?: number;
  /** Seconds sent in Retry-After on a 429. */
  retryAfterSeconds?: number;
  /** Fraction 0..1 of requests answered 503. */
  unavailableRate?: number;
  /** Milliseconds added to every request. */
  latencyMs?: number;
  /** Milliseconds a newly created mailbox or grant stays invisible to reads ("not found"), and a change of a mailbox's forwarding or automatic replies unseen (reads answer the value before it). */
  replicationDelayMs?: number;
  /** What the "die" fault header does: "close" (default) destroys the request's socket and closes
   *  the server and its store without committing; "exit" also ends the process (exit code 137). */
  dieMode?: "close" | "exit";
}

export interface TenantOptions {
  /** SQLite file, or ":memory:". */
  dataFile: string;
  /** Directory seed YAML loaded on the first start (when the store is empty). */
  seedFile?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** token -> principal and role. When empty, a development token for a GlobalAdmin is generated
   *  at first start and written next to the data file as `<dataFile>.token`. */
  tokens?: Record<string, { principal: string; role: Role }>;
  faults?: FaultOptions;
  /** Pino logging on stderr; off in tests. */
  log?: boolean;
  /** Milliseconds since the epoch; tests replace it to move time (30-day restore window, budgets). */
  clock?: () => number;
}

export interface RunningTenant {
  url: string;
  /** The tokens in force (including a generated development token). */
  tokens: Record<string, { principal: string; role: Role }>;
  close(): Promise<void>;
  /** Settles once the tenant has stopped: after close(), or when the "die" fault stopped it. */
  stopped?: Promise<void>;
}
