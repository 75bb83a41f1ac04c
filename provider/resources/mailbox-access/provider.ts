import type * as pulumi from "@pulumi/pulumi";
import { Grant, MailboxAccessArgs, MAX_PERMISSION_ENTRIES, Recipient } from "../../../schemas";
import { Directory, known, isPlanned } from "../../directory";
import { TenantError } from "../../client/errors";
import { parseArgs, writeAccessFailures, CheckFailure } from "../../rules/check-result";
import { effectiveAutoMapping, grantRuleFailures, grantTarget, grantTrustee, trusteeGone } from "../../rules/grant";
import { accessCollision, resourceName } from "../../rules/access-claims";
import { madeByCreate } from "../../rules/create-key";
import { deploymentOf } from "../../rules/deployment";
import { describeFailure, defined } from "../errors";
import { mailboxAccess, rightsOf } from "./descriptor";
import { replacing } from "../descriptor";
import {
  Args, Entry, LiveGrant, State, WantedGrant, at, compareGrants, declaredArgs, declaredAutoMapping, describeGrant, duplicateFailures,
  entriesOf, grantWriteKey, grantKey, hasUnknown, inputsFromLive, stateOf,
} from "./model";

/** How each entry resolved: its recipient, or undefined when the tenant has none. */
type Resolved = Map<string, Recipient | undefined>;

