import type * as pulumi from "@pulumi/pulumi";
import { Forwarding, ForwardingRuleArgs, Recipient, sameAddress } from "../../../schemas";
import { Directory, PlannedRecipient, looksLikeAddress, known, isPlanned } from "../../directory";
import { TenantError } from "../../client/errors";
import { settingMailbox } from "../../rules/mailbox-setting";
import { parseArgs, writeAccessFailures } from "../../rules/check-result";
import { describeFailure, defined } from "../errors";
import { declaredArgs, replacing } from "../descriptor";
import { forwardingRule } from "./descriptor";
import { createKeyOf, keyOnObject, keyedInputs, madeByCreate } from "../../rules/create-key";


type Args = ForwardingRuleArgs;
/** createdAt: when this program set the forwarding (ISO), so that reads and removals wait while it replicates. */
type State = Args & { mailboxId: string; effectiveTarget: string; keepCopy: boolean; createdAt?: string };


/** The declaration in inputs or state, with Exchange's default for keepCopy (forward only). */
function argsOf(props: Record<string, unknown>): Args {
  const args = declaredArgs<Args>(forwardingRule, props);
  return { ...args, keepCopy: args.keepCopy ?? false };
}

/** Where mail to `forwardTo` ends up: a recipient's primary (or external) address, else the address itself. */
async function targetAddress(directory: Directory, forwardTo: string): Promise<string | undefined> {
  const recipient = await directory.recipient(forwardTo);
  if (recipient) return addressOf(recipient);
  return looksLikeAddress(forwardTo) ? forwardTo : undefined;
}

function addressOf(r: Recipient): string {
  return r.recipientTypeDetails === "MailContact" && r.externalEmailAddress ? r.externalEmailAddress : r.primarySmtpAddress;
}

