import { type AutoReply, AutoReplyArgs, type SetAutoReplyBody, effectiveAudience } from "../../../schemas";
import { declaredArgs, type ResourceDescriptor } from "../descriptor";
import { bodyOf, exportedArgs, liveArgs } from "../fields";
import { autoReply } from "./descriptor";

/**
 * Automatic replies as the provider and export see them, each mapping read from the descriptor.
 * No I/O.
 */

export type Args = AutoReplyArgs;

const descriptor: ResourceDescriptor = autoReply;

/** The declaration in inputs, state or a live reply: an empty text is no text, the audience as it takes effect. */
export function argsOf(props: Record<string, unknown>): Args {
  const text = Object.fromEntries(Object.entries(props).filter(([, v]) => v !== ""));
  const args = declaredArgs<Args>(descriptor, text);
  return { ...args, externalAudience: effectiveAudience(args) };
}

/** A live reply as the arguments it means, on the mailbox as the declaration names it. */
export function liveReplyArgs(reply: AutoReply, declared: Partial<Args>): Args {
  return argsOf({ ...liveArgs(descriptor, reply), mailbox: declared.mailbox, adopt: declared.adopt });
}

/** The Set-MailboxAutoReplyConfiguration body of a declaration (times only when Scheduled). */
export function replyBody(a: Args): SetAutoReplyBody {
  return bodyOf(descriptor, a) as SetAutoReplyBody;
}

/** A live reply as the settings a declaration makes, for export: messages as text, nothing empty or meaningless. */
export function settingsOf(reply: AutoReply): Partial<Args> {
  return exportedArgs(descriptor, reply) as Partial<Args>;
}
