import type * as pulumi from "@pulumi/pulumi";
import { Mailbox, SharedMailboxArgs, UNLICENSED_QUOTA_LIMIT_GB, quotaMessage, SIGN_IN_MESSAGE, sameIdentity, restorableUntil } from "../../../schemas";
import { Directory } from "../../directory";
import { TenantError } from "../../client/errors";
import { parseArgs, writeAccessFailures } from "../../rules/check-result";
import { addressFailures, aliasFailures, plannedClashes, derivedAddressFailures, domainFailures, existingMailbox, nameFailures, plannedIdentities, prefetchLookUps, softDeletedMailbox } from "../../rules/shared-mailbox";
import { describeFailure, defined } from "../errors";
import { removeFromMailbox } from "../removal";
import { checkedCreateKey, createKeyFor, madeByCreate } from "../../rules/create-key";
import { deploymentOf } from "../../rules/deployment";
import { Args, State, changedFields, createBody, declaredArgs, differences, inputsOf, mailboxReference, stateOf, updateBody, withDefaults } from "./model";
import { sharedMailbox } from "./descriptor";
import { replacing } from "../descriptor";
import { conversionSource, convertToShared } from "./conversion";


export function sharedMailboxProvider(directory: Directory): pulumi.dynamic.ResourceProvider {
  const client = directory.client;
  const label = (args: Partial<Args>) => `Shared Mailbox "${args.primarySmtpAddress ?? args.displayName ?? "?"}"`;

  /** Restore-SoftDeletedMailbox: back with its content, addresses and permissions. Restored by hand meanwhile is fine too. */
  async function restoreDeleted(id: string): Promise<void> {
    try {
      await client.call("restoreMailbox", { params: { identity: id } });
    } catch (e) {
      if (!(e instanceof TenantError && e.code === "NotDeleted")) throw e;
    }
    directory.invalidate();
  }

  /** Set-Mailbox with what differs from the declaration; nothing when it all matches. */
  async function apply(live: Mailbox, previous: Partial<Args>, n: Args): Promise<Mailbox> {
    const body = updateBody(live, previous, n);
    const box = Object.keys(body).length ? await client.call("updateMailbox", { params: { identity: live.id }, body }) : live;
    directory.invalidate();
    return box;
  }

  return {
    async check(olds, news) {
      const { args, failures } = parseArgs(SharedMailboxArgs, news, sharedMailbox.outputs);
      if (!args) return { inputs: news, failures };
      const full = withDefaults(args);
      prefetchLookUps(directory, full, declaredArgs(olds));
      if (full.signInBlocked === false) failures.push({ property: "signInBlocked", reason: SIGN_IN_MESSAGE });
      if (full.quotaGB! > UNLICENSED_QUOTA_LIMIT_GB && !full.licensed) failures.push({ property: "quotaGB", reason: quotaMessage(full.quotaGB!) });
      failures.push(...(await writeAccessFailures(directory, "displayName")));
      // check sees the old inputs, not the state: the mailbox is new when there are none.
      const previous = declaredArgs(olds);
      const isNew = !previous.displayName;
      // A conversion's mailbox is the user's own: its name and addresses are not in the way.
      const conversion = isNew ? await conversionSource(directory, full) : { failures: [] };
      failures.push(...conversion.failures);
      const ownId = isNew ? conversion.id : (await directory.recipient(mailboxReference(previous)))?.id;
      const deployment = deploymentOf(news);
      const key = checkedCreateKey(directory, news, "SharedMailbox", args);
      if (isNew && !full.convertFrom) {
        const box = await existingMailbox(directory, full);
        if (box) {
          // This deployment's own earlier create (its answer was lost to a crash or to retries
          // that ran out): create sends the same key and gets that mailbox back.
          if (!full.adopt && (await madeByCreate(directory, key(), box.id))) return { inputs: defined({ ...news, ...full }), failures };
          if (!full.adopt) {
            failures.push({
              property: full.primarySmtpAddress ? "primarySmtpAddress" : "displayName",
              reason: `a shared mailbox "${box.name}" (${box.primarySmtpAddress}) already exists: to manage it with this program add adopt: true (it is taken over only if it matches this declaration), or choose another name and address`,
            });
          } else {
            for (const diff of differences(full, box)) {
              failures.push({ property: diff.split(":")[0], reason: `adopt: the existing mailbox differs — ${diff}; change the declaration to match, or adopt it first and change it afterwards` });
            }
          }
          return { inputs: defined({ ...news, ...full }), failures };
        }
        const gone = await softDeletedMailbox(directory, full);
        if (gone) {
          if (!full.adopt) {
            failures.push({
              property: full.primarySmtpAddress ? "primarySmtpAddress" : "displayName",
              reason: `the shared mailbox "${gone.name}" (${gone.primarySmtpAddress}) was deleted on ${gone.whenSoftDeleted} and Exchange keeps it, with its addresses, for 30 days: add adopt: true to restore it and manage it again (it comes back with its content and permissions), or choose another name and address`,
            });
          } else {
            for (const diff of differences(full, gone)) {
              failures.push({ property: diff.split(":")[0], reason: `adopt: the deleted mailbox to restore differs — ${diff}; change the declaration to match, or restore it first and change it afterwards` });
            }
            // Until up restores it, the tenant's reads cannot see it: grants naming it must still pass.
            if (failures.length === 0) {
              directory.willCreate([gone], { planned: true, name: gone.name, recipientTypeDetails: "SharedMailbox" });
            }
          }
          return { inputs: defined({ ...news, ...full }), failures };
        }
      }
      // Names and aliases are unique in the organisation: a new mailbox, or a renamed one, must not take another's.
      const name = full.name ?? full.displayName;
      if (isNew || name !== (previous.name ?? previous.displayName)) failures.push(...(await nameFailures(directory, full, ownId)));
      const aliasChanged = full.alias !== undefined && !sameIdentity(full.alias, previous.alias ?? "");
      failures.push(...(await domainFailures(directory, full)));
      failures.push(...(await addressFailures(directory, full, ownId)));
      // The managed mailbox was found soft-deleted by a refresh: the plan says it will be restored, and until when it can be.
      const deletedOn = typeof olds.deletedOn === "string" ? olds.deletedOn : undefined;
      if (!isNew && deletedOn) {
        // Until up restores it, the tenant's reads cannot see it: the checks of its grants must still pass.
        const [identity] = await plannedIdentities(directory, full);
        const addresses = [...identity.emailAddresses, ...(previous.primarySmtpAddress ? [previous.primarySmtpAddress] : [])];
        directory.willCreate([{ ...identity, emailAddresses: addresses }], {
          planned: true,
          name: full.name ?? full.displayName,
          recipientTypeDetails: "SharedMailbox",
        });
        const restore = `deleted on ${deletedOn}: up restores it with its content and permissions (Exchange keeps it until ${restorableUntil(deletedOn)})`;
        return { inputs: defined({ ...news, ...full, restore }), failures };
      }
      const derived = isNew && !full.primarySmtpAddress && !full.convertFrom ? await derivedAddressFailures(directory, full) : [];
      failures.push(...derived);
      // A derived address already taken says what a taken derived alias would: one message is enough.
      if ((isNew && derived.length === 0 && !full.convertFrom) || aliasChanged) failures.push(...(await aliasFailures(directory, full, ownId)));
      if (isNew && deployment) failures.push(...plannedClashes(directory, full, deployment));
      if (isNew && failures.length === 0) {
        directory.willCreate(await plannedIdentities(directory, full, conversion.source), {
          planned: true,
          name: full.name ?? full.displayName,
          recipientTypeDetails: "SharedMailbox",
          owner: deployment,
        });
      }
      // The plan shows a conversion as such: the create step's `conversion` input says what it does.
      return { inputs: defined({ ...news, ...full, conversion: "note" in conversion ? conversion.note : undefined }), failures };
    },

    async diff(_id, olds, news) {
      const o = olds as State;
      const n = withDefaults(declaredArgs(news));
      const changed = [...(o.deletedOn ? ["restore"] : []), ...changedFields(o, n)];
      // Every field of a shared mailbox changes in place (Set-Mailbox): the descriptor says which would replace it.
      return { changes: changed.length > 0, replaces: replacing(sharedMailbox, changed), deleteBeforeReplace: false };
    },

    async create(inputs) {
      const args = withDefaults(declaredArgs(inputs));
      try {
        if (args.convertFrom) {
          const converted = await convertToShared(directory, args.convertFrom);
          const box = await apply(converted, {}, args);
          return { id: box.id, outs: stateOf(box, args) };
        }
        if (args.adopt) {
          const live = await existingMailbox(directory, args);
          const found = live ?? (await softDeletedMailbox(directory, args));
          if (found) {
            // Compare before restoring: a mailbox that does not match is left as it was.
            const diffs = differences(args, found);
            if (diffs.length) throw new Error(`the existing mailbox does not match the declaration, so it was not adopted: ${diffs.join("; ")}`);
            const box = live ?? (await client.call("restoreMailbox", { params: { identity: found.id } }));
            directory.invalidate();
            let visible = await client.call("getMailbox", { params: { identity: box.id }, awaitReplication: true });
            if (!visible.accountDisabled) {
              visible = await client.call("updateMailbox", { params: { identity: box.id }, body: { accountDisabled: true } });
            }
            return { id: visible.id, outs: stateOf(visible, args) };
          }
        }
        // Handed to dependents only once the tenant's reads can see it.
        const visible = await directory.createSharedMailbox(createBody(args), createKeyFor(directory, inputs, "SharedMailbox", declaredArgs(inputs)));
        return { id: visible.id, outs: { ...stateOf(visible, args), createdAt: new Date().toISOString() } };
      } catch (e) {
        throw describeFailure("creating", label(args), e);
      }
    },

    async read(id, props) {
      const createdAt = (props as State).createdAt;
      // Not found while it may still be replicating is not "deleted": ask again until it shows or the wait is over.
      const box = (await directory.lists.sharedMailbox(id)) ?? (await client.untilReplicated({ since: createdAt }, () => client.find("getMailbox", { params: { identity: id } })));
      if (!box) {
        // Deleted by hand, but Exchange still keeps it: drift on this resource, which the next up restores.
        const deleted = await directory.softDeletedById(id);
        if (!deleted?.whenSoftDeleted) return { id: "" };
        const inputs = inputsOf(deleted, { ...declaredArgs(props), declaredKeys: (props as State).declaredKeys });
        const deletedOn = deleted.whenSoftDeleted;
        return {
          id,
          props: defined({ ...stateOf(deleted, inputs), createdAt, deletedOn, restorableUntil: restorableUntil(deletedOn) }),
          inputs: defined({ ...inputs, deletedOn }),
        };
      }
      if (box.recipientTypeDetails !== "SharedMailbox") return { id: "" };
      const inputs = inputsOf(box, { ...declaredArgs(props), declaredKeys: (props as State).declaredKeys });
      return { id: box.id, props: defined({ ...stateOf(box, inputs), createdAt }), inputs: defined(inputs) };
    },

    async update(id, olds, news) {
      const o = olds as State;
      const n = withDefaults(declaredArgs(news));
      try {
        if (o.deletedOn) await restoreDeleted(id);
        const live = await client.call("getMailbox", { params: { identity: id }, awaitReplication: !!o.deletedOn });
        const box = await apply(live, o, n);
        return { outs: defined({ ...stateOf(box, n), createdAt: o.createdAt }) };
      } catch (e) {
        throw describeFailure("updating", label(n), e);
      }
    },

    async delete(id, props) {
      try {
        // A mailbox still replicating answers "not found": wait for it, then delete it; one already
        // soft-deleted (by hand) or purged is done at once, as for what lives on it (removal.ts).
        // A converted user's mailbox goes back to being theirs when the declaration says so.
        const remove = (props as State).convertBackOnDelete
          ? () => client.call("convertMailbox", { params: { identity: id }, body: { to: "UserMailbox" } })
          : () => client.call("deleteMailbox", { params: { identity: id } });
        if ((await removeFromMailbox(directory, id, (props as State).createdAt, remove)) === "removed") directory.invalidate();
      } catch (e) {
        throw describeFailure("deleting", label(props as Args), e);
      }
    },
  };
}
