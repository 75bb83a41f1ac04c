import type * as pulumi from "@pulumi/pulumi";
import { AccessRight, Grant, MailboxPermissionArgs, MAX_PERMISSION_ENTRIES } from "../../../schemas";
import { Directory, known, isPlanned } from "../../directory";
import { grantRuleFailures, grantTarget, grantTrustee, trusteeGone } from "../../rules/grant";
import { accessCollision, ownedByAccess, resourceName } from "../../rules/access-claims";
import { CheckFailure, parseArgs, writeAccessFailures } from "../../rules/check-result";
import { describeFailure, defined } from "../errors";
import { replacing } from "../descriptor";
import { removeFromMailbox } from "../removal";
import { type ByReference, type ResolveId, adoptedNames, changedFields, inputsOf, liveArgs, stateValues } from "../fields";
import { mailboxPermission } from "./descriptor";
import { type Args, type State, argsOf, effectiveArgs, grantBody, stateOf } from "./model";
import { checkedCreateKey, createKeyFor, keyOnObject, madeByCreate } from "../../rules/create-key";

/** What adopting an existing grant compares: auto-mapping (check found the grant by its mailbox, trustee and right). */
const ADOPTED = adoptedNames(mailboxPermission);
/** What diff compares while the trustee is unknown (preview): auto-mapping's value depends on who the trustee is. */
const WITHOUT_AUTO_MAPPING = Object.keys(mailboxPermission.fields).filter((k) => k !== "autoMapping");

