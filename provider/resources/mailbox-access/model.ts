import { AccessRight, Grant, MailboxAccessArgs, isUnknown, normalizeAddress } from "../../../schemas";
import type { CheckFailure } from "../../rules/check-result";
import { grantKey } from "../../rules/access-claims";
import { createKey, keyOnObject } from "../../rules/create-key";
import { ACCESS_LISTS, HOLDERS_OUTPUT, LIST_OF_RIGHT, ListName, mailboxAccess, rightsOf } from "./descriptor";
import { declaredArgs as parseDeclared } from "../descriptor";

/** MailboxAccess's model, without I/O: entries of the lists, the grants they mean, and how those compare with the tenant's. */

export type Args = MailboxAccessArgs;

/** One entry of one list, as written: `fullAccess[1]`. */
export interface Entry {
  list: ListName;
  index: number;
  ref: string;
}

/** A grant as the state keeps it. */
export type LiveGrant = Pick<Grant, "accessRights" | "trusteeId" | "trusteeAddress" | "autoMapping">;

/** A grant the declaration asks for. */
export interface WantedGrant {
  accessRights: AccessRight;
  trusteeId: string;
  autoMapping: boolean;
}

export type State = Args & { mailboxId: string; grants: LiveGrant[] } & Record<(typeof HOLDERS_OUTPUT)[AccessRight], string[]>;

export const at = (e: Pick<Entry, "list" | "index">) => `${e.list}[${e.index}]`;
export { grantKey };

/** The declared arguments of inputs or state (outputs and hidden keys left out). */
export function declaredArgs(props: Record<string, unknown>): Args {
  const args = parseDeclared<Args>(mailboxAccess, props);
  // A whole list still unknown during preview is not a list yet.
  for (const { list } of ACCESS_LISTS) if (!Array.isArray(args[list])) delete args[list];
  return args;
}

/** Every entry of every list, in the descriptor's order. */
export function entriesOf(args: Partial<Args>): Entry[] {
  return ACCESS_LISTS.flatMap(({ list }) => (args[list] ?? []).map((ref, index) => ({ list, index, ref })));
}

/** Whether some list or entry is still unknown during preview. */
export function hasUnknown(props: Record<string, unknown>): boolean {
  return ACCESS_LISTS.some(({ list }) => isUnknown(props[list]) || (Array.isArray(props[list]) && (props[list] as unknown[]).some(isUnknown)));
}

/**
 * The same trustee twice where it means the same right twice: twice in one list, or in members
 * and in fullAccess or sendAs. `idOf` is the recipient an entry resolves to (else its spelling counts).
 */
export function duplicateFailures(entries: readonly Entry[], idOf: (e: Entry) => string | undefined): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const seen: { entry: Entry; key: string }[] = [];
  for (const entry of entries) {
    if (isUnknown(entry.ref)) continue;
    const key = idOf(entry) ?? `ref:${normalizeAddress(entry.ref)}`;
    const first = seen.find((s) => s.key === key && rightsOf(s.entry.list).some((r) => rightsOf(entry.list).includes(r)));
    if (!first) {
      seen.push({ entry, key });
      continue;
    }
    const same = first.entry.ref.trim().toLowerCase() === entry.ref.trim().toLowerCase() ? "" : ` ("${first.entry.ref}", the same recipient)`;
    const reason =
      first.entry.list === entry.list
        ? `"${entry.ref}" is listed twice (also at ${at(first.entry)}${same}): list each trustee once`
        : `"${entry.ref}" is already in ${at(first.entry)}${same}, and members grant FullAccess and SendAs: list each trustee once, in members or in ${entry.list === "members" ? first.entry.list : entry.list}`;
    failures.push({ property: at(entry), reason });
  }
  return failures;
}

/** The auto-mapping declared for a FullAccess entry: its key written as the entry, or naming the same recipient. */
export function declaredAutoMapping(args: Args, entry: Entry, sameRecipient: (key: string) => boolean): { key?: string; value?: boolean } {
  for (const [key, value] of Object.entries(args.autoMapping ?? {})) {
    if (normalizeAddress(key) === normalizeAddress(entry.ref) || sameRecipient(key)) return { key, value };
  }
  return {};
}

/**
 * The idempotency key of one grant this resource writes, by its create or an update: derived from
 * the deployment (project, stack, resource name), bound to the mailbox object (a mailbox made anew
 * under the same address gets new grants) and to the grant's right and trustee. Not from the
 * declared lists: a create or update run again after a crash sends the same key per grant whatever
 * the lists said when it first wrote, and check can ask the tenant whether a grant it finds was
 * written by this resource. A grant removed and written again (a new auto-mapping) is a new write
 * under the same key: the tenant replays a key only while what it made is still there.
 */
