import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    // The mock tenant imports the provider's schemas and client by package name (it is its own
    // package); in tests they are this repository's sources, the same modules the tests import.
    alias: [
      { find: /^pulumi-mailbox\/client$/, replacement: `${root}provider/client/index.ts` },
      { find: /^pulumi-mailbox\/(schemas|provider)\//, replacement: `${root}$1/` },
    ],
  },
  test: {
    include: ["tests/**/*.test.ts"],
    // Engine tests drive the real pulumi CLI: each operation takes seconds.
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    reporters: ["default"],
  },
});
