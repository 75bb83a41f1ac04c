import { randomUUID } from "node:crypto";
import { RecipientType, deriveAlias, normalizeAddress, recipientTypeLabel, toProxyAddresses } from "pulumi-mailbox/schemas/common";
import type { Mailbox, CreateSharedMailboxBody, UpdateMailboxBody } from "pulumi-mailbox/schemas/shared-mailbox";
import { ApiFailure } from "../errors";
import type { MailboxRow, RecipientRow } from "../store/store";
import { ServiceArea } from "./area";
import { Ctx, DEFAULT_QUOTA_GB, SOFT_DELETE_RETENTION_MS, WriteResult, bool, iso } from "./context";
import { checkAddresses, checkAliasFree, checkNameFree, checkQuota, splitAddresses } from "./mailbox-rules";

/** Where each address first appears in a request's list, by its folded key: one pass, not one search per address. */
function firstIndexes(addresses: readonly string[] | undefined): Map<string, number> {
  const at = new Map<string, number>();
  (addresses ?? []).forEach((a, i) => {
    const key = normalizeAddress(a);
    if (!at.has(key)) at.set(key, i);
  });
  return at;
}

/** Exchange's quota state: sending stops at 98% of the quota, receiving too at 100%. */
function quotaState(m: MailboxRow): Mailbox["quotaState"] {
  return m.total_item_size_gb >= m.quota_gb ? "SendReceiveProhibited" : m.total_item_size_gb >= 0.98 * m.quota_gb ? "SendProhibited" : "Normal";
}

/** Shared and user mailboxes: their views, and creating, changing, deleting, restoring and converting them. */
export class Mailboxes extends ServiceArea {
  views(rows: RecipientRow[], now: number): Mailbox[] {
    const recipients = this.recipients.views(rows);
    const sendOnBehalf = this.store.sendOnBehalfOfMany(rows.map((r) => r.id), now);
    return rows.map((row, i) => {
      const m = this.store.getMailbox(row.id);
      if (!m) throw new Error(`recipient ${row.id} (${row.type}) has no mailbox row`);
      return {
        ...recipients[i],
        messageCopyForSentAsEnabled: bool(m.copy_send_as),
        messageCopyForSendOnBehalfEnabled: bool(m.copy_send_on_behalf),
        quotaGB: m.quota_gb,
        licensed: bool(m.licensed),
        hiddenFromAddressListsEnabled: bool(m.hidden_from_address_lists ?? 0),
        totalItemSizeGB: m.total_item_size_gb,
        quotaState: quotaState(m),
        isSoftDeleted: bool(m.soft_deleted),
        whenSoftDeleted: m.when_soft_deleted,
        grantSendOnBehalfTo: sendOnBehalf.get(row.id) ?? [],
        whenCreated: row.when_created,
        whenChanged: row.when_changed,
      };
    });
  }

  view(id: string, now: number): Mailbox {
    const row = this.store.getRecipient(id);
    if (!row) throw new Error(`mailbox ${id} vanished`);
    return this.views([row], now)[0];
  }

  listShared(ctx: Ctx, deleted: boolean): Mailbox[] {
    let rows = this.store.listMailboxesOfType("SharedMailbox", deleted, ctx.now);
    if (deleted) {
      const cutoff = iso(ctx.now - SOFT_DELETE_RETENTION_MS);
      rows = rows.filter((r) => (this.store.getMailbox(r.id)?.when_soft_deleted ?? "") >= cutoff);
    }
    return this.views(rows, ctx.now);
  }

  get(ctx: Ctx, identity: string): Mailbox {
    return this.view(this.recipients.resolveMailbox(ctx, identity).id, ctx.now);
  }

