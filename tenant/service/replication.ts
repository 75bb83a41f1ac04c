import type { Store } from "../store/store";
import type { Ctx } from "./context";

/** A mailbox's settings that Exchange keeps on the mailbox's directory object. */
export type ReplicatedSetting = "forwarding" | "autoReply";

/**
 * A mailbox's forwarding and automatic replies replicate as its new objects do: right after a
 * write, reads may still answer with the value from before it. The tenant keeps what a read saw
 * just before a write that changed the setting and answers that until the write has replicated
 * (ctx.replicationDelayMs, the same setting that keeps new mailboxes and grants invisible).
 * Writes and the write's own answer always use the current value.
 */
export class SettingReplication {
  constructor(
    private readonly store: Store,
    private readonly setting: ReplicatedSetting,
  ) {}

  /** What a read at ctx.now sees: the value held back while the last change replicates, else the current one. */
  seen<T>(ctx: Ctx, mailboxId: string, current: () => T): T {
    const held = this.store.heldSetting(mailboxId, this.setting, ctx.now);
    return held === undefined ? current() : (JSON.parse(held) as T);
  }

  /**
   * After a write that changed the setting: reads see `seenBefore` (what they saw just before it)
   * until the write has replicated. A second change while the first replicates keeps the older
   * value held and starts the wait again; a write without delay is visible at once.
   */
  changed<T>(ctx: Ctx, mailboxId: string, seenBefore: T): void {
    if (ctx.replicationDelayMs <= 0) this.store.releaseSetting(mailboxId, this.setting);
    else this.store.holdSetting({ mailbox_id: mailboxId, setting: this.setting, seen_json: JSON.stringify(seenBefore), visible_at: ctx.now + ctx.replicationDelayMs });
  }
}
