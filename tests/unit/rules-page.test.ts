import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULES_PAGE, rightsTableMarkdown, rulesPageText } from "../../scripts/generate-rules-page";
import { RIGHTS_TABLE } from "../../schemas/rights";

describe("docs/rules.md", () => {
  it("is what scripts/generate-rules-page writes from schemas/rights.ts (run `npm run build && node dist/scripts/generate-rules-page.js` after changing the table)", () => {
    const committed = readFileSync(RULES_PAGE, "utf8");
    expect(committed).toBe(rulesPageText(committed));
  });

  it("goes stale when the rights table changes: a type added to FullAccess's trustees changes the page", () => {
    const before = rightsTableMarkdown();
    const trustees = RIGHTS_TABLE.FullAccess.trustees;
    try {
      (RIGHTS_TABLE.FullAccess as { trustees: readonly string[] }).trustees = [...trustees, "MailUniversalDistributionGroup"];
      const after = rightsTableMarkdown();
      expect(after).not.toBe(before);
      expect(after).toContain("| `MailUniversalDistributionGroup` (distribution group) | — | yes | yes | — | yes | yes |");
    } finally {
      (RIGHTS_TABLE.FullAccess as { trustees: readonly string[] }).trustees = trustees;
    }
  });
});
