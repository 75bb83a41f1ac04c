import type * as pulumi from "@pulumi/pulumi";
import { Forwarding, ForwardingRuleArgs, Recipient, sameAddress } from "../../../schemas";
import { Directory, PlannedRecipient, looksLikeAddress, known, isPlanned } from "../../directory";
import { listedFirst } from "../../live-lists";
import { type SettingWrites, lastWrite, settingMailbox } from "../../rules/mailbox-setting";
import { parseArgs, writeAccessFailures } from "../../rules/check-result";
import { describeFailure, defined } from "../errors";
import { replacing } from "../descriptor";
import { removeFromMailbox } from "../removal";
import { type ByReference, adoptedNames, changedFields, inputsOf, liveArgs, stateFields, stateValues, withDefaults } from "../fields";
import { forwardingRule } from "./descriptor";
import { checkedCreateKey, createKeyFor, keyOnObject, madeByCreate } from "../../rules/create-key";
import { argsOf, forwardingBody, settingsOf } from "./model";


type Args = ForwardingRuleArgs;
/** createdAt, updatedAt: when this program set the forwarding (ISO), so that reads and removals wait while it replicates. */
type State = Args & { mailboxId: string; effectiveTarget: string; keepCopy: boolean } & SettingWrites;

/** What adoption compares: the settings, not the mailbox (which check resolved the forwarding from). */
const SETTINGS = adoptedNames(forwardingRule);

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
  // The mailbox by the tenant object it means; the target by where mail to it ends up.
  const refs: ByReference = {
    identity: (ref, id) => directory.means(ref, String(id)),
    recipient: async (ref, address) => {
      const target = known(ref) ? await targetAddress(directory, ref) : undefined;
      return !!target && typeof address === "string" && sameAddress(target, address);
    },
  };

  return {
    async check(olds, news) {
      const { args, failures } = parseArgs(ForwardingRuleArgs, news, forwardingRule.outputs);
      if (!args) return { inputs: news, failures };
      failures.push(...(await writeAccessFailures(directory, "forwardTo")));
      const key = checkedCreateKey(directory, news, "ForwardingRule", args);
      const inputs = withDefaults(forwardingRule, news);
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
          const differs = await changedFields(forwardingRule, withDefaults(forwardingRule, args), liveArgs(forwardingRule, current), refs, SETTINGS);
          // This deployment's own earlier create, as declared (its answer was lost in a crash): create takes it back.
          const ours = !args.adopt && differs.length === 0 && (await madeByCreate(directory, keyOnObject(key(), mailbox.id), mailbox.id));
          if (!args.adopt && !ours) {
            failures.push({ property: "forwardTo", reason: `"${args.mailbox}" already forwards to ${current.effectiveTarget}: to manage that forwarding with this program add adopt: true` });
          } else if (differs.length) {
            failures.push({ property: "forwardTo", reason: `adopt: the mailbox forwards to ${current.effectiveTarget} with keepCopy ${settingsOf(current).keepCopy}; declare the same to adopt it` });
          }
        }
      }
      return { inputs, failures };
    },

    async diff(_id, olds, news) {
      const changed = await changedFields(forwardingRule, argsOf(news), stateValues(forwardingRule, olds), refs);
      const replaces = replacing(forwardingRule, changed);
      return { changes: changed.length > 0, replaces, deleteBeforeReplace: true };
    },

    async create(inputs) {
      const a = argsOf(inputs);
      try {
        const mailbox = await directory.resolve(a.mailbox);
        // Adopting what already matches (check made sure it does) writes nothing.
        const current = a.adopt ? await client.find("getForwarding", { params: { identity: mailbox.id } }) : undefined;
        const matches = current?.effectiveTarget && (await changedFields(forwardingRule, a, liveArgs(forwardingRule, current), refs, SETTINGS)).length === 0;
        const forwarding = matches
          ? current
          : await client.call("setForwarding", { idempotencyKey: keyOnObject(createKeyFor(directory, inputs, "ForwardingRule", a), mailbox.id), params: { identity: mailbox.id }, body: forwardingBody(a) });
        return { id: mailbox.id, outs: stateOf(a, forwarding, { createdAt: matches ? undefined : new Date().toISOString() }) };
      } catch (e) {
        throw describeFailure("creating", label(a), e);
      }
    },

    async read(id, props) {
      const { createdAt, updatedAt } = props as State;
      const a = argsOf(props);
      // Right after this program's write, a read may still answer no forwarding or the forwarding
      // from before it: ask again until it shows what was written or the wait is over (then it is the truth).
      const written = async (f: Forwarding) => (await changedFields(forwardingRule, withDefaults(forwardingRule, a), liveArgs(forwardingRule, f), refs, SETTINGS)).length === 0;
      // A refresh of many answers the first read from the list of every shared mailbox's
      // forwarding; a read again (still replicating) and what the list lacks go to the mailbox itself.
      const readForwarding = listedFirst(() => directory.lists.forwarding(id), () => client.find("getForwarding", { params: { identity: id } }));
      const forwarding = await client.untilReplicated(
        lastWrite(props as State),
        async () => {
          const found = await readForwarding();
          return found?.effectiveTarget ? { ...found, effectiveTarget: found.effectiveTarget } : undefined;
        },
        written,
      );
      if (!forwarding) {
        // On a mailbox deleted by hand that Exchange still keeps, the forwarding comes back when the mailbox is restored.
        if (await directory.softDeletedById(id)) return { id, props, inputs: defined(a) };
        return { id: "" };
      }
      const inputs = (await inputsOf(forwardingRule, a, liveArgs(forwardingRule, forwarding), refs)) as Args;
      return { id, props: stateOf(inputs, forwarding, { createdAt, updatedAt }), inputs: defined(inputs) };
    },

    async update(id, olds, news) {
      const a = argsOf(news);
      try {
        const forwarding = await client.call("setForwarding", { params: { identity: id }, body: forwardingBody(a) });
        return { outs: stateOf(a, forwarding, { createdAt: (olds as State).createdAt, updatedAt: new Date().toISOString() }) };
      } catch (e) {
        throw describeFailure("updating", label(a), e);
      }
    },

    async delete(id, props) {
      try {
        // Done at once when the mailbox is soft-deleted (the forwarding went with it); a mailbox
        // still replicating answers "not found": wait for it, then clear its forwarding.
        await removeFromMailbox(directory, id, (props as State).createdAt, () => client.call("clearForwarding", { params: { identity: id } }));
      } catch (e) {
        throw describeFailure("deleting", label(props as Args), e);
      }
    },
  };
}

function stateOf(a: Args, f: Forwarding, writes: SettingWrites): State & Record<string, unknown> {
  return defined({
    ...(stateFields(forwardingRule, a, f) as Args & { keepCopy: boolean }),
    mailboxId: f.mailboxId,
    effectiveTarget: f.effectiveTarget ?? "",
    forwardingAddress: f.forwardingAddress,
    forwardingSmtpAddress: f.forwardingSmtpAddress,
    ...writes,
  });
}
