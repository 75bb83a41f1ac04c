import { SmtpAddress } from "pulumi-mailbox/schemas/common";
import type { Forwarding, SetForwardingBody } from "pulumi-mailbox/schemas/forwarding";
import { ApiFailure } from "../errors";
import { ServiceArea } from "./area";
import { Ctx, WriteResult, bool, iso } from "./context";
import { SettingReplication } from "./replication";

/** Where a mailbox forwards its mail: a recipient of the organisation, or an outside SMTP address. */
export class MailForwarding extends ServiceArea {
  private readonly replication = new SettingReplication(this.store, "forwarding");

  /** The forwarding as it is now (what writes and their answers use; reads may lag, see get). */
  view(mailboxId: string): Forwarding {
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

  /** What a read sees: the forwarding from before a change that is still replicating. */
  get(ctx: Ctx, identity: string): Forwarding {
    const id = this.recipients.resolveMailbox(ctx, identity).id;
    return this.replication.seen(ctx, id, () => this.view(id));
  }

  /** The forwarding of every shared mailbox that reads can see, those that forward nowhere too. */
  listOnShared(ctx: Ctx): Forwarding[] {
    return this.store.listMailboxesOfType("SharedMailbox", false, ctx.now).map((box) => this.view(box.id));
  }

  set(ctx: Ctx, identity: string, body: SetForwardingBody): WriteResult<Forwarding> {
    const mbx = this.recipients.resolveMailbox(ctx, identity);
    const before = this.view(mbx.id);
    const seenBefore = this.replication.seen(ctx, mbx.id, () => before);
    const target = this.recipients.find(body.forwardTo, "forwardTo", { now: ctx.now });
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
    const after = this.view(mbx.id);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      this.store.updateRecipient(mbx.id, { when_changed: iso(ctx.now) });
      this.audit.record(ctx, "setForwarding", mbx.id, "Forwarding", before, after);
      this.replication.changed(ctx, mbx.id, seenBefore);
    }
    return { status: 200, body: after };
  }

  clear(ctx: Ctx, identity: string): WriteResult<Forwarding> {
    const mbx = this.recipients.resolveMailbox(ctx, identity);
    const before = this.view(mbx.id);
    if (this.store.getForwarding(mbx.id)) {
      const seenBefore = this.replication.seen(ctx, mbx.id, () => before);
      this.store.clearForwarding(mbx.id);
      this.store.updateRecipient(mbx.id, { when_changed: iso(ctx.now) });
      this.audit.record(ctx, "clearForwarding", mbx.id, "Forwarding", before, this.view(mbx.id));
      this.replication.changed(ctx, mbx.id, seenBefore);
    }
    return { status: 200, body: this.view(mbx.id) };
  }
}
