import * as fs from "fs";
import * as path from "path";
import { execFile } from "child_process";
import { promisify } from "util";
import type { Stack, EngineEvent } from "@pulumi/pulumi/automation";
import { inlineStack, freshWorkDir } from "../../engine/workspace";
import { REPO_ROOT } from "../../engine/settings";
import { startTestTenant, TestTenant, ADMIN } from "../tenant/helpers";
import type { TenantOptions } from "../../tenant/options";

export const CONTOSO_SEED = path.join(REPO_ROOT, "tenant", "seed", "contoso.yaml");

/** What one engine operation reported: the steps per resource name, in order, and the diagnostics. */
export interface Report {
  steps: Record<string, string[]>;
  /** What each step's plan shows as changed, as the CLI's "[diff: …]" does: "+key" added, "-key" removed, "~key" changed. */
  diffs: Record<string, string[]>;
  /** The inputs each step plans, per resource name (the last step's). */
  inputs: Record<string, Record<string, unknown>>;
  diagnostics: string[];
  error?: string;
}

export interface EngineFixture {
  tenant: TestTenant;
  stack: Stack;
  /** The file backend's directory: the stack's checkpoint is under .pulumi/stacks/. */
  stateDir: string;
  /** Swap the program the next operation runs. */
  declare(program: () => unknown): void;
  preview(opts?: { refresh?: boolean; expectNoChanges?: boolean }): Promise<Report>;
  /** `refresh`: `pulumi up --refresh`, reading the tenant first so drift is corrected in one go; `continueOnError`: `--continue-on-error`. */
  up(opts?: { refresh?: boolean; continueOnError?: boolean }): Promise<Report>;
  refresh(opts?: { previewOnly?: boolean }): Promise<Report>;
  destroy(): Promise<Report>;
  /** Runs the tenant's admin CLI, as an administrator changing things by hand. */
  admin(...args: string[]): Promise<string>;
  /** The same with another token of tests/tenant/helpers TOKENS: another person changing things by hand. */
  adminAs(token: string, ...args: string[]): Promise<string>;
  /** GET on the tenant's API as a global admin. */
  get<T = any>(apiPath: string): Promise<{ status: number; body: T }>;
  auditCount(): Promise<number>;
  dispose(): Promise<void>;
}

function collector(events: EngineEvent[]) {
  return (e: EngineEvent) => events.push(e);
}

function reportOf(events: EngineEvent[], error?: unknown): Report {
  const steps: Record<string, string[]> = {};
  const diffs: Record<string, string[]> = {};
  const inputs: Record<string, Record<string, unknown>> = {};
  const diagnostics: string[] = [];
  for (const e of events) {
    const m = e.resourcePreEvent?.metadata;
    if (m && m.type.startsWith("pulumi-nodejs:dynamic")) {
      const name = m.urn.split("::").pop()!;
      (steps[name] ??= []).push(m.op);
      if (m.old?.inputs && m.new?.inputs) (diffs[name] ??= []).push(...inputChanges(m.old.inputs, m.new.inputs));
      if (m.new?.inputs) inputs[name] = m.new.inputs;
    }
    if (e.diagnosticEvent && (e.diagnosticEvent.severity === "error" || e.diagnosticEvent.severity === "warning")) {
      diagnostics.push(`${e.diagnosticEvent.urn?.split("::").pop() ?? ""}: ${e.diagnosticEvent.message.trim()}`);
    }
  }
  return { steps, diffs, inputs, diagnostics, error: error === undefined ? undefined : String((error as Error).message ?? error) };
}

/** The inputs a step changes, compared as the CLI compares them for its "[diff: …]" column. */
function inputChanges(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => !k.startsWith("__")).sort();
  return keys.flatMap((k) => {
    if (!(k in olds)) return [`+${k}`];
    if (!(k in news)) return [`-${k}`];
    return JSON.stringify(olds[k]) === JSON.stringify(news[k]) ? [] : [`~${k}`];
  });
}

/** A real tenant (HTTP, SQLite) and a stack on the real engine, configured to reach it. */
export async function engineFixture(name: string, options: { token?: string; tenant?: Partial<TenantOptions> } = {}): Promise<EngineFixture> {
  const tenant = await startTestTenant({ seedFile: CONTOSO_SEED, ...options.tenant });
  // How long the provider takes "not found" right after its own write for "still replicating".
  // Against a tenant that replicates at once a long window only delays the tests that delete by
  // hand right after an up: their refresh waited out 30 s before finding the mailbox soft-deleted.
  const replicating = (options.tenant?.faults?.replicationDelayMs ?? 0) > 0;
  const work = freshWorkDir(name);
  let program: () => unknown = () => ({});
  const stack = await inlineStack({
    projectName: name,
    stackName: "test",
    workDir: work,
    dirs: { stateDir: path.join(work, "state"), homeDir: path.join(work, "home") },
    program: async () => program() as Record<string, unknown>,
    config: {
      "mailbox:endpoint": { value: tenant.url },
      "mailbox:token": { value: options.token ?? ADMIN, secret: true },
      "mailbox:replicationWaitSeconds": { value: replicating ? "30" : "5" },
    },
  });
  const adminAs = async (token: string, ...args: string[]) => {
    const cli = path.join(REPO_ROOT, "dist", "tenant", "cli.js");
    const { stdout } = await promisify(execFile)(process.execPath, [cli, ...args, "--endpoint", tenant.url, "--token", token]);
    return stdout;
  };
  const run = async (op: (onEvent: (e: EngineEvent) => void) => Promise<unknown>): Promise<Report> => {
    const events: EngineEvent[] = [];
    try {
      await op(collector(events));
      return reportOf(events);
    } catch (e) {
      return reportOf(events, e);
    }
  };
  return {
    tenant,
    stack,
    stateDir: path.join(work, "state"),
    declare: (p) => (program = p),
    preview: (opts = {}) => run((onEvent) => stack.preview({ onEvent, refresh: opts.refresh, expectNoChanges: opts.expectNoChanges })),
    up: (opts = {}) => run((onEvent) => stack.up({ onEvent, refresh: opts.refresh, continueOnError: opts.continueOnError })),
    refresh: (opts = {}) => run((onEvent) => stack.refresh({ onEvent, previewOnly: opts.previewOnly })),
    destroy: () => run((onEvent) => stack.destroy({ onEvent })),
    admin: (...args) => adminAs(ADMIN, ...args),
    adminAs: (token, ...args) => adminAs(token, ...args),
    get: async (apiPath) => {
      const r = await tenant.call("GET", apiPath);
      return { status: r.status, body: r.body };
    },
    auditCount: async () => (await tenant.call("GET", "/v1/audit?limit=10000")).body.items.length,
    dispose: async () => {
      await tenant.close();
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}
