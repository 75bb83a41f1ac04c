import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { runValidate } from "../../provider/cli";
import { startTestTenant, TestTenant, ADMIN } from "./helpers";

const CONTOSO_SEED = path.join(__dirname, "..", "..", "tenant", "seed", "contoso.yaml");

/** A long validate says how far it got on stderr, and keeps the table and the summary alone on stdout. */
describe("validate on a long run", () => {
  let t: TestTenant;
  let dir: string;
  beforeAll(async () => {
    t = await startTestTenant({ seedFile: CONTOSO_SEED });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "validate-progress-"));
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("prints a progress line while it checks, and the summary at the end", async () => {
    const file = path.join(dir, "many.yaml");
    const entries = Array.from({ length: 20 }, (_, i) => `  - displayName: Progress Box ${i}\n    primarySmtpAddress: progress-box-${i}@contoso.com\n`).join("");
    fs.writeFileSync(file, `mailboxes:\n${entries}`);
    const out: string[] = [];
    const err: string[] = [];
    const code = await runValidate(file, { endpoint: t.url, token: ADMIN }, { out: (s) => out.push(s), err: (s) => err.push(s) }, 0);
    expect(code).toBe(0);
    expect(out.join("")).toBe("20 resources checked, no problems\n");
    expect(err.length).toBeGreaterThan(0);
    expect(err[0]).toMatch(/^checked 1 of 20 resources \(\d+ s\)…\n$/);
  }, 60_000);
});
