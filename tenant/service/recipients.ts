import { GROUP_TYPES, MAILBOX_TYPES, RecipientType, recipientTypeLabel } from "pulumi-mailbox/schemas/common";
import { ambiguousIdentityMessage, notFoundMessage } from "pulumi-mailbox/schemas/messages";
import type { Recipient } from "pulumi-mailbox/schemas/recipient";
import { ApiFailure } from "../errors";
import type { AddressRow, OrgInfo, RecipientRow, Store, Visibility } from "../store/store";
import { Ctx, bool } from "./context";

/** The organisation and its recipients: finding one by any identity, and their API views. */
export class Recipients {
  constructor(private readonly store: Store) {}

  org(): OrgInfo {
    const org = this.store.org();
    if (!org) throw new Error("the tenant has no organisation: the store was not seeded");
    return org;
  }

  /** Exchange's "couldn't be found" refusal, naming the organisation. */
  notFound(identity: string, field: string, detail?: string): ApiFailure {
    const org = this.store.org()?.organization ?? "the tenant";
    return new ApiFailure("NotFound", notFoundMessage(identity, org, detail), field);
  }

  /**
   * The one recipient an identity means, or undefined. An identity that matches several is
   * refused with Exchange's wording and the candidates, never settled by picking one.
   */
  find(identity: string, field: string, v: Visibility): RecipientRow | undefined {
    const rows = this.store.candidates(identity, v);
    if (rows.length > 1) throw ambiguous(identity, field, rows);
    return rows[0];
  }

  resolveRecipient(ctx: Ctx, identity: string, field = "identity"): RecipientRow {
    const row = this.find(identity, field, { now: ctx.now });
    if (!row) throw this.notFound(identity, field);
    return row;
  }

  resolveMailbox(ctx: Ctx, identity: string, opts: { includeDeleted?: boolean } = {}): RecipientRow {
    const row = this.find(identity, "identity", { now: ctx.now, includeDeleted: opts.includeDeleted });
    if (!row) throw this.notFound(identity, "identity");
    if (!MAILBOX_TYPES.includes(row.type)) {
      throw this.notFound(identity, "identity", `"${row.name}" is ${recipientTypeLabel[row.type]}, not a mailbox.`);
    }
    return row;
  }

  private view(row: RecipientRow, addresses: AddressRow[], members: string[] | undefined): Recipient {
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

  views(rows: RecipientRow[]): Recipient[] {
    const ids = rows.map((r) => r.id);
    const addresses = this.store.addressesOfMany(ids);
    const members = this.store.membersOfMany(rows.filter((r) => GROUP_TYPES.includes(r.type)).map((r) => r.id));
    return rows.map((r) => this.view(r, addresses.get(r.id) ?? [], members.get(r.id)));
  }

  list(ctx: Ctx, q: { type?: RecipientType; search?: string; limit: number; offset: number }): { items: Recipient[]; total: number } {
    const { rows, total } = this.store.listRecipients(q, ctx.now);
    return { items: this.views(rows), total };
  }

  get(ctx: Ctx, identity: string): Recipient {
    return this.views([this.resolveRecipient(ctx, identity)])[0];
  }
}

/** Exchange's refusal of an identity that matches several recipients, naming each candidate. */
export function ambiguous(identity: string, field: string, rows: readonly RecipientRow[]): ApiFailure {
  const list = rows.map((r) => `"${r.name}" (${r.primary_address}, alias ${r.alias})`).join(", ");
  return new ApiFailure("AmbiguousIdentity", ambiguousIdentityMessage(identity, list), field);
}
