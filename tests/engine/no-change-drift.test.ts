import { describe, it, expect, beforeAll, afterAll } from "vitest";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { SharedMailbox, MailboxPermission, MailboxAccess, ForwardingRule, AutoReply } from "pulumi-mailbox";
import { previewOnly } from "../../provider/review/refresh";
import { engineFixture, EngineFixture } from "./harness";

/**
 * A drift check of a stack nothing changed by hand must report nothing: no step but "same" and
 * "refresh", and no input a refresh would rewrite — the provider's own hidden input
 * (`__deployment`) included, which a read that does not return it would drop from the refreshed
 * state and the next plan would add back.
 */
describe("a drift check of an unchanged stack of every resource kind", () => {
  let f: EngineFixture;
  const program = () => {
    const desk = new SharedMailbox("calm-desk", { displayName: "Calm Desk", primarySmtpAddress: "calm-desk@contoso.com" });
    new MailboxPermission("calm-adele", { mailbox: desk.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
    new ForwardingRule("calm-forward", { mailbox: desk.primarySmtpAddress, forwardTo: "sales@contoso.com", keepCopy: true });
    new AutoReply("calm-reply", { mailbox: desk.primarySmtpAddress, state: "Enabled", internalMessage: "Back soon.", externalAudience: "None" });
    const owned = new SharedMailbox("calm-owned", { displayName: "Calm Owned", primarySmtpAddress: "calm-owned@contoso.com" });
    new MailboxAccess("calm-owned-access", { mailbox: owned.primarySmtpAddress, members: ["megan.bowen@contoso.com"], sendOnBehalf: ["alex.wilber@contoso.com"] });
  };
  const NAMES = ["calm-desk", "calm-adele", "calm-forward", "calm-reply", "calm-owned", "calm-owned-access"];

  /** Per resource: the ops the engine reported, and every input (hidden ones too) a step changes. */
  function observe(events: EngineEvent[]) {
    const ops: Record<string, string[]> = {};
    const changed: Record<string, string[]> = {};
    for (const e of events) {
      const m = e.resourcePreEvent?.metadata ?? e.resOutputsEvent?.metadata;
      if (!m || !m.type.startsWith("pulumi-nodejs:dynamic")) continue;
      const name = m.urn.split("::").pop()!;
      if (e.resourcePreEvent) (ops[name] ??= []).push(m.op);
      const olds = (m.old?.inputs ?? {}) as Record<string, unknown>;
      const news = (m.new?.inputs ?? {}) as Record<string, unknown>;
      if (!m.old || !m.new) continue;
      const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((k) => k !== "__provider");
      const diff = keys.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k])).sort();
      for (const k of diff) if (!changed[name]?.includes(k)) (changed[name] ??= []).push(k);
      if (m.diffs?.length) (changed[name] ??= []).push(...m.diffs.map((d) => `diff:${d}`));
    }
    return { ops, changed };
  }

  beforeAll(async () => {
    f = await engineFixture("no-change-drift");
    f.declare(program);
    const up = await f.up();
    expect(up.error).toBeUndefined();
    expect(Object.keys(up.steps).sort()).toEqual([...NAMES].sort());
  }, 240_000);
  afterAll(async () => f?.dispose());

  it("pulumi refresh --preview-only reports every resource read and none changed, hidden inputs included", async () => {
    const events: EngineEvent[] = [];
    // (previewOnly: the engine's settings say --yes, which the CLI refuses beside --preview-only)
    await previewOnly(f.stack, () => f.stack.refresh({ previewOnly: true, onEvent: (e) => events.push(e) }));
    const { ops, changed } = observe(events);
    expect(changed).toEqual({});
    for (const name of NAMES) expect(ops[name]).toEqual(["refresh"]);
  }, 120_000);

  it("pulumi preview --refresh --expect-no-changes passes, every step 'same' after its refresh", async () => {
    const events: EngineEvent[] = [];
    const result = await f.stack.preview({ refresh: true, expectNoChanges: true, onEvent: (e) => events.push(e) });
    const { ops, changed } = observe(events);
    expect(changed).toEqual({});
    for (const name of NAMES) expect(ops[name]).toEqual(["refresh", "same"]);
    expect(result.changeSummary).not.toHaveProperty("update");
  }, 120_000);

  it("after a real pulumi refresh the state keeps the hidden input, alone, and the next drift check is still clean", async () => {
    const refresh = await f.refresh();
    expect(refresh.error).toBeUndefined();
    const state = (await f.stack.exportStack()).deployment.resources as { urn: string; inputs?: Record<string, unknown> }[];
    const inputsOf = (name: string) => state.find((r) => r.urn.endsWith(`::${name}`))?.inputs ?? {};
    const outputsOf = (name: string) => (state.find((r) => r.urn.endsWith(`::${name}`)) as { outputs?: Record<string, unknown> } | undefined)?.outputs ?? {};
    for (const name of NAMES) {
      // __deployment names the resource and derives its create key; nothing else of the provider's is kept.
      expect(inputsOf(name).__deployment, name).toBe(`no-change-drift/test/${name}`);
      expect(Object.keys(inputsOf(name)).filter((k) => k.startsWith("__")).sort(), name).toEqual(["__deployment", "__provider"]);
      expect(Object.keys(outputsOf(name)).filter((k) => k.startsWith("__")).sort(), name).toEqual(["__deployment", "__provider"]);
    }
    const events: EngineEvent[] = [];
    await f.stack.preview({ refresh: true, expectNoChanges: true, onEvent: (e) => events.push(e) });
    const { ops, changed } = observe(events);
    expect(changed).toEqual({});
    for (const name of NAMES) expect(ops[name]).toEqual(["refresh", "same"]);
  }, 180_000);
});
