import { randomUUID } from "node:crypto";
import {
  AccessRight,
  GROUP_TYPES,
  RecipientType,
  SmtpAddress,
  deriveAlias,
  normalizeAddress,
  recipientTypeLabel,
  replyText,
  toProxyAddresses,
} from "../schemas/common";
import { grantViolations, externalAddressMessage, MAX_PERMISSION_ENTRIES } from "../schemas/rights";
import type { Recipient, AuditEntry } from "../schemas/recipient";
import { Mailbox, CreateSharedMailboxBody, UpdateMailboxBody, UNLICENSED_QUOTA_LIMIT_GB, quotaMessage } from "../schemas/shared-mailbox";
import { Grant, AddGrantBody, grantId } from "../schemas/permission";
import type { Forwarding, SetForwardingBody } from "../schemas/forwarding";
import { AutoReply, SetAutoReplyBody, autoReplyIssues } from "../schemas/auto-reply";
import { ApiFailure } from "./errors";
import { MAILBOX_TYPES } from "../schemas/common";
import { Store, RecipientRow, GrantRow, OrgInfo, AddressRow } from "./store/store";

export { MAILBOX_TYPES };

/** Exchange keeps a soft-deleted mailbox this long. */
export const SOFT_DELETE_RETENTION_MS = 30 * 24 * 3600 * 1000;

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

const iso = (ms: number) => new Date(ms).toISOString();
const bool = (n: number | null | undefined) => n === 1;

function wrapMessage(text: string | undefined): string {
  const inner = replyText(text ?? "");
  return inner === "" ? "" : `<html><body>${inner}</body></html>`;
}

/**
 * The tenant's rules: every operation of the API, reading and writing the store. A refused
 * operation throws an ApiFailure before writing anything; callers run writes inside `store.tx`
 * so that a failure half-way changes nothing either.
 */
export class Service {
  constructor(readonly store: Store) {}

  org(): OrgInfo {
    const org = this.store.org();
    if (!org) throw new Error("the tenant has no organisation: the store was not seeded");
    return org;
  }

  // ---------------------------------------------------------------- lookups

  private notFound(identity: string, field: string, detail?: string): ApiFailure {
    const org = this.store.org()?.organization ?? "the tenant";
    return new ApiFailure(
      "NotFound",
      `The operation couldn't be performed because object '${identity}' couldn't be found on '${org}'.${detail ? ` ${detail}` : ""}`,
      field,
    );
  }

  resolveRecipient(ctx: Ctx, identity: string, field = "identity"): RecipientRow {
    const row = this.store.resolve(identity, { now: ctx.now });
    if (!row) throw this.notFound(identity, field);
    return row;
  }

  resolveMailbox(ctx: Ctx, identity: string, opts: { includeDeleted?: boolean } = {}): RecipientRow {
    const row = this.store.resolve(identity, { now: ctx.now, includeDeleted: opts.includeDeleted });
    if (!row) throw this.notFound(identity, "identity");
    if (!MAILBOX_TYPES.includes(row.type)) {
      throw this.notFound(identity, "identity", `"${row.name}" is ${recipientTypeLabel[row.type]}, not a mailbox.`);
    }
    return row;
  }

  // ---------------------------------------------------------------- views

  private recipientView(row: RecipientRow, addresses: AddressRow[], members: string[] | undefined): Recipient {
    const primary = addresses.find((a) => a.is_primary === 1)?.address ?? row.primary_address;
    const out: Recipient = {
      id: row.id,
      name: row.name,
      displayName: row.display_name,
      alias: row.alias,
      primarySmtpAddress: primary,
      emailAddresses: addresses.map((a) => `${a.is_primary ? "SMTP" : "smtp"}:${a.address}`),
      recipientTypeDetails: row.type,
      accountDisabled: bool(row.account_disabled),
    };
    if (GROUP_TYPES.includes(row.type)) out.members = members ?? [];
    if (row.external_email_address) out.externalEmailAddress = row.external_email_address;
    return out;
  }

