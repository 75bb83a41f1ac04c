import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { readmeOf, readmeText, unknownOutputNames } from "../../../scripts/generate-resource-tables";
import { argumentTable, outputTable } from "../../../provider/resources/descriptor";
import { KINDS, RESOURCES } from "../../../provider/resources/registry";
import { sharedMailbox } from "../../../provider/resources/shared-mailbox/descriptor";

describe.each(KINDS)("%s: descriptor, schema and README agree", (kind) => {
  const descriptor = RESOURCES[kind].descriptor;
  const shape = descriptor.args.shape as Record<string, z.ZodType>;

  it("the README's argument and outputs tables are what scripts/generate-resource-tables writes from the descriptor (run `npm run build && node dist/scripts/generate-resource-tables.js` after changing it)", () => {
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

  it("documents every output, and documents only outputs and arguments", () => {
    expect(descriptor.outputs.filter((o) => !descriptor.outputDocs[o])).toEqual([]);
    expect(Object.keys(descriptor.outputDocs).filter((k) => !descriptor.outputs.includes(k) && !(k in descriptor.fields))).toEqual([]);
  });

  it("the README's outputs table names only outputs and arguments of the descriptor", () => {
    expect(unknownOutputNames(descriptor, readFileSync(readmeOf(descriptor), "utf8"))).toEqual([]);
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

describe("an outputs table goes stale, or names what is not there", () => {
  it("a new output changes SharedMailbox's outputs table", () => {
    const d = { ...sharedMailbox, outputs: [...sharedMailbox.outputs, "archiveGuid"], outputDocs: { ...sharedMailbox.outputDocs, archiveGuid: { type: "string", description: "The archive's id." } } };
    expect(outputTable(d)).not.toBe(outputTable(sharedMailbox));
    expect(outputTable(d)).toContain("| `archiveGuid` | string | The archive's id. |");
  });
  it("an output without a description cannot be written", () => {
    expect(() => outputTable({ ...sharedMailbox, outputs: [...sharedMailbox.outputs, "archiveGuid"] })).toThrow("SharedMailbox: the output archiveGuid has no entry in outputDocs");
  });
  it("a README row naming an output the descriptor lacks is found, hand-written or generated", () => {
    const readme = "# x\n\n## Outputs\n\n| name | type | description |\n|---|---|---|\n| `mailboxId`, `archiveGuid` | string | … |\n| `quotaGB` | number | … |\n\n## Next\n| `other` | | |\n";
    expect(unknownOutputNames(sharedMailbox, readme)).toEqual(["archiveGuid"]);
  });
});
