import type { RecipientType } from "pulumi-mailbox/schemas/common";
import type { Recipient, AuditEntry } from "pulumi-mailbox/schemas/recipient";
import type { Mailbox, CreateSharedMailboxBody, UpdateMailboxBody } from "pulumi-mailbox/schemas/shared-mailbox";
import type { Grant, AddGrantBody } from "pulumi-mailbox/schemas/permission";
import type { Forwarding, SetForwardingBody } from "pulumi-mailbox/schemas/forwarding";
import type { AutoReply, SetAutoReplyBody } from "pulumi-mailbox/schemas/auto-reply";
import type { Store, RecipientRow, OrgInfo } from "./store/store";
import { AuditLog } from "./service/audit";
import { AutoReplies } from "./service/auto-reply";
import type { Ctx, WriteResult } from "./service/context";
import { MailForwarding } from "./service/forwarding";
import { Grants } from "./service/grants";
import { Mailboxes } from "./service/mailboxes";
import { Recipients } from "./service/recipients";

export { MAILBOX_TYPES, SOFT_DELETE_RETENTION_MS, SELF_PRINCIPAL, DEFAULT_QUOTA_GB } from "./service/context";
export type { Ctx, WriteResult } from "./service/context";

/**
 * The tenant's rules: every operation of the API, reading and writing the store. A refused
 * operation throws an ApiFailure before writing anything; callers run writes inside `store.tx`
 * so that a failure half-way changes nothing either.
 *
 * One object for the routes; each area lives in tenant/service/: recipients (lookups and
 * identities), mailboxes (and the rules in mailbox-rules), grants, forwarding, auto-reply, audit.
 */
export class Service {
  private readonly recipients: Recipients;
  private readonly auditLog: AuditLog;
  private readonly mailboxes: Mailboxes;
  private readonly grants: Grants;
  private readonly forwarding: MailForwarding;
  private readonly autoReplies: AutoReplies;

  constructor(readonly store: Store) {
    this.recipients = new Recipients(store);
    this.auditLog = new AuditLog(store);
    this.mailboxes = new Mailboxes(store, this.recipients, this.auditLog);
    this.grants = new Grants(store, this.recipients, this.auditLog);
    this.forwarding = new MailForwarding(store, this.recipients, this.auditLog);
    this.autoReplies = new AutoReplies(store, this.recipients, this.auditLog);
  }

  // ---------------------------------------------------------------- lookups and views

  org(): OrgInfo {
    return this.recipients.org();
  }

  resolveRecipient(ctx: Ctx, identity: string, field = "identity"): RecipientRow {
    return this.recipients.resolveRecipient(ctx, identity, field);
  }

  resolveMailbox(ctx: Ctx, identity: string, opts: { includeDeleted?: boolean } = {}): RecipientRow {
    return this.recipients.resolveMailbox(ctx, identity, opts);
  }

  recipientViews(rows: RecipientRow[]): Recipient[] {
    return this.recipients.views(rows);
  }

  mailboxViews(rows: RecipientRow[], now: number): Mailbox[] {
    return this.mailboxes.views(rows, now);
  }

  mailboxView(id: string, now: number): Mailbox {
    return this.mailboxes.view(id, now);
  }

  forwardingView(mailboxId: string): Forwarding {
    return this.forwarding.view(mailboxId);
  }

  autoReplyView(mailboxId: string): AutoReply {
    return this.autoReplies.view(mailboxId);
  }

  // ---------------------------------------------------------------- audit

  listAudit(q: { objectId?: string; principal?: string; since?: string; until?: string; limit: number }): AuditEntry[] {
    return this.auditLog.list(q);
  }

  /** Permanently removes mailboxes soft-deleted longer than the retention (Exchange purges them). */
  purgeExpired(ctx: Ctx): void {
    this.mailboxes.purgeExpired(ctx);
  }

  // ---------------------------------------------------------------- recipients

  listRecipients(ctx: Ctx, q: { type?: RecipientType; search?: string; limit: number; offset: number }): { items: Recipient[]; total: number } {
    return this.recipients.list(ctx, q);
  }

  getRecipient(ctx: Ctx, identity: string): Recipient {
    return this.recipients.get(ctx, identity);
  }

  // ---------------------------------------------------------------- mailboxes

  listSharedMailboxes(ctx: Ctx, deleted: boolean): Mailbox[] {
    return this.mailboxes.listShared(ctx, deleted);
  }

  getMailbox(ctx: Ctx, identity: string): Mailbox {
    return this.mailboxes.get(ctx, identity);
  }

  createSharedMailbox(ctx: Ctx, body: CreateSharedMailboxBody): WriteResult<Mailbox> {
    return this.mailboxes.createShared(ctx, body);
  }

  updateMailbox(ctx: Ctx, identity: string, body: UpdateMailboxBody): WriteResult<Mailbox> {
    return this.mailboxes.update(ctx, identity, body);
  }

  deleteMailbox(ctx: Ctx, identity: string): WriteResult<Mailbox> {
    return this.mailboxes.delete(ctx, identity);
  }

  restoreMailbox(ctx: Ctx, identity: string): WriteResult<Mailbox> {
    return this.mailboxes.restore(ctx, identity);
  }

  convertMailbox(ctx: Ctx, identity: string, to: "SharedMailbox" | "UserMailbox"): WriteResult<Mailbox> {
    return this.mailboxes.convert(ctx, identity, to);
  }

  // ---------------------------------------------------------------- grants

  listGrants(ctx: Ctx, identity: string, includeSystem: boolean): Grant[] {
    return this.grants.list(ctx, identity, includeSystem);
  }

  listSharedMailboxGrants(ctx: Ctx): Grant[] {
    return this.grants.listOnShared(ctx);
  }

  addGrant(ctx: Ctx, identity: string, body: AddGrantBody): WriteResult<Grant> {
    return this.grants.add(ctx, identity, body);
  }

  removeGrant(ctx: Ctx, identity: string, accessRights: string, trusteeRef: string): WriteResult<Grant> {
    return this.grants.remove(ctx, identity, accessRights, trusteeRef);
  }

  // ---------------------------------------------------------------- forwarding

  getForwarding(ctx: Ctx, identity: string): Forwarding {
    return this.forwarding.get(ctx, identity);
  }

  setForwarding(ctx: Ctx, identity: string, body: SetForwardingBody): WriteResult<Forwarding> {
    return this.forwarding.set(ctx, identity, body);
  }

  clearForwarding(ctx: Ctx, identity: string): WriteResult<Forwarding> {
    return this.forwarding.clear(ctx, identity);
  }

  // ---------------------------------------------------------------- automatic replies

  getAutoReply(ctx: Ctx, identity: string): AutoReply {
    return this.autoReplies.get(ctx, identity);
  }

  setAutoReply(ctx: Ctx, identity: string, body: SetAutoReplyBody): WriteResult<AutoReply> {
    return this.autoReplies.set(ctx, identity, body);
  }
}