  recipientViews(rows: RecipientRow[]): Recipient[] {
    const ids = rows.map((r) => r.id);
    const addresses = this.store.addressesOfMany(ids);
    const members = this.store.membersOfMany(rows.filter((r) => GROUP_TYPES.includes(r.type)).map((r) => r.id));
    return rows.map((r) => this.recipientView(r, addresses.get(r.id) ?? [], members.get(r.id)));
  }

  mailboxViews(rows: RecipientRow[], now: number): Mailbox[] {
    const recipients = this.recipientViews(rows);
    const sendOnBehalf = this.store.sendOnBehalfOfMany(rows.map((r) => r.id), now);
    return rows.map((row, i) => {
      const m = this.store.getMailbox(row.id);
      if (!m) throw new Error(`recipient ${row.id} (${row.type}) has no mailbox row`);
      const quotaState =
        m.total_item_size_gb >= m.quota_gb ? "SendReceiveProhibited" : m.total_item_size_gb >= 0.98 * m.quota_gb ? "SendProhibited" : "Normal";
      return {
        ...recipients[i],
        messageCopyForSentAsEnabled: bool(m.copy_send_as),
        messageCopyForSendOnBehalfEnabled: bool(m.copy_send_on_behalf),
        quotaGB: m.quota_gb,
        licensed: bool(m.licensed),
        totalItemSizeGB: m.total_item_size_gb,
        quotaState,
        isSoftDeleted: bool(m.soft_deleted),
        whenSoftDeleted: m.when_soft_deleted,
        grantSendOnBehalfTo: sendOnBehalf.get(row.id) ?? [],
        whenCreated: row.when_created,
        whenChanged: row.when_changed,
      };
    });
  }

  mailboxView(id: string, now: number): Mailbox {
    const row = this.store.getRecipient(id);
    if (!row) throw new Error(`mailbox ${id} vanished`);
    return this.mailboxViews([row], now)[0];
  }

  private grantView(g: GrantRow): Grant {
    const trustee = this.store.getRecipient(g.trustee_id);
    return {
      id: grantId(g.target_id, g.access_right, g.trustee_id),
      targetId: g.target_id,
      trusteeId: g.trustee_id,
      trusteeAddress: trustee?.primary_address ?? g.trustee_id,
      accessRights: g.access_right,
      autoMapping: bool(g.auto_mapping),
      isSystem: false,
    };
  }

  private selfEntry(targetId: string): Grant {
    return {
      id: grantId(targetId, "FullAccess", SELF_PRINCIPAL),
      targetId,
      trusteeId: SELF_PRINCIPAL,
      trusteeAddress: SELF_PRINCIPAL,
      accessRights: "FullAccess",
      autoMapping: false,
      isSystem: true,
    };
  }

  forwardingView(mailboxId: string): Forwarding {
    const f = this.store.getForwarding(mailboxId);
    if (!f) return { mailboxId, forwardingAddress: null, forwardingSmtpAddress: null, deliverToMailboxAndForward: false, effectiveTarget: null };
    const internal = f.forwarding_address ? this.store.getRecipient(f.forwarding_address) : undefined;
    return {
      mailboxId,
      forwardingAddress: f.forwarding_address,
      forwardingSmtpAddress: f.forwarding_smtp_address,
      deliverToMailboxAndForward: bool(f.deliver_to_mailbox_and_forward),
      effectiveTarget: internal ? internal.primary_address : f.forwarding_smtp_address,
    };
  }

  autoReplyView(mailboxId: string): AutoReply {
    const a = this.store.getAutoReply(mailboxId);
    if (!a) return { mailboxId, state: "Disabled", startTime: null, endTime: null, internalMessage: "", externalMessage: "", externalAudience: "All" };
    return {
      mailboxId,
      state: a.state,
      startTime: a.start_time,
      endTime: a.end_time,
      internalMessage: a.internal_message,
      externalMessage: a.external_message,
      externalAudience: a.external_audience,
    };
  }

  // ---------------------------------------------------------------- audit

