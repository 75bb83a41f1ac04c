import * as fs from "fs";
import * as path from "path";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { basicProgram } from "../../examples/basic/program";
import { engineFixture, EngineFixture } from "./harness";

/**
 * The basic example's whole life on the real engine against the real tenant: create, no-change
 * preview, drift made by hand and found by refresh, an out-of-band delete recreated, an in-place
 * update, a replace, destroy. Adopting what exists is in adopt.test.ts.
 */
describe("the basic example through the real engine", () => {
  let f: EngineFixture;
  let displayName = "Sales Desk";
  let sendOnBehalfTrustee = "megan.bowen@contoso.com";

  beforeAll(async () => {
    f = await engineFixture("lifecycle");
    f.declare(() => basicProgram({ displayName, sendOnBehalfTrustee }));
  });
  afterAll(async () => f?.dispose());

  const mailbox = async () => (await f.get("/v1/mailboxes/sales-desk@contoso.com")).body;

  it("preview of the new stack plans eight creates, checking grants whose mailbox is not yet known, and writes nothing", async () => {
    const writes = await f.auditCount();
    const r = await f.preview();
    expect(r.error).toBeUndefined();
    expect(Object.values(r.steps).flat()).toEqual(Array(8).fill("create"));
    expect(await f.auditCount()).toBe(writes);
  }, 120_000);

  it("up creates the mailbox, five grants, forwarding and automatic replies, and the tenant holds exactly that", async () => {
    const r = await f.up();
    expect(r.error).toBeUndefined();
    expect(Object.values(r.steps).flat()).toEqual(Array(8).fill("create"));

    const box = await mailbox();
    expect(box).toMatchObject({
      displayName: "Sales Desk",
      alias: "sales-desk",
      primarySmtpAddress: "sales-desk@contoso.com",
      recipientTypeDetails: "SharedMailbox",
      accountDisabled: true,
      messageCopyForSentAsEnabled: true,
      messageCopyForSendOnBehalfEnabled: true,
    });
    expect(box.emailAddresses.map((a: string) => a.toLowerCase())).toEqual(["smtp:sales-desk@contoso.com", "smtp:sales-desk@contoso.co.uk"]);

    const grants = (await f.get(`/v1/recipients/${box.id}/grants`)).body.items;
    const summary = grants.map((g: { accessRights: string; trusteeAddress: string; autoMapping: boolean }) => `${g.accessRights} ${g.trusteeAddress} ${g.autoMapping}`).sort();
    expect(summary).toEqual([
      "FullAccess adele.vance@contoso.com true",
      "FullAccess alex.wilber@contoso.com true",
      "FullAccess support-leads@contoso.com false",
      "SendAs adele.vance@contoso.com false",
      "SendOnBehalf megan.bowen@contoso.com false",
    ]);
    expect((await f.get(`/v1/mailboxes/${box.id}/forwarding`)).body).toMatchObject({ effectiveTarget: "sales@contoso.com", deliverToMailboxAndForward: true });
    const reply = (await f.get(`/v1/mailboxes/${box.id}/auto-reply`)).body;
    expect(reply).toMatchObject({ state: "Scheduled", externalAudience: "All" });
    expect(reply.internalMessage).toMatch(/^<html><body>The Sales Desk is closed until 2 January/);
  }, 180_000);

  it("the state on disk holds the token only encrypted, and only a small provider stub per resource", async () => {
    const checkpoint = fs.readFileSync(path.join(f.stateDir, ".pulumi", "stacks", "lifecycle", "test.json"), "utf8");
    expect(checkpoint).not.toContain("t-global-admin");
    expect(checkpoint).toContain('"mailbox:token":{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","ciphertext":');
    const state = await f.stack.exportStack();
    const stubs = state.deployment.resources.filter((r: { type: string }) => r.type.startsWith("pulumi-nodejs:dynamic"));
    expect(stubs).toHaveLength(8);
    for (const r of stubs) {
      expect(r.inputs.__provider.length).toBeLessThan(4_000);
      expect(r.inputs.__provider).toContain("pulumi-mailbox/provider/runtime");
    }
  });

  it("a second preview shows no changes", async () => {
    const r = await f.preview({ expectNoChanges: true });
    expect(r.error).toBeUndefined();
    expect(Object.values(r.steps).flat()).toEqual(Array(8).fill("same"));
  }, 120_000);

  it("refresh after nothing changed records nothing, and preview stays clean (HTML-wrapped replies are not drift)", async () => {
    const r = await f.refresh();
    expect(r.error).toBeUndefined();
    const summary = (await f.stack.history(1))[0].resourceChanges;
    expect(summary).toEqual({ same: 9 }); // eight resources and the stack
    expect((await f.preview({ expectNoChanges: true })).error).toBeUndefined();
  }, 120_000);

  it("a display name changed by hand and sign-in enabled by hand show in preview --refresh as an update", async () => {
    await f.admin("set", "sales-desk@contoso.com", "displayName", "Sales Desk (renamed by hand)");
    await f.admin("enable-sign-in", "sales-desk@contoso.com");
    const r = await f.preview({ refresh: true });
    expect(r.error).toBeUndefined();
    expect(r.steps["sales-desk"]).toEqual(["refresh", "update"]);
    expect(r.steps["adele-full-access"]).toEqual(["refresh", "same"]);
    // preview --refresh changes neither the tenant nor the state
    expect((await mailbox()).displayName).toBe("Sales Desk (renamed by hand)");
  }, 120_000);

  it("refresh records the drift in the state and up puts the declaration back", async () => {
    const refreshed = await f.refresh();
    expect(refreshed.error).toBeUndefined();
    const state = await f.stack.exportStack();
    const desk = state.deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::sales-desk"));
    expect(desk.outputs).toMatchObject({ displayName: "Sales Desk (renamed by hand)", signInBlocked: false });

    const up = await f.up();
    expect(up.error).toBeUndefined();
    expect(up.steps["sales-desk"]).toEqual(["update"]);
    expect(await mailbox()).toMatchObject({ displayName: "Sales Desk", accountDisabled: true });
  }, 180_000);

  it("a grant removed by hand leaves the state on refresh and is recreated by the next up", async () => {
    await f.admin("revoke", "sales-desk@contoso.com", "alex.wilber@contoso.com", "FullAccess");
    const refreshed = await f.refresh();
    expect(refreshed.error).toBeUndefined();
    const urns = (await f.stack.exportStack()).deployment.resources.map((r: { urn: string }) => r.urn.split("::").pop());
    expect(urns).not.toContain("alex-full-access");
    expect(urns).toContain("adele-full-access");
    const up = await f.up();
    expect(up.steps["alex-full-access"]).toEqual(["create"]);
    const box = await mailbox();
    const grants = (await f.get(`/v1/recipients/${box.id}/grants`)).body.items;
    expect(grants.filter((g: { trusteeAddress: string; accessRights: string }) => g.trusteeAddress === "alex.wilber@contoso.com" && g.accessRights === "FullAccess")).toHaveLength(1);
  }, 180_000);

  it("a new display name updates the mailbox in place, keeping its id", async () => {
    const before = await mailbox();
    displayName = "Sales Desk EMEA";
    const r = await f.up();
    expect(r.error).toBeUndefined();
    expect(r.steps["sales-desk"]).toEqual(["update"]);
    const after = await mailbox();
    expect(after.id).toBe(before.id);
    expect(after.displayName).toBe("Sales Desk EMEA");
  }, 180_000);

  it("a new trustee replaces the grant: the new one is granted, the old one removed", async () => {
    sendOnBehalfTrustee = "lee.gu@contoso.com";
    const r = await f.up();
    expect(r.error).toBeUndefined();
    expect(r.steps["megan-send-on-behalf"]).toEqual(["create-replacement", "replace", "delete-replaced"]);
    const box = await mailbox();
    const onBehalf = (await f.get(`/v1/recipients/${box.id}/grants`)).body.items.filter((g: { accessRights: string }) => g.accessRights === "SendOnBehalf");
    expect(onBehalf.map((g: { trusteeAddress: string }) => g.trusteeAddress)).toEqual(["lee.gu@contoso.com"]);
  }, 180_000);

  it("destroy removes everything: the mailbox is soft-deleted, its grants and settings are gone", async () => {
    const box = await mailbox();
    const r = await f.destroy();
    expect(r.error).toBeUndefined();
    expect(Object.values(r.steps).flat()).toEqual(Array(8).fill("delete"));
    expect((await f.get("/v1/mailboxes/sales-desk@contoso.com")).status).toBe(404);
    const deleted = (await f.get("/v1/shared-mailboxes?deleted=true")).body.items;
    expect(deleted.map((m: { id: string }) => m.id)).toContain(box.id);
    const state = await f.stack.exportStack();
    expect(state.deployment.resources ?? []).toHaveLength(0);
  }, 180_000);
});
