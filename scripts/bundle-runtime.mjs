// The provider host's module as one file: dist/provider/runtime.js, written over what tsc made.
//
// Each `pulumi` operation starts a new provider host, which loads this module on its first call:
// what it holds is read, compiled and run at every engine step, so it holds only what a provider
// calls. Compiled module by module it is about 190 files (zod alone 95, 64 of them its locales);
// as one file it is read and compiled once. @pulumi/pulumi stays outside: the host has its own.
//
// Left out, because the provider never calls them (tests/unit/runtime-bundle.test.ts guards it):
// - the parts of zod no schema uses: schemas import `* as z from "zod"`, whose members the bundle
//   follows one by one (`import { z }` is zod's namespace as one value, which keeps all of zod);
// - zod's locales other than English, reachable only through `z.locales`;
// - zod's `fromJSONSchema`, which builds a schema from JSON Schema: its module spreads all of
//   zod's schema constructors into an object at load, the largest single cost of zod's own load;
// - what htmlparser2's entry re-exports beside its `Parser` (a DOM, its serializer and another
//   copy of the HTML entity tables), and schema modules the provider does not use (see below);
// - cockatiel's CommonJS build, which runs every policy's module; its ES build lets the bundle
//   keep the retry and backoff the client uses.
//
// Only the host loads this module by name (`require("pulumi-mailbox/provider/runtime")`, the
// line each resource keeps in its state); the rest of the package imports its types alone.
import { build } from "esbuild";
import { rmSync, writeFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const inZod = (importer) => importer.includes(`${join("node_modules", "zod")}${sep}`);

/** A module of zod's replaced by a stand-in, for imports from zod itself. */
function zodStandIn(name, filter, contents) {
  return {
    name,
    setup(b) {
      b.onResolve({ filter }, (args) => (inZod(args.importer) ? { path: name, namespace: name } : undefined));
      b.onLoad({ filter: /.*/, namespace: name }, () => ({ contents, loader: "js" }));
    },
  };
}

/** zod's list of every locale, as an empty module. */
const withoutZodLocales = zodStandIn("without-zod-locales", /\/locales\/index\.js$/, "export {};");

/** zod's JSON Schema importer, as a function that says it is not here. */
const withoutFromJsonSchema = zodStandIn(
  "without-from-json-schema",
  /\/from-json-schema\.js$/,
  `export function fromJSONSchema() { throw new Error("z.fromJSONSchema is not part of pulumi-mailbox's provider runtime"); }`,
);

/**
 * Modules whose exports are left out when nothing uses them, as if their package.json said
 * `"sideEffects": false`:
 * - the packages htmlparser2's entry re-exports beside its `Parser` (a DOM, its serializer and
 *   another copy of the HTML entity tables), which `Parser` does not use, or not at load;
 * - this package's schemas/, which only define values: a schema module none of whose exports the
 *   provider uses (the access review's report, for one) is not built at every load.
 */
const SIDE_EFFECT_FREE_PACKAGES = /[\\/]node_modules[\\/](dom-serializer|domutils|domhandler|entities)[\\/]/;
const SCHEMAS = join(root, "schemas") + sep;
const withoutSideEffects = {
  name: "without-side-effects",
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.resolving || args.kind === "entry-point") return undefined;
      const resolved = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: { resolving: true } });
      if (resolved.errors.length || resolved.external || !(SIDE_EFFECT_FREE_PACKAGES.test(resolved.path) || resolved.path.startsWith(SCHEMAS))) return undefined;
      return { ...resolved, sideEffects: false };
    });
  },
};

const outfile = join(root, "dist", "provider", "runtime.js");
const result = await build({
  entryPoints: [join(root, "provider", "runtime.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // ES builds first, where a package has one: only their exports can be left out when unused.
  mainFields: ["module", "main"],
  external: ["@pulumi/pulumi"],
  plugins: [withoutZodLocales, withoutFromJsonSchema, withoutSideEffects],
  sourcemap: false,
  metafile: true,
  logLevel: "warning",
});
// tsc's source map was of the file this one replaced.
rmSync(`${outfile}.map`, { force: true });
// What went into the bundle, file by file and byte by byte (esbuild's `analyzeMetafile` prints it).
writeFileSync(join(root, "dist", "runtime-bundle.meta.json"), JSON.stringify(result.metafile));
