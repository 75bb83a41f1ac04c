/**
 * Writes the generated part of docs/rules.md — who may be granted which right on what — from the
 * one rights table in schemas/rights.ts, so the page and the rules the provider and the tenant
 * enforce cannot disagree. The prose around it is written by hand; only the text between the two
 * markers is replaced. Run after a change to the table:
 *   npm run build && node dist/scripts/generate-rules-page.js
 * tests/unit/rules-page.test.ts fails while the committed page is out of date.
 */
import * as fs from "fs";
import * as path from "path";
import { AccessRight, RecipientType, recipientTypeLabel } from "../schemas/common";
import { MAX_PERMISSION_ENTRIES, RIGHTS_TABLE } from "../schemas/rights";

/** The repository root, from the sources or from dist/. */
const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../.." : "..");
export const RULES_PAGE = path.join(ROOT, "docs", "rules.md");

export const BEGIN = "<!-- generated from schemas/rights.ts by scripts/generate-rules-page.ts: do not edit by hand -->";
export const END = "<!-- end of generated part -->";

const yes = (allowed: boolean) => (allowed ? "yes" : "—");

/** The recipient-type table: one row per type, for each right whether it may be the target and the trustee. */
export function rightsTableMarkdown(): string {
  const rights = AccessRight.options;
  const header = ["recipient type", ...rights.flatMap((r) => [`${r} on it`, `${r} to it`])];
  const rows = RecipientType.options.map((type: RecipientType) => [
    `\`${type}\` (${recipientTypeLabel[type].replace(/^an? /, "")})`,
    ...rights.flatMap((r) => [yes(RIGHTS_TABLE[r].targets.includes(type)), yes(RIGHTS_TABLE[r].trustees.includes(type))]),
  ]);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    BEGIN,
    "",
    "\"On it\": the recipient may be the mailbox or group the right is granted on (`mailbox`).",
    "\"To it\": the recipient may receive the right (`trustee`).",
    "",
    line(header),
    line(header.map(() => "---")),
    ...rows.map(line),
    "",
    `At most ${MAX_PERMISSION_ENTRIES} permission entries on one mailbox.`,
    "",
    END,
  ].join("\n");
}

/** The page with its generated part replaced; the text as it should be committed. */
export function rulesPageText(current: string): string {
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${RULES_PAGE}: the markers of the generated part are missing`);
  return current.slice(0, start) + rightsTableMarkdown() + current.slice(end + END.length);
}

if (require.main === module) {
  fs.writeFileSync(RULES_PAGE, rulesPageText(fs.readFileSync(RULES_PAGE, "utf8")));
  console.log(`wrote ${path.relative(process.cwd(), RULES_PAGE) || RULES_PAGE}`);
}
