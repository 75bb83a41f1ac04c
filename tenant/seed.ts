import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import YAML from "yaml";
import { Alias, GROUP_TYPES, MAILBOX_TYPES, RecipientType, deriveAlias, foldIdentity, normalizeAddress, toProxyAddresses } from "pulumi-mailbox/schemas/common";
import { addressRefusals, IdentityHolder, isAcceptedDomain, nameTakenBy, plainAddress } from "pulumi-mailbox/schemas/directory-rules";
import { nameInUseMessage } from "pulumi-mailbox/schemas/messages";
import { DEFAULT_QUOTA_GB } from "pulumi-mailbox/schemas/shared-mailbox";
import { DirectorySeed } from "pulumi-mailbox/schemas/recipient";
import type { Store } from "./store/store";
import { StartError } from "./errors";

/** Types whose user account cannot sign in unless the seed says otherwise. */
const DISABLED_BY_DEFAULT: readonly RecipientType[] = ["SharedMailbox", "RoomMailbox", "EquipmentMailbox", "DiscoveryMailbox"];

/** An organisation with no recipients, used when no seed file is given or found. */
export const EMPTY_SEED: DirectorySeed = {
  organization: "Contoso",
  defaultDomain: "contoso.com",
  acceptedDomains: ["contoso.com", "contoso.onmicrosoft.com"],
  recipients: [],
};

function entryLabel(raw: unknown, index: number): string {
  const name = raw && typeof raw === "object" && "name" in raw ? String((raw as { name: unknown }).name) : undefined;
  return `recipients[${index}]${name ? ` ("${name}")` : ""}`;
}

/** Reads and validates a directory seed; every error names the entry (index and name) and the field. */
export function readSeed(file: string): DirectorySeed {
  let raw: unknown;
  try {
    raw = YAML.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new StartError(`seed ${file}: cannot read it as YAML: ${(err as Error).message}`);
  }
  return parseSeed(raw, file);
}

