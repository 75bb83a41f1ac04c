/**
 * Writes the JSON Schemas generated from zod: schemas/declarations.schema.json (the YAML
 * declarations file, schemas/declarations.ts) and schemas/review.schema.json (the access review's
 * JSON report, schemas/review.ts). Run after a change to any resource's arguments or the report:
 *   npm run build && node dist/scripts/generate-json-schema.js
 * tests/unit/declarations.test.ts and tests/unit/review-report.test.ts fail while a committed file is out of date.
 */
import * as fs from "fs";
import * as path from "path";
import { declarationsJsonSchema } from "../schemas/declarations";
import { reviewJsonSchema } from "../schemas/review";

/** The repository root, from the sources or from dist/. */
const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../.." : "..");
export const JSON_SCHEMA_FILE = path.join(ROOT, "schemas", "declarations.schema.json");
export const REVIEW_SCHEMA_FILE = path.join(ROOT, "schemas", "review.schema.json");

/** A file's exact text: two-space JSON and a final newline. */
function text(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export function jsonSchemaText(): string {
  return text(declarationsJsonSchema());
}

export function reviewSchemaText(): string {
  return text(reviewJsonSchema());
}

if (require.main === module) {
  for (const [file, content] of [
    [JSON_SCHEMA_FILE, jsonSchemaText()],
    [REVIEW_SCHEMA_FILE, reviewSchemaText()],
  ] as const) {
    fs.writeFileSync(file, content);
    console.log(`wrote ${path.relative(process.cwd(), file) || file}`);
  }
}
