import type { AccessRight, RecipientType } from "pulumi-mailbox/schemas/common";

/** The rows of the tenant's SQLite tables (tenant/store/migrations.ts), as better-sqlite3 returns them. */

export interface OrgInfo {
  organization: string;
  defaultDomain: string;
  acceptedDomains: string[];
}

export interface RecipientRow {
  id: string;
  name: string;
  display_name: string;
  alias: string;
  primary_address: string;
  type: RecipientType;
  account_disabled: number;
  external_email_address: string | null;
  when_created: string;
  when_changed: string;
  visible_at: number;
  /** From the mailboxes table; null for recipients without a mailbox. */
  soft_deleted: number | null;
}

export interface AddressRow {
  recipient_id: string;
  address: string;
  is_primary: number;
  position: number;
}

export interface MailboxRow {
  recipient_id: string;
  copy_send_as: number;
  copy_send_on_behalf: number;
  quota_gb: number;
  licensed: number;
  /** Optional on insert: the column's default (0) applies. */
  hidden_from_address_lists?: number;
  total_item_size_gb: number;
  soft_deleted: number;
  when_soft_deleted: string | null;
}

export interface GrantRow {
  target_id: string;
  access_right: AccessRight;
  trustee_id: string;
  auto_mapping: number;
  created_at: string;
  visible_at: number;
}

export interface ForwardingRow {
  mailbox_id: string;
  forwarding_address: string | null;
  forwarding_smtp_address: string | null;
  deliver_to_mailbox_and_forward: number;
}

export interface AutoReplyRow {
  mailbox_id: string;
  state: "Enabled" | "Disabled" | "Scheduled";
  start_time: string | null;
  end_time: string | null;
  internal_message: string;
  external_message: string;
  external_audience: "None" | "Known" | "All";
}

/** What reads of a mailbox's setting answer until its last change has replicated (visible_at). */
export interface SettingHoldRow {
  mailbox_id: string;
  setting: "forwarding" | "autoReply";
  seen_json: string;
  visible_at: number;
}

export interface AuditRow {
  id: number;
  at: string;
  principal: string;
  action: string;
  object_id: string;
  object_type: string;
  before_json: string | null;
  after_json: string | null;
}

export interface IdempotencyRow {
  principal: string;
  key: string;
  method: string;
  path: string;
  body_hash: string;
  status: number;
  response: string;
  at: string;
}

export interface Visibility {
  /** Also find soft-deleted mailboxes. */
  includeDeleted?: boolean;
  /** Also find objects still "replicating" (visible_at in the future). */
  includeInvisible?: boolean;
  /** Now, in ms since the epoch, to compare with visible_at. */
  now: number;
}