  createShared(ctx: Ctx, body: CreateSharedMailboxBody): WriteResult<Mailbox> {
    const org = this.recipients.org();
    const name = body.name ?? body.displayName;
    if (name.length > 64) {
      throw new ApiFailure("ValidationFailed", `name: is at most 64 characters; the name defaults to the display name, so give a shorter name`, "name");
    }
    checkNameFree(this.store, name, undefined, body.name !== undefined ? "name" : "displayName");
    const alias = body.alias ?? (deriveAlias(name) || `sharedmailbox${randomUUID().slice(0, 8)}`);
    checkAliasFree(this.store, alias, undefined, body.alias !== undefined ? "alias" : body.name !== undefined ? "name" : "displayName");
    const primary = body.primarySmtpAddress ?? `${alias}@${org.defaultDomain}`;
    const all = toProxyAddresses(primary, body.additionalAddresses ?? []);
    const { proxies } = splitAddresses(all);
    const checks = [{ address: primary, field: body.primarySmtpAddress ? "primarySmtpAddress" : "alias" }];
    const declaredAt = firstIndexes(body.additionalAddresses);
    for (const p of proxies) checks.push({ address: p, field: `additionalAddresses.${declaredAt.get(normalizeAddress(p))}` });
    checkAddresses(this.store, org, checks, undefined);
    const quotaGB = body.quotaGB ?? DEFAULT_QUOTA_GB;
    const licensed = body.licensed ?? false;
    checkQuota(quotaGB, licensed, "quotaGB");

    const id = randomUUID();
    const when = iso(ctx.now);
    this.store.insertRecipient({
      id,
      name,
      display_name: body.displayName,
      alias,
      primary_address: primary,
      type: "SharedMailbox",
      account_disabled: 1,
      external_email_address: null,
      when_created: when,
      when_changed: when,
      visible_at: ctx.now + ctx.replicationDelayMs,
    });
    this.store.setAddresses(id, primary, proxies);
    this.store.insertMailbox({
      recipient_id: id,
      copy_send_as: body.messageCopyForSentAsEnabled ? 1 : 0,
      copy_send_on_behalf: body.messageCopyForSendOnBehalfEnabled ? 1 : 0,
      quota_gb: quotaGB,
      licensed: licensed ? 1 : 0,
      hidden_from_address_lists: body.hiddenFromAddressListsEnabled ? 1 : 0,
      total_item_size_gb: 0,
      soft_deleted: 0,
      when_soft_deleted: null,
    });
    const after = this.view(id, ctx.now);
    this.audit.record(ctx, "createSharedMailbox", id, "Mailbox", null, after);
    return { status: 201, body: after };
  }

