/**
 * The access review at scale (a benchmark, not a test).
 *
 *   npm run build && npm run bench:review          (--help lists the options)
 *
 *   --mailboxes 200    shared mailboxes in the stack, each with FullAccess and SendAs for two
 *                      seed users: 5 resources per mailbox, so 200 is a stack of 1,000 resources
 *   --by-hand 20       grants added by hand (on as many mailboxes) before the review, so that it
 *                      has findings to place in the audit log
 *   --keep             leave the stack's work dir behind
 *
 * One mock tenant runs in this process (a temporary SQLite file, the contoso seed, port 0,
 * logging off) and counts the HTTP requests it serves. The stack is made with one `up` (reported,
 * not compared). Then, one after another against the same stack and tenant:
 *
 *   baseline  `pulumi refresh --preview-only` alone: what any drift check of the stack costs
 *   review    the access review (provider/review): that same refresh, the state, the directory,
 *             every managed mailbox's grants, forwarding and replies, the audit log of each finding
 *
 * and prints, for each, the wall seconds and the tenant's requests, and the review against the
 * baseline (ratio, and the seconds and requests the review adds). The target is a review of a
 * 1,000-resource stack in under 30 s. Exits 1 when an operation failed or the review did not find
 * exactly the grants added by hand.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SharedMailbox, MailboxPermission } from "pulumi-mailbox";
import { inlineStack } from "../engine/workspace";
import { REPO_ROOT } from "../engine/settings";
import { reviewStack } from "../provider/review";
import { previewOnly } from "../provider/review/refresh";
import { TenantClient } from "../provider/client/tenant-client";
import { BENCH_TOKEN, benchProgram, benchTable, runBench, seedPeople, startCountingTenant, wholeNumber } from "./support";

const RESOURCES_PER_MAILBOX = 5;
const TARGET_SECONDS = 30;

function program(mailboxes: number, people: string[]) {
  return async () => {
    for (let i = 0; i < mailboxes; i++) {
      const alias = `review-bench-${i}`;
      const box = new SharedMailbox(alias, { displayName: `Review bench ${i}`, alias, primarySmtpAddress: `${alias}@contoso.com` });
      for (const right of ["FullAccess", "SendAs"] as const) {
        for (const trustee of [people[(2 * i) % people.length]!, people[(2 * i + 1) % people.length]!]) {
          new MailboxPermission(`${alias}-${right}-${trustee.split("@")[0]}`, { mailbox: box.primarySmtpAddress, trustee, accessRights: right });
        }
      }
    }
    return {};
  };
}

async function main() {
  const o = benchProgram("review", "The access review of a 1,000-resource stack against the local tenant, beside a bare refresh --preview-only")
    .option("--mailboxes <n>", "shared mailboxes (5 resources each)", wholeNumber(1), 200)
    .option("--by-hand <n>", "grants added by hand before the review", wholeNumber(0), 20)
    .option("--keep", "leave the stack's work dir behind")
    .parse()
    .opts<{ mailboxes: number; byHand: number; keep?: boolean }>();

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bench-review-"));
  const workDir = path.join(REPO_ROOT, ".pulumi-work", "bench-review");
  fs.rmSync(workDir, { recursive: true, force: true });
  const tenant = await startCountingTenant(path.join(tmp, "tenant.db"), {});
  const rows: { op: string; seconds: number; requests: number }[] = [];
  const timed = async <T>(op: string, run: () => Promise<T>): Promise<T> => {
    const stop = await tenant.count();
    const started = performance.now();
    const result = await run();
    const row = { op, seconds: (performance.now() - started) / 1000, requests: (await stop()).requests };
    rows.push(row);
    process.stderr.write(`  ${op.padEnd(9)} ${row.seconds.toFixed(2).padStart(8)} s  ${String(row.requests).padStart(6)} requests\n`);
    return result;
  };
  let failed = false;
  try {
    const people = seedPeople();
    const n = o.mailboxes * RESOURCES_PER_MAILBOX;
    process.stderr.write(`review of a stack of ${n} resources (${o.mailboxes} mailboxes), tenant ${tenant.url}, work dir ${path.relative(REPO_ROOT, workDir)}\n`);
    const stack = await inlineStack({
      projectName: "bench-review",
      stackName: "bench",
      program: program(o.mailboxes, people),
      workDir,
      dirs: { stateDir: path.join(workDir, "state"), homeDir: path.join(workDir, "home") },
      config: { "mailbox:endpoint": { value: tenant.url }, "mailbox:token": { value: BENCH_TOKEN, secret: true } },
    });
    await timed("up", async () => {
      const r = await stack.up();
      if (r.summary.result !== "succeeded") throw new Error(`up ended ${r.summary.result}`);
    });
    // Grants nobody declares, spread over the first mailboxes: findings with an audit trail.
    const hand = new TenantClient({ endpoint: tenant.url, token: BENCH_TOKEN });
    const outsider = people[people.length - 1]!;
    for (let i = 0; i < Math.min(o.byHand, o.mailboxes); i++) {
      await hand.call("addGrant", { params: { identity: `review-bench-${i}@contoso.com` }, body: { trustee: outsider, accessRights: "SendOnBehalf" } });
    }
    await timed("baseline", async () => {
      const r = await previewOnly(stack, () => stack.refresh({ previewOnly: true }));
      if (r.summary.result !== "succeeded") throw new Error(`refresh --preview-only ended ${r.summary.result}`);
    });
    const report = await timed("review", () => reviewStack(stack, { endpoint: tenant.url, token: BENCH_TOKEN }));
    const expected = Math.min(o.byHand, o.mailboxes);
    if (report.counts.notInCode !== expected || report.counts.changed + report.counts.missing !== 0) {
      failed = true;
      process.stderr.write(`FAILED: expected ${expected} grants not in code and no drift, the review found ${JSON.stringify(report.counts)}\n`);
    }

    const base = rows.find((r) => r.op === "baseline")!;
    const table = benchTable(["operation", "wall s", "tenant requests", "vs baseline (time)", "added s", "added requests"], ["left", "right", "right", "right", "right", "right"]);
    for (const r of rows) {
      const compared = r.op === "review";
      table.push([
        r.op === "baseline" ? "baseline: refresh --preview-only" : r.op === "up" ? "up (making the stack)" : "review",
        r.seconds.toFixed(2),
        r.requests,
        compared ? `${(r.seconds / base.seconds).toFixed(2)} x` : r.op === "baseline" ? "1 (base)" : "-",
        compared ? (r.seconds - base.seconds).toFixed(2) : "-",
        compared ? r.requests - base.requests : "-",
      ]);
    }
    console.log(`\nAccess review of a stack of ${n} resources (${o.mailboxes} shared mailboxes, ${4 * o.mailboxes} grants; ${expected} grants added by hand)\n`);
    console.log(table.toString());
    const review = rows.find((r) => r.op === "review")!;
    console.log(`\nreview: ${review.seconds.toFixed(1)} s (target < ${TARGET_SECONDS} s: ${review.seconds < TARGET_SECONDS ? "met" : "MISSED"}), ${report.counts.notInCode} not in code, coverage ${report.coverage.percent} %`);
    console.log(`of which the review's own refresh --preview-only (with its event stream): ${report.stats.refreshSeconds.toFixed(1)} s; the rest is the state export, the tenant reads and the audit log`);
  } finally {
    await tenant.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!o.keep) fs.rmSync(workDir, { recursive: true, force: true });
  }
  if (failed) process.exit(1);
}

runBench(main);
