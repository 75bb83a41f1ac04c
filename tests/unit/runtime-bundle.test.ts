import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const RUNTIME = join(__dirname, "..", "..", "dist", "provider", "runtime.js");

/**
 * What the provider host loads on its first call (the module each resource's state names): one
 * bundled file (scripts/bundle-runtime.mjs), no zod locale, and the three entry points stored
 * state calls. Run against the build: `npm run build` first.
 */
describe("the provider host's module", () => {
  it("is one file: loading it reads no other module of the package or of node_modules", () => {
    const script = `
      const before = new Set(Object.keys(require.cache));
      const runtime = require(${JSON.stringify(RUNTIME)});
      const loaded = Object.keys(require.cache).filter((k) => !before.has(k));
      console.log(JSON.stringify({ loaded, exports: Object.keys(runtime).sort() }));`;
    const { loaded, exports } = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
    expect(loaded).toEqual([RUNTIME]);
    expect(exports).toEqual(expect.arrayContaining(["configure", "handler", "provider"]));
  });

  it("leaves zod's locales out but keeps its English messages", () => {
    const text = readFileSync(RUNTIME, "utf8");
    expect(text).toContain("Invalid input: expected"); // zod's English, its default
    expect(text).not.toContain("Ungültige Eingabe"); // its German, one of the 60-odd others
    expect(text).not.toContain("locales/de.js");
  });
});
