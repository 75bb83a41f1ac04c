import type { Store } from "./store/store";
import { AuditLog } from "./service/audit";
import { AutoReplies } from "./service/auto-reply";
import { MailForwarding } from "./service/forwarding";
import { Grants } from "./service/grants";
import { Mailboxes } from "./service/mailboxes";
import { Recipients } from "./service/recipients";

export { MAILBOX_TYPES, SOFT_DELETE_RETENTION_MS, SELF_PRINCIPAL, DEFAULT_QUOTA_GB } from "./service/context";
export type { Ctx, WriteResult } from "./service/context";

/**
 * The tenant's rules: every operation of the API, reading and writing the store, one area per file
 * in tenant/service/ — recipients (look-ups and identities), mailboxes (and the rules in
 * mailbox-rules), grants, forwarding, automatic replies, the audit log. The routes call the areas
 * directly. A refused operation throws an ApiFailure before writing anything; callers run writes
 * inside `store.tx` so that a failure half-way changes nothing either.
 */
export class Service {
  readonly recipients: Recipients;
  readonly audit: AuditLog;
  readonly mailboxes: Mailboxes;
  readonly grants: Grants;
  readonly forwarding: MailForwarding;
  readonly autoReplies: AutoReplies;

  constructor(readonly store: Store) {
    this.recipients = new Recipients(store);
    this.audit = new AuditLog(store);
    this.mailboxes = new Mailboxes(store, this.recipients, this.audit);
    this.grants = new Grants(store, this.recipients, this.audit);
    this.forwarding = new MailForwarding(store, this.recipients, this.audit);
    this.autoReplies = new AutoReplies(store, this.recipients, this.audit);
  }
}