export function mailboxAccessProvider(directory: Directory): pulumi.dynamic.ResourceProvider {
  const client = directory.client;
  const label = (a: Partial<Args>) => `delegate access on "${a.mailbox}"`;

  async function liveGrants(mailboxId: string): Promise<Grant[] | undefined> {
    return (await client.find("listGrants", { params: { identity: mailboxId } }))?.items;
  }

  /**
   * The live grants this resource did not write. A create or update whose answers were lost (a
   * killed up, retries run out, a state that lost the resource) left its grants in the tenant; each
   * was sent with its derived key, and the tenant's record of that key names the grant it made.
   */
  async function notWrittenByIt(live: readonly Grant[], deployment: string | undefined, mailboxId: string): Promise<Grant[]> {
    if (!deployment || live.length === 0) return [...live];
    const ours = await Promise.all(live.map((g) => madeByCreate(directory, grantWriteKey(deployment, mailboxId, g), g.id)));
    return live.filter((_, i) => !ours[i]);
  }

  /** Every entry's and auto-mapping key's recipient; `wait` rides out replication (for writes). */
  async function resolveAll(args: Args, wait: boolean): Promise<Resolved> {
    const refs = [...entriesOf(args).map((e) => e.ref), ...Object.keys(args.autoMapping ?? {})].filter((r) => known(r));
    const resolved: Resolved = new Map();
    for (const ref of new Set(refs)) resolved.set(ref, wait ? await directory.resolve(ref) : await directory.recipient(ref));
    return resolved;
  }

  /** The grants the declaration means, once every entry resolved. */
  function wantedGrants(args: Args, resolved: Resolved): WantedGrant[] {
    const wanted = new Map<string, WantedGrant>();
    for (const entry of entriesOf(args)) {
      const trustee = resolved.get(entry.ref);
      if (!trustee) continue;
      const declared = declaredAutoMapping(args, entry, (key) => resolved.get(key)?.id === trustee.id).value;
      for (const accessRights of rightsOf(entry.list)) {
        const g = { accessRights, trusteeId: trustee.id, autoMapping: effectiveAutoMapping(accessRights, trustee, declared) };
        wanted.set(grantKey(g), g);
      }
    }
    return [...wanted.values()];
  }

  /** The entry that declared a wanted grant: how the user wrote its trustee, and where. */
  function declaringEntry(args: Args, resolved: Resolved) {
    return (g: WantedGrant): Entry | undefined =>
      entriesOf(args).find((e) => rightsOf(e.list).includes(g.accessRights) && resolved.get(e.ref)?.id === g.trusteeId);
  }

  /** Each entry against the rights table, as MailboxPermission checks one grant, named by list and entry. */
  async function entryFailures(args: Args, target: Parameters<typeof accessCollision>[1] | undefined, resolved: Resolved): Promise<CheckFailure[]> {
    const failures: CheckFailure[] = [];
    const add = (f: CheckFailure) => failures.some((x) => x.property === f.property && x.reason === f.reason) || failures.push(f);
    for (const entry of entriesOf(args).filter((e) => known(e.ref))) {
      const trustee = resolved.get(entry.ref);
      const mapping = declaredAutoMapping(args, entry, (key) => !!trustee && resolved.get(key)?.id === trustee.id);
      for (const right of rightsOf(entry.list)) {
        if (!trustee) {
          (await grantTrustee(directory, entry.ref, right, at(entry))).failures.slice(0, 1).forEach(add);
          break;
        }
        const properties = { mailbox: "mailbox", trustee: at(entry), autoMapping: mapping.key === undefined ? at(entry) : `autoMapping.${mapping.key}` };
        const found = grantRuleFailures(right, target && { name: args.mailbox, recipient: target }, { name: entry.ref, recipient: trustee }, right === "FullAccess" ? mapping.value : undefined, properties);
        // A member refused for FullAccess is refused for SendAs by the same rule: say it once.
        found.filter((f) => f.property !== at(entry) || !failures.some((x) => x.property === f.property)).forEach(add);
      }
    }
    const fullAccess = entriesOf(args).filter((e) => e.list === "members" || e.list === "fullAccess");
    for (const key of Object.keys(args.autoMapping ?? {})) {
      const id = resolved.get(key)?.id;
      const named = fullAccess.some((e) => e.ref.trim().toLowerCase() === key.trim().toLowerCase() || (id !== undefined && resolved.get(e.ref)?.id === id));
      if (!named) add({ property: `autoMapping.${key}`, reason: `"${key}" is in neither members nor fullAccess: auto-mapping applies only to FullAccess trustees; remove it, or add the trustee to fullAccess` });
    }
    failures.push(...duplicateFailures(entriesOf(args), (e: Entry) => resolved.get(e.ref)?.id));
    return failures;
  }

  return {
    async check(olds, news) {
      const { args, failures } = parseArgs(MailboxAccessArgs, news, mailboxAccess.outputs);
      if (!args) return { inputs: news, failures };
      failures.push(...(await writeAccessFailures(directory, "mailbox")));
      const found = known(args.mailbox) ? await grantTarget(directory, args.mailbox) : { failures: [] };
      const target = found.target;
      failures.push(...found.failures);
      const resolved = await resolveAll(args, false);
      failures.push(...(await entryFailures(args, target, resolved)));
      const wanted = wantedGrants(args, resolved);
      if (wanted.length > MAX_PERMISSION_ENTRIES) {
        failures.push({ property: "mailbox", reason: `declares ${wanted.length} grants, more than the ${MAX_PERMISSION_ENTRIES} permission entries Exchange keeps on one mailbox: grant the right to a mail-enabled security group instead of person by person` });
      }
      const collision = target && accessCollision(directory, target, args.mailbox, { kind: "MailboxAccess", name: resourceName(news), grants: wanted.map(grantKey) });
      if (collision) failures.push(collision);
      const isNew = !olds.mailbox;
      if (isNew && target && !isPlanned(target) && failures.length === 0 && !hasUnknown(news)) {
        const live = (await liveGrants(target.id)) ?? [];
        const { remove } = compareGrants(wanted, live);
        // Grants this resource wrote before (its answers lost) are its own: create takes them back,
        // and removes those the lists no longer hold, as an update would.
        const foreign = args.adopt ? live : await notWrittenByIt(live, deploymentOf(news), target.id);
        if (foreign.length > 0 && !args.adopt) {
          failures.push({
            property: "mailbox",
            reason: `"${args.mailbox}" already has delegate access (${foreign.map(describeGrant).join("; ")}): to manage it with this program add adopt: true (taken over only if the lists hold every one of these grants), or remove those grants first`,
          });
        } else if (args.adopt && remove.length > 0) {
          failures.push({
            property: "mailbox",
            reason: `adopt: the mailbox has grants this declaration does not hold — ${remove.map(describeGrant).join("; ")}; add them to the lists to adopt the mailbox's access as it is, then change the lists in a later up (its preview shows what is removed)`,
          });
        }
      }
      // Its grants' keys come from the deployment alone (grantWriteKey): its create has no key of its own.
      return { inputs: news, failures };
    },

    async diff(_id, olds, news) {
      const o = olds as State;
      if (!(await directory.means(news.mailbox, o.mailboxId))) return { changes: true, replaces: replacing(mailboxAccess, ["mailbox"]), deleteBeforeReplace: false };
      if (hasUnknown(news)) return { changes: true, replaces: [], deleteBeforeReplace: false };
      const n = declaredArgs(news);
      const resolved = await resolveAll(n, false);
      // A reference the tenant does not know cannot match a live grant: that is a change (check refuses it).
      const unresolved = [...resolved.values()].some((r) => !r);
      const { add, remove } = compareGrants(wantedGrants(n, resolved), o.grants ?? []);
      return { changes: unresolved || add.length + remove.length > 0, replaces: [], deleteBeforeReplace: false };
    },

    async create(inputs) {
      const a = declaredArgs(inputs);
      try {
        // The mailbox and trustees may have just been created: give the tenant time to replicate them.
        const target = await directory.resolve(a.mailbox);
        const resolved = await resolveAll(a, true);
        const wanted = wantedGrants(a, resolved);
        const live = (await liveGrants(target.id)) ?? [];
        const { remove } = compareGrants(wanted, live);
        const deployment = deploymentOf(inputs);
        // Grants that appeared since the preview: never taken over, never removed, without a word.
        // Those this resource wrote before (a create or update whose answers were lost) are its own.
        const foreign = a.adopt ? [] : await notWrittenByIt(live, deployment, target.id);
        if (foreign.length > 0) throw new Error(`the mailbox already has delegate access (${foreign.map(describeGrant).join("; ")}): add adopt: true to take it over`);
        if (a.adopt && remove.length > 0) throw new Error(`the mailbox has grants the declaration does not hold, so its access was not adopted: ${remove.map(describeGrant).join("; ")}`);
        return { id: target.id, outs: stateOf(a, target.id, await converge(target.id, wanted, live, deployment, declaringEntry(a, resolved))) };
      } catch (e) {
        throw describeFailure("creating", label(a), e);
      }
    },

    async read(id, props) {
      // A refresh of many: from the list of the grants on every shared mailbox; another mailbox on its own.
      const live = (await directory.lists.grantsOn(id)) ?? (await liveGrants(id));
      if (!live) return { id: "" }; // the mailbox is gone
      const declared = declaredArgs(props);
      const resolved = await resolveAll(declared, false);
      const trustees = new Map<string, Recipient | undefined>();
      for (const g of live.filter((x) => x.accessRights === "FullAccess")) trustees.set(g.trusteeId, await directory.recipient(g.trusteeId));
      const inputs = inputsFromLive(declared, live, (ref) => resolved.get(ref)?.id, (g) => g.autoMapping === effectiveAutoMapping("FullAccess", trustees.get(g.trusteeId), undefined));
      // The state keeps the declared lists (what delete removes) and the live grants (what diff compares).
      return { id, props: stateOf(declared, id, live), inputs: defined(inputs) };
    },

    async update(id, olds, news) {
      const n = declaredArgs(news);
      try {
        const resolved = await resolveAll(n, true);
        const wanted = wantedGrants(n, resolved);
        const live = (await liveGrants(id)) ?? [];
        return { outs: stateOf(n, id, await converge(id, wanted, live, deploymentOf(news), declaringEntry(n, resolved))) };
      } catch (e) {
        throw describeFailure("updating", label({ ...(olds as Args), ...n }), e);
      }
    },

    async delete(id, props) {
      const o = props as State;
      const declared = declaredArgs(props);
      try {
        // Only what this resource declared: grants added by hand since the last up are not its own.
        const resolved = await resolveAll(declared, false);
        const named = (g: LiveGrant) =>
          entriesOf(declared).some(
            (e) => rightsOf(e.list).includes(g.accessRights) && (resolved.get(e.ref)?.id === g.trusteeId || e.ref.trim().toLowerCase() === g.trusteeAddress.toLowerCase()),
          );
        await removeAll(id, (o.grants ?? []).filter(named));
      } catch (e) {
        throw describeFailure("deleting", label(declared), e);
      }
    },
  };

  /**
   * Turns the live grants into the wanted ones; returns the grants the mailbox now has. A new
   * auto-mapping needs the old grant gone first; anything else is added before the removals, so no
   * right is missing in between. Each grant is written with its derived key (grantWriteKey): one the
   * tenant made for an earlier run of this create or update, whose answer was lost, is answered
   * again, not made twice. A trustee deleted since the plan found it is named by the entry that
   * declared it (`entryOf`), not by the id the tenant's refusal gives.
   */
  async function converge(
    mailboxId: string,
    wanted: readonly WantedGrant[],
    live: readonly LiveGrant[],
    deployment: string | undefined,
    entryOf: (g: WantedGrant) => Entry | undefined,
  ): Promise<LiveGrant[]> {
    const { add, remove } = compareGrants(wanted, live);
    const wantedKeys = new Set(wanted.map(grantKey));
    await removeAll(mailboxId, remove.filter((g) => wantedKeys.has(grantKey(g))));
    const added: LiveGrant[] = [];
    for (const g of add) {
      const body = { trustee: g.trusteeId, accessRights: g.accessRights, autoMapping: g.accessRights === "FullAccess" ? g.autoMapping : undefined };
      try {
        added.push(await client.call("addGrant", { idempotencyKey: grantWriteKey(deployment, mailboxId, g), params: { identity: mailboxId }, body }));
      } catch (e) {
        const entry = entryOf(g);
        throw entry ? trusteeGone(e, entry.ref, at(entry)) : e;
      }
    }
    await removeAll(mailboxId, remove.filter((g) => !wantedKeys.has(grantKey(g))));
    const gone = new Set(remove.map(grantKey));
    return [...live.filter((g) => !gone.has(grantKey(g))), ...added];
  }

  async function removeAll(mailboxId: string, grants: readonly LiveGrant[]): Promise<void> {
    for (const g of grants) {
      try {
        await client.call("removeGrant", { params: { identity: mailboxId, accessRights: g.accessRights, trustee: g.trusteeId } });
      } catch (e) {
        if (!(e instanceof TenantError && e.notFound)) throw e; // already gone is what we want
      }
    }
  }
}

