import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");

describe("the repository speaks for itself", () => {
  it("no tracked file points a reader at a document outside the repository", () => {
    // git grep exits 1 when nothing matches; the pattern is split so this file does not match it.
    const pattern = ["DOMAIN", "PULUMI", "STYLE"].map((name) => `${name}\\.md`).join("|") + "|\\.\\./shared/";
    let found = "";
    try {
      found = execFileSync("git", ["grep", "-nE", pattern], { cwd: ROOT, encoding: "utf8" });
    } catch (e) {
      if ((e as { status?: number }).status !== 1) throw e;
    }
    expect(found).toBe("");
  });
});
