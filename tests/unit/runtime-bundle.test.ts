import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const RUNTIME = join(__dirname, "..", "..", "dist", "provider", "runtime.js");
/** esbuild's record of what went into RUNTIME, written by scripts/bundle-runtime.mjs. */
const METAFILE = join(__dirname, "..", "..", "dist", "runtime-bundle.meta.json");

/** The source files (package files as node_modules/<package>/…) bundled into RUNTIME. */
function bundledInputs(): string[] {
  const meta = JSON.parse(readFileSync(METAFILE, "utf8")) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  return Object.values(meta.outputs).flatMap((output) => Object.keys(output.inputs));
}

/** Runs a script that has the bundled module as `runtime` in a new Node process; its stdout, parsed. */
function withRuntime(body: string): unknown {
  const script = `const runtime = require(${JSON.stringify(RUNTIME)}); (async () => { ${body} })().then((r) => console.log(JSON.stringify(r)));`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
}

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

  // Each engine step starts a provider host that reads, compiles and runs this file before its
  // first answer: what a provider never calls is kept out (see scripts/bundle-runtime.mjs).
  it.each([
    ["the package's command, its tools, the access review and the YAML declarations", /^provider\/(cli\.ts$|tools\/|review\/|declarations\/)/],
    ["the access review's report schema and the declarations file's schema", /^schemas\/(review|declarations)\.ts$/],
    ["the tenant", /^tenant\//],
    ["yaml, commander and cli-table3, which only the command uses", /node_modules\/(yaml|commander|cli-table3)\//],
    ["the DOM, serializer and second entity tables htmlparser2's entry re-exports beside Parser", /node_modules\/(dom-serializer|domutils|domhandler)\//],
    ["zod's JSON Schema importer (z.fromJSONSchema)", /node_modules\/zod\/.*from-json-schema/],
    ["cockatiel's CommonJS build, which runs every policy's module", /node_modules\/cockatiel\/dist\/(?!esm\/)/],
  ])("leaves out %s", (_what, pattern) => {
    const inputs = bundledInputs();
    expect(inputs.length).toBeGreaterThan(50); // the metafile is this build's, not empty
    expect(inputs.filter((f) => pattern.test(f))).toEqual([]);
  });

  it("holds only the zod schema types the schemas use: zod is imported as `* as z`, whose members can be left out", () => {
    // `import { z } from "zod"` is zod's namespace as one value, so the bundle would keep all of
    // zod (about 160 KB more to compile at every start): maps, sets, tuples, functions, codecs…
    const text = readFileSync(RUNTIME, "utf8");
    for (const unused of ["ZodMap", "ZodSet", "ZodTuple", "ZodFunction", "ZodCodec", "ZodTemplateLiteral", "ZodPromise", "ZodLazy"]) {
      expect(text, unused).not.toContain(`var ${unused} = `);
    }
    expect(text).toContain("var ZodObject = ");
  });

  it("keeps what the provider calls: htmlparser2's Parser with its entity decoder, cockatiel's retry", () => {
    const inputs = bundledInputs();
    for (const needed of [/node_modules\/htmlparser2\/.*Parser\.js$/, /node_modules\/entities\/.*decode\.js$/, /node_modules\/cockatiel\/dist\/esm\/RetryPolicy\.js$/]) {
      expect(inputs.some((f) => needed.test(f)), String(needed)).toBe(true);
    }
  });

  it("refuses images in an automatic reply at plan time with the bundled HTML parser, entities decoded", () => {
    // No request reaches the endpoint: the message's own rule refuses it first.
    const failures = withRuntime(`
      const autoReply = runtime.handler("AutoReply");
      await autoReply.configure({ config: { get: (key) => ({ "mailbox:endpoint": "http://127.0.0.1:9", "mailbox:token": "unused" })[key] } });
      const check = (internalMessage) => autoReply.check({}, { mailbox: "sales-desk@contoso.com", state: "Enabled", internalMessage, externalAudience: "None" });
      return [(await check("<p>Closed <IMG src=x></p>")).failures, (await check('<p style="background: url&#40;https://x.test/a.png)">Closed</p>')).failures];`);
    expect(failures).toEqual([
      [{ property: "internalMessage", reason: "automatic replies are text only: remove the <img> element (no images or remote content)" }],
      [{ property: "internalMessage", reason: "automatic replies are text only: remove the url(...) in the style of <p> (no images or remote content)" }],
    ]);
  });
});
