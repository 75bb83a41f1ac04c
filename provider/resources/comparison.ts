import { replyText, sameAddress } from "../../schemas";

/**
 * How a declared value and the tenant's compare, and how the loops of fields.ts ask for it. A loop
 * is written once, as a generator that yields each comparison it needs (a Question) and is sent
 * the answer back: answerLocally answers without the directory (a model's pure functions),
 * answerWithDirectory asks the directory for the comparisons by reference and answers the rest
 * the same way. So the sync and the async form of a loop cannot follow different rules.
 */

/** How a declared value and the tenant's are the same. */
export type Comparison =
  | "exact"
  | "case-insensitive"
  /** SMTP addresses, in any case. */
  | "address"
  /** Message text, without Exchange's HTML wrapping: an empty text is no text. */
  | "text"
  /** Times by the instant they name, in any ISO 8601 spelling; two missing times are the same. */
  | "instant"
  /** A reference (address, alias, name or id) and the id of the tenant object it means: needs the directory. */
  | "identity"
  /** A forwarding target and the address mail to it ends up at: needs the directory. */
  | "recipient";

/** The comparisons that ask the directory, given by the provider (those its descriptor uses). */
export type ByReference = Partial<Record<"identity" | "recipient", (declared: unknown, live: unknown) => Promise<boolean>>>;

const byReference = (compare: Comparison | undefined): compare is "identity" | "recipient" => compare === "identity" || compare === "recipient";

const instant = (v: unknown) => (typeof v === "string" && v ? Date.parse(v) : undefined);

/** Whether two values are the same as `compare` means it (a comparison by reference is never so here). */
export function same(compare: Comparison | undefined, a: unknown, b: unknown): boolean {
  if (compare === "case-insensitive") return String(a).toLowerCase() === String(b).toLowerCase();
  if (compare === "address") return typeof a === "string" && typeof b === "string" && sameAddress(a, b);
  if (compare === "text") return replyText(a as string | undefined) === replyText(b as string | undefined);
  if (compare === "instant") return instant(a) === instant(b);
  if (byReference(compare)) return false;
  return a === b;
}

/** Whether two values are the same, asking the directory for the comparisons by reference. */
export async function sameValue(compare: Comparison | undefined, a: unknown, b: unknown, refs: ByReference): Promise<boolean> {
  if (!byReference(compare)) return same(compare, a, b);
  const resolve = refs[compare];
  if (!resolve) throw new Error(`no "${compare}" comparison was given for a field that compares by it`);
  return resolve(a, b);
}

/** A comparison a loop needs answered: is the declared value the live one, as `compare` means it? */
export interface Question {
  compare: Comparison | undefined;
  declared: unknown;
  live: unknown;
}

/** A loop over a descriptor that yields the comparisons it needs, is sent each answer, and returns R. */
export type Asking<R> = Generator<Question, R, boolean>;

/** Runs a loop without the directory: a comparison by reference is refused rather than called different. */
export function answerLocally<R>(loop: Asking<R>): R {
  let step = loop.next();
  while (!step.done) {
    const { compare, declared, live } = step.value;
    if (byReference(compare)) throw new Error(`a field compared by "${compare}" needs the directory: use changedFields or inputsOf`);
    step = loop.next(same(compare, declared, live));
  }
  return step.value;
}

/** Runs a loop, asking the directory for the comparisons by reference, one at a time in the descriptor's order. */
export async function answerWithDirectory<R>(loop: Asking<R>, refs: ByReference): Promise<R> {
  let step = loop.next();
  while (!step.done) {
    const { compare, declared, live } = step.value;
    step = loop.next(await sameValue(compare, declared, live, refs));
  }
  return step.value;
}
