import * as z from "zod";
import { RecipientRef, ISO_TIME } from "./common";
import { embeddedContent } from "./reply-html";
import { EXTERNAL_ONLY_REPLY_MESSAGE } from "./messages";

export const AutoReplyState = z.enum(["Enabled", "Disabled", "Scheduled"], {
  error: "must be one of Enabled, Disabled or Scheduled",
});
export const ExternalAudience = z.enum(["None", "Known", "All"], {
  error: "must be one of None, Known or All",
});

/** The refusal of a message that shows an image or loads remote content; undefined for text only. */
export function textOnlyIssue(message: string | undefined): string | undefined {
  const found = message === undefined ? undefined : embeddedContent(message);
  return found && `automatic replies are text only: remove ${found} (no images or remote content)`;
}

const MessageText = z
  .string()
  .max(128 * 1024)
  .superRefine((v, ctx) => {
    const issue = textOnlyIssue(v);
    if (issue) ctx.addIssue({ code: "custom", message: issue });
  });

export const AutoReplyFields = z.object({
  state: AutoReplyState,
  /** ISO 8601 with an offset; required for Scheduled, before endTime. */
  startTime: ISO_TIME.optional(),
  endTime: ISO_TIME.optional(),
  /** The reply to people inside the organisation; text only. Required unless Disabled. */
  internalMessage: MessageText.optional(),
  /** The reply to people outside; required when externalAudience is Known or All. */
  externalMessage: MessageText.optional(),
  /** Who outside gets a reply: None, Known (contacts) or All. Omitted: All with an externalMessage, None without one (effectiveAudience). */
  externalAudience: ExternalAudience.optional(),
});

const hasText = (message: string | undefined) => !!message && message.trim() !== "";

/**
 * Who outside gets a reply when externalAudience is not given. As in the admin center, outsiders
 * get one only when asked for: an external message means Exchange's All, an internal message
 * alone means None.
 */
export function effectiveAudience(v: { externalAudience?: z.infer<typeof ExternalAudience>; externalMessage?: string }): z.infer<typeof ExternalAudience> {
  return v.externalAudience ?? (hasText(v.externalMessage) ? "All" : "None");
}

export type AutoReplyIssue = { path: string; message: string };

/** Set-MailboxAutoReplyConfiguration's rules, written once for the provider and the tenant. */
export function autoReplyIssues(v: z.infer<typeof AutoReplyFields>): AutoReplyIssue[] {
  const out: AutoReplyIssue[] = [];
  const audience = effectiveAudience(v);
  const hasInternal = hasText(v.internalMessage);
  const hasExternal = hasText(v.externalMessage);
  if (v.state !== "Disabled") {
    if (!hasInternal && hasExternal) {
      out.push({
        path: "internalMessage",
        message: `${EXTERNAL_ONLY_REPLY_MESSAGE}: add an internalMessage`,
      });
    } else if (!hasInternal) {
      out.push({ path: "internalMessage", message: `is required when state is ${v.state}: write the reply people inside the organisation get` });
    }
    if (audience !== "None" && !hasExternal && hasInternal) {
      out.push({
        path: "externalMessage",
        message: `is required when externalAudience is ${audience}: write the reply for people outside, or leave externalAudience out (or set it to "None") so that only people inside get a reply`,
      });
    }
  }
  if (v.state === "Scheduled") {
    if (!v.startTime) out.push({ path: "startTime", message: "is required when state is Scheduled" });
    if (!v.endTime) out.push({ path: "endTime", message: "is required when state is Scheduled" });
    if (v.startTime && v.endTime && Date.parse(v.startTime) >= Date.parse(v.endTime)) {
      out.push({ path: "endTime", message: `must be after startTime (${v.startTime})` });
    }
  }
  return out;
}

/** Applies Set-MailboxAutoReplyConfiguration's rules (autoReplyIssues) to a schema of its fields; the one place they become zod issues. */
function withRules<T extends z.ZodType<z.infer<typeof AutoReplyFields>>>(schema: T): T {
  return schema.superRefine((v, ctx) => {
    for (const issue of autoReplyIssues(v)) ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
  }) as unknown as T;
}

// zod cannot .omit() a key of a refined schema, so the fields stay unrefined here and each schema
// below gets the rules once, from withRules.
const AutoReplyArgsFields = AutoReplyFields.extend({ mailbox: RecipientRef, adopt: z.boolean().optional() }).strict();

export const AutoReplyArgs = withRules(AutoReplyArgsFields);
export type AutoReplyArgs = z.infer<typeof AutoReplyArgs>;

/** AutoReplyArgs without mailbox, for a declarations file's entry (it sits in its mailbox); the same rules. */
export const AutoReplyEntry = withRules(AutoReplyArgsFields.omit({ mailbox: true }));

/** PUT /mailboxes/:identity/auto-reply */
export const SetAutoReplyBody = withRules(AutoReplyFields.strict());
export type SetAutoReplyBody = z.infer<typeof SetAutoReplyBody>;

/** As the tenant returns it; messages wrapped in <html><body>…</body></html> as Exchange stores them. */
export const AutoReply = z.object({
  mailboxId: z.string(),
  state: AutoReplyState,
  startTime: ISO_TIME.nullable(),
  endTime: ISO_TIME.nullable(),
  internalMessage: z.string(),
  externalMessage: z.string(),
  externalAudience: ExternalAudience,
});
export type AutoReply = z.infer<typeof AutoReply>;
