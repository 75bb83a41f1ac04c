// The provider host's module as one file: dist/provider/runtime.js, written over what tsc made.
//
// Each `pulumi` operation starts a new provider host, which loads this module on its first call.
// Compiled module by module it is about 190 files (zod alone 95, 64 of them its locales); as one
// file it is read and compiled once. zod's English messages are imported by zod itself; the other
// locales are reachable only through `z.locales`, which this package never uses, so they are left
// out. @pulumi/pulumi stays outside: the host has its own.
//
// Only the host loads this module by name (`require("pulumi-mailbox/provider/runtime")`, the
// line each resource keeps in its state); the rest of the package imports its types alone.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** zod's list of every locale, as an empty module. */
const withoutZodLocales = {
  name: "without-zod-locales",
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${join("node_modules", "zod")}`) ? { path: "zod-locales", namespace: "without-zod-locales" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "without-zod-locales" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

const outfile = join(root, "dist", "provider", "runtime.js");
await build({
  entryPoints: [join(root, "provider", "runtime.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["@pulumi/pulumi"],
  plugins: [withoutZodLocales],
  sourcemap: false,
  logLevel: "warning",
});
// tsc's source map was of the file this one replaced.
rmSync(`${outfile}.map`, { force: true });
