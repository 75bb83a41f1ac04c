import type { FieldDescriptor, OutputDoc } from "./descriptor";

/**
 * Pieces of a descriptor that mean the same for every resource, written once: what `adopt` is, and
 * what `createdAt` is for. Each resource still says, in its own words, what it adopts or creates.
 */

/** `adopt`: read only by the create that takes an existing object over; a later change does nothing. */
export function adoptField(description: string) {
  return { onChange: "none", doc: { type: "boolean", required: "no", default: "unset", description } } as const satisfies FieldDescriptor;
}

/**
 * `createdAt`: when this stack made the object, so that reads and removals soon after wait while the
 * tenant may still be replicating it. `made` says what was made ("made the grant"), `unsetFor` what
 * has no such time ("a grant adopted as it was"), `it` how the object is spoken of again.
 */
export function createdAtDoc(made: string, unsetFor: string, it = "it"): OutputDoc {
  return {
    type: "string \\| undefined",
    description: `When this stack ${made} (ISO 8601; unset for ${unsetFor}): a refresh or a delete soon after waits while ${it} may still be replicating.`,
  };
}
