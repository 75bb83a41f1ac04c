/**
 * `kill -9` of a whole `pulumi up` at a random point, then the documented recovery: `pulumi cancel`
 * and `pulumi up`, nothing else. Each run declares 40 resources: 10 shared mailboxes, each with a
 * FullAccess and a SendAs grant (MailboxPermission), forwarding (ForwardingRule) on 5 of them and
 * automatic replies (AutoReply) on the other 5; the last 2 mailboxes get their two rights as one
 * MailboxAccess instead (38 resources; `--no-access`: MailboxPermissions there too, 40). It starts `up` in a child process, kills
 * it and every descendant (the program's process, the CLI and the provider host) once the tenant
 * has committed a random number of the up's writes, and recovers. The run converges when the recovering `up`
 * succeeds, the tenant holds exactly the run's 10 mailboxes with one create each, 20 grants, 5
 * forwardings and 5 automatic replies as declared, each setting written once, and a preview then
 * shows no change.
 *
 *   npm run build && node dist/bench/crash-recovery.js --runs 10 [--storm] [--sidecars] [--no-access]
 *
 * `--sidecars` lets the file backend write its `.attrs` sidecars, as a plain `pulumi login
 * file://…` does, so a kill can land in that write; the recovery then repairs what it left
 * (engine/checkpoint-repair.ts), and the table counts the repairs.
 *
 * tests/engine/crash-recovery-calm.test.ts runs it twice, crash-recovery-storm.test.ts twice under the storm.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import Database from "better-sqlite3";
import type { Stack } from "@pulumi/pulumi/automation";
import { AutoReply, ForwardingRule, MailboxAccess, MailboxPermission, SharedMailbox } from "pulumi-mailbox";
import { freshWorkDir, inlineStack } from "../engine/workspace";
import { repairCheckpoints } from "../engine/checkpoint-repair";
import { REPO_ROOT } from "../engine/settings";
import type { FaultOptions } from "../tenant/options";
import { BENCH_TOKEN, benchProgram, benchTable, runBench, seedPeople, startTenantHere, wholeNumber } from "./support";

export const MAILBOXES = 10;
/** The mailboxes from this one get their grants as one MailboxAccess instead of two MailboxPermissions (unless --no-access). */
const ACCESS_FROM = MAILBOXES - 2;
/** Mailboxes below this forward their mail; the others send automatic replies. */
const FORWARDING_BELOW = MAILBOXES / 2;
/** The writes of a whole up: per mailbox its create, two grants and one setting. */
export const WRITES = MAILBOXES * 4;
/** Where the run's forwarding mailboxes send their mail (a group of the Contoso seed). */
export const FORWARD_TO = "sales@contoso.com";
/** 50 % of attempts throttled, 20 % of the rest unavailable. */
export const STORM: FaultOptions = { throttleRate: 0.5, retryAfterSeconds: 0, unavailableRate: 0.2 };

/** The resources of one run; `tag` keeps runs apart (a deleted mailbox keeps its address 30 days). */
export function crashProgram(tag: string, people: string[], withAccess = true): void {
  for (let j = 0; j < MAILBOXES; j++) {
    const box = new SharedMailbox(`${tag}-box${j}`, { displayName: `${tag} Box ${j}`, primarySmtpAddress: `${tag}-box${j}@contoso.com` });
    const mailbox = box.primarySmtpAddress;
    const trustee = people[j % people.length]!;
    if (!withAccess || j < ACCESS_FROM) {
      new MailboxPermission(`${tag}-fa${j}`, { mailbox, trustee, accessRights: "FullAccess" });
      new MailboxPermission(`${tag}-sa${j}`, { mailbox, trustee, accessRights: "SendAs" });
    } else {
      new MailboxAccess(`${tag}-access${j}`, { mailbox, members: [trustee] });
    }
    if (j < FORWARDING_BELOW) new ForwardingRule(`${tag}-fwd${j}`, { mailbox, forwardTo: FORWARD_TO, keepCopy: true });
    else new AutoReply(`${tag}-reply${j}`, { mailbox, state: "Enabled", internalMessage: `${tag} box ${j} is closed.`, externalAudience: "None" });
  }
}

export interface CrashRun {
  tenantUrl: string;
  token: string;
  /** The tenant's SQLite file, read beside it to time the kill and to count what it holds. */
  dataFile: string;
  tag: string;
  /** Kill once the tenant has committed this many writes of the up. */
  killAfterWrites: number;
  maxAttempts: number;
  /** The backend writes `.attrs` sidecars (see --sidecars). */
  sidecars?: boolean;
  /** Two of the mailboxes get a MailboxAccess instead of two MailboxPermissions; default true (see --no-access). */
  withAccess?: boolean;
}