  update(ctx: Ctx, identity: string, body: UpdateMailboxBody): WriteResult<Mailbox> {
    const row = this.recipients.resolveMailbox(ctx, identity);
    const before = this.view(row.id, ctx.now);
    const mbx = this.store.getMailbox(row.id)!;

    if (body.name !== undefined && body.name !== row.name) checkNameFree(this.store, body.name, row.id);
    if (body.alias !== undefined && body.alias !== row.alias) checkAliasFree(this.store, body.alias, row.id);

    if (body.primarySmtpAddress !== undefined || body.additionalAddresses !== undefined) {
      const oldPrimary = before.primarySmtpAddress;
      const newPrimary = body.primarySmtpAddress ?? oldPrimary;
      const current = splitAddresses(before.emailAddresses).proxies;
      const proxies = [...(body.additionalAddresses ?? current)];
      if (normalizeAddress(newPrimary) !== normalizeAddress(oldPrimary)) proxies.push(oldPrimary);
      const all = splitAddresses(toProxyAddresses(newPrimary, proxies));
      const owned = new Set(before.emailAddresses.map(normalizeAddress));
      const checks: { address: string; field: string }[] = [];
      if (!owned.has(normalizeAddress(all.primary))) checks.push({ address: all.primary, field: "primarySmtpAddress" });
      const declaredAt = firstIndexes(body.additionalAddresses);
      for (const p of all.proxies) {
        if (owned.has(normalizeAddress(p))) continue;
        checks.push({ address: p, field: `additionalAddresses.${declaredAt.get(normalizeAddress(p)) ?? -1}` });
      }
      checkAddresses(this.store, this.recipients.org(), checks, row.id);
      this.store.setAddresses(row.id, all.primary, all.proxies);
      this.store.updateRecipient(row.id, { primary_address: all.primary });
    }

    const quotaGB = body.quotaGB ?? mbx.quota_gb;
    const licensed = body.licensed ?? bool(mbx.licensed);
    if (body.quotaGB !== undefined || body.licensed !== undefined) checkQuota(quotaGB, licensed, body.quotaGB !== undefined ? "quotaGB" : "licensed");

    this.store.updateRecipient(row.id, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.displayName !== undefined ? { display_name: body.displayName } : {}),
      ...(body.alias !== undefined ? { alias: body.alias } : {}),
      ...(body.accountDisabled !== undefined ? { account_disabled: body.accountDisabled ? 1 : 0 } : {}),
    });
    this.store.updateMailbox(row.id, {
      ...(body.messageCopyForSentAsEnabled !== undefined ? { copy_send_as: body.messageCopyForSentAsEnabled ? 1 : 0 } : {}),
      ...(body.messageCopyForSendOnBehalfEnabled !== undefined ? { copy_send_on_behalf: body.messageCopyForSendOnBehalfEnabled ? 1 : 0 } : {}),
      ...(body.quotaGB !== undefined ? { quota_gb: body.quotaGB } : {}),
      ...(body.licensed !== undefined ? { licensed: body.licensed ? 1 : 0 } : {}),
      ...(body.hiddenFromAddressListsEnabled !== undefined ? { hidden_from_address_lists: body.hiddenFromAddressListsEnabled ? 1 : 0 } : {}),
      ...(body.totalItemSizeGB !== undefined ? { total_item_size_gb: body.totalItemSizeGB } : {}),
    });
    return this.finishChange(ctx, row.id, before, "updateMailbox");
  }

  /** Stamps whenChanged and audits when something changed; a no-op change writes nothing. */
  private finishChange(ctx: Ctx, id: string, before: Mailbox, action: string): WriteResult<Mailbox> {
    let after = this.view(id, ctx.now);
    const same = JSON.stringify({ ...before, whenChanged: "" }) === JSON.stringify({ ...after, whenChanged: "" });
    if (same) return { status: 200, body: after };
    this.store.updateRecipient(id, { when_changed: iso(ctx.now) });
    after = this.view(id, ctx.now);
    this.audit.record(ctx, action, id, "Mailbox", before, after);
    return { status: 200, body: after };
  }

  delete(ctx: Ctx, identity: string): WriteResult<Mailbox> {
    const row = this.recipients.resolveMailbox(ctx, identity);
    const before = this.view(row.id, ctx.now);
    this.store.updateMailbox(row.id, { soft_deleted: 1, when_soft_deleted: iso(ctx.now) });
    return this.finishChange(ctx, row.id, before, "deleteMailbox");
  }

  restore(ctx: Ctx, identity: string): WriteResult<Mailbox> {
    const row = this.recipients.resolveMailbox(ctx, identity, { includeDeleted: true });
    const mbx = this.store.getMailbox(row.id)!;
    if (!mbx.soft_deleted) {
      throw new ApiFailure("NotDeleted", `"${row.name}" is not deleted: only a soft-deleted mailbox can be restored`, "identity");
    }
    if (!mbx.when_soft_deleted || Date.parse(mbx.when_soft_deleted) < ctx.now - SOFT_DELETE_RETENTION_MS) {
      throw this.recipients.notFound(identity, "identity", "It was deleted more than 30 days ago and is gone for good.");
    }
    const before = this.view(row.id, ctx.now);
    this.store.updateMailbox(row.id, { soft_deleted: 0, when_soft_deleted: null });
    return this.finishChange(ctx, row.id, before, "restoreMailbox");
  }

  /** Permanently removes mailboxes soft-deleted longer than the retention (Exchange purges them). */
  purgeExpired(ctx: Ctx): void {
    for (const row of this.store.expiredSoftDeleted(iso(ctx.now - SOFT_DELETE_RETENTION_MS))) {
      this.store.deleteRecipient(row.id);
      this.audit.record({ ...ctx, principal: "system" }, "purgeMailbox", row.id, "Mailbox", { id: row.id, name: row.name }, null);
    }
  }

  convert(ctx: Ctx, identity: string, to: "SharedMailbox" | "UserMailbox"): WriteResult<Mailbox> {
    const row = this.recipients.resolveMailbox(ctx, identity);
    if (row.type === to) return { status: 200, body: this.view(row.id, ctx.now) };
    const from: RecipientType = to === "SharedMailbox" ? "UserMailbox" : "SharedMailbox";
    if (row.type !== from) {
      throw new ApiFailure(
        "NotSharedMailbox",
        `"${row.name}" is ${recipientTypeLabel[row.type]}; only ${recipientTypeLabel[from]} can be converted to ${recipientTypeLabel[to]}`,
        "to",
      );
    }
    // As in Exchange, conversion keeps the mail, the addresses and every permission: those on the
    // mailbox and those it holds elsewhere (no rule refuses a shared mailbox as a remaining trustee).
    const before = this.view(row.id, ctx.now);
    this.store.updateRecipient(row.id, { type: to });
    return this.finishChange(ctx, row.id, before, "convertMailbox");
  }
}
