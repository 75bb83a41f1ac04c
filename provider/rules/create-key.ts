import { createHash } from "crypto";
import type { Directory } from "../directory";

/**
 * The idempotency key of a create, derived from what identifies it: the deployment (project,
 * stack, resource name), the resource kind and its declared arguments. A create that runs again
 * for the same resource with the same arguments — a retry after the retries ran out, an `up` after
 * one that was killed — sends the same key, and the tenant answers with the first result instead
 * of making a second object or refusing one that already exists.
 */
export function createKey(deployment: string, kind: string, args: unknown): string {
  return createHash("sha256").update(JSON.stringify([deployment, kind, canonical(args)])).digest("base64url");
}

/** The hidden input by which a resource names its deployment (set by the resource classes). */
export const DEPLOYMENT_INPUT = "__deployment";
/** The hidden input that carries the key from check to create. */
export const CREATE_KEY_INPUT = "__createKey";

export function deploymentOf(inputs: Record<string, unknown>): string | undefined {
  const value = inputs[DEPLOYMENT_INPUT];
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function createKeyOf(inputs: Record<string, unknown>): string | undefined {
  const value = inputs[CREATE_KEY_INPUT];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * check's part of a derived create key: the key of this resource's create (when its class named
 * the deployment) and its inputs carrying that key on to create.
 */
export function keyedInputs(news: Record<string, unknown>, kind: string, args: unknown): { key: string | undefined; inputs: Record<string, unknown> } {
  const deployment = deploymentOf(news);
  const key = deployment ? createKey(deployment, kind, args) : undefined;
  return { key, inputs: { ...news, ...(key ? { [CREATE_KEY_INPUT]: key } : {}) } };
}

/**
 * The key of a create that writes on or under an object that already exists, made per that
 * object: a mailbox's forwarding or automatic replies, and a grant added on its target mailbox.
 * The same declaration on a mailbox made anew under the same address (its id changed) is then a
 * new write, not a key the tenant refuses as used for another request.
 */
export function keyOnObject(key: string | undefined, objectId: string): string | undefined {
  return key && createHash("sha256").update(JSON.stringify([key, objectId])).digest("base64url");
}

/**
 * Whether the tenant's object `objectId` was made by the create with this key (this deployment's
 * own earlier create). For a mailbox's setting (forwarding, automatic replies) the object is the
 * mailbox.
 */
export async function madeByCreate(directory: Directory, key: string | undefined, objectId: string): Promise<boolean> {
  if (!key) return false;
  const record = await directory.client.find("getIdempotencyRecord", { params: { key } });
  return record?.objectId === objectId;
}

/** JSON with sorted keys and no undefined, so equal arguments always give equal text. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
