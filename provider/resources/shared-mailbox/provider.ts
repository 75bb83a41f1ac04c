import type * as pulumi from "@pulumi/pulumi";
import {
  Mailbox,
  SharedMailboxArgs,
  UNLICENSED_QUOTA_LIMIT_GB,
  quotaMessage,
  SIGN_IN_MESSAGE,
  normalizeAddress,
  sameAddress,
  toProxyAddresses,
  deriveAlias,
  recipientTypeLabel,
} from "../../../schemas";
import { Directory } from "../../directory";
import { TenantError } from "../../client/errors";
import { CheckFailure, parseArgs, writeAccessFailures } from "../../rules/check-result";
import { describeFailure, defined } from "../errors";

/** Outputs the tenant computes, beside the declared arguments. */
export const OUTPUT_KEYS = ["mailboxId", "emailAddresses", "quotaState", "totalItemSizeGB"] as const;

type Args = SharedMailboxArgs;
type State = Args & {
  mailboxId: string;
  primarySmtpAddress: string;
  alias: string;
  name: string;
  signInBlocked: boolean;
  emailAddresses: string[];
  quotaState: string;
  totalItemSizeGB: number;
};

/** Exchange's defaults, made explicit so that a change made by hand shows as drift. */
function withDefaults(args: Args): Args {
  return {
    ...args,
    copySentAsToMailbox: args.copySentAsToMailbox ?? false,
    copySendOnBehalfToMailbox: args.copySendOnBehalfToMailbox ?? false,
    quotaGB: args.quotaGB ?? UNLICENSED_QUOTA_LIMIT_GB,
    licensed: args.licensed ?? false,
    signInBlocked: args.signInBlocked ?? true,
  };
}

function lower(values: readonly string[] | undefined): string[] {
  return [...new Set((values ?? []).map(normalizeAddress))].sort();
}

/** Additional addresses: the declared ones must all be there; Exchange's own extras (an old primary) are not drift. */
function missingAddresses(declared: readonly string[] | undefined, live: readonly string[]): string[] {
  const have = new Set(live.map(normalizeAddress));
  return (declared ?? []).filter((a) => !have.has(normalizeAddress(a)));
}

/** The differences between a declaration and a live mailbox, as "field: declared vs live". */
export function differences(args: Args, box: Mailbox): string[] {
  const a = withDefaults(args);
  const out: string[] = [];
  const cmp = (field: string, declared: unknown, live: unknown, same = declared === live) => {
    if (declared !== undefined && !same) out.push(`${field}: declared ${JSON.stringify(declared)}, the tenant has ${JSON.stringify(live)}`);
  };
  cmp("displayName", a.displayName, box.displayName);
  cmp("name", a.name, box.name);
  cmp("alias", a.alias, box.alias, a.alias === undefined || a.alias.toLowerCase() === box.alias.toLowerCase());
  cmp("primarySmtpAddress", a.primarySmtpAddress, box.primarySmtpAddress, a.primarySmtpAddress === undefined || sameAddress(a.primarySmtpAddress, box.primarySmtpAddress));
  const missing = missingAddresses(a.additionalAddresses, box.emailAddresses);
  if (missing.length) out.push(`additionalAddresses: ${missing.join(", ")} declared but not on the mailbox`);
  cmp("copySentAsToMailbox", a.copySentAsToMailbox, box.messageCopyForSentAsEnabled);
  cmp("copySendOnBehalfToMailbox", a.copySendOnBehalfToMailbox, box.messageCopyForSendOnBehalfEnabled);
  cmp("quotaGB", a.quotaGB, box.quotaGB);
  cmp("licensed", a.licensed, box.licensed);
  // signInBlocked is not compared: the provider blocks sign-in on every mailbox it manages, an
  // adopted one included, so an unblocked account is corrected, not a reason to refuse adoption.
  return out;
}

function stateOf(box: Mailbox, declared: Args): State {
  return defined({
    ...declared,
    mailboxId: box.id,
    name: box.name,
    displayName: box.displayName,
    alias: box.alias,
    primarySmtpAddress: box.primarySmtpAddress,
    emailAddresses: box.emailAddresses,
    copySentAsToMailbox: box.messageCopyForSentAsEnabled,
    copySendOnBehalfToMailbox: box.messageCopyForSendOnBehalfEnabled,
    quotaGB: box.quotaGB,
    licensed: box.licensed,
    signInBlocked: box.accountDisabled,
    quotaState: box.quotaState,
    totalItemSizeGB: box.totalItemSizeGB,
  });
}

/** The arguments that reproduce a live mailbox, keeping the user's spelling where it means the same. */
function inputsOf(box: Mailbox, previous: Partial<Args>): Args {
  const live = box.emailAddresses.filter((a) => !a.startsWith("SMTP:")).map((a) => a.replace(/^smtp:/, ""));
  const declaredExtras = previous.additionalAddresses;
  return {
    displayName: box.displayName,
    name: previous.name === undefined ? undefined : box.name,
    alias: previous.alias !== undefined && previous.alias.toLowerCase() === box.alias.toLowerCase() ? previous.alias : box.alias,
    primarySmtpAddress:
      previous.primarySmtpAddress !== undefined && sameAddress(previous.primarySmtpAddress, box.primarySmtpAddress)
        ? previous.primarySmtpAddress
        : box.primarySmtpAddress,
    additionalAddresses:
      declaredExtras === undefined ? undefined : declaredExtras.filter((a) => live.some((l) => sameAddress(l, a))),
    copySentAsToMailbox: box.messageCopyForSentAsEnabled,
    copySendOnBehalfToMailbox: box.messageCopyForSendOnBehalfEnabled,
    quotaGB: box.quotaGB,
    licensed: box.licensed,
    signInBlocked: box.accountDisabled,
    adopt: previous.adopt,
  };
}

