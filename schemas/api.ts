import * as z from "zod";
import { WhoAmI } from "./common";
import { Recipient, RecipientList, RecipientQuery, AuditList, AuditQuery, Organization } from "./recipient";
import { Mailbox, MailboxList, CreateSharedMailboxBody, UpdateMailboxBody, ConvertMailboxBody } from "./shared-mailbox";
import { Grant, GrantList, AddGrantBody } from "./permission";
import { Forwarding, SetForwardingBody } from "./forwarding";
import { AutoReply, SetAutoReplyBody } from "./auto-reply";

/**
 * What the tenant remembers of a write sent with an Idempotency-Key: its answer's status and the
 * id of the object it made or changed. A client that lost the answer (it crashed, or its retries
 * ran out) asks for it to recognise its own earlier create.
 */
export const IdempotencyRecord = z.object({
  key: z.string(),
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  objectId: z.string().nullable(),
  at: z.string(),
});
export type IdempotencyRecord = z.infer<typeof IdempotencyRecord>;

/** A yes/no switch in a query string (which carries text): "true", else "false". */
const QueryFlag = z.enum(["true", "false"]).default("false");

/**
 * The tenant's HTTP API, written once: the server registers these routes with these schemas
 * and the provider's client calls them by name. `:identity` is an id, any address, an alias or
 * a name. Every error is an ApiError body with a stable code.
 */
export const API = {
  health: { method: "GET", path: "/health", response: z.object({ status: z.literal("ok") }) },
  whoami: { method: "GET", path: "/v1/whoami", response: WhoAmI },
  getOrganization: { method: "GET", path: "/v1/organization", response: Organization },

  listRecipients: { method: "GET", path: "/v1/recipients", query: RecipientQuery, response: RecipientList },
  getRecipient: { method: "GET", path: "/v1/recipients/:identity", response: Recipient },

  listSharedMailboxes: {
    method: "GET",
    path: "/v1/shared-mailboxes",
    query: z.object({ deleted: QueryFlag }),
    response: MailboxList,
  },
  createSharedMailbox: { method: "POST", path: "/v1/shared-mailboxes", body: CreateSharedMailboxBody, response: Mailbox },
  getMailbox: { method: "GET", path: "/v1/mailboxes/:identity", response: Mailbox },
  updateMailbox: { method: "PATCH", path: "/v1/mailboxes/:identity", body: UpdateMailboxBody, response: Mailbox },
  /** Soft delete (recoverable for 30 days). */
  deleteMailbox: { method: "DELETE", path: "/v1/mailboxes/:identity", response: Mailbox },
  restoreMailbox: { method: "POST", path: "/v1/mailboxes/:identity/restore", response: Mailbox },
  convertMailbox: { method: "POST", path: "/v1/mailboxes/:identity/convert", body: ConvertMailboxBody, response: Mailbox },

  listGrants: {
    method: "GET",
    path: "/v1/recipients/:identity/grants",
    query: z.object({ includeSystem: QueryFlag }),
    response: GrantList,
  },
  /** The grants on every shared mailbox at once (Get-Mailbox -RecipientTypeDetails SharedMailbox | Get-MailboxPermission): one request where a refresh of many grants would make one per mailbox. */
  listSharedMailboxGrants: { method: "GET", path: "/v1/shared-mailboxes/grants", response: GrantList },
  addGrant: { method: "POST", path: "/v1/recipients/:identity/grants", body: AddGrantBody, response: Grant },
  /** :trustee is any identity of the trustee. */
  removeGrant: { method: "DELETE", path: "/v1/recipients/:identity/grants/:accessRights/:trustee", response: Grant },

  getForwarding: { method: "GET", path: "/v1/mailboxes/:identity/forwarding", response: Forwarding },
  /** The forwarding of every shared mailbox at once: one request where a refresh of many forwarding rules would make one each. */
  listSharedMailboxForwarding: { method: "GET", path: "/v1/shared-mailboxes/forwarding", response: z.object({ items: z.array(Forwarding) }) },
  setForwarding: { method: "PUT", path: "/v1/mailboxes/:identity/forwarding", body: SetForwardingBody, response: Forwarding },
  clearForwarding: { method: "DELETE", path: "/v1/mailboxes/:identity/forwarding", response: Forwarding },

  getAutoReply: { method: "GET", path: "/v1/mailboxes/:identity/auto-reply", response: AutoReply },
  /** The automatic replies of every shared mailbox at once (off ones too): one request where a refresh would make one per mailbox. */
  listSharedMailboxAutoReplies: { method: "GET", path: "/v1/shared-mailboxes/auto-replies", response: z.object({ items: z.array(AutoReply) }) },
  setAutoReply: { method: "PUT", path: "/v1/mailboxes/:identity/auto-reply", body: SetAutoReplyBody, response: AutoReply },

  listAudit: { method: "GET", path: "/v1/audit", query: AuditQuery, response: AuditList },

  /** The caller's own earlier write with this Idempotency-Key; 404 when it never reached the tenant. */
  getIdempotencyRecord: { method: "GET", path: "/v1/idempotency/:key", response: IdempotencyRecord },
} as const;

export type ApiName = keyof typeof API;

/** Per-request fault headers the tenant honours when started with faults allowed. */
export const FAULT_HEADERS = {
  /** "1" → answer 429 with Retry-After. */
  throttle: "x-fault-throttle",
  /** "1" → answer 503. */
  unavailable: "x-fault-unavailable",
  /** milliseconds of added latency. */
  latencyMs: "x-fault-latency-ms",
  /** "1" → the server process exits in the middle of this request, after the write is not committed. */
  die: "x-fault-die",
  /** milliseconds a new object or grant stays invisible to reads. */
  replicationDelayMs: "x-fault-replication-delay-ms",
} as const;

/** Header carrying a client-chosen key: a retried create with the same key returns the first result. */
export const IDEMPOTENCY_HEADER = "idempotency-key";

type Routes = typeof API;

/** ":identity/grants/:accessRights/:trustee" -> "identity" | "accessRights" | "trustee" */
export type PathParamNames<P extends string> = P extends `${string}:${infer Param}/${infer Rest}`
  ? Param | PathParamNames<`/${Rest}`>
  : P extends `${string}:${infer Param}`
    ? Param
    : never;

/** The values of a route's `:name` path segments, e.g. { identity, accessRights, trustee } for removeGrant. */
export type PathParams<N extends ApiName> = { [K in PathParamNames<Routes[N]["path"]>]: string };

/** Names of a route's path parameters, in order: ["identity", "accessRights", "trustee"] for removeGrant. */
export function pathParamNames(name: ApiName): string[] {
  return [...API[name].path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
}
