import * as z from "zod";
import { isUnknown, PERMISSION_DENIED_MESSAGE } from "../../schemas";
import type { Directory } from "../directory";
import { TenantError } from "../client/errors";

export interface CheckFailure {
  property: string;
  reason: string;
}

/** Keys the engine and the resource classes add that are not user arguments. */
function userInputs(news: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(news)) {
    if (key.startsWith("__") || value === undefined || value === null) continue;
    out[key] = value;
  }
  return out;
}

/**
 * Validates user arguments with their zod schema. Values still unknown during preview are set
 * aside: everything known is checked now, the rest when the engine checks again before create.
 */
export function parseArgs<T extends z.ZodType>(
  schema: T,
  news: Record<string, unknown>,
  outputKeys: readonly string[],
): { args?: z.infer<T>; unknown: Set<string>; failures: CheckFailure[] } {
  const raw = userInputs(news);
  for (const key of outputKeys) delete raw[key];
  const unknown = new Set(Object.keys(raw).filter((k) => isUnknown(raw[k])));
  const known = Object.fromEntries(Object.entries(raw).filter(([k]) => !unknown.has(k)));
  const result = schema.safeParse(known);
  if (result.success) return { args: result.data, unknown, failures: [] };
  const failures = result.error.issues.filter((issue) => !unknown.has(String(issue.path[0] ?? ""))).map((issue) => describeIssue(issue, known));
  // Only unknown fields were missing: the known part is valid as it stands.
  if (failures.length === 0) return { args: known as z.infer<T>, unknown, failures };
  return { unknown, failures };
}

/** The value at an issue's path: zod 4 does not report the input it refused unless asked. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) at = at !== null && typeof at === "object" ? (at as Record<PropertyKey, unknown>)[key] : undefined;
  return at;
}

function describeIssue(issue: z.core.$ZodIssue, args: Record<string, unknown>): CheckFailure {
  const property = issue.path.length ? issue.path.map(String).join(".") : "(arguments)";
  if (issue.code === "unrecognized_keys") {
    return { property: issue.keys.join(", "), reason: `is not an argument of this resource (${issue.keys.join(", ")}): remove it or check its spelling` };
  }
  if (issue.code === "invalid_type" && valueAt(args, issue.path) === undefined) {
    return { property, reason: "is required" };
  }
  return { property, reason: issue.message };
}

/** A read-only token fails the preview, not the up. */
export async function writeAccessFailures(directory: Directory, property: string): Promise<CheckFailure[]> {
  const me = await directory.whoami();
  if (me.canWrite) return [];
  return [
    {
      property,
      reason: `${PERMISSION_DENIED_MESSAGE} The token in mailbox:token belongs to ${me.principal}, whose role ${me.role} may only read: use an Exchange Administrator's or Global Administrator's token`,
    },
  ];
}

/**
 * Looks a reference up for a check: a reference the tenant finds ambiguous (it matches several
 * recipients) becomes a failure of the property that holds it, with the tenant's list of them.
 */
export async function lookUp<T>(property: string, find: () => Promise<T | undefined>): Promise<{ found?: T; failures: CheckFailure[] }> {
  try {
    return { found: await find(), failures: [] };
  } catch (e) {
    if (e instanceof TenantError && e.code === "AmbiguousIdentity") return { failures: [{ property, reason: e.message }] };
    throw e;
  }
}
