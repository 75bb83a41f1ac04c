import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addressRefusals, aliasTakenBy, isAcceptedDomain, nameTakenBy, type IdentityHolder } from "../../schemas/directory-rules";
import { addressInUseMessage, aliasInUseMessage, nameInUseMessage, notAcceptedDomainMessage, planNameInUseMessage } from "../../schemas/messages";
import { parseSeed } from "../../tenant/seed";

const ORG = { organization: "Contoso Ltd", acceptedDomains: ["contoso.com", "Contoso.co.uk"] };
const ADELE: IdentityHolder = { id: "r1", name: "Adele Vance", alias: "adele.vance" };

describe("the organisation's identity rules (schemas/directory-rules)", () => {
  it("an address is in an accepted domain whatever the case of either, with or without Exchange's smtp: prefix", () => {
    expect(isAcceptedDomain("x@CONTOSO.CO.UK", ORG.acceptedDomains)).toBe(true);
    expect(isAcceptedDomain("smtp:x@contoso.com", ORG.acceptedDomains)).toBe(true);
    expect(isAcceptedDomain("x@contoso.org", ORG.acceptedDomains)).toBe(false);
  });

  it("refuses, in the order claimed, an address outside the accepted domains and one another recipient holds, with Exchange's wording", () => {
    const holders = new Map([["adele@contoso.com", ADELE]]);
    const refusals = addressRefusals(
      [
        { field: "primarySmtpAddress", address: "desk@contoso.com" },
        { field: "additionalAddresses.0", address: "desk@fabrikam.com" },
        { field: "additionalAddresses.1", address: "smtp:adele@contoso.com" },
      ],
      ORG,
      (a) => holders.get(a.toLowerCase()),
      undefined,
    );
    expect(refusals).toEqual([
      { field: "additionalAddresses.0", code: "ValidationFailed", message: notAcceptedDomainMessage("desk@fabrikam.com", "fabrikam.com", ORG) },
      { field: "additionalAddresses.1", code: "AddressInUse", message: addressInUseMessage("adele@contoso.com", "Adele Vance") },
    ]);
  });

  it("an address its own holder claims again is no clash; a contact's addresses may be in any domain", () => {
    expect(addressRefusals([{ field: "primarySmtpAddress", address: "adele@contoso.com" }], ORG, () => ADELE, "r1")).toEqual([]);
    expect(addressRefusals([{ field: "primarySmtpAddress", address: "x@fabrikam.com" }], ORG, () => undefined, undefined, { anyDomain: true })).toEqual([]);
  });

  it("names and aliases are taken by another recipient in any script's case, never by the claimant itself", () => {
    const holder = { id: "r2", name: "Öffentlich", alias: "STRASSE" };
    expect(nameTakenBy("öffentlich", [undefined, holder], "r1")).toBe(holder);
    expect(nameTakenBy("öffentlich", [holder], "r2")).toBeUndefined();
    expect(aliasTakenBy("straße", [holder], undefined)).toBe(holder);
    expect(aliasTakenBy("other", [holder], undefined)).toBeUndefined();
    expect(nameInUseMessage("x", { name: "X", softDeleted: true })).toBe('The name "x" is already being used by another recipient ("X", soft-deleted). Please choose another name.');
    expect(aliasInUseMessage("x", { name: "X" })).toBe('The alias "x" is being used by another recipient object ("X"). Please specify a unique value.');
  });

  it("the plan's refusal of a name in use is Exchange's, word for word, then what holds the name and what to set", () => {
    const holder = { name: "sales", kind: "a distribution group", address: "sales@contoso.com" };
    const text = planNameInUseMessage("Sales", holder, "name");
    expect(text.startsWith(nameInUseMessage("Sales", holder))).toBe(true);
    expect(text).toBe('The name "Sales" is already being used by another recipient ("sales"). Please choose another name. It is a distribution group (sales@contoso.com); names are unique in the organisation: set another name.');
    expect(planNameInUseMessage("Sales", holder, "displayName")).toMatch(/: set name \(it is the display name when left out\) or another displayName\.$/);
  });

  it("the seed loader refuses a name or an address an earlier entry holds with the same rule and words as the tenant", () => {
    const base = { organization: "O", defaultDomain: "o.test", acceptedDomains: ["o.test"] };
    expect(() => parseSeed({ ...base, recipients: [{ name: "A", type: "UserMailbox" }, { name: "B", type: "UserMailbox", primarySmtpAddress: "A@O.test" }] }, "s.yaml")).toThrow(
      `seed s.yaml: recipients[1] ("B"): field primarySmtpAddress: ${addressInUseMessage("A@O.test", "A")}`,
    );
    expect(() => parseSeed({ ...base, recipients: [{ name: "A", type: "UserMailbox" }, { name: "a", type: "UserMailbox", alias: "a2" }] }, "s.yaml")).toThrow(
      `seed s.yaml: recipients[1] ("a"): field name: ${nameInUseMessage("a", { name: "A" })}`,
    );
    expect(() => parseSeed({ ...base, recipients: [{ name: "A", type: "UserMailbox", primarySmtpAddress: "a@other.test" }] }, "s.yaml")).toThrow(
      `field primarySmtpAddress: ${notAcceptedDomainMessage("a@other.test", "other.test", { organization: "O", acceptedDomains: ["o.test"] })}`,
    );
  });
});

describe("each refusal's text is written once", () => {
  const root = join(__dirname, "..", "..");
  // A phrase of each of Exchange's refusals that only its text holds.
  const phrases = [
    "is already being used by the proxy addresses or LegacyExchangeDN",
    "isn't an accepted domain of",
    "is being used by another recipient object",
    "is already being used by another recipient (",
    "matches multiple entries",
    "couldn't be found on",
    "grant of '",
    "You do not have permission to access this page",
    "it is not possible to send a reply only to people outside",
    "; names are unique in the organisation: ",
  ];
  const sources = ["schemas", "provider", "tenant"].flatMap((dir) =>
    (readdirSync(join(root, dir), { recursive: true }) as string[])
      .filter((f) => f.endsWith(".ts") && !f.startsWith("dist") && !f.startsWith("node_modules"))
      .map((f) => join(dir, f)),
  );
  it.each(phrases)("%s: only in schemas/messages.ts among the sources", (phrase) => {
    expect(sources.filter((f) => readFileSync(join(root, f), "utf8").includes(phrase))).toEqual([join("schemas", "messages.ts")]);
  });
});
