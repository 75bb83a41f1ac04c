import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { readmeOf, readmeText } from "../../../scripts/generate-resource-tables";
import { argumentTable } from "../../../provider/resources/descriptor";
import { KINDS, RESOURCES } from "../../../provider/resources/registry";
import { sharedMailbox } from "../../../provider/resources/shared-mailbox/descriptor";

describe.each(KINDS)("%s: descriptor, schema and README agree", (kind) => {
  const descriptor = RESOURCES[kind].descriptor;
  const shape = descriptor.args.shape as Record<string, z.ZodType>;

  it("the README's argument table is what scripts/generate-resource-tables writes from the descriptor (run `npm run build && node dist/scripts/generate-resource-tables.js` after changing it)", () => {
    const committed = readFileSync(readmeOf(descriptor), "utf8");
    expect(committed).toBe(readmeText(descriptor, committed));
  });

  it("describes every argument of the schema, and nothing else", () => {
    expect(Object.keys(descriptor.fields).sort()).toEqual(Object.keys(shape).sort());
  });

  it("says an argument is required exactly when the schema requires it", () => {
    for (const [name, field] of Object.entries(descriptor.fields)) {
      const optional = shape[name]!.safeParse(undefined).success;
      expect([name, field.doc.required === "yes"]).toEqual([name, !optional]);
    }
  });

  it("names no output that is also an argument", () => {
    expect(descriptor.outputs.filter((o) => o in descriptor.fields)).toEqual([]);
  });
});

describe("a README table goes stale when its descriptor changes", () => {
  it("a field that would replace the resource changes SharedMailbox's table", () => {
    const field = sharedMailbox.fields.quotaGB as { onChange: string };
    const before = argumentTable(sharedMailbox);
    try {
      field.onChange = "replace";
      const after = argumentTable(sharedMailbox);
      expect(after).not.toBe(before);
      expect(after).toContain("| `quotaGB` | number | no | `50` | replace |");
    } finally {
      field.onChange = "update";
    }
  });
});
