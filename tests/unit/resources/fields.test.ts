import { describe, it, expect } from "vitest";
import fc from "fast-check";
import type { ResourceDescriptor } from "../../../provider/resources/descriptor";
import {
  type ByReference,
  type TenantField,
  adoptedNames,
  changedFields,
  exportedArgs,
  inputsOf,
  localChangedFields,
  localInputsOf,
  settingNames,
} from "../../../provider/resources/fields";

/**
 * The loops of fields.ts run with the directory (changedFields, inputsOf: the providers' diff,
 * adoption check and read) and without it (localChangedFields, localInputsOf: SharedMailbox's
 * model). Both must follow the same rules for derived, enforced, onlyWhen and identifies; these
 * tests pin each rule on the form that once lacked it, and both forms against each other.
 */

const doc = { type: "string", required: "no", description: "" };

/** A descriptor of the given fields, as a resource's would be (its args schema and outputs are not read here). */
function descriptorOf(fields: Record<string, Partial<TenantField>>): ResourceDescriptor {
  const full = Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, { onChange: "update", doc, ...f }]));
  return { kind: "SharedMailbox", folder: "test", args: undefined as never, fields: full, outputs: [], outputDocs: {} } as ResourceDescriptor;
}

/** The directory: a reference means the tenant object whose id is the reference in lower case. */
const refs: ByReference = {
  identity: async (ref, id) => typeof ref === "string" && ref.toLowerCase() === id,
  recipient: async (ref, address) => typeof ref === "string" && ref.toLowerCase() === address,
};

describe("a derived field, compared through the directory", () => {
  // A field Exchange derives (as a mailbox's alias) whose comparison needs the directory.
  const d = descriptorOf({ owner: { tenant: "ownerId", sets: "owner", compare: "identity", derived: true }, note: { tenant: "note", sets: "note", compare: "exact" } });

  it("is not a change while the declaration leaves it out", async () => {
    expect(await changedFields(d, { note: "a" }, { owner: "someone", note: "a" }, refs)).toEqual([]);
    expect(await changedFields(d, { owner: "Someone", note: "a" }, { owner: "someone", note: "a" }, refs)).toEqual([]);
    expect(await changedFields(d, { owner: "Other", note: "a" }, { owner: "someone", note: "a" }, refs)).toEqual(["owner"]);
  });

  it("stays out of read's inputs while the declaration leaves it out (a plan never shows it removed)", async () => {
    expect(await inputsOf(d, { note: "a" }, { owner: "someone", note: "b" }, refs)).toEqual({ owner: undefined, note: "b" });
    expect(await inputsOf(d, { owner: "Someone", note: "a" }, { owner: "someone", note: "a" }, refs)).toEqual({ owner: "Someone", note: "a" });
  });
});

describe("a field the object is found by (identifies), read without the directory", () => {
  const d = descriptorOf({ right: { tenant: "right", sets: "right", compare: "exact", identifies: true }, note: { tenant: "note", sets: "note", compare: "exact" } });

  it("keeps the declared value in read's inputs: it means what was found", () => {
    expect(localInputsOf(d, { right: "FullAccess", note: "a" }, { right: "fullaccess", note: "b" })).toEqual({ right: "FullAccess", note: "b" });
  });

  it("is not compared on adoption", () => {
    expect(adoptedNames(d)).toEqual(["note"]);
  });
});

describe("an enforced field", () => {
  const d = descriptorOf({ blocked: { tenant: "blocked", sets: "blocked", compare: "exact", enforced: true }, note: { tenant: "note", sets: "note", compare: "exact" } });

  it("is not compared on adoption, whichever resource adopts (the provider sets it, whatever was there)", () => {
    expect(settingNames(d)).toEqual(["note"]);
    expect(adoptedNames(d)).toEqual(["note"]);
  });

  it("is compared by diff, with or without the directory, so a change by hand is drift", async () => {
    expect(localChangedFields(d, { blocked: true, note: "a" }, { blocked: false, note: "a" })).toEqual(["blocked"]);
    expect(await changedFields(d, { blocked: true, note: "a" }, { blocked: false, note: "a" }, refs)).toEqual(["blocked"]);
  });
});

describe("without the directory", () => {
  it("a comparison by reference is refused, never taken for a difference", () => {
    const d = descriptorOf({ mailbox: { tenant: "mailboxId", compare: "identity" } });
    expect(() => localChangedFields(d, { mailbox: "Desk" }, { mailbox: "desk" })).toThrow('a field compared by "identity" needs the directory: use changedFields or inputsOf');
    expect(() => localInputsOf(d, { mailbox: "Desk" }, { mailbox: "desk" })).not.toThrow(); // not set on the tenant: kept as declared, nothing compared
  });
});

describe("export, the same for every resource", () => {
  const d = descriptorOf({
    mailbox: { tenant: "targetId", compare: "identity" },
    message: { tenant: "message", sets: "message", compare: "text" },
    blocked: { tenant: "blocked", sets: "blocked", compare: "exact", enforced: true },
    quota: { tenant: "quota", sets: "quota", compare: "exact", exchangeDefault: 50 },
  });

  it("writes a message as its text, and leaves out what sets nothing, enforced fields, defaults and empty values", () => {
    expect(exportedArgs(d, { targetId: "desk", message: "<html><body>Closed.</body></html>", blocked: true, quota: 50 })).toEqual({ message: "Closed." });
    expect(exportedArgs(d, { targetId: "desk", message: "", blocked: true, quota: 60 })).toEqual({ quota: 60 });
  });
});

describe("with and without the directory, the loops agree on every descriptor that compares nothing by reference", () => {
  const field = fc.record(
    {
      tenant: fc.constant("t"),
      sets: fc.boolean(),
      compare: fc.constantFrom("exact", "case-insensitive", "address", undefined),
      derived: fc.constant(true),
      enforced: fc.constant(true as const),
      identifies: fc.boolean(),
      exchangeDefault: fc.constantFrom("x", undefined),
      onlyWhen: fc.constant({ mode: "on" }),
      onChange: fc.constantFrom("update", "replace", "none"),
    },
    { requiredKeys: ["onChange"] },
  );
  const value = fc.constantFrom(undefined, "x", "X", "a@contoso.com", "A@Contoso.com");
  const side = fc.record({ a: value, b: value, mode: fc.constantFrom("on", "off", undefined) });
  const descriptor = fc.record({ a: field, b: field, mode: fc.constant({ tenant: "mode", sets: "mode", compare: "exact" }) }).map((fields) =>
    descriptorOf(Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, { ...f, tenant: k, sets: (f as { sets?: unknown }).sets === false ? undefined : k }])) as Record<string, Partial<TenantField>>),
  );

  it("changedFields is localChangedFields, and inputsOf is localInputsOf", async () => {
    await fc.assert(
      fc.asyncProperty(descriptor, side, side, async (d, declared, live) => {
        expect(await changedFields(d, declared, live, {})).toEqual(localChangedFields(d, declared, live));
        expect(await inputsOf(d, declared, live, {})).toEqual(localInputsOf(d, declared, live));
        expect(adoptedNames(d).every((k) => settingNames(d).includes(k))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
