import { createHash } from "crypto";
import type { Directory } from "../directory";
import { deploymentOf } from "./deployment";

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

/** A create key, derived only when asked for: most checks are of resources that exist, whose key is never used. */
export type LazyKey = () => string | undefined;

/** Where check leaves a resource's key for its create in this process. */
function checkedKeyId(kind: string, deployment: string): string {
  return `${kind}\n${deployment}`;
}

/**
 * check's key for this resource's create, derived from the declaration as check parsed it (when
 * its class named the deployment), and remembered for create. Derived on first use: the hash is
 * needed only by a create or by check's recognition of an earlier create, not by every check of
 * a resource that exists.
 *
 * Why create does not derive it again from its own inputs: check fills defaults into the inputs it
 * hands on (a grant's auto-mapping, keepCopy, the external audience, a mailbox's quota and
 * switches), so a declaration that leaves a default out and one that spells it out reach create
 * alike, and their keys differ. The engine checks a resource and creates it in the same provider
 * process, so create takes the key check derived: the same key for the same declaration as when
 * check carried it to create in a hidden input, which keeps every earlier create recognisable.
 */
export function checkedCreateKey(directory: Directory, news: Record<string, unknown>, kind: string, args: unknown): LazyKey {
  const deployment = deploymentOf(news);
  if (!deployment) return () => undefined;
  let key: string | undefined;
  const lazy = () => (key ??= createKey(deployment, kind, args));
  directory.checkedCreateKeys.set(checkedKeyId(kind, deployment), lazy);
  return lazy;
}

/**
 * create's key: the one check derived for this resource in this process; when none did (a create
 * called on its own), derived from create's arguments, which gives check's key whenever the
 * declaration spelled out the defaults check fills in.
 */
export function createKeyFor(directory: Directory, inputs: Record<string, unknown>, kind: string, args: unknown): string | undefined {
  const deployment = deploymentOf(inputs);
  if (!deployment) return undefined;
  return directory.checkedCreateKeys.get(checkedKeyId(kind, deployment))?.() ?? createKey(deployment, kind, args);
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