export function parseSeed(raw: unknown, source = "seed"): DirectorySeed {
  const parsed = DirectorySeed.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const [head, index, ...rest] = issue.path;
    if (head === "recipients" && typeof index === "number") {
      const entries = (raw as { recipients?: unknown[] }).recipients ?? [];
      const field = rest.length ? rest.join(".") : "(the entry)";
      throw new StartError(`seed ${source}: ${entryLabel(entries[index], index)}: field ${field}: ${issue.message}`);
    }
    throw new StartError(`seed ${source}: field ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
  }
  seedRecipients(parsed.data, source);
  return parsed.data;
}

/** A seed entry with everything the store needs filled in: id, alias, addresses, member ids. */
interface SeedRecipient {
  id: string;
  name: string;
  displayName: string;
  alias: string;
  type: RecipientType;
  primary: string;
  proxies: string[];
  external: string | null;
  accountDisabled: boolean;
  members: string[];
}

/**
 * The seed's entries, checked against each other with the organisation's identity rules
 * (schemas/directory-rules: unique names and addresses, accepted domains) and with members that
 * exist, each default filled in. The first problem stops the load, naming the entry and field.
 */
function seedRecipients(seed: DirectorySeed, source: string): SeedRecipient[] {
  const fail = (i: number, field: string, message: string): never => {
    throw new StartError(`seed ${source}: ${entryLabel(seed.recipients[i], i)}: field ${field}: ${message}`);
  };
  if (!isAcceptedDomain(`@${seed.defaultDomain}`, seed.acceptedDomains)) {
    throw new StartError(`seed ${source}: field defaultDomain: "${seed.defaultDomain}" must be one of acceptedDomains (${seed.acceptedDomains.join(", ")})`);
  }
  const org = { organization: seed.organization, acceptedDomains: seed.acceptedDomains };
  // Who holds each name, id and address so far, by its folded key: the entries before this one.
  const names = new Map<string, number>();
  const ids = new Map<string, number>();
  const addresses = new Map<string, number>();
  const entries: SeedRecipient[] = [];
  const holderAt = (j: number | undefined): IdentityHolder | undefined => (j === undefined ? undefined : { id: entries[j].id, name: entries[j].name });
  seed.recipients.forEach((r, i) => {
    const id = r.id ?? randomUUID();
    const nameHolder = nameTakenBy(r.name, [holderAt(names.get(foldIdentity(r.name)))], id);
    if (nameHolder) fail(i, "name", nameInUseMessage(r.name, nameHolder));
    names.set(foldIdentity(r.name), i);
    if (ids.has(id)) fail(i, "id", `"${id}" is already the id of recipients[${ids.get(id)}]`);
    ids.set(id, i);
    const alias = r.alias ?? (deriveAlias(r.name) || `recipient${i}`);
    const aliasCheck = Alias.safeParse(alias);
    if (!aliasCheck.success) fail(i, "alias", aliasCheck.error.issues[0].message);
    if (r.members && !GROUP_TYPES.includes(r.type)) fail(i, "members", `only groups have members; "${r.name}" is a ${r.type}`);
    let external = r.externalEmailAddress ?? null;
    let primary = r.primarySmtpAddress;
    if (r.type === "MailContact") {
      if (!external && !primary) fail(i, "externalEmailAddress", "a MailContact needs its external address");
      external = external ?? primary!;
      primary = primary ?? external;
    }
    primary = primary ?? `${alias}@${seed.defaultDomain}`;
    const all = toProxyAddresses(primary, r.additionalAddresses).map(plainAddress);
    const claims = all.map((address, k) => ({ field: k === 0 ? "primarySmtpAddress" : "additionalAddresses", address }));
    // A contact's addresses are outside the organisation by definition.
    const [refused] = addressRefusals(claims, org, (address) => holderAt(addresses.get(normalizeAddress(address))), id, { anyDomain: r.type === "MailContact" });
    if (refused) fail(i, refused.field, refused.message);
    for (const address of all) addresses.set(normalizeAddress(address), i);
    entries.push({
      id,
      name: r.name.trim(),
      displayName: r.displayName ?? r.name,
      alias,
      type: r.type,
      primary: all[0],
      proxies: all.slice(1),
      external,
      accountDisabled: r.accountDisabled ?? DISABLED_BY_DEFAULT.includes(r.type),
      members: [],
    });
  });
  // A directory may hold aliases used twice (written before aliases had to be unique): the seed
  // keeps them as they are, and a look-up of such an alias is refused as ambiguous by the tenant.
  const aliases = new Map<string, number>();
  entries.forEach((p, i) => {
    if (!aliases.has(foldIdentity(p.alias))) aliases.set(foldIdentity(p.alias), i);
  });
  seed.recipients.forEach((r, i) => {
    (r.members ?? []).forEach((ref, k) => {
      const key = foldIdentity(ref);
      const j = ids.get(ref.trim()) ?? names.get(key) ?? addresses.get(normalizeAddress(ref)) ?? aliases.get(key);
      if (j === undefined) fail(i, `members.${k}`, `"${ref}" is not a recipient of the seed (give a name or an address)`);
      if (j === i) fail(i, `members.${k}`, `a group cannot be a member of itself`);
      entries[i].members.push(entries[j!].id);
    });
  });
  return entries;
}

/** Writes a seed into an empty store, in one transaction. */
export function applySeed(store: Store, seed: DirectorySeed, now: number, source = "seed"): void {
  const recipients = seedRecipients(seed, source);
  const when = new Date(now).toISOString();
  store.tx(() => {
    store.setOrg({ organization: seed.organization, defaultDomain: seed.defaultDomain, acceptedDomains: seed.acceptedDomains });
    for (const p of recipients) {
      store.insertRecipient({
        id: p.id,
        name: p.name,
        display_name: p.displayName,
        alias: p.alias,
        primary_address: p.primary,
        type: p.type,
        account_disabled: p.accountDisabled ? 1 : 0,
        external_email_address: p.external,
        when_created: when,
        when_changed: when,
        visible_at: 0,
      });
      store.setAddresses(p.id, p.primary, p.proxies);
      if (MAILBOX_TYPES.includes(p.type)) {
        store.insertMailbox({
          recipient_id: p.id,
          copy_send_as: 0,
          copy_send_on_behalf: 0,
          quota_gb: DEFAULT_QUOTA_GB,
          licensed: p.type === "UserMailbox" ? 1 : 0,
          total_item_size_gb: 0,
          soft_deleted: 0,
          when_soft_deleted: null,
        });
      }
    }
    for (const p of recipients) if (p.members.length) store.setMembers(p.id, p.members);
    store.addAudit({
      at: when,
      principal: "system",
      action: "loadSeed",
      object_id: seed.organization,
      object_type: "Directory",
      before_json: null,
      after_json: JSON.stringify({ source, recipients: recipients.length }),
    });
  });
}

export type { DirectorySeed };
