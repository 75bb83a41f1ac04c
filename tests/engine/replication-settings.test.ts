import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { ForwardingRule, AutoReply } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";
import { REPLICATING, settle, once } from "./replication-delay";

// The tenant keeps what is written unseen for REPLICATION_DELAY_MS (see replication-delay.ts).
describe("forwarding and automatic replies set on an existing mailbox while the tenant is still replicating them", () => {
  let f: EngineFixture;
  const program = (forwardTo: string, internalMessage = "Reception opens at 8.") => () => {
    new ForwardingRule("reception-forward", { mailbox: "reception@contoso.com", forwardTo, keepCopy: true });
    new AutoReply("reception-reply", { mailbox: "reception@contoso.com", state: "Enabled", internalMessage, externalAudience: "None" });
  };
  const outputsOf = async (name: string) =>
    (await f.stack.exportStack()).deployment.resources.find((r: { urn: string }) => r.urn.endsWith(`::${name}`))?.outputs;
  const forwarding = async () => (await f.get("/v1/mailboxes/reception@contoso.com/forwarding")).body;
  const reply = async () => (await f.get("/v1/mailboxes/reception@contoso.com/auto-reply")).body;

  beforeAll(async () => {
    f = await engineFixture("replication-settings", REPLICATING);
  });
  afterAll(async () => f?.dispose());

  it("up converges, a second preview shows no changes, and once replicated the tenant holds both", async () => {
    f.declare(program("sales@contoso.com"));
    const up = await f.up();
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    expect(up.steps).toEqual({ "reception-forward": ["create"], "reception-reply": ["create"] });
    // Right after the up, reads still answer with what was there before: the delay is in effect.
    expect((await forwarding()).effectiveTarget).toBeNull();
    expect((await reply()).state).toBe("Disabled");
    const p = await f.preview({ expectNoChanges: true });
    expect(p.error).toBeUndefined();
    expect(p.diagnostics).toEqual([]);
    expect(await once(forwarding, (x) => x.effectiveTarget !== null)).toMatchObject({ effectiveTarget: "sales@contoso.com", deliverToMailboxAndForward: true });
    expect(await once(reply, (x) => x.state !== "Disabled")).toMatchObject({ state: "Enabled", internalMessage: "<html><body>Reception opens at 8.</body></html>", externalAudience: "None" });
  }, 240_000);

  it("a changed forwarding target updates in place, converges, and the tenant holds the new target once replicated", async () => {
    f.declare(program("megan.bowen@contoso.com"));
    const up = await f.up();
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    expect(up.steps["reception-forward"]).toEqual(["update"]);
    expect((await forwarding()).effectiveTarget).toBe("sales@contoso.com");
    expect((await f.preview({ expectNoChanges: true })).error).toBeUndefined();
    expect((await once(forwarding, (x) => x.effectiveTarget !== "sales@contoso.com")).effectiveTarget).toBe("megan.bowen@contoso.com");
  }, 240_000);

  it("refresh right after an update of the target and the message keeps the new values in state and finds no drift", async () => {
    f.declare(program("alex.wilber@contoso.com", "Reception opens at 9."));
    const up = await f.up();
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    expect(up.steps).toEqual({ "reception-forward": ["update"], "reception-reply": ["update"] });
    // Reads still answer with the values from before the update: the refresh must wait them out.
    expect((await forwarding()).effectiveTarget).toBe("megan.bowen@contoso.com");
    const r = await f.refresh();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect((await f.stack.history(1))[0].resourceChanges).toEqual({ same: 3 });
    expect(await outputsOf("reception-forward")).toMatchObject({ forwardTo: "alex.wilber@contoso.com", effectiveTarget: "alex.wilber@contoso.com" });
    expect(await outputsOf("reception-reply")).toMatchObject({ state: "Enabled", internalMessage: "Reception opens at 9." });
    expect((await f.preview({ expectNoChanges: true })).error).toBeUndefined();
  }, 240_000);

  it("destroy right after an update of the message switches the replies off with the new message, not the one reads still answer", async () => {
    f.declare(program("alex.wilber@contoso.com", "Reception opens at 10."));
    const up = await f.up();
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    expect(up.steps["reception-reply"]).toEqual(["update"]);
    // Reads still answer the message from before the update while the destroy switches the replies off.
    expect((await reply()).internalMessage).toBe("<html><body>Reception opens at 9.</body></html>");
    const r = await f.destroy();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(r.steps).toEqual({ "reception-forward": ["delete"], "reception-reply": ["delete"] });
    await settle();
    expect(await reply()).toMatchObject({ state: "Disabled", internalMessage: "<html><body>Reception opens at 10.</body></html>", externalAudience: "None" });
  }, 240_000);
});
