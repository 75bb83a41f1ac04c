import fc from "fast-check";
import { describe, it, expect, vi } from "vitest";
import { foldIdentity } from "../../../schemas/common";
import { identityIndex, plainAddress } from "../../../schemas/directory-rules";
import { DerivedAddresses, ProgramMailboxes, declaredIdentity, declaredLaterMessage, type LiteralReference, type MailboxIdentityArgs } from "../../../provider/resources/program-mailboxes";

// Counts the keys the identity rule folds: the work of indexing declared mailboxes and matching literals.
const folds = vi.hoisted(() => ({ count: 0 }));
vi.mock(import("../../../schemas/common"), async (importOriginal) => {
  const actual = await importOriginal();
  return { ...actual, foldIdentity: (value: string) => (folds.count++, actual.foldIdentity(value)) };
});

/** Which SharedMailbox of a program a literal `mailbox` names: the tenant's identity rule, over the declarations. */
describe("a literal mailbox matched against the SharedMailboxes a program declared", () => {
  const reception = { displayName: "Reception Desk", primarySmtpAddress: "reception@contoso.com", additionalAddresses: ["front@contoso.com"] };

  it.each([
    ["its primary address, in another case", "Reception@CONTOSO.com"],
    ["an additional address with Exchange's prefix", "smtp:front@contoso.com"],
    ["its name (the display name when no name is declared)", "reception desk"],
    ["its alias, derived from the name", "RECEPTIONDESK"],
  ])("finds the mailbox by %s", (_what, literal) => {
    const program = new ProgramMailboxes<string>();
    program.declareMailbox("reception", reception, "reception-resource");
    expect(program.find(literal)?.resource).toBe("reception-resource");
  });

  it("finds nothing for another recipient, the resource name, or a literal that two mailboxes answer to", () => {
    const program = new ProgramMailboxes<string>();
    program.declareMailbox("reception", reception, "r1");
    program.declareMailbox("info", { displayName: "Info", alias: "receptiondesk" }, "r2");
    expect(program.find("adele.vance@contoso.com")).toBeUndefined();
    expect(program.find("info@contoso.com")).toBeUndefined(); // not its derived address either: its alias is receptiondesk
    expect(program.find("receptiondesk")).toBeUndefined(); // alias of one, derived alias of the other: ambiguous, never guessed
    expect(program.find("reception")).toBeUndefined(); // a Pulumi resource name is no identity in the tenant
  });

  it.each([
    ["the alias derived from its name, in another case", { displayName: "Sales Desk" }, "SALESDESK@contoso.com"],
    ["its declared alias, at a domain the program cannot check", { displayName: "Sales Desk", alias: "sales" }, "Sales@fabrikam.com"],
    ["its declared alias, with Exchange's prefix", { displayName: "Sales Desk", alias: "sales" }, "SMTP:sales@contoso.com"],
  ])("finds a mailbox that declares no address by its derived address: %s", (_what, args, literal) => {
    const program = new ProgramMailboxes<string>();
    program.declareMailbox("reception", reception, "r1");
    program.declareMailbox("sales", args, "sales-resource");
    expect(program.find(literal)?.resource).toBe("sales-resource");
  });

  it("takes no derived address for a mailbox with an address of its own, or that two mailboxes' aliases answer to", () => {
    const program = new ProgramMailboxes<string>();
    program.declareMailbox("reception", reception, "r1"); // derived alias receptiondesk, its own primary address
    program.declareMailbox("converted", { displayName: "Leaver", alias: "leaver", convertFrom: "tomas.novak@contoso.com" }, "r2");
    program.declareMailbox("unknown", { displayName: "Later", primarySmtpAddress: { an: "output" } }, "r3");
    expect(program.find("receptiondesk@contoso.com")).toBeUndefined(); // its address is reception@contoso.com
    expect(program.find("leaver@contoso.com")).toBeUndefined(); // keeps the converted user mailbox's address
    expect(program.find("later@contoso.com")).toBeUndefined(); // an address only known later is still its own
    program.declareMailbox("info", { displayName: "Info", alias: "ReceptionDesk" }, "r4");
    expect(program.find("receptiondesk@contoso.com")).toBeUndefined(); // two aliases answer: never guessed
    expect(program.find("info@contoso.com")).toBeUndefined();
    for (const notAnAddress of ["@contoso.com", "info@"]) expect(program.find(notAnAddress), notAnAddress).toBeUndefined();
    expect(new DerivedAddresses([{ alias: "", ownPrimaryAddress: false }]).owner("@contoso.com")).toBeUndefined();
  });

  it("a literal remembered before the mailbox whose derived address it is comes back when that mailbox is declared", () => {
    const program = new ProgramMailboxes<string>();
    program.remember({ kind: "MailboxPermission", resourceName: "adele", literal: "salesdesk@contoso.com", resource: "adele-resource" });
    expect(program.declareMailbox("reception", reception, "r1")).toEqual([]);
    expect(program.declareMailbox("sales", { displayName: "Sales Desk" }, "r2").map((ref) => ref.resourceName)).toEqual(["adele"]);
  });

  it("a value only known later (an Output) matches nothing", () => {
    expect(declaredIdentity({ displayName: "Desk", name: { an: "output" }, primarySmtpAddress: { an: "output" } })).toEqual({ name: "", alias: "", emailAddresses: [] });
  });

  it("a literal remembered before its mailbox is returned once, when that mailbox is declared", () => {
    const program = new ProgramMailboxes<string>();
    program.remember({ kind: "ForwardingRule", resourceName: "fwd", literal: "Reception@contoso.com", resource: "fwd-resource" });
    program.remember({ kind: "AutoReply", resourceName: "other", literal: "other@contoso.com", resource: "other-resource" });
    expect(program.declareMailbox("reception", reception, "r").map((ref) => ref.resourceName)).toEqual(["fwd"]);
    expect(program.declareMailbox("again", { displayName: "Again", additionalAddresses: ["reception@contoso.com"] }, "r2")).toEqual([]);
  });

  it("the warning names both resources, the literal, and what to pass instead", () => {
    expect(declaredLaterMessage({ kind: "MailboxPermission", resourceName: "adele", literal: "reception@contoso.com" }, "reception")).toMatch(
      /^MailboxPermission "adele" names its mailbox by the literal "reception@contoso.com", which is SharedMailbox "reception" of this program, declared after it: .*Pass the mailbox's output instead \(mailbox: <the SharedMailbox>\.primarySmtpAddress\), or declare the SharedMailbox before it\.$/,
    );
  });

  it("two mailboxes whose aliases fold to one key leave their derived address to neither, whichever has an address of its own", () => {
    for (const [first, second] of [
      [{ displayName: "Street Desk", alias: "Strasse" }, { displayName: "Other", alias: "STRASSE" }],
      [{ displayName: "Street Desk", alias: "strasse", primarySmtpAddress: "street@contoso.com" }, { displayName: "Other", alias: "STRASSE" }],
      [{ displayName: "Strasse" }, { displayName: "Other", alias: "strasse" }], // a derived alias and a declared one
    ]) {
      const program = new ProgramMailboxes<string>();
      program.declareMailbox("first", first, "r1");
      if (!first.primarySmtpAddress) expect(program.find("strasse@contoso.com")?.resource).toBe("r1"); // alone, it answers
      program.remember({ kind: "AutoReply", resourceName: "reply", literal: "Strasse@contoso.com", resource: "reply-resource" });
      expect(program.declareMailbox("second", second, "r2")).toEqual([]); // not returned for the second: two answer now
      for (const literal of ["strasse@contoso.com", "STRASSE@fabrikam.com", "smtp:straße@contoso.com"]) expect(program.find(literal), literal).toBeUndefined();
      program.declareMailbox("third", { displayName: "Third", alias: "third" }, "r3");
      expect(program.find("strasse@contoso.com")).toBeUndefined(); // a third mailbox does not change it
      expect(program.find("third@contoso.com")?.resource).toBe("r3");
    }
  });

  it("a derived address is matched in any case, by the tenant's fold (ß is SS)", () => {
    const program = new ProgramMailboxes<string>();
    program.declareMailbox("street", { displayName: "Street Desk", alias: "StrASSe" }, "street");
    program.declareMailbox("kayit", { displayName: "Kayit Masasi" }, "kayit"); // derived alias KayitMasasi
    for (const literal of ["STRASSE@contoso.com", "strasse@contoso.com", "SMTP:Straße@contoso.com"]) expect(program.find(literal)?.resource, literal).toBe("street");
    expect(program.find("kayitmasasi@contoso.com")?.resource).toBe("kayit");
    expect(program.find("KAYITMASASI@contoso.com")?.resource).toBe("kayit");
  });

  it("the derived addresses, indexed as each mailbox is declared, answer at every step what a scan of every mailbox declared so far answers", () => {
    const alias = fc.constantFrom("", "desk", "Desk", "DESK", "straße", "STRASSE", "sales");
    const mailbox = fc.record({ alias, ownPrimaryAddress: fc.boolean() });
    const literal = fc.tuple(fc.constantFrom("", "smtp:", "SMTP:"), fc.constantFrom("", "desk", "STRASSE", "Sales", "x"), fc.constantFrom("@contoso.com", "@", "")).map((parts) => parts.join(""));
    // The rule as a scan over the declarations.
    const scan = (all: readonly { alias: string; ownPrimaryAddress: boolean }[], text: string) => {
      const address = plainAddress(text);
      const at = address.lastIndexOf("@");
      if (at <= 0 || at === address.length - 1) return undefined;
      const answering = all.filter((m) => m.alias !== "" && foldIdentity(m.alias) === foldIdentity(address.slice(0, at)));
      return answering.length === 1 && !answering[0]!.ownPrimaryAddress ? answering[0] : undefined;
    };
    fc.assert(
      fc.property(fc.array(mailbox, { maxLength: 8 }), fc.array(literal, { minLength: 1, maxLength: 8 }), (mailboxes, literals) => {
        const index = new DerivedAddresses<(typeof mailboxes)[number]>();
        for (const [i, m] of mailboxes.entries()) {
          index.add(m);
          for (const l of literals) expect([l, index.owner(l)]).toEqual([l, scan(mailboxes.slice(0, i + 1), l)]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("a program of 300 mailboxes, each followed by a resource naming it by a literal, folds each literal and identity a bounded number of times, not once per mailbox declared before", () => {
    const program = new ProgramMailboxes<string>();
    const n = 300;
    folds.count = 0;
    for (let i = 0; i < n; i++) {
      program.declareMailbox(`desk-${i}`, { displayName: `Desk ${i}`, alias: `desk-${i}` }, `r${i}`);
      expect(program.find(`DESK-${i}@contoso.com`)?.resource).toBe(`r${i}`); // its derived address
      expect(program.find(`desk ${i}`)?.resource).toBe(`r${i}`);
    }
    expect(folds.count).toBeLessThanOrEqual(16 * n);
  });

  it("a mailbox declared after literals that name it gets back exactly those a check of every remembered literal would give, in the order remembered", () => {
    // Every pending literal against the new mailbox, by the identity rule and the derived address.
    class EveryLiteral {
      private readonly derived = new DerivedAddresses<{ alias: string; ownPrimaryAddress: boolean }>();
      private pending: LiteralReference<string>[] = [];
      private declared = 0;
      remember(ref: LiteralReference<string>) {
        this.pending.push(ref);
      }
      declareMailbox(args: MailboxIdentityArgs): string[] {
        const mailbox = { id: `\0${this.declared++}`, ownPrimaryAddress: args.primarySmtpAddress !== undefined, ...declaredIdentity(args) };
        this.derived.add(mailbox);
        const itself = identityIndex([mailbox]);
        const named = this.pending.filter((ref) => itself(ref.literal).length > 0 || this.derived.owner(ref.literal) === mailbox);
        this.pending = this.pending.filter((ref) => !named.includes(ref));
        return named.map((ref) => ref.resourceName);
      }
    }
    const word = fc.constantFrom("Desk", "desk", "Sales Desk", "Straße", "strasse", "SalesDesk");
    const args = fc.record(
      { displayName: word, alias: fc.constantFrom("desk", "Sales", "STRASSE", "salesdesk"), primarySmtpAddress: fc.constantFrom("desk@contoso.com", "Sales@Contoso.com") },
      { requiredKeys: ["displayName"] },
    );
    const literal = fc.oneof(
      word,
      fc.tuple(fc.constantFrom("", "smtp:", " SMTP:"), fc.constantFrom("desk", "SALES", "straße", "salesdesk", ""), fc.constantFrom("@contoso.com", "@fabrikam.com", "@")).map((p) => p.join("")),
      fc.constantFrom("\0" + "0", " Sales Desk "),
    );
    const step = fc.oneof(literal.map((l) => ({ literal: l })), args.map((a) => ({ args: a })));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 14 }), (steps) => {
        const program = new ProgramMailboxes<string>();
        const reference = new EveryLiteral();
        for (const [i, one] of steps.entries()) {
          if ("literal" in one) {
            const ref = { kind: "MailboxPermission" as const, resourceName: `ref${i}`, literal: one.literal, resource: `ref${i}` };
            program.remember(ref);
            reference.remember(ref);
          } else {
            expect(program.declareMailbox(`box${i}`, one.args, `box${i}`).map((ref) => ref.resourceName)).toEqual(reference.declareMailbox(one.args));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("300 literals naming the tenant's own mailboxes, then 300 SharedMailboxes declared: a bounded number of folds per literal and mailbox, not one per pair", () => {
    const program = new ProgramMailboxes<string>();
    const n = 300;
    folds.count = 0;
    for (let i = 0; i < n; i++) program.remember({ kind: "ForwardingRule", resourceName: `fwd-${i}`, literal: `existing-${i}@contoso.com`, resource: `fwd-${i}` });
    for (let i = 0; i < n; i++) expect(program.declareMailbox(`desk-${i}`, { displayName: `Desk ${i}`, alias: `desk-${i}` }, `r${i}`)).toEqual([]);
    program.remember({ kind: "AutoReply", resourceName: "reply", literal: "later@contoso.com", resource: "reply" });
    expect(program.declareMailbox("later", { displayName: "Later" }, "later").map((ref) => ref.resourceName)).toEqual(["reply"]);
    expect(folds.count).toBeLessThanOrEqual(16 * 2 * n);
  });
});
