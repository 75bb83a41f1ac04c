import type * as pulumi from "@pulumi/pulumi";
import { AutoReply, AutoReplyArgs, effectiveAudience, replyText } from "../../../schemas";
import { Directory, known, isPlanned } from "../../directory";
import { TenantError } from "../../client/errors";
import { settingMailbox } from "../../rules/mailbox-setting";
import { parseArgs, writeAccessFailures } from "../../rules/check-result";
import { describeFailure, defined } from "../errors";
import { declaredArgs, replacing } from "../descriptor";
import { autoReply } from "./descriptor";
import { createKeyOf, keyOnObject, keyedInputs, madeByCreate } from "../../rules/create-key";


type Args = AutoReplyArgs;
/** createdAt: when this program set the replies (ISO), so that reads and removals wait while they replicate. */
type State = Args & { mailboxId: string; createdAt?: string };


/** The declaration in inputs, state or a live reply: an empty text is no text, the audience as it takes effect. */
function argsOf(props: Record<string, unknown>): Args {
  const text = Object.fromEntries(Object.entries(props).filter(([, v]) => v !== ""));
  const args = declaredArgs<Args>(autoReply, text);
  return { ...args, externalAudience: effectiveAudience(args) };
}

/** The fields a change of which sets the replies again. */
const UPDATED = Object.entries(autoReply.fields).filter(([, f]) => f.onChange === "update").map(([k]) => k);

const sameInstant = (a?: string, b?: string) => (a ? Date.parse(a) : NaN) === (b ? Date.parse(b) : NaN) || (!a && !b);

/** Field by field, as Exchange means them: messages by their text, times by their instant, times only when Scheduled. */
export function changedFields(o: Args, n: Args): string[] {
  const out: string[] = [];
  if (o.state !== n.state) out.push("state");
  if (n.state === "Scheduled" && !sameInstant(o.startTime, n.startTime)) out.push("startTime");
  if (n.state === "Scheduled" && !sameInstant(o.endTime, n.endTime)) out.push("endTime");
  if (replyText(o.internalMessage) !== replyText(n.internalMessage)) out.push("internalMessage");
  if (replyText(o.externalMessage) !== replyText(n.externalMessage)) out.push("externalMessage");
  if (effectiveAudience(o) !== effectiveAudience(n)) out.push("externalAudience");
  return out;
}

