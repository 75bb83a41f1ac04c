import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The mock tenant is its own package (mailbox-tenant): it may use the provider package's schemas
 * (`pulumi-mailbox/schemas/…`) and its public HTTP client (`pulumi-mailbox/client`, for the admin
 * CLI that calls its own server), and nothing else of the provider: no rules, directory or
 * resources. These tests read every import of tenant/ and keep it so.
 */
const root = join(__dirname, "..", "..");
const tenantDir = join(root, "tenant");
const manifest = JSON.parse(readFileSync(join(tenantDir, "package.json"), "utf8")) as { dependencies: Record<string, string> };

const sources = (readdirSync(tenantDir, { recursive: true }) as string[])
  .filter((f) => f.endsWith(".ts") && !f.startsWith("dist") && !f.startsWith("node_modules"))
  .map((f) => join(tenantDir, f));

/** Every module a file imports or requires, as written. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|^import\s+)["']([^"']+)["']/gm)].map((m) => m[1]!);
}

const all = sources.flatMap((file) => importsOf(file).map((spec) => ({ file: relative(root, file), spec })));

describe("the tenant's edge", () => {
  it("reads its sources (a guard against a test that checks nothing)", () => {
    expect(sources.length).toBeGreaterThan(20);
    expect(all.some((i) => i.spec === "pulumi-mailbox/client")).toBe(true);
  });

  it("takes of the provider package only its schemas and pulumi-mailbox/client", () => {
    const offending = all.filter(({ spec }) => spec.startsWith("pulumi-mailbox") && !/^pulumi-mailbox\/(schemas\/[\w-]+|client)$/.test(spec));
    expect(offending).toEqual([]);
  });

  it("never reaches out of tenant/ by a relative path", () => {
    const outside = all.filter(({ file, spec }) => spec.startsWith(".") && relative(tenantDir, resolve(root, dirname(file), spec)).startsWith(".."));
    expect(outside).toEqual([]);
  });

  it("declares every package it imports in its own package.json", () => {
    const bare = all.map(({ spec }) => spec).filter((s) => !s.startsWith(".") && !s.startsWith("node:") && !builtinModules.includes(s));
    const names = new Set(bare.map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]!)));
    expect([...names].filter((n) => !(n in manifest.dependencies))).toEqual([]);
  });
});
