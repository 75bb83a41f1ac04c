import { describe, it, expect, afterAll } from "vitest";
import { crashAndRecover, converged, WRITES } from "../../bench/crash-recovery";
import { startTestTenant, TestTenant, ADMIN } from "../tenant/helpers";
import type { FaultOptions } from "../../tenant/options";
import { CONTOSO_SEED } from "./harness";

/**
 * kill -9 of the whole `pulumi up` process tree at a random point of a 38-resource up (mailboxes,
 * grants as MailboxPermissions and as two MailboxAccess resources, forwarding, automatic replies),
 * then the documented recovery (pulumi cancel, pulumi up): it converges with no duplicate. Two runs
 * against a calm tenant (crash-recovery-calm.test.ts), two more under a storm of 429s and 503s
 * (crash-recovery-storm.test.ts), each file on its own tenant so the two run side by side;
 * `npm run bench:crash -- --runs 10` for more.
 *
 * A kill that lands while the file backend writes its metadata sidecar (`<stack>.json.attrs`)
 * once left it empty, and every later command failed with "failed to load checkpoint: EOF". The
 * engine wrapper's backend writes no sidecars now, and repairs one left by an earlier run (see
 * engine/checkpoint-repair.ts; tests/engine/checkpoint-repair.test.ts makes that case on purpose).
 */
export function crashRecoveryRuns(label: string, faults: FaultOptions, maxAttempts: number): void {
  describe(`after kill -9 of up against ${label}, cancel and up converge`, () => {
    let t: TestTenant;
    afterAll(async () => t?.close());

    it.each([1, 2])("run %i: exactly 10 mailboxes, 20 grants, 5 forwardings and 5 automatic replies, each made once, and a clean preview", async (run) => {
      t ??= await startTestTenant({ seedFile: CONTOSO_SEED, faults });
      const killAfterWrites = 1 + Math.floor(Math.random() * (WRITES - 2));
      const o = await crashAndRecover({ tenantUrl: t.url, token: ADMIN, dataFile: t.dataFile, tag: `crash${run}${Object.keys(faults).length ? "s" : "c"}`, killAfterWrites, maxAttempts });
      expect(o.recoveryError).toBeUndefined();
      expect(o, JSON.stringify(o)).toMatchObject({ mailboxes: 10, grants: 20, mailboxCreates: 10, forwardings: 5, forwardingWrites: 5, replies: 5, replyWrites: 5, cleanPreview: true });
      expect(converged(o)).toBe(true);
    }, 900_000);
  });
}