export function grantWriteKey(deployment: string | undefined, mailboxId: string, g: Pick<WantedGrant, "accessRights" | "trusteeId">): string | undefined {
  return keyOnObject(keyOnObject(deployment && createKey(deployment, "MailboxAccess", "grants"), mailboxId), grantKey(g));
}

/** What must be added and removed to turn `live` into `wanted`; a changed auto-mapping is a removal and an add. */
export function compareGrants(wanted: readonly WantedGrant[], live: readonly LiveGrant[]): { add: WantedGrant[]; remove: LiveGrant[] } {
  const liveByKey = new Map(live.map((g) => [grantKey(g), g]));
  const wantedByKey = new Map(wanted.map((g) => [grantKey(g), g]));
  const add = wanted.filter((w) => {
    const l = liveByKey.get(grantKey(w));
    return !l || (w.accessRights === "FullAccess" && l.autoMapping !== w.autoMapping);
  });
  const remove = live.filter((l) => {
    const w = wantedByKey.get(grantKey(l));
    return !w || (l.accessRights === "FullAccess" && l.autoMapping !== w.autoMapping);
  });
  return { add, remove };
}

export function describeGrant(g: { accessRights: AccessRight; trusteeAddress?: string; trusteeId: string; autoMapping: boolean }): string {
  return `${g.accessRights} for ${g.trusteeAddress ?? g.trusteeId}${g.accessRights === "FullAccess" && !g.autoMapping ? " (autoMapping false)" : ""}`;
}

/** The state: the declared arguments, and the live grants sorted, with each right's holders. */
export function stateOf(args: Args, mailboxId: string, grants: readonly LiveGrant[]): State {
  const sorted = [...grants]
    .map((g) => ({ accessRights: g.accessRights, trusteeId: g.trusteeId, trusteeAddress: g.trusteeAddress, autoMapping: g.autoMapping }))
    .sort((a, b) => a.accessRights.localeCompare(b.accessRights) || a.trusteeAddress.localeCompare(b.trusteeAddress));
  const holders = (right: AccessRight) => sorted.filter((g) => g.accessRights === right).map((g) => g.trusteeAddress);
  return {
    ...args,
    mailboxId,
    grants: sorted,
    fullAccessTrustees: holders("FullAccess"),
    sendAsTrustees: holders("SendAs"),
    sendOnBehalfTrustees: holders("SendOnBehalf"),
  };
}

/**
 * The arguments that would declare what the tenant holds, written as close to `declared` as the
 * tenant allows: a declared entry stays, with its spelling and in its list, while every right its
 * list means is live; what is live beyond that joins the list of its right. So after a refresh the
 * engine shows a grant added by hand as a new entry, and one removed by hand as a missing one.
 */
export function inputsFromLive(
  declared: Args,
  live: readonly LiveGrant[],
  idOf: (ref: string) => string | undefined,
  isDefaultAutoMapping: (g: LiveGrant) => boolean,
): Args {
  const remaining = new Map(live.map((g) => [grantKey(g), g]));
  const spelling = new Map<string, string>();
  const lists: Record<ListName, string[]> = { members: [], fullAccess: [], sendAs: [], sendOnBehalf: [] };
  for (const entry of entriesOf(declared)) {
    const id = idOf(entry.ref);
    if (!id) continue;
    if (!spelling.has(id)) spelling.set(id, entry.ref);
    const keys = rightsOf(entry.list).map((accessRights) => grantKey({ accessRights, trusteeId: id }));
    if (!keys.every((k) => remaining.has(k))) continue;
    keys.forEach((k) => remaining.delete(k));
    lists[entry.list].push(entry.ref);
  }
  for (const g of remaining.values()) lists[LIST_OF_RIGHT[g.accessRights]].push(spelling.get(g.trusteeId) ?? g.trusteeAddress);

  const autoMapping: Record<string, boolean> = {};
  const declaredKeys = Object.keys(declared.autoMapping ?? {});
  for (const g of live.filter((x) => x.accessRights === "FullAccess")) {
    const key = declaredKeys.find((k) => idOf(k) === g.trusteeId);
    if (key !== undefined) autoMapping[key] = g.autoMapping;
    else if (!isDefaultAutoMapping(g)) autoMapping[spelling.get(g.trusteeId) ?? g.trusteeAddress] = g.autoMapping;
  }
  const out: Args = { mailbox: declared.mailbox };
  for (const { list } of ACCESS_LISTS) if (lists[list].length || declared[list]) out[list] = lists[list];
  if (Object.keys(autoMapping).length || declared.autoMapping) out.autoMapping = autoMapping;
  if (declared.adopt !== undefined) out.adopt = declared.adopt;
  return out;
}