  private audit(ctx: Ctx, action: string, objectId: string, objectType: string, before: unknown, after: unknown): void {
    this.store.addAudit({
      at: iso(ctx.now),
      principal: ctx.principal,
      action,
      object_id: objectId,
      object_type: objectType,
      before_json: before === null || before === undefined ? null : JSON.stringify(before),
      after_json: after === null || after === undefined ? null : JSON.stringify(after),
    });
  }

  listAudit(q: { objectId?: string; principal?: string; since?: string; until?: string; limit: number }): AuditEntry[] {
    const norm = (t?: string) => (t ? new Date(t).toISOString() : undefined);
    return this.store.listAudit({ ...q, since: norm(q.since), until: norm(q.until) }).map((r) => ({
      id: r.id,
      at: r.at,
      principal: r.principal,
      action: r.action,
      objectId: r.object_id,
      objectType: r.object_type,
      before: r.before_json === null ? null : JSON.parse(r.before_json),
      after: r.after_json === null ? null : JSON.parse(r.after_json),
    }));
  }

  /** Permanently removes mailboxes soft-deleted longer than the retention (Exchange purges them). */
  purgeExpired(ctx: Ctx): void {
    for (const row of this.store.expiredSoftDeleted(iso(ctx.now - SOFT_DELETE_RETENTION_MS))) {
      this.store.deleteRecipient(row.id);
      this.audit({ ...ctx, principal: "system" }, "purgeMailbox", row.id, "Mailbox", { id: row.id, name: row.name }, null);
    }
  }

  // ---------------------------------------------------------------- rules shared by writes

  private checkNameFree(name: string, ownerId: string | undefined): void {
    const holder = this.store.nameHolder(name);
    if (holder && holder.id !== ownerId) {
      throw new ApiFailure("NameInUse", `The name "${name}" is already being used by another recipient ("${holder.name}"${holder.soft_deleted ? ", soft-deleted" : ""}). Please choose another name.`, "name");
    }
  }

  /** Every new address of a mailbox: in an accepted domain and held by nobody else. */
  private checkAddresses(list: { address: string; field: string }[], ownerId: string | undefined): void {
    const org = this.org();
    const accepted = org.acceptedDomains.map((d) => d.toLowerCase());
    for (const { address, field } of list) {
      const plain = address.replace(/^smtp:/i, "");
      const domain = plain.slice(plain.lastIndexOf("@") + 1).toLowerCase();
      if (!accepted.includes(domain)) {
        throw new ApiFailure(
          "ValidationFailed",
          `The proxy address "SMTP:${plain}" isn't valid because its domain "${domain}" isn't an accepted domain of ${org.organization}: use one of ${org.acceptedDomains.join(", ")}`,
          field,
        );
      }
      const holder = this.store.addressHolder(plain);
      if (holder && holder.id !== ownerId) {
        throw new ApiFailure(
          "AddressInUse",
          `The proxy address "SMTP:${plain}" is already being used by the proxy addresses or LegacyExchangeDN of "${holder.name}". Please choose another proxy address.`,
          field,
        );
      }
    }
  }

  private checkQuota(quotaGB: number, licensed: boolean, field: string): void {
    if (quotaGB > UNLICENSED_QUOTA_LIMIT_GB && !licensed) throw new ApiFailure("QuotaNeedsLicence", quotaMessage(quotaGB), field);
  }

  /** Splits "SMTP:a", "smtp:b" into the plain primary and proxies. */
  private static split(emailAddresses: string[]): { primary: string; proxies: string[] } {
    return {
      primary: emailAddresses[0].replace(/^smtp:/i, ""),
      proxies: emailAddresses.slice(1).map((a) => a.replace(/^smtp:/i, "")),
    };
  }

  // ---------------------------------------------------------------- recipients

  listRecipients(ctx: Ctx, q: { type?: RecipientType; search?: string; limit: number; offset: number }): { items: Recipient[]; total: number } {
    const { rows, total } = this.store.listRecipients(q, ctx.now);
    return { items: this.recipientViews(rows), total };
  }

  getRecipient(ctx: Ctx, identity: string): Recipient {
    return this.recipientViews([this.resolveRecipient(ctx, identity)])[0];
  }

  // ---------------------------------------------------------------- mailboxes

