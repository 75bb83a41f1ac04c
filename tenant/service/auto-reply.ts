import { replyText } from "pulumi-mailbox/schemas/common";
import { AutoReply, SetAutoReplyBody, autoReplyIssues, effectiveAudience, textOnlyIssue } from "pulumi-mailbox/schemas/auto-reply";
import { ApiFailure } from "../errors";
import { ServiceArea } from "./area";
import { Ctx, WriteResult } from "./context";
import { SettingReplication } from "./replication";

/** Exchange stores a reply's text as HTML; an empty reply stays empty. */
function wrapMessage(text: string | undefined): string {
  const inner = replyText(text ?? "");
  return inner === "" ? "" : `<html><body>${inner}</body></html>`;
}

/** A mailbox's automatic replies: off, on, or on for a scheduled time; text only. */
export class AutoReplies extends ServiceArea {
  private readonly replication = new SettingReplication(this.store, "autoReply");

  /** The replies as they are now (what writes and their answers use; reads may lag, see get). */
  view(mailboxId: string): AutoReply {
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

  /** What a read sees: the replies from before a change that is still replicating. */
  get(ctx: Ctx, identity: string): AutoReply {
    const id = this.recipients.resolveMailbox(ctx, identity).id;
    return this.replication.seen(ctx, id, () => this.view(id));
  }

  /** The automatic replies of every shared mailbox that reads can see, those switched off too. */
  listOnShared(ctx: Ctx): AutoReply[] {
    return this.store.listMailboxesOfType("SharedMailbox", false, ctx.now).map((box) => this.view(box.id));
  }

  set(ctx: Ctx, identity: string, body: SetAutoReplyBody): WriteResult<AutoReply> {
    const mbx = this.recipients.resolveMailbox(ctx, identity);
    const issue = autoReplyIssues(body)[0];
    if (issue) throw new ApiFailure("AutoReplyInvalid", `${issue.path}: ${issue.message}`, issue.path);
    for (const field of ["internalMessage", "externalMessage"] as const) {
      const issue = textOnlyIssue(body[field]);
      if (issue) throw new ApiFailure("AutoReplyInvalid", `${field}: ${issue}`, field);
    }
    const before = this.view(mbx.id);
    const seenBefore = this.replication.seen(ctx, mbx.id, () => before);
    this.store.setAutoReply({
      mailbox_id: mbx.id,
      state: body.state,
      start_time: body.startTime ?? null,
      end_time: body.endTime ?? null,
      internal_message: wrapMessage(body.internalMessage),
      external_message: wrapMessage(body.externalMessage),
      external_audience: effectiveAudience(body),
    });
    const after = this.view(mbx.id);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      this.audit.record(ctx, "setAutoReply", mbx.id, "AutoReply", before, after);
      this.replication.changed(ctx, mbx.id, seenBefore);
    }
    return { status: 200, body: after };
  }
}
