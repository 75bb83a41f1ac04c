import { type AutoReply, AutoReplyArgs } from "../../../schemas";
import type { ResourceDescriptor } from "../descriptor";
import type { TenantField } from "../fields";
import { type SettingWords, settingFields, settingOutputDocs } from "../mailbox-setting";

/**
 * AutoReply, field by field: each is the tenant's property of the same name and sets it.
 * Messages compare by their text (not Exchange's HTML wrapping), times by their instant and only
 * when Scheduled, the audience by its effect (the provider reads it through effectiveAudience);
 * the replies belong to their mailbox, so another mailbox replaces the resource.
 */
const SCHEDULED = { state: "Scheduled" } as const;

const WORDS = {
  noun: "replies", plural: true,
  mailbox: "that answers", onOldMailbox: "replies switched off",
  adopt: "Take over automatic replies that are already on, if they match.",
} as const satisfies SettingWords;
const setting = settingFields<AutoReply>(WORDS);

const fields = {
  mailbox: setting.mailbox,
  state: {
    tenant: "state", sets: "state", compare: "exact",
    onChange: "update",
    doc: { type: '`"Enabled"` \\| `"Disabled"` \\| `"Scheduled"`', required: "yes", description: "`Scheduled` answers only between `startTime` and `endTime`." },
  },
  startTime: {
    tenant: "startTime", sets: "startTime", compare: "instant", onlyWhen: SCHEDULED,
    onChange: "update",
    doc: {
      type: "string", required: "when `Scheduled`",
      description: "ISO 8601 date and time with `Z` or an offset, e.g. `2026-12-24T00:00:00+00:00`. Sent and compared only when `Scheduled`.",
    },
  },
  endTime: {
    tenant: "endTime", sets: "endTime", compare: "instant", onlyWhen: SCHEDULED,
    onChange: "update",
    doc: { type: "string", required: "when `Scheduled`", description: "The same; after `startTime`." },
  },
  internalMessage: {
    tenant: "internalMessage", sets: "internalMessage", compare: "text",
    onChange: "update",
    doc: {
      type: "string", required: "unless `Disabled`",
      description: "The reply to people inside the organisation. Text only: formatting and links are fine; anything that shows an image or loads remote content is refused (see below). At most 131,072 characters.",
    },
  },
  externalMessage: {
    tenant: "externalMessage", sets: "externalMessage", compare: "text",
    onChange: "update",
    doc: {
      type: "string", required: "unless `Disabled`, when `externalAudience` is `Known` or `All`",
      description: "The reply to people outside. An external reply without an internal one is refused.",
    },
  },
  externalAudience: {
    tenant: "externalAudience", sets: "externalAudience", compare: "exact",
    onChange: "update",
    doc: {
      type: '`"None"` \\| `"Known"` \\| `"All"`', required: "no", default: '`"All"` with an `externalMessage`, `"None"` without one',
      description: "Who outside gets a reply: nobody, the mailbox's contacts, or everyone. As in the admin center, outsiders get a reply only when asked for: an internal message alone means `\"None\"` (PowerShell's `Set-MailboxAutoReplyConfiguration` would default to `All`).",
    },
  },
  adopt: setting.adopt,
} satisfies Record<keyof AutoReplyArgs, TenantField<AutoReply>>;

export const autoReply = {
  kind: "AutoReply",
  folder: "auto-reply",
  args: AutoReplyArgs,
  fields,
  outputs: ["mailboxId", "createdAt", "updatedAt"],
  stateOnly: ["adopt"],
  outputDocs: {
    ...settingOutputDocs(WORDS),
    externalAudience: { type: "string", description: "Who outside gets a reply; when not declared, `All` with an external message and `None` without one." },
  },
} as const satisfies ResourceDescriptor<AutoReplyArgs>;
