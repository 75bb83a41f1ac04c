import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

/**
 * Files whose assertions hold only within a window of a few hundred milliseconds to seconds: a
 * request within its budget while /health keeps answering, look-ups made in one round trip, a
 * read that must come before a 300–1000 ms replication delay ends, destroys done well within the
 * replication window (literal-references and purged-mailbox; the first took 3 s alone and 16 s
 * with three engine files beside it on a loaded machine, against a bound of 30). They run after
 * the others, one at a time, so that the other files' CPU load cannot push them out of their
 * window.
 */
const TIMING_BOUND = [
  "tests/engine/literal-references.test.ts",
  "tests/engine/purged-mailbox.test.ts",
  "tests/tenant/api-limits.test.ts",
  "tests/tenant/api-faults.test.ts",
  "tests/tenant/directory.test.ts",
  "tests/client/tenant-client.test.ts",
];

/**
 * How many test files run at once. An engine file alone leaves the CPU partly idle while it waits
 * (replication windows, Retry-After, the CLI's round trips); beside other work the suite is bound
 * by CPU (1,240-1,350 s of it), and four files at a time took 1,348-1,721 s where one took 1,758 s
 * (README.md, "Tests side by side"). TEST_WORKERS overrides it (e.g. 1: one file at a time).
 */
const WORKERS = Number(process.env.TEST_WORKERS ?? 4);
if (!Number.isInteger(WORKERS) || WORKERS < 1) {
  throw new Error(`TEST_WORKERS is "${process.env.TEST_WORKERS}": set it to how many test files may run at once, a whole number from 1 (e.g. TEST_WORKERS=2), or unset it for 4`);
}

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
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: WORKERS,
    reporters: ["default"],
    projects: [
      {
        extends: true,
        test: {
          // Each engine file has its own tenants (a free port, a SQLite file in a temporary
          // directory) and stacks (own work, state and PULUMI_HOME directories), so files run side
          // by side. Named so that it sorts first: its long files start before the short ones.
          name: "engine",
          include: ["tests/engine/**/*.test.ts", "tests/package/**/*.test.ts"],
          exclude: TIMING_BOUND,
          // Each operation of the real pulumi CLI takes seconds, more while other files run beside.
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "fast",
          include: ["tests/unit/**/*.test.ts", "tests/client/**/*.test.ts", "tests/tenant/**/*.test.ts"],
          exclude: TIMING_BOUND,
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "timing",
          include: TIMING_BOUND,
          testTimeout: 30_000,
          // One worker: vitest runs these files in a group of their own, after the others.
          maxWorkers: 1,
        },
      },
    ],
  },
});
