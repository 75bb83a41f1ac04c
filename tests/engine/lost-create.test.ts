import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { AutoReply, ForwardingRule, SharedMailbox } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";

/**
 * A create that reached the tenant but not the state — the `up` was killed after the tenant
 * answered, or its retries ran out after the write was made: the next `up` recognises this
 * deployment's own forwarding and automatic replies by their derived create keys and takes them
 * back, without "already exists … add adopt: true" and without writing them again. Made on
 * purpose here (the two resources are dropped from the state after a whole up), so it does not
 * depend on a kill's timing.
 */
describe("forwarding and automatic replies whose create the state lost", () => {
  let f: EngineFixture;
  const program = () => {
    const desk = new SharedMailbox("lost-desk", { displayName: "Lost Desk", primarySmtpAddress: "lost-desk@contoso.com" });
    new ForwardingRule("lost-fwd", { mailbox: desk.primarySmtpAddress, forwardTo: "adele.vance@contoso.com", keepCopy: true });
    new AutoReply("lost-reply", { mailbox: desk.primarySmtpAddress, state: "Enabled", internalMessage: "Closed today.", externalAudience: "None" });
  };
  const settingWrites = async () =>
    ((await f.get<{ items: { action: string }[] }>("/v1/audit?limit=10000")).body.items).filter((e) => e.action === "setForwarding" || e.action === "setAutoReply").length;
  /** What a crash between the tenant's answer and the checkpoint leaves: the tenant has them, the state does not. */
  const forgetInState = async (...names: string[]) => {
    const state = await f.stack.exportStack();
    state.deployment.resources = state.deployment.resources.filter((r: { urn: string }) => !names.some((n) => r.urn.endsWith(`::${n}`)));
    await f.stack.importStack(state);
  };

  beforeAll(async () => {
    f = await engineFixture("lost-create");
    f.declare(program);
    expect((await f.up()).error).toBeUndefined();
  }, 300_000);
  afterAll(async () => f?.dispose());

  it("the next up takes them back as this deployment's own, writes nothing, and a preview then shows no change", async () => {
    const writes = await settingWrites();
    expect(writes).toBe(2);
    await forgetInState("lost-fwd", "lost-reply");
    const r = await f.up();
    expect(r.error).toBeUndefined();
    expect(r.diagnostics.join("\n")).not.toContain("adopt");
    expect(r.steps["lost-fwd"]).toEqual(["create"]);
    expect(r.steps["lost-reply"]).toEqual(["create"]);
    expect(await settingWrites()).toBe(writes);
    expect((await f.get("/v1/mailboxes/lost-desk@contoso.com/forwarding")).body).toMatchObject({ effectiveTarget: "adele.vance@contoso.com", deliverToMailboxAndForward: true });
    expect((await f.preview({ expectNoChanges: true })).error).toBeUndefined();
  }, 600_000);

  it("one changed by hand since is not taken as its own: the preview refuses it and says to adopt", async () => {
    await forgetInState("lost-fwd");
    await f.admin("forward", "lost-desk@contoso.com", "megan.bowen@contoso.com");
    const r = await f.preview();
    expect(r.diagnostics.join("\n")).toContain("already forwards to megan.bowen@contoso.com");
    expect(r.diagnostics.join("\n")).toContain("adopt: true");
  }, 600_000);
});
