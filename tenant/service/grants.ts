import { AccessRight, GROUP_TYPES, MAILBOX_TYPES } from "pulumi-mailbox/schemas/common";
import { grantViolations, externalAddressMessage, MAX_PERMISSION_ENTRIES } from "pulumi-mailbox/schemas/rights";
import { Grant, AddGrantBody, grantId } from "pulumi-mailbox/schemas/permission";
import { grantNotFoundMessage } from "pulumi-mailbox/schemas/messages";
import { ApiFailure } from "../errors";
import type { GrantRow } from "../store/store";
import { ServiceArea } from "./area";
import { Ctx, SELF_PRINCIPAL, WriteResult, bool, iso } from "./context";

/** FullAccess, SendAs and SendOnBehalf grants of a trustee on a mailbox or group. */
export class Grants extends ServiceArea {
  private view(g: GrantRow): Grant {
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

  /** Exchange's own FullAccess entry of SELF on every mailbox. */
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

  list(ctx: Ctx, identity: string, includeSystem: boolean): Grant[] {
    const target = this.recipients.resolveRecipient(ctx, identity);
    const grants = this.store.grantsOn(target.id, ctx.now).map((g) => this.view(g));
    return includeSystem && MAILBOX_TYPES.includes(target.type) ? [this.selfEntry(target.id), ...grants] : grants;
  }

  /** The grants on every shared mailbox that reads can see, without Exchange's own SELF entries. */
  listOnShared(ctx: Ctx): Grant[] {
    return this.store.listMailboxesOfType("SharedMailbox", false, ctx.now).flatMap((box) => this.store.grantsOn(box.id, ctx.now).map((g) => this.view(g)));
  }

  add(ctx: Ctx, identity: string, body: AddGrantBody): WriteResult<Grant> {
    const right = body.accessRights;
    const target = this.recipients.resolveRecipient(ctx, identity);
    const trustee = this.recipients.find(body.trustee, "trustee", { now: ctx.now });
    if (!trustee) {
      if (body.trustee.includes("@") && !this.store.addressHolder(body.trustee)) {
        throw new ApiFailure("ExternalTrustee", externalAddressMessage(body.trustee.replace(/^smtp:/i, ""), right), "trustee");
      }
      throw this.recipients.notFound(body.trustee, "trustee");
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
    const after = this.view(row);
    this.audit.record(ctx, "addGrant", after.id, "Grant", null, after);
    return { status: 201, body: after };
  }

  remove(ctx: Ctx, identity: string, accessRights: string, trusteeRef: string): WriteResult<Grant> {
    const parsed = AccessRight.safeParse(accessRights);
    if (!parsed.success) {
      throw new ApiFailure("ValidationFailed", `accessRights: must be one of ${AccessRight.options.join(", ")}`, "accessRights");
    }
    const right = parsed.data;
    const target = this.recipients.resolveRecipient(ctx, identity);
    const trustee = this.recipients.find(trusteeRef, "trustee", { now: ctx.now, includeDeleted: true, includeInvisible: true });
    const grant = trustee ? this.store.getGrant(target.id, right, trustee.id) : undefined;
    if (!trustee || !grant || grant.visible_at > ctx.now) {
      throw new ApiFailure("NotFound", grantNotFoundMessage(right, trusteeRef, target.name), "trustee");
    }
    const before = this.view(grant);
    this.store.deleteGrant(target.id, right, trustee.id);
    if (right === "SendOnBehalf") this.store.updateRecipient(target.id, { when_changed: iso(ctx.now) });
    this.audit.record(ctx, "removeGrant", before.id, "Grant", before, null);
    return { status: 200, body: before };
  }
}