export interface CrashOutcome {
  tag: string;
  writesBeforeKill: number;
  upFinishedBeforeKill: boolean;
  /** Grants on the MailboxAccess mailboxes when the up was killed (of 4): those its create had made. */
  accessGrantsAtKill: number;
  recoveryMs: number;
  /** Files of the state the recovery had to repair before the engine could read it (their names). */
  repairs: string[];
  mailboxes: number;
  grants: number;
  mailboxCreates: number;
  /** Mailboxes of the run forwarding to FORWARD_TO with a kept copy, and writes of forwarding to them. */
  forwardings: number;
  forwardingWrites: number;
  /** Mailboxes of the run with automatic replies on, and writes of replies to them. */
  replies: number;
  replyWrites: number;
  recoveryError?: string;
  cleanPreview: boolean;
}

function stackOf(run: CrashRun, workDir: string): Promise<Stack> {
  return inlineStack({
    projectName: "crash-recovery",
    stackName: run.tag,
    workDir,
    dirs: { stateDir: join(workDir, "state"), homeDir: join(workDir, "home"), sidecars: run.sidecars },
    program: async () => crashProgram(run.tag, seedPeople(), run.withAccess),
    config: {
      "mailbox:endpoint": { value: run.tenantUrl },
      "mailbox:token": { value: run.token, secret: true },
      "mailbox:maxAttempts": { value: String(run.maxAttempts) },
      "mailbox:replicationWaitSeconds": { value: "60" },
    },
  });
}

/**
 * SIGKILL to a process and every descendant. Its process group is not enough: the engine starts
 * each plugin (the dynamic-provider host among them) in a process group of its own.
 */
function killTree(root: number): void {
  const children = new Map<number, number[]>();
  for (const line of execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" }).split("\n")) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (pid && ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const tree: number[] = [];
  for (const queue = [root]; queue.length; ) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
}

function auditCount(db: Database.Database): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM audit`).get() as { n: number }).n;
}

/** One run: up in a child, kill -9 of its process group after `killAfterWrites` writes, cancel, up, count. */
export async function crashAndRecover(run: CrashRun): Promise<CrashOutcome> {
  const workDir = freshWorkDir(`crash-${run.tag}`);
  const db = new Database(run.dataFile, { readonly: true });
  try {
    const before = auditCount(db);
    // The compiled script (build first).
    const script = join(REPO_ROOT, "dist", "bench", "crash-recovery.js");
    const child = spawn(process.execPath, [script, "--up-child", JSON.stringify({ ...run, workDir })], { detached: true, stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    let finished = false;
    void exited.then(() => (finished = true));
    while (!finished && auditCount(db) - before < run.killAfterWrites) await new Promise((r) => setTimeout(r, 25));
    const writesBeforeKill = auditCount(db) - before;
    const upFinishedBeforeKill = finished;
    if (!finished) killTree(child.pid!);
    await exited;
    const accessGrantsAtKill = (run.withAccess ?? true) ? grantsOn(db, run.tag, Array.from({ length: MAILBOXES - ACCESS_FROM }, (_, i) => ACCESS_FROM + i)) : 0;

    // The documented recovery: pulumi cancel, then pulumi up. The engine wrapper first repairs
    // what a kill left unreadable (stackOf would do it too; done here to count it).
    const repairs = repairCheckpoints(join(workDir, "state")).map((r) => basename(r.file));
    const stack = await stackOf(run, workDir);
    const started = Date.now();
    let recoveryError: string | undefined;
    try {
      await stack.cancel();
      await stack.up();
    } catch (e) {
      recoveryError = (e as Error).message.slice(0, 2000);
    }
    const recoveryMs = Date.now() - started;
    let cleanPreview = false;
    if (!recoveryError) {
      try {
        await stack.preview({ expectNoChanges: true });
        cleanPreview = true;
      } catch {
        cleanPreview = false;
      }
    }
    const boxes = db
      .prepare(`SELECT r.id FROM recipients r JOIN mailboxes m ON m.recipient_id = r.id WHERE r.name LIKE ? AND m.soft_deleted = 0`)
      .all(`${run.tag} Box %`) as { id: string }[];
    const grants = boxes.reduce((n, b) => n + (db.prepare(`SELECT COUNT(*) AS n FROM grants WHERE target_id = ?`).get(b.id) as { n: number }).n, 0);
    const mailboxCreates = (
      db.prepare(`SELECT COUNT(*) AS n FROM audit WHERE action = 'createSharedMailbox' AND after_json LIKE ?`).get(`%"name":"${run.tag} Box %`) as { n: number }
    ).n;
    return { tag: run.tag, writesBeforeKill, upFinishedBeforeKill, accessGrantsAtKill, recoveryMs, repairs, mailboxes: boxes.length, grants, mailboxCreates, ...settingsOf(db, boxes.map((b) => b.id)), recoveryError, cleanPreview };
  } finally {
    db.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Grants the tenant holds on the run's mailboxes numbered `boxes`. */
function grantsOn(db: Database.Database, tag: string, boxes: number[]): number {
  const names = JSON.stringify(boxes.map((j) => `${tag} Box ${j}`));
  return (
    db
      .prepare(`SELECT COUNT(*) AS n FROM grants g JOIN recipients r ON r.id = g.target_id WHERE r.name IN (SELECT value FROM json_each(?))`)
      .get(names) as { n: number }
  ).n;
}

/** The forwarding and automatic replies the tenant holds on the run's mailboxes, and how often each was written. */
function settingsOf(db: Database.Database, boxIds: string[]): Pick<CrashOutcome, "forwardings" | "forwardingWrites" | "replies" | "replyWrites"> {
  const ids = JSON.stringify(boxIds);
  const count = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(ids, ...params) as { n: number }).n;
  const inRun = `mailbox_id IN (SELECT value FROM json_each(?))`;
  return {
    forwardings: count(
      `SELECT COUNT(*) AS n FROM forwarding f JOIN recipients r ON r.id = f.forwarding_address WHERE ${inRun} AND r.primary_address = ? AND f.deliver_to_mailbox_and_forward = 1`,
      FORWARD_TO,
    ),
    forwardingWrites: count(`SELECT COUNT(*) AS n FROM audit WHERE object_id IN (SELECT value FROM json_each(?)) AND action = 'setForwarding'`),
    replies: count(`SELECT COUNT(*) AS n FROM auto_replies WHERE ${inRun} AND state = 'Enabled' AND external_audience = 'None'`),
    replyWrites: count(`SELECT COUNT(*) AS n FROM audit WHERE object_id IN (SELECT value FROM json_each(?)) AND action = 'setAutoReply'`),
  };
}