function declaredArgs(props: Record<string, unknown>): Args {
  const parsed = SharedMailboxArgs.safeParse(
    Object.fromEntries(Object.entries(props).filter(([k, v]) => k in SharedMailboxArgs.shape && v !== undefined && v !== null)),
  );
  return parsed.success ? parsed.data : (props as Args);
}

/** How to find the mailbox a declaration means: its address, else its alias, name or display name. */
function refOf(args: Partial<Args>): string {
  return args.primarySmtpAddress ?? args.alias ?? args.name ?? args.displayName ?? "";
}

export function sharedMailboxProvider(directory: Directory): pulumi.dynamic.ResourceProvider {
  const client = directory.client;
  const label = (args: Partial<Args>) => `Shared Mailbox "${args.primarySmtpAddress ?? args.displayName ?? "?"}"`;

  async function addressFailures(args: Args, ownId: string | undefined): Promise<CheckFailure[]> {
    const failures: CheckFailure[] = [];
    const wanted: Array<[string, string]> = [];
    if (args.primarySmtpAddress) wanted.push(["primarySmtpAddress", args.primarySmtpAddress]);
    for (const [i, a] of (args.additionalAddresses ?? []).entries()) wanted.push([`additionalAddresses[${i}]`, a]);
    for (const [property, address] of wanted) {
      const holder = await directory.recipient(address);
      if (holder && holder.id !== ownId) {
        failures.push({
          property,
          reason: `The proxy address "SMTP:${address}" is already being used by the proxy addresses or LegacyExchangeDN of "${holder.name}". Please choose another proxy address.`,
        });
      }
    }
    return failures;
  }

  /** Every address must be in one of the organisation's accepted domains. */
  async function domainFailures(args: Args): Promise<CheckFailure[]> {
    const org = await directory.organization();
    const accepted = org.acceptedDomains.map((d) => d.toLowerCase());
    const wanted: Array<[string, string | undefined]> = [
      ["primarySmtpAddress", args.primarySmtpAddress],
      ...(args.additionalAddresses ?? []).map((a, i): [string, string] => [`additionalAddresses[${i}]`, a]),
    ];
    return wanted
      .filter(([, a]) => a && !accepted.includes(a.split("@")[1].toLowerCase()))
      .map(([property, a]) => ({
        property,
        reason: `${a!.split("@")[1]} is not an accepted domain of ${org.organization}: use an address in ${org.acceptedDomains.join(" or ")}`,
      }));
  }

  /** Without a primary address Exchange makes alias@default domain: that one must be free too. */
  async function derivedAddressFailures(args: Args): Promise<CheckFailure[]> {
    const org = await directory.organization();
    const alias = args.alias ?? deriveAlias(args.name ?? args.displayName);
    const address = `${alias}@${org.defaultDomain}`;
    const holder = await directory.recipient(address);
    if (!holder) return [];
    return [
      {
        property: args.alias ? "alias" : "displayName",
        reason: `The proxy address "SMTP:${address}" is already being used by the proxy addresses or LegacyExchangeDN of "${holder.name}". Please choose another proxy address. (Exchange derives it from the ${args.alias ? "alias" : "name"}: set primarySmtpAddress or another alias.)`,
      },
    ];
  }

  /** The existing shared mailbox a new declaration would collide with, if any. */
  async function existing(args: Args): Promise<Mailbox | undefined> {
    const found = await directory.recipient(refOf(args));
    if (!found) return undefined;
    if (found.recipientTypeDetails !== "SharedMailbox") return undefined;
    return client.find("getMailbox", { params: { identity: found.id } });
  }

  /**
   * A soft-deleted shared mailbox that still holds this declaration's address, alias or name:
   * Exchange keeps it (and its addresses) for 30 days, so a new one cannot take them.
   */
  async function softDeleted(args: Args): Promise<Mailbox | undefined> {
    const deleted = await client.call("listSharedMailboxes", { query: { deleted: "true" } });
    const wanted = [args.primarySmtpAddress, ...(args.additionalAddresses ?? [])].filter((a): a is string => !!a).map(normalizeAddress);
    return deleted.items.find(
      (m) =>
        m.emailAddresses.some((a) => wanted.includes(normalizeAddress(a))) ||
        (args.alias !== undefined && m.alias.toLowerCase() === args.alias.toLowerCase()) ||
        m.name.toLowerCase() === (args.name ?? args.displayName).toLowerCase(),
    );
  }

  return {
    async check(olds, news) {
      const { args, failures } = parseArgs(SharedMailboxArgs, news, OUTPUT_KEYS);
      if (!args) return { inputs: news, failures };
      const full = withDefaults(args);
      if (full.signInBlocked === false) failures.push({ property: "signInBlocked", reason: SIGN_IN_MESSAGE });
      if (full.quotaGB! > UNLICENSED_QUOTA_LIMIT_GB && !full.licensed) failures.push({ property: "quotaGB", reason: quotaMessage(full.quotaGB!) });
      failures.push(...(await writeAccessFailures(directory, "displayName")));
      // check sees the old inputs, not the state: the mailbox is new when there are none.
      const previous = declaredArgs(olds);
      const isNew = !previous.displayName;
      const ownId = isNew ? undefined : (await directory.recipient(refOf(previous)))?.id;
      if (isNew) {
        const box = await existing(full);
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
        const gone = await softDeleted(full);
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
      failures.push(...(await domainFailures(full)));
      failures.push(...(await addressFailures(full, ownId)));
      if (isNew && !full.primarySmtpAddress) failures.push(...(await derivedAddressFailures(full)));
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
          const live = await existing(args);
          const found = live ?? (await softDeleted(args));
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
