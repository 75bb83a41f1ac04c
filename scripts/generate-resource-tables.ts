/**
 * Writes the argument table of each resource's README (provider/resources/<folder>/README.md)
 * from its descriptor (provider/resources/<folder>/descriptor.ts): names, types, required,
 * defaults, what a change does and the descriptions live in the descriptor, so the page and
 * the provider's diff cannot disagree. Only the text between the two markers is replaced. Run
 * after changing a descriptor:
 *   npm run build && node dist/scripts/generate-resource-tables.js
 * tests/unit/resources/readme-tables.test.ts fails while a committed table is out of date.
 */
import * as fs from "fs";
import * as path from "path";
import { argumentTable, type ResourceDescriptor } from "../provider/resources/descriptor";
import { KINDS, RESOURCES } from "../provider/resources/registry";

/** The repository root, from the sources or from dist/. */
const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../.." : "..");

export const BEGIN = "<!-- generated from descriptor.ts by scripts/generate-resource-tables.ts: do not edit by hand -->";
export const END = "<!-- end of generated table -->";

export function readmeOf(descriptor: ResourceDescriptor): string {
  return path.join(ROOT, "provider", "resources", descriptor.folder, "README.md");
}

/** The README with its generated table replaced; the text as it should be committed. */
export function readmeText(descriptor: ResourceDescriptor, current: string): string {
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${readmeOf(descriptor)}: the markers of the generated table are missing`);
  return `${current.slice(0, start)}${BEGIN}\n${argumentTable(descriptor)}\n${current.slice(end)}`;
}

if (require.main === module) {
  for (const kind of KINDS) {
    const file = readmeOf(RESOURCES[kind].descriptor);
    fs.writeFileSync(file, readmeText(RESOURCES[kind].descriptor, fs.readFileSync(file, "utf8")));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}
