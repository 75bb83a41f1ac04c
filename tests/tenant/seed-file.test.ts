import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { DirectorySeed } from "../../schemas/recipient";
import { RecipientType, normalizeAddress } from "../../schemas/common";

const SEED_PATH = join(__dirname, "..", "..", "tenant", "seed", "contoso.yaml");

function load(): DirectorySeed {
  return DirectorySeed.parse(parse(readFileSync(SEED_PATH, "utf8")));
}

/** The addresses a seed recipient holds: its primary (or alias@default domain) and its proxies. */
function addressesOf(r: DirectorySeed["recipients"][number], defaultDomain: string): string[] {
  const alias = r.alias ?? r.name.replace(/\s+/g, "");
  const primary = r.primarySmtpAddress ?? `${alias}@${defaultDomain}`;
  return [...new Set([primary, ...r.additionalAddresses].map(normalizeAddress))];
}

describe("the contoso seed file", () => {
  it("is a valid DirectorySeed for Contoso Ltd with two accepted domains", () => {
    const seed = load();
    expect(seed.organization).toBe("Contoso Ltd");
    expect(seed.defaultDomain).toBe("contoso.com");
    expect(seed.acceptedDomains).toEqual(["contoso.com", "contoso.co.uk"]);
  });

  it("holds at least 50 recipients and every recipient type", () => {
    const seed = load();
    expect(seed.recipients.length).toBeGreaterThanOrEqual(50);
    const types = new Set(seed.recipients.map((r) => r.type));
    expect([...RecipientType.options].filter((t) => !types.has(t))).toEqual([]);
  });

  it("holds the people the examples name", () => {
    const names = new Set(load().recipients.filter((r) => r.type === "UserMailbox").map((r) => r.name));
    for (const person of [
      "Adele Vance", "Alex Wilber", "Megan Bowen", "Lee Gu", "Nestor Wilke", "Pradeep Gupta", "Isaiah Langer",
      "Lynne Robbins", "Diego Siciliani", "Johanna Lorenz", "Grady Archie", "Patti Fernandez", "Miriam Graham",
      "Joni Sherman", "Henrietta Mueller",
    ]) {
      expect(names, person).toContain(person);
    }
  });

  it("gives no address to two recipients (compared case-insensitively)", () => {
    const seed = load();
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const r of seed.recipients) {
      for (const address of addressesOf(r, seed.defaultDomain)) {
        const first = owner.get(address);
        if (first !== undefined) clashes.push(`${address}: ${first} and ${r.name}`);
        else owner.set(address, r.name);
      }
    }
    expect(clashes).toEqual([]);
  });

  it("gives no name or alias to two recipients", () => {
    const seed = load();
    const names = seed.recipients.map((r) => r.name.toLowerCase());
    const aliases = seed.recipients.map((r) => (r.alias ?? "").toLowerCase()).filter((a) => a !== "");
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    expect(aliases.filter((a, i) => aliases.indexOf(a) !== i)).toEqual([]);
  });

  it("uses only accepted domains for the organisation's own addresses", () => {
    const seed = load();
    const accepted = new Set(seed.acceptedDomains.map((d) => d.toLowerCase()));
    const outside = seed.recipients
      .filter((r) => r.type !== "MailContact")
      .flatMap((r) => addressesOf(r, seed.defaultDomain).map((a) => ({ r: r.name, a })))
      .filter(({ a }) => !accepted.has(a.split("@")[1]!));
    expect(outside).toEqual([]);
  });

  it("gives every MailContact and MailUser an external address", () => {
    const missing = load()
      .recipients.filter((r) => (r.type === "MailContact" || r.type === "MailUser") && !r.externalEmailAddress)
      .map((r) => r.name);
    expect(missing).toEqual([]);
  });

  it("names only recipients of the file as group members, and members only on groups", () => {
    const seed = load();
    const known = new Set<string>();
    for (const r of seed.recipients) {
      known.add(r.name.toLowerCase());
      if (r.alias) known.add(r.alias.toLowerCase());
      for (const a of addressesOf(r, seed.defaultDomain)) known.add(a);
    }
    const groups = new Set<string>(["MailUniversalSecurityGroup", "MailUniversalDistributionGroup", "DynamicDistributionGroup", "GroupMailbox"]);
    const unresolved: string[] = [];
    for (const r of seed.recipients) {
      if (r.members && !groups.has(r.type)) unresolved.push(`${r.name} is ${r.type} and has members`);
      for (const m of r.members ?? []) {
        if (!known.has(m.trim().toLowerCase())) unresolved.push(`${r.name}: ${m}`);
      }
    }
    expect(unresolved).toEqual([]);
    expect(seed.recipients.filter((r) => groups.has(r.type) && (r.members ?? []).length === 0).map((r) => r.name)).toEqual([]);
  });
});