export function forwardingRuleProvider(directory: Directory): pulumi.dynamic.ResourceProvider {
  const client = directory.client;
  const label = (a: Partial<Args>) => `forwarding of "${a.mailbox}"`;

  return {
    async check(olds, news) {
      const { args, failures } = parseArgs(ForwardingRuleArgs, news, forwardingRule.outputs);
      if (!args) return { inputs: news, failures };
      failures.push(...(await writeAccessFailures(directory, "forwardTo")));
      const { key, inputs: keyed } = keyedInputs(news, "ForwardingRule", args);
      const inputs = { ...keyed, keepCopy: args.keepCopy ?? false };
      let mailbox: Recipient | PlannedRecipient | undefined;
      if (known(args.mailbox)) {
        const found = await settingMailbox(directory, args.mailbox, "forward mail");
        mailbox = found.mailbox;
        failures.push(...found.failures);
      }
      if (known(args.forwardTo) && !(await targetAddress(directory, args.forwardTo))) {
        failures.push({ property: "forwardTo", reason: `"${args.forwardTo}" is neither an SMTP address nor a recipient of the tenant: give one address such as name@contoso.com` });
      }
      if (mailbox && !isPlanned(mailbox) && !olds.mailbox && failures.length === 0) {
        const current = await client.find("getForwarding", { params: { identity: mailbox.id } });
        if (current?.effectiveTarget) {
          const same = known(args.forwardTo) && sameAddress((await targetAddress(directory, args.forwardTo))!, current.effectiveTarget);
          const asDeclared = same && current.deliverToMailboxAndForward === (args.keepCopy ?? false);
          // This deployment's own earlier create, as declared (its answer was lost in a crash): create takes it back.
          const ours = !args.adopt && asDeclared && (await madeByCreate(directory, keyOnObject(key, mailbox.id), mailbox.id));
          if (!args.adopt && !ours) {
            failures.push({ property: "forwardTo", reason: `"${args.mailbox}" already forwards to ${current.effectiveTarget}: to manage that forwarding with this program add adopt: true` });
          } else if (!asDeclared) {
            failures.push({ property: "forwardTo", reason: `adopt: the mailbox forwards to ${current.effectiveTarget} with keepCopy ${current.deliverToMailboxAndForward}; declare the same to adopt it` });
          }
        }
      }
      return { inputs, failures };
    },

    async diff(_id, olds, news) {
      const o = olds as State;
      const n = argsOf(news);
      const changed: string[] = [];
      if (!(await directory.means(n.mailbox, o.mailboxId))) changed.push("mailbox");
      const target = known(n.forwardTo) ? await targetAddress(directory, n.forwardTo) : undefined;
      if (!target || !sameAddress(target, o.effectiveTarget)) changed.push("forwardTo");
      if (n.keepCopy !== o.keepCopy) changed.push("keepCopy");
      const replaces = replacing(forwardingRule, changed);
      return { changes: changed.length > 0, replaces, deleteBeforeReplace: true };
    },

    async create(inputs) {
      const a = argsOf(inputs);
      try {
        const mailbox = await directory.resolve(a.mailbox);
        // Adopting what already matches (check made sure it does) writes nothing.
        const current = a.adopt ? await client.find("getForwarding", { params: { identity: mailbox.id } }) : undefined;
        const target = await targetAddress(directory, a.forwardTo);
        const matches = current?.effectiveTarget && target && sameAddress(target, current.effectiveTarget) && current.deliverToMailboxAndForward === a.keepCopy;
        const forwarding = matches
          ? current
          : await client.call("setForwarding", { idempotencyKey: keyOnObject(createKeyOf(inputs), mailbox.id), params: { identity: mailbox.id }, body: { forwardTo: a.forwardTo, keepCopy: a.keepCopy } });
        return { id: mailbox.id, outs: stateOf(a, forwarding, matches ? undefined : new Date().toISOString()) };
      } catch (e) {
        throw describeFailure("creating", label(a), e);
      }
    },

    async read(id, props) {
      const since = (props as State).createdAt;
      // Not found while it may still be replicating is not "deleted": ask again until it shows or the wait is over.
      const forwarding = await client.untilReplicated({ since }, async () => {
        const found = await client.find("getForwarding", { params: { identity: id } });
        return found?.effectiveTarget ? { ...found, effectiveTarget: found.effectiveTarget } : undefined;
      });
      const a = argsOf(props);
      if (!forwarding) {
        // On a mailbox deleted by hand that Exchange still keeps, the forwarding comes back when the mailbox is restored.
        if (await directory.softDeletedById(id)) return { id, props, inputs: defined(a) };
        return { id: "" };
      }
      const declared = known(a.forwardTo) ? await targetAddress(directory, a.forwardTo) : undefined;
      const forwardTo = declared && sameAddress(declared, forwarding.effectiveTarget) ? a.forwardTo : forwarding.effectiveTarget;
      const inputs = { mailbox: a.mailbox, forwardTo, keepCopy: forwarding.deliverToMailboxAndForward, adopt: a.adopt };
      return { id, props: stateOf(inputs, forwarding, since), inputs: defined(inputs) };
    },

    async update(id, olds, news) {
      const a = argsOf(news);
      try {
        const forwarding = await client.call("setForwarding", { params: { identity: id }, body: { forwardTo: a.forwardTo, keepCopy: a.keepCopy } });
        return { outs: stateOf(a, forwarding, (olds as State).createdAt) };
      } catch (e) {
        throw describeFailure("updating", label(a), e);
      }
    },

    async delete(id, props) {
      try {
        // A mailbox still replicating answers "not found": wait for it, then clear its forwarding.
        await client.call("clearForwarding", { params: { identity: id }, awaitReplication: { since: (props as State).createdAt } });
      } catch (e) {
        if (e instanceof TenantError && e.notFound) return; // past the replication wait: the mailbox is gone
        throw describeFailure("deleting", label(props as Args), e);
      }
    },
  };
}

function stateOf(a: Args, f: Forwarding, createdAt: string | undefined): State & Record<string, unknown> {
  return defined({
    ...a,
    keepCopy: f.deliverToMailboxAndForward,
    mailboxId: f.mailboxId,
    effectiveTarget: f.effectiveTarget ?? "",
    forwardingAddress: f.forwardingAddress,
    forwardingSmtpAddress: f.forwardingSmtpAddress,
    createdAt,
  });
}
