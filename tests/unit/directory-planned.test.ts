import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { Directory, type PlannedRecipient } from "../../provider/directory";
import { TenantClient } from "../../provider/client";
import { foldIdentity } from "../../schemas/common";
import { IdentityIndex, plainAddress, type IdentifiedRecipient } from "../../schemas/directory-rules";

// Counts the keys the identity rule folds: the work of indexing planned identities and looking them up.
const folds = vi.hoisted(() => ({ count: 0 }));
vi.mock(import("../../schemas/common"), async (importOriginal) => {
  const actual = await importOriginal();
  return { ...actual, foldIdentity: (value: string) => (folds.count++, actual.foldIdentity(value)) };
});

/** A directory whose tenant is never asked: plannedAs answers from this process alone. */
const offline = () => new Directory(new TenantClient({ endpoint: "http://unused.test", maxAttempts: 1 }));

const planned = (name: string): PlannedRecipient => ({ planned: true, name, recipientTypeDetails: "SharedMailbox", owner: `p/s/${name}` });

/**
 * The tenant's identity rule written out as a scan, independent of the index: an id means its
 * recipient; an address its holder (the last planned, as a later claim overwrites); else every
 * recipient whose name or alias folds to the identity, in the order planned.
 */
function scan<R extends IdentifiedRecipient>(all: readonly R[], identity: string): R[] {
  const raw = identity.trim();
  if (raw === "") return [];
  const withId = all.find((r) => r.id === raw) ?? all.find((r) => r.id === raw.toLowerCase());
  if (withId) return [withId];
  const address = plainAddress(raw);
  if (address.includes("@")) {
    const holders = all.filter((r) => r.emailAddresses.some((a) => foldIdentity(plainAddress(a)) === foldIdentity(address)));
    if (holders.length > 0) return [holders[holders.length - 1]!];
  }
  return all.filter((r) => foldIdentity(r.name) === foldIdentity(raw) || foldIdentity(r.alias) === foldIdentity(raw));
}

describe("the mailboxes a plan will create, found as each is planned (Directory.plannedAs)", () => {
  it("planning 300 mailboxes one after another, each asked for before it is planned, folds each identity a bounded number of times, not once per mailbox planned before it", () => {
    const directory = offline();
    const n = 300;
    folds.count = 0;
    for (let i = 0; i < n; i++) {
      for (const ref of [`Desk ${i}`, `desk-${i}`, `desk-${i}@contoso.com`]) expect(directory.plannedAs(ref)).toBeUndefined();
      directory.willCreate([{ name: `Desk ${i}`, alias: `desk-${i}`, emailAddresses: [`SMTP:desk-${i}@contoso.com`, `smtp:desk-${i}@contoso.onmicrosoft.com`] }], planned(`desk-${i}`));
      expect(directory.plannedAs(`DESK-${i}@CONTOSO.COM`)?.name).toBe(`desk-${i}`);
    }
    // Per mailbox: its two addresses, name and alias once when planned, and the four look-ups
    // around it (rebuilding the index per mailbox folded 4 × 150 keys per mailbox on average here).
    expect(folds.count).toBeLessThanOrEqual(12 * n);
    expect(directory.plannedAs("desk 0")?.name).toBe("desk-0");
    expect(directory.plannedAs(`desk-${n - 1}@contoso.onmicrosoft.com`)?.name).toBe(`desk-${n - 1}`);
  });

  it("answers, after each mailbox planned, what the tenant's identity rule says over every mailbox planned so far, in any case and with Exchange's smtp: prefix", () => {
    // Few names, so that mailboxes share names, aliases and addresses (a later one is refused by
    // its check, but a restore or a conversion plans identities the check does not compare).
    const word = fc.constantFrom("desk", "Desk", "DESK", "sales", "Sales Desk", "ß", "SS", "ss");
    const identity = fc.record({
      name: word,
      alias: word,
      emailAddresses: fc.array(
        fc.tuple(fc.constantFrom("", "smtp:", "SMTP:"), word, fc.constantFrom("contoso.com", "Contoso.COM")).map(([prefix, local, domain]) => `${prefix}${local}@${domain}`),
        { maxLength: 3 },
      ),
    });
    const ref = fc.oneof(word, fc.tuple(fc.constantFrom("", "smtp:", " "), word, fc.constantFrom("@contoso.com", "@CONTOSO.com", "")).map((parts) => parts.join("")));
    fc.assert(
      fc.property(fc.array(fc.array(identity, { minLength: 1, maxLength: 2 }), { maxLength: 8 }), fc.array(ref, { minLength: 1, maxLength: 10 }), (mailboxes, refs) => {
        const directory = offline();
        const soFar: (IdentifiedRecipient & { recipient: PlannedRecipient })[] = [];
        for (const [i, identities] of mailboxes.entries()) {
          const recipient = planned(`m${i}`);
          directory.willCreate(identities, recipient);
          for (const one of identities) soFar.push({ ...one, id: `\0planned${soFar.length}`, recipient });
          for (const r of refs) expect([r, directory.plannedAs(r)?.name]).toEqual([r, scan(soFar, r)[0]?.recipient.name]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("IdentityIndex, built one recipient at a time", () => {
  it("an answer already given does not change when recipients are added after it; later look-ups see them", () => {
    const index = new IdentityIndex<IdentifiedRecipient>();
    index.add({ id: "a", name: "Desk", alias: "desk", emailAddresses: ["SMTP:desk@contoso.com"] });
    const before = index.find("DESK");
    index.add({ id: "b", name: "desk", alias: "desk-two", emailAddresses: ["SMTP:desk@contoso.com"] });
    expect(before.map((r) => r.id)).toEqual(["a"]);
    expect(index.find("DESK").map((r) => r.id)).toEqual(["a", "b"]); // ambiguous now
    expect(index.find("smtp:Desk@Contoso.com").map((r) => r.id)).toEqual(["b"]); // the later claim of the address
    expect(index.find("A").map((r) => r.id)).toEqual(["a"]); // an id, in lower case
  });
});