export function autoReplyProvider(directory: Directory): pulumi.dynamic.ResourceProvider {
  const client = directory.client;
  const label = (a: Partial<Args>) => `automatic replies of "${a.mailbox}"`;

  const body = (a: Args) => ({
    state: a.state,
    startTime: a.state === "Scheduled" ? a.startTime : undefined,
    endTime: a.state === "Scheduled" ? a.endTime : undefined,
    internalMessage: a.internalMessage,
    externalMessage: a.externalMessage,
    externalAudience: a.externalAudience,
  });

  return {
    async check(olds, news) {
      const { args, failures } = parseArgs(AutoReplyArgs, news, autoReply.outputs);
      if (!args) return { inputs: news, failures };
      failures.push(...(await writeAccessFailures(directory, "state")));
      const { key, inputs } = keyedInputs(news, "AutoReply", args);
      if (known(args.mailbox)) {
        const { mailbox, failures: mailboxFailures } = await settingMailbox(directory, args.mailbox, "send automatic replies");
        failures.push(...mailboxFailures);
        if (mailbox && !isPlanned(mailbox) && !olds.mailbox && failures.length === 0) {
          const current = await client.find("getAutoReply", { params: { identity: mailbox.id } });
          if (current && current.state !== "Disabled") {
            const differs = changedFields(argsOf({ ...current, mailbox: args.mailbox }), argsOf(args as Record<string, unknown>));
            // This deployment's own earlier create, as declared (its answer was lost in a crash): create takes it back.
            const ours = !args.adopt && differs.length === 0 && (await madeByCreate(directory, keyOnObject(key, mailbox.id), mailbox.id));
            if (!args.adopt && !ours) {
              failures.push({ property: "state", reason: `"${args.mailbox}" already has automatic replies ${current.state}: to manage them with this program add adopt: true` });
            } else if (args.adopt && differs.length) {
              failures.push({ property: differs[0], reason: `adopt: the mailbox's automatic replies differ in ${differs.join(", ")}; declare what it has to adopt it` });
            }
          }
        }
      }
      return { inputs: defined({ ...inputs, externalAudience: effectiveAudience(args) }), failures };
    },

    async diff(_id, olds, news) {
      const o = olds as State;
      const n = argsOf(news);
      const changed = [...((await directory.means(n.mailbox, o.mailboxId)) ? [] : ["mailbox"]), ...changedFields(argsOf(olds), n)];
      return { changes: changed.length > 0, replaces: replacing(autoReply, changed), deleteBeforeReplace: true };
    },

    async create(inputs) {
      const a = argsOf(inputs);
      try {
        const mailbox = await directory.resolve(a.mailbox);
        // Adopting what already matches (check made sure it does) writes nothing.
        const current = a.adopt ? await client.find("getAutoReply", { params: { identity: mailbox.id } }) : undefined;
        const matches = current && changedFields(argsOf({ ...current, mailbox: a.mailbox }), a).length === 0;
        const reply = matches ? current : await client.call("setAutoReply", { idempotencyKey: keyOnObject(createKeyOf(inputs), mailbox.id), params: { identity: mailbox.id }, body: body(a) });
        return { id: mailbox.id, outs: stateOf(a, reply, matches ? undefined : new Date().toISOString()) };
      } catch (e) {
        throw describeFailure("creating", label(a), e);
      }
    },

    async read(id, props) {
      const since = (props as State).createdAt;
      // Not found while it may still be replicating is not "deleted": ask again until it shows or the wait is over.
      const reply = await client.untilReplicated({ since }, () => client.find("getAutoReply", { params: { identity: id } }));
      const declared = argsOf(props);
      if (!reply) {
        // On a mailbox deleted by hand that Exchange still keeps, the replies come back when the mailbox is restored.
        if (await directory.softDeletedById(id)) return { id, props, inputs: defined(declared) };
        return { id: "" };
      }
      const live = argsOf({ ...reply, mailbox: declared.mailbox, adopt: declared.adopt });
      // Keep the declared spelling where Exchange's copy means the same (its HTML wrapping, its time format).
      const same = new Set(UPDATED.filter((f) => !changedFields(declared, live).includes(f)));
      const inputs: Args = { ...live };
      for (const f of same) (inputs as Record<string, unknown>)[f] = (declared as Record<string, unknown>)[f];
      return { id, props: stateOf(inputs, reply, since), inputs: defined(inputs) };
    },

    async update(id, olds, news) {
      const a = argsOf(news);
      try {
        const reply = await client.call("setAutoReply", { params: { identity: id }, body: body(a) });
        return { outs: stateOf(a, reply, (olds as State).createdAt) };
      } catch (e) {
        throw describeFailure("updating", label(a), e);
      }
    },

    /** Automatic replies cannot be removed from a mailbox, only switched off; Exchange keeps the messages. */
    async delete(id, props) {
      try {
        // A mailbox still replicating answers "not found": wait for it, then switch its replies off.
        const awaitReplication = { since: (props as State).createdAt };
        const current = await client.call("getAutoReply", { params: { identity: id }, awaitReplication });
        const body = defined({
          state: "Disabled" as const,
          startTime: current.startTime ?? undefined,
          endTime: current.endTime ?? undefined,
          internalMessage: replyText(current.internalMessage) || undefined,
          externalMessage: replyText(current.externalMessage) || undefined,
          externalAudience: current.externalAudience,
        });
        await client.call("setAutoReply", { params: { identity: id }, body, awaitReplication });
      } catch (e) {
        if (e instanceof TenantError && e.notFound) return; // past the replication wait: the mailbox is gone
        throw describeFailure("deleting", label(props as Args), e);
      }
    },
  };
}

function stateOf(a: Args, reply: AutoReply, createdAt: string | undefined): State {
  return defined({ ...a, mailboxId: reply.mailboxId, createdAt });
}
