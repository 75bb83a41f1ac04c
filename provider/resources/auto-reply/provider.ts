import type * as pulumi from "@pulumi/pulumi";
import { AutoReply, AutoReplyArgs, effectiveAudience } from "../../../schemas";
import { Directory, known, isPlanned } from "../../directory";
import { listedFirst } from "../../live-lists";
import { type SettingWrites, lastWrite, settingMailbox } from "../../rules/mailbox-setting";
import { parseArgs, writeAccessFailures } from "../../rules/check-result";
import { describeFailure, defined } from "../errors";
import { replacing } from "../descriptor";
import { removeFromMailbox } from "../removal";
import { type ByReference, adoptedNames, changedFields, inputsOf, stateValues } from "../fields";
import { autoReply } from "./descriptor";
import { checkedCreateKey, createKeyFor, keyOnObject, madeByCreate } from "../../rules/create-key";
import { argsOf, liveReplyArgs, replyBody } from "./model";


type Args = AutoReplyArgs;
/** createdAt, updatedAt: when this program set the replies (ISO), so that reads and removals wait while they replicate. */
type State = Args & { mailboxId: string } & SettingWrites;

/** What adoption compares: the settings, not the mailbox (which check resolved the replies from). */
const SETTINGS = adoptedNames(autoReply);

export function autoReplyProvider(directory: Directory): pulumi.dynamic.ResourceProvider {
  const client = directory.client;
  const label = (a: Partial<Args>) => `automatic replies of "${a.mailbox}"`;
  // The mailbox by the tenant object it means.
  const refs: ByReference = { identity: (ref, id) => directory.means(ref, String(id)) };

  return {
    async check(olds, news) {
      const { args, failures } = parseArgs(AutoReplyArgs, news, autoReply.outputs);
      if (!args) return { inputs: news, failures };
      failures.push(...(await writeAccessFailures(directory, "state")));
      const key = checkedCreateKey(directory, news, "AutoReply", args);
      if (known(args.mailbox)) {
        const { mailbox, failures: mailboxFailures } = await settingMailbox(directory, args.mailbox, "send automatic replies");
        failures.push(...mailboxFailures);
        if (mailbox && !isPlanned(mailbox) && !olds.mailbox && failures.length === 0) {
          const current = await client.find("getAutoReply", { params: { identity: mailbox.id } });
          if (current && current.state !== "Disabled") {
            const differs = await changedFields(autoReply, argsOf(args as Record<string, unknown>), liveReplyArgs(current, args), refs, SETTINGS);
            // This deployment's own earlier create, as declared (its answer was lost in a crash): create takes it back.
            const ours = !args.adopt && differs.length === 0 && (await madeByCreate(directory, keyOnObject(key(), mailbox.id), mailbox.id));
            if (!args.adopt && !ours) {
              failures.push({ property: "state", reason: `"${args.mailbox}" already has automatic replies ${current.state}: to manage them with this program add adopt: true` });
            } else if (args.adopt && differs.length) {
              failures.push({ property: differs[0], reason: `adopt: the mailbox's automatic replies differ in ${differs.join(", ")}; declare what it has to adopt it` });
            }
          }
        }
      }
      return { inputs: defined({ ...news, externalAudience: effectiveAudience(args) }), failures };
    },

    async diff(_id, olds, news) {
      const changed = await changedFields(autoReply, argsOf(news), stateValues(autoReply, { ...argsOf(olds), mailboxId: olds.mailboxId }), refs);
      return { changes: changed.length > 0, replaces: replacing(autoReply, changed), deleteBeforeReplace: true };
    },

    async create(inputs) {
      const a = argsOf(inputs);
      try {
        const mailbox = await directory.resolve(a.mailbox);
        // Adopting what already matches (check made sure it does) writes nothing.
        const current = a.adopt ? await client.find("getAutoReply", { params: { identity: mailbox.id } }) : undefined;
        const matches = current && (await changedFields(autoReply, a, liveReplyArgs(current, a), refs, SETTINGS)).length === 0;
        const reply = matches ? current : await client.call("setAutoReply", { idempotencyKey: keyOnObject(createKeyFor(directory, inputs, "AutoReply", a), mailbox.id), params: { identity: mailbox.id }, body: replyBody(a) });
        return { id: mailbox.id, outs: stateOf(a, reply, { createdAt: matches ? undefined : new Date().toISOString() }) };
      } catch (e) {
        throw describeFailure("creating", label(a), e);
      }
    },

    async read(id, props) {
      const { createdAt, updatedAt } = props as State;
      const declared = argsOf(props);
      // Right after this program's write, a read may still answer not found or the replies from
      // before it: ask again until it shows what was written or the wait is over (then it is the truth).
      const written = async (r: AutoReply) => (await changedFields(autoReply, declared, liveReplyArgs(r, declared), refs, SETTINGS)).length === 0;
      // A refresh of many answers the first read from the list of every shared mailbox's replies; a
      // read again (still replicating) and what the list lacks go to the mailbox itself.
      const readReplies = listedFirst(() => directory.lists.autoReply(id), () => client.find("getAutoReply", { params: { identity: id } }));
      const reply = await client.untilReplicated(lastWrite(props as State), readReplies, written);
      if (!reply) {
        // On a mailbox deleted by hand that Exchange still keeps, the replies come back when the mailbox is restored.
        if (await directory.softDeletedById(id)) return { id, props, inputs: defined(declared) };
        return { id: "" };
      }
      // Keep the declared spelling where Exchange's copy means the same (its HTML wrapping, its time format).
      const inputs = (await inputsOf(autoReply, declared, liveReplyArgs(reply, declared), refs)) as Args;
      return { id, props: stateOf(inputs, reply, { createdAt, updatedAt }), inputs: defined(inputs) };
    },

    async update(id, olds, news) {
      const a = argsOf(news);
      try {
        const reply = await client.call("setAutoReply", { params: { identity: id }, body: replyBody(a) });
        return { outs: stateOf(a, reply, { createdAt: (olds as State).createdAt, updatedAt: new Date().toISOString() }) };
      } catch (e) {
        throw describeFailure("updating", label(a), e);
      }
    },

    /**
     * Automatic replies cannot be removed from a mailbox, only switched off; Exchange keeps the
     * messages. They are sent from the state, not read back: right after an update a read may still
     * answer the texts from before it, which switching off would then write back.
     */
    async delete(id, props) {
      const o = props as State;
      try {
        // Done at once when the mailbox is soft-deleted (the replies went with it); a mailbox still
        // replicating answers "not found": wait for it, then switch its replies off.
        const body = { ...replyBody(argsOf(props)), state: "Disabled" as const };
        await removeFromMailbox(directory, id, o.createdAt, () => client.call("setAutoReply", { params: { identity: id }, body }));
      } catch (e) {
        throw describeFailure("deleting", label(o), e);
      }
    },
  };
}

function stateOf(a: Args, reply: AutoReply, writes: SettingWrites): State {
  return defined({ ...a, mailboxId: reply.mailboxId, ...writes });
}