  listSharedMailboxes(ctx: Ctx, deleted: boolean): Mailbox[] {
    let rows = this.store.listMailboxesOfType("SharedMailbox", deleted, ctx.now);
    if (deleted) {
      const cutoff = iso(ctx.now - SOFT_DELETE_RETENTION_MS);
      rows = rows.filter((r) => (this.store.getMailbox(r.id)?.when_soft_deleted ?? "") >= cutoff);
    }
    return this.mailboxViews(rows, ctx.now);
  }

  getMailbox(ctx: Ctx, identity: string): Mailbox {
    return this.mailboxView(this.resolveMailbox(ctx, identity).id, ctx.now);
  }

  createSharedMailbox(ctx: Ctx, body: CreateSharedMailboxBody): WriteResult<Mailbox> {
    const org = this.org();
    const name = body.name ?? body.displayName;
    if (name.length > 64) {
      throw new ApiFailure("ValidationFailed", `name: is at most 64 characters; the name defaults to the display name, so give a shorter name`, "name");
    }
    this.checkNameFree(name, undefined);
    const alias = body.alias ?? (deriveAlias(name) || `sharedmailbox${randomUUID().slice(0, 8)}`);
    const primary = body.primarySmtpAddress ?? `${alias}@${org.defaultDomain}`;
    const all = toProxyAddresses(primary, body.additionalAddresses ?? []);
    const { proxies } = Service.split(all);
    const checks = [{ address: primary, field: body.primarySmtpAddress ? "primarySmtpAddress" : "alias" }];
    for (const p of proxies) {
      const i = (body.additionalAddresses ?? []).findIndex((a) => normalizeAddress(a) === normalizeAddress(p));
      checks.push({ address: p, field: `additionalAddresses.${i}` });
    }
    this.checkAddresses(checks, undefined);
    const quotaGB = body.quotaGB ?? DEFAULT_QUOTA_GB;
    const licensed = body.licensed ?? false;
    this.checkQuota(quotaGB, licensed, "quotaGB");

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
      total_item_size_gb: 0,
      soft_deleted: 0,
      when_soft_deleted: null,
    });
    const after = this.mailboxView(id, ctx.now);
    this.audit(ctx, "createSharedMailbox", id, "Mailbox", null, after);
    return { status: 201, body: after };
  }

  updateMailbox(ctx: Ctx, identity: string, body: UpdateMailboxBody): WriteResult<Mailbox> {
    const row = this.resolveMailbox(ctx, identity);
    const before = this.mailboxView(row.id, ctx.now);
    const mbx = this.store.getMailbox(row.id)!;

    if (body.name !== undefined && body.name !== row.name) this.checkNameFree(body.name, row.id);

    if (body.primarySmtpAddress !== undefined || body.additionalAddresses !== undefined) {
      const oldPrimary = before.primarySmtpAddress;
      const newPrimary = body.primarySmtpAddress ?? oldPrimary;
      const current = Service.split(before.emailAddresses).proxies;
      const proxies = [...(body.additionalAddresses ?? current)];
      if (normalizeAddress(newPrimary) !== normalizeAddress(oldPrimary)) proxies.push(oldPrimary);
      const all = Service.split(toProxyAddresses(newPrimary, proxies));
      const owned = new Set(before.emailAddresses.map(normalizeAddress));
      const checks: { address: string; field: string }[] = [];
      if (!owned.has(normalizeAddress(all.primary))) checks.push({ address: all.primary, field: "primarySmtpAddress" });
      for (const p of all.proxies) {
        if (owned.has(normalizeAddress(p))) continue;
        const i = (body.additionalAddresses ?? []).findIndex((a) => normalizeAddress(a) === normalizeAddress(p));
        checks.push({ address: p, field: `additionalAddresses.${i}` });
      }
      this.checkAddresses(checks, row.id);
      this.store.setAddresses(row.id, all.primary, all.proxies);
      this.store.updateRecipient(row.id, { primary_address: all.primary });
    }

    const quotaGB = body.quotaGB ?? mbx.quota_gb;
    const licensed = body.licensed ?? bool(mbx.licensed);
    if (body.quotaGB !== undefined || body.licensed !== undefined) this.checkQuota(quotaGB, licensed, body.quotaGB !== undefined ? "quotaGB" : "licensed");

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
      ...(body.totalItemSizeGB !== undefined ? { total_item_size_gb: body.totalItemSizeGB } : {}),
    });
    return this.finishChange(ctx, row.id, before, "updateMailbox");
  }

  /** Stamps whenChanged and audits when something changed; a no-op change writes nothing. */
  private finishChange(ctx: Ctx, id: string, before: Mailbox, action: string): WriteResult<Mailbox> {
    let after = this.mailboxView(id, ctx.now);
    const same = JSON.stringify({ ...before, whenChanged: "" }) === JSON.stringify({ ...after, whenChanged: "" });
    if (same) return { status: 200, body: after };
    this.store.updateRecipient(id, { when_changed: iso(ctx.now) });
    after = this.mailboxView(id, ctx.now);
    this.audit(ctx, action, id, "Mailbox", before, after);
    return { status: 200, body: after };
  }

  deleteMailbox(ctx: Ctx, identity: string): WriteResult<Mailbox> {
    const row = this.resolveMailbox(ctx, identity);
    const before = this.mailboxView(row.id, ctx.now);
    this.store.updateMailbox(row.id, { soft_deleted: 1, when_soft_deleted: iso(ctx.now) });
    return this.finishChange(ctx, row.id, before, "deleteMailbox");
  }

  restoreMailbox(ctx: Ctx, identity: string): WriteResult<Mailbox> {
    const row = this.resolveMailbox(ctx, identity, { includeDeleted: true });
    const mbx = this.store.getMailbox(row.id)!;
    if (!mbx.soft_deleted) {
      throw new ApiFailure("NotDeleted", `"${row.name}" is not deleted: only a soft-deleted mailbox can be restored`, "identity");
    }
    if (!mbx.when_soft_deleted || Date.parse(mbx.when_soft_deleted) < ctx.now - SOFT_DELETE_RETENTION_MS) {
      throw this.notFound(identity, "identity", "It was deleted more than 30 days ago and is gone for good.");
    }
    const before = this.mailboxView(row.id, ctx.now);
    this.store.updateMailbox(row.id, { soft_deleted: 0, when_soft_deleted: null });
    return this.finishChange(ctx, row.id, before, "restoreMailbox");
  }

  convertMailbox(ctx: Ctx, identity: string, to: "SharedMailbox" | "UserMailbox"): WriteResult<Mailbox> {
    const row = this.resolveMailbox(ctx, identity);
    if (row.type === to) return { status: 200, body: this.mailboxView(row.id, ctx.now) };
    const from: RecipientType = to === "SharedMailbox" ? "UserMailbox" : "SharedMailbox";
    if (row.type !== from) {
      throw new ApiFailure(
        "NotSharedMailbox",
        `"${row.name}" is ${recipientTypeLabel[row.type]}; only ${recipientTypeLabel[from]} can be converted to ${recipientTypeLabel[to]}`,
        "to",
      );
    }
    // A converted mailbox must not leave grants that its new type may not hold as a trustee.
    const asTrustee = this.store.db
      .prepare(`SELECT g.*, r.name AS target_name, r.type AS target_type FROM grants g JOIN recipients r ON r.id = g.target_id WHERE g.trustee_id = ?`)
      .all(row.id) as (GrantRow & { target_name: string; target_type: RecipientType })[];
    for (const g of asTrustee) {
      const v = grantViolations(g.access_right, { name: g.target_name, type: g.target_type }, { name: row.name, type: to }, undefined);
      if (v.length > 0) {
        throw new ApiFailure(
          "RecipientTypeNotAllowed",
          `"${row.name}" holds ${g.access_right} on "${g.target_name}", which ${recipientTypeLabel[to]} may not hold (${v[0].message}): remove that grant before converting`,
          "to",
        );
      }
    }
    const before = this.mailboxView(row.id, ctx.now);
    this.store.updateRecipient(row.id, { type: to });
    return this.finishChange(ctx, row.id, before, "convertMailbox");
  }

  // ---------------------------------------------------------------- grants

  listGrants(ctx: Ctx, identity: string, includeSystem: boolean): Grant[] {
    const target = this.resolveRecipient(ctx, identity);
    const grants = this.store.grantsOn(target.id, ctx.now).map((g) => this.grantView(g));
    return includeSystem && MAILBOX_TYPES.includes(target.type) ? [this.selfEntry(target.id), ...grants] : grants;
  }

  addGrant(ctx: Ctx, identity: string, body: AddGrantBody): WriteResult<Grant> {
    const right = body.accessRights;
    const target = this.resolveRecipient(ctx, identity);
    const trustee = this.store.resolve(body.trustee, { now: ctx.now });
    if (!trustee) {
      if (body.trustee.includes("@") && !this.store.addressHolder(body.trustee)) {
        throw new ApiFailure("ExternalTrustee", externalAddressMessage(body.trustee.replace(/^smtp:/i, ""), right), "trustee");
      }
      throw this.notFound(body.trustee, "trustee");
    }
    if (right !== "FullAccess" && body.autoMapping === true) {
      throw new ApiFailure("ValidationFailed", `autoMapping: applies to FullAccess only; remove it for ${right}`, "autoMapping");
    }
    const violation = grantViolations(right, { name: target.name, type: target.type }, { name: trustee.name, type: trustee.type }, body.autoMapping)[0];
    if (violation) throw new ApiFailure(violation.code as ApiFailure["code"], violation.message, violation.field === "mailbox" ? "identity" : violation.field);
    if (this.store.getGrant(target.id, right, trustee.id)) {
      throw new ApiFailure("GrantExists", `"${trustee.name}" already has ${right} on "${target.name}"`, "trustee");
    }
    if (this.store.countGrantsOn(target.id) >= MAX_PERMISSION_ENTRIES) {
      throw new ApiFailure(
        "TooManyPermissionEntries",
        `"${target.name}" already has ${MAX_PERMISSION_ENTRIES} permission entries, the most Exchange keeps on one mailbox: remove one, or grant the right to a group instead of its members`,
        "identity",
      );
    }
    const isGroup = GROUP_TYPES.includes(trustee.type);
    const autoMapping = right === "FullAccess" ? (body.autoMapping ?? !isGroup) : false;
    const row: GrantRow = {
      target_id: target.id,
      access_right: right,
      trustee_id: trustee.id,
      auto_mapping: autoMapping ? 1 : 0,
      created_at: iso(ctx.now),
      visible_at: ctx.now + ctx.replicationDelayMs,
    };
    this.store.insertGrant(row);
    if (right === "SendOnBehalf") this.store.updateRecipient(target.id, { when_changed: iso(ctx.now) });
    const after = this.grantView(row);
    this.audit(ctx, "addGrant", after.id, "Grant", null, after);
    return { status: 201, body: after };
  }

  removeGrant(ctx: Ctx, identity: string, accessRights: string, trusteeRef: string): WriteResult<Grant> {
    const parsed = AccessRight.safeParse(accessRights);
    if (!parsed.success) {
      throw new ApiFailure("ValidationFailed", `accessRights: must be one of ${AccessRight.options.join(", ")}`, "accessRights");
    }
    const right = parsed.data;
    const target = this.resolveRecipient(ctx, identity);
    const trustee = this.store.resolve(trusteeRef, { now: ctx.now, includeDeleted: true, includeInvisible: true });
    const grant = trustee ? this.store.getGrant(target.id, right, trustee.id) : undefined;
    if (!trustee || !grant || grant.visible_at > ctx.now) {
      throw new ApiFailure("NotFound", `The operation couldn't be performed because the ${right} grant of '${trusteeRef}' on '${target.name}' couldn't be found.`, "trustee");
    }
    const before = this.grantView(grant);
    this.store.deleteGrant(target.id, right, trustee.id);
    if (right === "SendOnBehalf") this.store.updateRecipient(target.id, { when_changed: iso(ctx.now) });
    this.audit(ctx, "removeGrant", before.id, "Grant", before, null);
    return { status: 200, body: before };
  }

  // ---------------------------------------------------------------- forwarding

  getForwarding(ctx: Ctx, identity: string): Forwarding {
    return this.forwardingView(this.resolveMailbox(ctx, identity).id);
  }

  setForwarding(ctx: Ctx, identity: string, body: SetForwardingBody): WriteResult<Forwarding> {
    const mbx = this.resolveMailbox(ctx, identity);
    const before = this.forwardingView(mbx.id);
    const target = this.store.resolve(body.forwardTo, { now: ctx.now });
    let forwardingAddress: string | null = null;
    let forwardingSmtpAddress: string | null = null;
    if (target) {
      if (target.id === mbx.id) throw new ApiFailure("ForwardingInvalid", `"${mbx.name}" cannot forward to itself: give another address`, "forwardTo");
      if (target.type === "MailContact") forwardingSmtpAddress = target.external_email_address ?? target.primary_address;
      else forwardingAddress = target.id;
    } else {
      const smtp = SmtpAddress.safeParse(body.forwardTo.replace(/^smtp:/i, ""));
      if (!smtp.success) {
        throw new ApiFailure(
          "ForwardingInvalid",
          `"${body.forwardTo}" is neither a recipient of the organisation nor an SMTP address: give one address such as name@contoso.com, or the name of a recipient`,
          "forwardTo",
        );
      }
      forwardingSmtpAddress = smtp.data;
    }
    this.store.setForwarding({
      mailbox_id: mbx.id,
      forwarding_address: forwardingAddress,
      forwarding_smtp_address: forwardingSmtpAddress,
      deliver_to_mailbox_and_forward: body.keepCopy ? 1 : 0,
    });
    const after = this.forwardingView(mbx.id);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      this.store.updateRecipient(mbx.id, { when_changed: iso(ctx.now) });
      this.audit(ctx, "setForwarding", mbx.id, "Forwarding", before, after);
    }
    return { status: 200, body: after };
  }

  clearForwarding(ctx: Ctx, identity: string): WriteResult<Forwarding> {
    const mbx = this.resolveMailbox(ctx, identity);
    const before = this.forwardingView(mbx.id);
    if (this.store.getForwarding(mbx.id)) {
      this.store.clearForwarding(mbx.id);
      this.store.updateRecipient(mbx.id, { when_changed: iso(ctx.now) });
      this.audit(ctx, "clearForwarding", mbx.id, "Forwarding", before, this.forwardingView(mbx.id));
    }
    return { status: 200, body: this.forwardingView(mbx.id) };
  }

  // ---------------------------------------------------------------- automatic replies

  getAutoReply(ctx: Ctx, identity: string): AutoReply {
    return this.autoReplyView(this.resolveMailbox(ctx, identity).id);
  }

  setAutoReply(ctx: Ctx, identity: string, body: SetAutoReplyBody): WriteResult<AutoReply> {
    const mbx = this.resolveMailbox(ctx, identity);
    const issue = autoReplyIssues(body)[0];
    if (issue) throw new ApiFailure("AutoReplyInvalid", `${issue.path}: ${issue.message}`, issue.path);
    for (const field of ["internalMessage", "externalMessage"] as const) {
      if (/<img\b|data:image\//i.test(body[field] ?? "")) {
        throw new ApiFailure("AutoReplyInvalid", `${field}: automatic replies are text only: remove the image`, field);
      }
    }
    const before = this.autoReplyView(mbx.id);
    this.store.setAutoReply({
      mailbox_id: mbx.id,
      state: body.state,
      start_time: body.startTime ?? null,
      end_time: body.endTime ?? null,
      internal_message: wrapMessage(body.internalMessage),
      external_message: wrapMessage(body.externalMessage),
      external_audience: body.externalAudience ?? "All",
    });
    const after = this.autoReplyView(mbx.id);
    if (JSON.stringify(before) !== JSON.stringify(after)) this.audit(ctx, "setAutoReply", mbx.id, "AutoReply", before, after);
    return { status: 200, body: after };
  }
}
