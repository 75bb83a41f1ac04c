import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { foldIdentity, normalizeAddress, sameIdentity } from "../../schemas/common";

/** Names in any script, with letters whose case differs (Latin, Greek, Cyrillic, accented, ß). */
const unicodeName = fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 });

describe("one case-folding rule for names, aliases and addresses", () => {
  it("folds the examples Exchange treats as one identity", () => {
    expect(sameIdentity("Öffentlich", "öffentlich")).toBe(true);
    expect(sameIdentity("ÄRZTE TEAM", "Ärzte Team")).toBe(true);
    expect(sameIdentity("École", "ÉCOLE")).toBe(true);
    expect(sameIdentity("Straße", "STRASSE")).toBe(true);
    expect(sameIdentity("ΟΔΟΣ", "οδος")).toBe(true);
    // Composed and decomposed accents are one name too.
    expect(sameIdentity("Cafe\u0301", "Café")).toBe(true);
    expect(sameIdentity("Öffnung", "Öffentlich")).toBe(false);
  });

  it("is idempotent and blind to upper and lower case, for any Unicode name", () => {
    fc.assert(
      fc.property(unicodeName, (name) => {
        const key = foldIdentity(name);
        expect(foldIdentity(key)).toBe(key);
        expect(foldIdentity(name.toUpperCase())).toBe(key);
        expect(foldIdentity(name.toLowerCase())).toBe(key);
      }),
      { numRuns: 2000 },
    );
  });

  it("folds addresses with the same rule, without the smtp: prefix", () => {
    fc.assert(fc.property(fc.emailAddress(), (a) => normalizeAddress(`smtp:${a.toUpperCase()}`) === foldIdentity(a)));
  });
});