export function converged(o: CrashOutcome): boolean {
  const settings = MAILBOXES / 2;
  return (
    !o.recoveryError &&
    o.cleanPreview &&
    o.mailboxes === MAILBOXES &&
    o.grants === 2 * MAILBOXES &&
    o.mailboxCreates === MAILBOXES &&
    o.forwardings === settings &&
    o.forwardingWrites === settings &&
    o.replies === settings &&
    o.replyWrites === settings
  );
}

/** The child: runs `up` of the run's stack until it is killed. */
async function upChild(json: string): Promise<void> {
  const run = JSON.parse(json) as CrashRun & { workDir: string };
  const stack = await stackOf(run, run.workDir);
  await stack.up();
}

async function main(): Promise<void> {
  const args = benchProgram("crash-recovery", "kill -9 of a 40-resource pulumi up at a random point, then pulumi cancel and up: does it converge without duplicates?")
    .option("--runs <n>", "runs", wholeNumber(1), 10)
    .option("--storm", "the tenant throttles 50 % of requests (429) and fails 20 % of the rest (503)")
    .option("--sidecars", "the file backend writes its .attrs sidecars, as a plain 'pulumi login file://...' does")
    .option("--no-access", "every grant a MailboxPermission (by default two mailboxes get a MailboxAccess instead)")
    .parse()
    .opts<{ runs: number; storm?: boolean; sidecars?: boolean; access: boolean }>();
  const dir = mkdtempSync(join(freshWorkDir("crash-tenant"), "t-"));
  const dataFile = join(dir, "tenant.db");
  const tenant = await startTenantHere(dataFile, args.storm ? STORM : {});
  const table = benchTable(["run", "killed after writes", ...(args.access ? ["MailboxAccess grants at kill"] : []), "state files repaired", "recovery s", "mailboxes", "grants", "creates", "forwardings (writes)", "replies (writes)", "converged"]);
  let failures = 0;
  try {
    for (let i = 0; i < args.runs; i++) {
      const killAfterWrites = 1 + Math.floor(Math.random() * (WRITES - 2));
      const o = await crashAndRecover({ tenantUrl: tenant.url, token: BENCH_TOKEN, dataFile, tag: `crash${i}x${Date.now() % 100000}`, killAfterWrites, maxAttempts: args.storm ? 40 : 8, sidecars: args.sidecars, withAccess: args.access });
      const ok = converged(o);
      if (!ok) failures++;
      table.push([i + 1, `${o.writesBeforeKill}${o.upFinishedBeforeKill ? " (up had finished)" : ""}`, ...(args.access ? [`${o.accessGrantsAtKill} of 4`] : []), o.repairs.join(", ") || "none", (o.recoveryMs / 1000).toFixed(1), o.mailboxes, o.grants, o.mailboxCreates, `${o.forwardings} (${o.forwardingWrites})`, `${o.replies} (${o.replyWrites})`, ok ? "yes" : `NO ${o.recoveryError ?? ""}`.slice(0, 200)]);
      process.stderr.write(`run ${i + 1}/${args.runs}: ${ok ? "converged" : "did NOT converge"}\n`);
    }
  } finally {
    await tenant.close();
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${table.toString()}\n${args.runs - failures} of ${args.runs} runs converged${args.storm ? " under the storm" : ""}${args.sidecars ? ", the backend writing sidecars" : ""}\n`);
  if (failures) process.exitCode = 1;
}

if (require.main === module) {
  if (process.argv[2] === "--up-child") {
    upChild(process.argv[3]!).catch(() => process.exit(1));
  } else {
    runBench(main);
  }
}
