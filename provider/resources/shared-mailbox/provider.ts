import type * as pulumi from "@pulumi/pulumi";
import { SharedMailboxArgs, UNLICENSED_QUOTA_LIMIT_GB, quotaMessage, SIGN_IN_MESSAGE, normalizeAddress, sameAddress, toProxyAddresses, recipientTypeLabel } from "../../../schemas";
import { Directory } from "../../directory";
import { TenantError } from "../../client/errors";
import { parseArgs, writeAccessFailures } from "../../rules/check-result";
import { addressFailures, derivedAddressFailures, domainFailures, existingMailbox, prefetchLookUps, softDeletedMailbox } from "../../rules/shared-mailbox";
import { describeFailure, defined } from "../errors";
import { Args, State, declaredArgs, differences, inputsOf, lower, missingAddresses, refOf, stateOf, withDefaults } from "./model";

/** Outputs the tenant computes, beside the declared arguments. */
export const OUTPUT_KEYS = ["mailboxId", "emailAddresses", "quotaState", "totalItemSizeGB"] as const;

export function sharedMailboxProvider(directory: Directory): pulumi.dynamic.ResourceProvider {
  const client = directory.client;
  const label = (args: Partial<Args>) => `Shared Mailbox "${args.primarySmtpAddress ?? args.displayName ?? "?"}"`;

  return {
    async check(olds, news) {
      const { args, failures } = parseArgs(SharedMailboxArgs, news, OUTPUT_KEYS);
      if (!args) return { inputs: news, failures };
      const full = withDefaults(args);
      prefetchLookUps(directory, full, declaredArgs(olds));
      if (full.signInBlocked === false) failures.push({ property: "signInBlocked", reason: SIGN_IN_MESSAGE });
      if (full.quotaGB! > UNLICENSED_QUOTA_LIMIT_GB && !full.licensed) failures.push({ property: "quotaGB", reason: quotaMessage(full.quotaGB!) });
      failures.push(...(await writeAccessFailures(directory, "displayName")));
      // check sees the old inputs, not the state: the mailbox is new when there are none.
      const previous = declaredArgs(olds);
      const isNew = !previous.displayName;
      const ownId = isNew ? undefined : (await directory.recipient(refOf(previous)))?.id;
      if (isNew) {
        const box = await existingMailbox(directory, full);
        if (box) {
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
              directory.plan([gone.primarySmtpAddress, gone.alias, gone.name, full.primarySmtpAddress], { planned: true, name: gone.name, recipientTypeDetails: "SharedMailbox" });
            }
          }
          return { inputs: defined({ ...news, ...full }), failures };
        }
      }
      // Names are unique in the organisation: a new mailbox, or a renamed one, must not take another's.
      const name = full.name ?? full.displayName;
      if (isNew || name !== (previous.name ?? previous.displayName)) {
        const taken = await directory.recipient(name);
        if (taken && taken.id !== ownId && taken.name.toLowerCase() === name.toLowerCase()) {
          failures.push({
            property: full.name ? "name" : "displayName",
            reason: `the name "${taken.name}" is already used by ${recipientTypeLabel[taken.recipientTypeDetails]} (${taken.primarySmtpAddress}): names are unique in the organisation, set another name`,
          });
        }
      }
      failures.push(...(await domainFailures(directory, full)));
      failures.push(...(await addressFailures(directory, full, ownId)));
      if (isNew && !full.primarySmtpAddress) failures.push(...(await derivedAddressFailures(directory, full)));
      if (isNew && failures.length === 0) {
        directory.plan([full.primarySmtpAddress, full.alias, full.name, full.displayName], {
          planned: true,
          name: full.name ?? full.displayName,
          recipientTypeDetails: "SharedMailbox",
        });
      }
      return { inputs: defined({ ...news, ...full }), failures };
    },

    async diff(_id, olds, news) {
      const o = olds as State;
      const n = withDefaults(declaredArgs(news));
      const changed: string[] = [];
      if (n.displayName !== o.displayName) changed.push("displayName");
      if (n.name !== undefined && n.name !== o.name) changed.push("name");
      if (n.alias !== undefined && n.alias.toLowerCase() !== String(o.alias).toLowerCase()) changed.push("alias");
      if (n.primarySmtpAddress !== undefined && !sameAddress(n.primarySmtpAddress, o.primarySmtpAddress)) changed.push("primarySmtpAddress");
      if (n.additionalAddresses !== undefined && missingAddresses(n.additionalAddresses, o.emailAddresses ?? []).length > 0) changed.push("additionalAddresses");
      if (n.additionalAddresses !== undefined && o.additionalAddresses !== undefined && lower(n.additionalAddresses).join() !== lower(o.additionalAddresses).join()) {
        if (!changed.includes("additionalAddresses")) changed.push("additionalAddresses");
      }
      for (const key of ["copySentAsToMailbox", "copySendOnBehalfToMailbox", "quotaGB", "licensed", "signInBlocked"] as const) {
        if (n[key] !== o[key]) changed.push(key);
      }
      // Every property of a shared mailbox changes in place (Set-Mailbox); nothing replaces it.
      return { changes: changed.length > 0, replaces: [], deleteBeforeReplace: false };
    },

    async create(inputs) {
      const args = withDefaults(declaredArgs(inputs));
      try {
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
        const created = await client.call("createSharedMailbox", {
          body: {
            name: args.name,
            displayName: args.displayName,
            alias: args.alias,
            primarySmtpAddress: args.primarySmtpAddress,
            additionalAddresses: args.additionalAddresses,
            messageCopyForSentAsEnabled: args.copySentAsToMailbox,
            messageCopyForSendOnBehalfEnabled: args.copySendOnBehalfToMailbox,
            quotaGB: args.quotaGB,
            licensed: args.licensed,
          },
        });
        // Hand the mailbox to dependents only once the tenant's reads can see it.
        const visible = await client.call("getMailbox", { params: { identity: created.id }, awaitReplication: true });
        return { id: visible.id, outs: stateOf(visible, args) };
      } catch (e) {
        throw describeFailure("creating", label(args), e);
      }
    },

    async read(id, props) {
      const box = await client.find("getMailbox", { params: { identity: id } });
      if (!box || box.recipientTypeDetails !== "SharedMailbox") return { id: "" };
      const previous = declaredArgs(props);
      const inputs = inputsOf(box, previous);
      return { id: box.id, props: stateOf(box, inputs), inputs: defined(inputs) };
    },

    async update(id, olds, news) {
      const o = olds as State;
      const n = withDefaults(declaredArgs(news));
      try {
        const live = await client.call("getMailbox", { params: { identity: id } });
        const body: Record<string, unknown> = {};
        if (n.displayName !== live.displayName) body.displayName = n.displayName;
        if (n.name !== undefined && n.name !== live.name) body.name = n.name;
        if (n.alias !== undefined && n.alias.toLowerCase() !== live.alias.toLowerCase()) body.alias = n.alias;
        if (n.primarySmtpAddress !== undefined && !sameAddress(n.primarySmtpAddress, live.primarySmtpAddress)) body.primarySmtpAddress = n.primarySmtpAddress;
        if (n.additionalAddresses !== undefined) {
          // Keep addresses this declaration never owned (Exchange's old primaries); drop the ones it no longer declares.
          const dropped = new Set(lower(o.additionalAddresses).filter((a) => !lower(n.additionalAddresses).includes(a)));
          const kept = live.emailAddresses
            .filter((a) => a.startsWith("smtp:"))
            .map((a) => a.slice(5))
            .filter((a) => !dropped.has(normalizeAddress(a)));
          const next = toProxyAddresses(n.primarySmtpAddress ?? live.primarySmtpAddress, [...kept, ...n.additionalAddresses]).slice(1).map((a) => a.slice(5));
          if (lower(next).join() !== lower(kept).join() || dropped.size) body.additionalAddresses = next;
        }
        if (n.copySentAsToMailbox !== live.messageCopyForSentAsEnabled) body.messageCopyForSentAsEnabled = n.copySentAsToMailbox;
        if (n.copySendOnBehalfToMailbox !== live.messageCopyForSendOnBehalfEnabled) body.messageCopyForSendOnBehalfEnabled = n.copySendOnBehalfToMailbox;
        if (n.quotaGB !== live.quotaGB) body.quotaGB = n.quotaGB;
        if (n.licensed !== live.licensed) body.licensed = n.licensed;
        // Sign-in found unblocked is drift: block it again.
        if (!live.accountDisabled) body.accountDisabled = true;
        const box = Object.keys(body).length ? await client.call("updateMailbox", { params: { identity: id }, body }) : live;
        directory.invalidate();
        return { outs: stateOf(box, n) };
      } catch (e) {
        throw describeFailure("updating", label(n), e);
      }
    },

    async delete(id, props) {
      try {
        await client.call("deleteMailbox", { params: { identity: id } });
        directory.invalidate();
      } catch (e) {
        if (e instanceof TenantError && e.notFound) return; // already gone
        throw describeFailure("deleting", label(props as Args), e);
      }
    },
  };
}
