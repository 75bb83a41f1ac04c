import type { Forwarding, ForwardingRuleArgs, SetForwardingBody } from "../../../schemas";
import { declaredArgs, type ResourceDescriptor } from "../descriptor";
import { bodyOf, liveArgs, withDefaults } from "../fields";
import { forwardingRule } from "./descriptor";

/**
 * Forwarding as the provider, export and the access review see it, each mapping read from the
 * descriptor (forwardTo ↔ effectiveTarget, keepCopy ↔ deliverToMailboxAndForward). No I/O.
 */

export type Args = ForwardingRuleArgs;

const descriptor: ResourceDescriptor = forwardingRule;

/** The declaration in inputs or state, with Exchange's default for keepCopy (forward only). */
export function argsOf(props: Record<string, unknown>): Args {
  return withDefaults(descriptor, declaredArgs<Args>(descriptor, props));
}

/** The Set-Mailbox forwarding body of a declaration. */
export function forwardingBody(a: Args): SetForwardingBody {
  return bodyOf(descriptor, a) as SetForwardingBody;
}

/** Live forwarding as the settings a declaration makes (forwardTo, keepCopy): what export writes. */
export function settingsOf(f: Forwarding): Pick<Args, "forwardTo" | "keepCopy"> {
  const { forwardTo, keepCopy } = liveArgs(descriptor, f) as Partial<Args>;
  return { forwardTo: forwardTo ?? "", keepCopy };
}

/** One line for the access review: the target, and whether the mailbox keeps a copy. */
export function forwardingSummary(s: { forwardTo?: unknown; keepCopy?: unknown }): string {
  return `${String(s.forwardTo)}${s.keepCopy === true ? " (keeps a copy)" : ""}`;
}
