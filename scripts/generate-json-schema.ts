/**
 * Writes schemas/declarations.schema.json, the JSON Schema of the YAML declarations file, from the
 * zod schema in schemas/declarations.ts. Run after a change to any resource's arguments:
 *   npm run build && node dist/scripts/generate-json-schema.js
 * tests/unit/declarations.test.ts fails while the committed file is out of date.
 */
import * as fs from "fs";
import * as path from "path";
import { declarationsJsonSchema } from "../schemas/declarations";

/** The repository root, from the sources or from dist/. */
const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../.." : "..");
export const JSON_SCHEMA_FILE = path.join(ROOT, "schemas", "declarations.schema.json");

/** The file's exact text: two-space JSON and a final newline. */
export function jsonSchemaText(): string {
  return `${JSON.stringify(declarationsJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  fs.writeFileSync(JSON_SCHEMA_FILE, jsonSchemaText());
  console.log(`wrote ${path.relative(process.cwd(), JSON_SCHEMA_FILE) || JSON_SCHEMA_FILE}`);
}