export function mailboxPermissionProvider(directory: Directory): pulumi.dynamic.ResourceProvider {
  const client = directory.client;
  const label = (a: Partial<Args>) => `${a.accessRights} permission for "${a.trustee}" on "${a.mailbox}"`;
  // The mailbox and the trustee by the tenant object they mean; the trustee is sent by that object's id.
  const refs: ByReference = { identity: (ref, id) => directory.means(ref, String(id)) };
  const resolveId: ResolveId = async (ref) => (await directory.resolve(String(ref))).id;

  async function grantsOn(targetId: string): Promise<Grant[]> {
    return (await client.find("listGrants", { params: { identity: targetId } }))?.items ?? [];
  }

  async function findGrant(targetId: string, right: AccessRight, trusteeId: string): Promise<Grant | undefined> {
    return (await grantsOn(targetId)).find((g) => g.accessRights === right && g.trusteeId === trusteeId);
  }

  return {
    async check(olds, news) {
      const { args, unknown, failures } = parseArgs(MailboxPermissionArgs, news, mailboxPermission.outputs);
      if (!args) return { inputs: news, failures };
      failures.push(...(await writeAccessFailures(directory, "accessRights")));
      const found = known(args.mailbox) ? await grantTarget(directory, args.mailbox) : { failures: [] };
      const looked = known(args.trustee) ? await grantTrustee(directory, args.trustee, args.accessRights) : { failures: [] };
      const target = found.target;
      const trustee = looked.trustee;
      failures.push(...found.failures, ...looked.failures);
      if (args.autoMapping === true && args.accessRights !== "FullAccess") {
        failures.push({ property: "autoMapping", reason: `applies only to FullAccess (Outlook adds mailboxes a person can open); remove it from this ${args.accessRights} grant` });
      }
      failures.push(
        ...grantRuleFailures(
          args.accessRights,
          target && { name: args.mailbox, recipient: target },
          trustee && { name: args.trustee, recipient: trustee },
          args.autoMapping,
          { mailbox: "mailbox", trustee: "trustee", autoMapping: "autoMapping" },
        ),
      );
      const collision = target && accessCollision(directory, target, args.mailbox, { kind: "MailboxPermission", name: resourceName(news) });
      if (collision) failures.push(collision);
      const isNew = !olds.accessRights;
      const key = checkedCreateKey(directory, news, "MailboxPermission", args);
      const inputs: Record<string, unknown> = { ...news };
      if (isNew && target && !isPlanned(target) && trustee && failures.length === 0) {
        const grants = await grantsOn(target.id);
        const existing = grants.find((g) => g.accessRights === args.accessRights && g.trusteeId === trustee.id);
        if (!existing && grants.length >= MAX_PERMISSION_ENTRIES) {
          failures.push({ property: "mailbox", reason: `"${args.mailbox}" already has ${grants.length} permission entries, Exchange's limit: grant the right to a mail-enabled security group instead of person by person` });
        }
        // This deployment's own earlier create on this mailbox (its answer was lost): create gets that grant back.
        const ours = existing !== undefined && !args.adopt && (await madeByCreate(directory, keyOnObject(key(), target.id), existing.id));
        if (existing && !args.adopt && !ours) {
          failures.push({ property: "trustee", reason: `"${args.trustee}" already holds ${args.accessRights} on "${args.mailbox}": to manage that grant with this program add adopt: true` });
        } else if (existing) {
          const live = liveArgs(mailboxPermission, existing);
          for (const k of await changedFields(mailboxPermission, effectiveArgs(args, trustee), live, refs, ADOPTED)) {
            failures.push({ property: k, reason: `adopt: the existing grant has ${k} ${String(live[k])}; declare ${k}: ${String(live[k])} to adopt it` });
          }
        }
      }
      if (!unknown.has("trustee") && !unknown.has("accessRights")) inputs.autoMapping = effectiveArgs(args, trustee).autoMapping;
      return { inputs, failures };
    },

    async diff(_id, olds, news) {
      const n = argsOf(news);
      const trustee = known(n.trustee) ? await directory.recipient(n.trustee) : undefined;
      // The references by what they mean, not how they are written (an alias and an address of one recipient are the same).
      const changed = await changedFields(mailboxPermission, effectiveArgs(n, trustee), stateValues(mailboxPermission, olds), refs, known(n.trustee) ? undefined : WITHOUT_AUTO_MAPPING);
      const replaces = replacing(mailboxPermission, changed);
      // Only autoMapping changed: the grant keeps its identity, so the old one must go first.
      const deleteBeforeReplace = replaces.length === 1 && replaces[0] === "autoMapping";
      return { changes: changed.length > 0, replaces, deleteBeforeReplace };
    },

    async create(inputs) {
      const a = argsOf(inputs);
      try {
        // The mailbox may have just been created: give the tenant time to replicate it.
        const target = await directory.resolve(a.mailbox);
        const trustee = await directory.resolve(a.trustee);
        // Adopting takes the grant check found and compared.
        const existing = a.adopt ? await findGrant(target.id, a.accessRights, trustee.id) : undefined;
        const grant =
          existing ??
          (await client.call("addGrant", {
            // Per mailbox object: on a mailbox made anew under the same address the same declaration is a new grant.
            idempotencyKey: keyOnObject(createKeyFor(directory, inputs, "MailboxPermission", a), target.id),
            params: { identity: target.id },
            body: await grantBody(effectiveArgs(a, trustee), resolveId),
          }));
        return { id: grant.id, outs: stateOf(a, grant, existing ? undefined : new Date().toISOString()) };
      } catch (e) {
        // A trustee deleted since the plan found it: said by its declared name, with what to do.
        throw describeFailure("creating", label(a), trusteeGone(e, a.trustee));
      }
    },

    async read(id, props) {
      const o = props as State;
      // Not found while it may still be replicating is not "deleted": ask again until it shows or the wait is over.
      const grant =
        (await directory.lists.grant(o.mailboxId, o.accessRights, o.trusteeId)) ??
        (await client.untilReplicated({ since: o.createdAt }, () => findGrant(o.mailboxId, o.accessRights, o.trusteeId)));
      const a = argsOf(props);
      if (!grant) {
        // On a mailbox deleted by hand that Exchange still keeps, the grant comes back when the mailbox is restored.
        if (await directory.softDeletedById(o.mailboxId)) return { id, props, inputs: defined({ ...a, autoMapping: o.autoMapping }) };
        return { id: "" };
      }
      // Found by its mailbox, trustee and right, which stay as declared; auto-mapping as the tenant has it.
      const inputs = (await inputsOf(mailboxPermission, a, liveArgs(mailboxPermission, grant), refs)) as Args;
      return { id: grant.id, props: stateOf(inputs, grant, o.createdAt), inputs: defined(inputs) };
    },

    async delete(_id, props) {
      const o = props as State;
      // Moved into a MailboxAccess of this deployment: the grant is now that resource's to keep.
      if (ownedByAccess(directory, o.mailboxId, o)) return;
      try {
        // Done at once when the mailbox is soft-deleted (the grant went with it); a grant still
        // replicating answers "not found" to its removal: wait for it, then remove it.
        await removeFromMailbox(directory, o.mailboxId, o.createdAt, () =>
          client.call("removeGrant", { params: { identity: o.mailboxId, accessRights: o.accessRights, trustee: o.trusteeId } }),
        );
      } catch (e) {
        throw describeFailure("deleting", label(o), e);
      }
    },
  };
}

export type { CheckFailure };
