import type { AccessRight } from "pulumi-mailbox/schemas/common";
import { RecipientStore } from "./recipients";
import type { AutoReplyRow, ForwardingRow, GrantRow, MailboxRow, SettingHoldRow } from "./rows";

/** Mailboxes and what is set on them: their rows, delegate grants, forwarding and automatic replies. */
export class MailboxStore extends RecipientStore {
  // ---- mailboxes ----

  getMailbox(id: string): MailboxRow | undefined {
    return this.sql(`SELECT * FROM mailboxes WHERE recipient_id = ?`).get(id) as MailboxRow | undefined;
  }

  insertMailbox(row: MailboxRow): void {
    this.sql(
        `INSERT INTO mailboxes (recipient_id, copy_send_as, copy_send_on_behalf, quota_gb, licensed, hidden_from_address_lists, total_item_size_gb, soft_deleted, when_soft_deleted)
         VALUES (@recipient_id, @copy_send_as, @copy_send_on_behalf, @quota_gb, @licensed, @hidden_from_address_lists, @total_item_size_gb, @soft_deleted, @when_soft_deleted)`,
      )
      .run({ hidden_from_address_lists: 0, ...row });
  }

  updateMailbox(id: string, fields: Partial<Omit<MailboxRow, "recipient_id">>): void {
    const allowed = ["copy_send_as", "copy_send_on_behalf", "quota_gb", "licensed", "hidden_from_address_lists", "total_item_size_gb", "soft_deleted", "when_soft_deleted"];
    const keys = Object.keys(fields).filter((k) => allowed.includes(k));
    if (keys.length === 0) return;
    this.sql(`UPDATE mailboxes SET ${keys.map((k) => `${k} = @${k}`).join(", ")} WHERE recipient_id = @id`).run({ ...fields, id });
  }

  // ---- grants ----

  getGrant(targetId: string, right: AccessRight, trusteeId: string): GrantRow | undefined {
    return this.sql(`SELECT * FROM grants WHERE target_id = ? AND access_right = ? AND trustee_id = ?`).get(targetId, right, trusteeId) as GrantRow | undefined;
  }

  /** Grants on a target, in a stable order; only those visible at `now` unless now is undefined. */
  grantsOn(targetId: string, now?: number): GrantRow[] {
    const rows = this.sql(`SELECT * FROM grants WHERE target_id = ? ORDER BY access_right, created_at, trustee_id`).all(targetId) as GrantRow[];
    return now === undefined ? rows : rows.filter((g) => g.visible_at <= now);
  }

  sendOnBehalfOfMany(targetIds: readonly string[], now: number): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const id of targetIds) out.set(id, []);
    if (targetIds.length === 0) return out;
    const stmt = this.sql(
      `SELECT target_id, trustee_id FROM grants WHERE access_right = 'SendOnBehalf' AND visible_at <= ? AND target_id IN (SELECT value FROM json_each(?)) ORDER BY target_id, created_at, trustee_id`,
    );
    for (const row of stmt.all(now, JSON.stringify(targetIds)) as { target_id: string; trustee_id: string }[]) out.get(row.target_id)?.push(row.trustee_id);
    return out;
  }

  countGrantsOn(targetId: string): number {
    return (this.sql(`SELECT COUNT(*) AS n FROM grants WHERE target_id = ?`).get(targetId) as { n: number }).n;
  }

  insertGrant(row: GrantRow): void {
    this.sql(`INSERT INTO grants (target_id, access_right, trustee_id, auto_mapping, created_at, visible_at) VALUES (@target_id, @access_right, @trustee_id, @auto_mapping, @created_at, @visible_at)`)
      .run(row);
  }

  deleteGrant(targetId: string, right: AccessRight, trusteeId: string): void {
    this.sql(`DELETE FROM grants WHERE target_id = ? AND access_right = ? AND trustee_id = ?`).run(targetId, right, trusteeId);
  }

  // ---- forwarding ----

  getForwarding(mailboxId: string): ForwardingRow | undefined {
    return this.sql(`SELECT * FROM forwarding WHERE mailbox_id = ?`).get(mailboxId) as ForwardingRow | undefined;
  }

  setForwarding(row: ForwardingRow): void {
    this.sql(
        `INSERT INTO forwarding (mailbox_id, forwarding_address, forwarding_smtp_address, deliver_to_mailbox_and_forward)
         VALUES (@mailbox_id, @forwarding_address, @forwarding_smtp_address, @deliver_to_mailbox_and_forward)
         ON CONFLICT (mailbox_id) DO UPDATE SET forwarding_address = excluded.forwarding_address,
           forwarding_smtp_address = excluded.forwarding_smtp_address, deliver_to_mailbox_and_forward = excluded.deliver_to_mailbox_and_forward`,
      )
      .run(row);
  }

  clearForwarding(mailboxId: string): void {
    this.sql(`DELETE FROM forwarding WHERE mailbox_id = ?`).run(mailboxId);
  }

  // ---- a setting's change while it replicates ----

  /** The JSON reads of a mailbox's setting answer at `now` while its last change replicates, if it still does. */
  heldSetting(mailboxId: string, setting: SettingHoldRow["setting"], now: number): string | undefined {
    const row = this.sql(`SELECT seen_json FROM setting_holds WHERE mailbox_id = ? AND setting = ? AND visible_at > ?`).get(mailboxId, setting, now) as
      | { seen_json: string }
      | undefined;
    return row?.seen_json;
  }

  holdSetting(row: SettingHoldRow): void {
    this.sql(
        `INSERT INTO setting_holds (mailbox_id, setting, seen_json, visible_at) VALUES (@mailbox_id, @setting, @seen_json, @visible_at)
         ON CONFLICT (mailbox_id, setting) DO UPDATE SET seen_json = excluded.seen_json, visible_at = excluded.visible_at`,
      )
      .run(row);
  }

  releaseSetting(mailboxId: string, setting: SettingHoldRow["setting"]): void {
    this.sql(`DELETE FROM setting_holds WHERE mailbox_id = ? AND setting = ?`).run(mailboxId, setting);
  }

  // ---- automatic replies ----

  getAutoReply(mailboxId: string): AutoReplyRow | undefined {
    return this.sql(`SELECT * FROM auto_replies WHERE mailbox_id = ?`).get(mailboxId) as AutoReplyRow | undefined;
  }

  setAutoReply(row: AutoReplyRow): void {
    this.sql(
        `INSERT INTO auto_replies (mailbox_id, state, start_time, end_time, internal_message, external_message, external_audience)
         VALUES (@mailbox_id, @state, @start_time, @end_time, @internal_message, @external_message, @external_audience)
         ON CONFLICT (mailbox_id) DO UPDATE SET state = excluded.state, start_time = excluded.start_time, end_time = excluded.end_time,
           internal_message = excluded.internal_message, external_message = excluded.external_message, external_audience = excluded.external_audience`,
      )
      .run(row);
  }
}
