/**
 * Writes the argument and outputs tables of each resource's README
 * (provider/resources/<folder>/README.md) from its descriptor
 * (provider/resources/<folder>/descriptor.ts): names, types, required, defaults, what a change
 * does, what each output holds and the descriptions live in the descriptor, so the page and the
 * provider cannot disagree. Only the text between each table's markers is replaced. Run after
 * changing a descriptor:
 *   npm run build && node dist/scripts/generate-resource-tables.js
 * tests/unit/resources/readme-tables.test.ts fails while a committed table is out of date.
 */
import * as fs from "fs";
import * as path from "path";
import { argumentTable, outputTable, type ResourceDescriptor } from "../provider/resources/descriptor";
import { KINDS, RESOURCES } from "../provider/resources/registry";

/** The repository root, from the sources or from dist/. */
const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../.." : "..");

export const BEGIN = "<!-- generated from descriptor.ts by scripts/generate-resource-tables.ts: do not edit by hand -->";
export const OUTPUTS_BEGIN = "<!-- outputs generated from descriptor.ts by scripts/generate-resource-tables.ts: do not edit by hand -->";
export const END = "<!-- end of generated table -->";

export function readmeOf(descriptor: ResourceDescriptor): string {
  return path.join(ROOT, "provider", "resources", descriptor.folder, "README.md");
}

/** `text` with what stands between `begin` and the next END replaced by `table`. */
function replaced(descriptor: ResourceDescriptor, text: string, begin: string, table: string): string {
  const start = text.indexOf(begin);
  const end = text.indexOf(END, start);
  if (start < 0 || end < 0) throw new Error(`${readmeOf(descriptor)}: the markers of a generated table are missing (${begin} … ${END})`);
  return `${text.slice(0, start)}${begin}\n${table}\n${text.slice(end)}`;
}

/** The README with its generated tables replaced; the text as it should be committed. */
export function readmeText(descriptor: ResourceDescriptor, current: string): string {
  return replaced(descriptor, replaced(descriptor, current, BEGIN, argumentTable(descriptor)), OUTPUTS_BEGIN, outputTable(descriptor));
}

/**
 * The names in a README's outputs table (its "## Outputs" section, hand-written or generated)
 * that are neither an output nor an argument of the descriptor.
 */
export function unknownOutputNames(descriptor: ResourceDescriptor, readme: string): string[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith("Outputs\n")) ?? "";
  const firstCells = section.split("\n").filter((l) => l.startsWith("| `")).map((l) => l.split(" | ")[0]!);
  const names = firstCells.flatMap((cell) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
  return names.filter((n) => !descriptor.outputs.includes(n) && !(n in descriptor.fields));
}

if (require.main === module) {
  for (const kind of KINDS) {
    const file = readmeOf(RESOURCES[kind].descriptor);
    fs.writeFileSync(file, readmeText(RESOURCES[kind].descriptor, fs.readFileSync(file, "utf8")));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}
