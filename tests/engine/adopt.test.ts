import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";

/**
 * Taking what already exists in the tenant under code: Pulumi's own import (broken for dynamic
 * resources), `adopt: true` for a mailbox and a grant, and a managed mailbox deleted by hand.
 */
describe("adopting what already exists", () => {
  let f: EngineFixture;
  beforeAll(async () => {
    f = await engineFixture("adopt");
  });
  afterAll(async () => f?.dispose());

  it("Pulumi's import option fails for dynamic resources on this engine (pulumi/pulumi#16175), which is why adopt exists", async () => {
    const id = (await f.get("/v1/mailboxes/reception@contoso.com")).body.id;
    f.declare(() => {
      new SharedMailbox("reception", { displayName: "Reception", primarySmtpAddress: "reception@contoso.com" }, { import: id });
    });
    const r = await f.preview();
    // If this starts passing, the engine has fixed import: document it as the first way to adopt.
    expect(r.error).toBeDefined();
    expect(r.diagnostics.join("\n")).toContain("code must be a string, not undefined");
  }, 120_000);

  it("up without adopt refuses an existing mailbox and says how to adopt it", async () => {
    f.declare(() => {
      new SharedMailbox("reception", { displayName: "Reception", primarySmtpAddress: "reception@contoso.com" });
    });
    const r = await f.preview();
    expect(r.error).toBeDefined();
    expect(r.diagnostics.join("\n")).toContain('a shared mailbox "Reception" (reception@contoso.com) already exists: to manage it with this program add adopt: true');
  }, 120_000);

  it("adopt takes the seed's Reception mailbox under code without changing it, then preview shows no changes", async () => {
    const before = (await f.get("/v1/mailboxes/reception@contoso.com")).body;
    const writes = await f.auditCount();
    f.declare(() => {
      const box = new SharedMailbox("reception", { displayName: "Reception", primarySmtpAddress: "reception@contoso.com", adopt: true });
      return { id: box.mailboxId };
    });
    const up = await f.up();
    expect(up.error).toBeUndefined();
    expect(up.steps.reception).toEqual(["create"]);
    expect(await f.auditCount()).toBe(writes);
    const state = await f.stack.exportStack();
    const r = state.deployment.resources.find((x: { urn: string }) => x.urn.endsWith("::reception"));
    expect(r.id).toBe(before.id);
    expect((await f.preview({ expectNoChanges: true })).error).toBeUndefined();
  }, 180_000);

  it("an existing grant is adopted only with adopt: true", async () => {
    await f.admin("grant", "reception@contoso.com", "lee.gu@contoso.com", "SendAs");
    f.declare(() => {
      new SharedMailbox("reception", { displayName: "Reception", primarySmtpAddress: "reception@contoso.com", adopt: true });
      new MailboxPermission("lee-send-as", { mailbox: "reception@contoso.com", trustee: "lee.gu@contoso.com", accessRights: "SendAs" });
    });
    const refused = await f.preview();
    expect(refused.diagnostics.join("\n")).toContain('"lee.gu@contoso.com" already holds SendAs on "reception@contoso.com": to manage that grant with this program add adopt: true');
    f.declare(() => {
      new SharedMailbox("reception", { displayName: "Reception", primarySmtpAddress: "reception@contoso.com", adopt: true });
      new MailboxPermission("lee-send-as", { mailbox: "reception@contoso.com", trustee: "lee.gu@contoso.com", accessRights: "SendAs", adopt: true });
    });
    expect((await f.up()).error).toBeUndefined();
    expect((await f.preview({ expectNoChanges: true })).error).toBeUndefined();
  }, 180_000);

  // Declares only the new mailbox: the adopted Reception leaves the program, and is deleted.
  it("a managed mailbox deleted by hand stays in the state; the plan restores it and up brings it back with its grants, without adopt", async () => {
    f.declare(() => {
      const box = new SharedMailbox("events", { displayName: "Events", primarySmtpAddress: "events@contoso.com" });
      new MailboxPermission("events-lee", { mailbox: box.primarySmtpAddress, trustee: "lee.gu@contoso.com", accessRights: "FullAccess" });
    });
    expect((await f.up()).error).toBeUndefined();
    const id = (await f.get("/v1/mailboxes/events@contoso.com")).body.id;
    await f.admin("delete", "events@contoso.com");
    expect((await f.refresh()).error).toBeUndefined();
    const urns = (await f.stack.exportStack()).deployment.resources.map((r: { urn: string }) => r.urn.split("::").pop());
    expect(urns).toContain("events");
    expect(urns).toContain("events-lee");

    const plan = await f.preview();
    expect(plan.error).toBeUndefined();
    expect(plan.steps["events"]).toEqual(["update"]);
    expect(String(plan.inputs["events"].restore)).toMatch(/^deleted on \S+: up restores it with its content and permissions \(Exchange keeps it until /);

    const up = await f.up();
    expect(up.error).toBeUndefined();
    const box = (await f.get("/v1/mailboxes/events@contoso.com")).body;
    expect(box).toMatchObject({ id, isSoftDeleted: false });
    const grants = (await f.get(`/v1/recipients/${id}/grants`)).body.items;
    expect(grants.map((g: { trusteeAddress: string }) => g.trusteeAddress)).toEqual(["lee.gu@contoso.com"]);
    expect((await f.preview({ expectNoChanges: true })).error).toBeUndefined();
  }, 240_000);
});
