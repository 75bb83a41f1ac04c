import type { OutputDoc } from "./descriptor";
import type { TenantField } from "./fields";
import { adoptField, createdAtDoc } from "./common-fields";

/**
 * The part of a descriptor that every setting of one mailbox (forwarding, automatic replies) has in
 * common: the `mailbox` it is on, found by any identity, kept in state as its id and replacing the
 * resource when it changes (the setting belongs to its mailbox); `adopt`; and the outputs that say
 * when this stack wrote it (provider/rules/mailbox-setting.ts, SettingWrites), which reads wait on.
 * What differs is only how the README speaks of the setting.
 */
export interface SettingWords {
  /** The setting as a noun, without an article: "replies", "forwarding". */
  noun: string;
  /** Whether it is spoken of as "they" ("replies adopted as they were") or "it". */
  plural: boolean;
  /** What the mailbox is, after "The mailbox": "that answers". */
  mailbox: string;
  /** What happens on the old mailbox when another replaces it: "replies switched off". */
  onOldMailbox: string;
  /** The `adopt` argument's description. */
  adopt: string;
}

/** The `mailbox` and `adopt` fields of a setting. */
export function settingFields<Live extends { mailboxId: string }>(words: SettingWords) {
  const mailbox = {
    tenant: "mailboxId", compare: "identity",
    onChange: "replace", onChangeNote: `${words.onOldMailbox} on the old mailbox first`,
    doc: {
      type: "string", required: "yes",
      description: `The mailbox ${words.mailbox} (a user, linked, shared, room, equipment or discovery mailbox): an address, alias, name or tenant id.`,
    },
  } as const satisfies TenantField<Live>;
  return { mailbox, adopt: adoptField(words.adopt) };
}

/** The README's rows of the outputs every setting has: its mailbox's id and when this stack wrote it. */
export function settingOutputDocs(words: SettingWords): Record<"mailboxId" | "createdAt" | "updatedAt", OutputDoc> {
  const the = `the ${words.noun}`;
  return {
    mailboxId: { type: "string", description: "The mailbox's tenant id; also the resource's id." },
    createdAt: createdAtDoc(`set ${the}`, `${words.noun} adopted as ${words.plural ? "they were" : "it was"}`, words.plural ? "they" : "it"),
    updatedAt: {
      type: "string \\| undefined",
      description: `When this stack last changed ${the} by an update (ISO 8601; unset until then): a refresh soon after waits until the tenant shows the new values.`,
    },
  };
}
