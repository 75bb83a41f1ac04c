import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";

/**
 * What the plan says about a managed mailbox changed by hand: only what will really change, and a
 * mailbox deleted by hand is shown as one to restore.
 */
describe("a managed shared mailbox changed by hand", () => {
  let f: EngineFixture;
  const program = () => {
    const box = new SharedMailbox("front-desk", { displayName: "Front Desk", primarySmtpAddress: "front-desk@contoso.com", hiddenFromAddressLists: true });
    new MailboxPermission("front-desk-adele", { mailbox: box.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
  };
  const mailbox = async () => (await f.get("/v1/mailboxes/front-desk@contoso.com")).body;

  beforeAll(async () => {
    f = await engineFixture("mailbox-drift");
    f.declare(program);
    expect((await f.up()).error).toBeUndefined();
  }, 180_000);
  afterAll(async () => f?.dispose());

  it("a display name changed by hand: preview --refresh shows displayName changed, and no alias or name the program never declared", async () => {
    await f.admin("set", "front-desk@contoso.com", "displayName", "Front Desk (renamed by hand)");
    const r = await f.preview({ refresh: true });
    expect(r.error).toBeUndefined();
    expect(r.steps["front-desk"]).toEqual(["refresh", "update"]);
    expect(r.diffs["front-desk"]).toEqual(["~displayName"]);
  }, 120_000);

  it("after refresh the plan still shows only displayName, and up puts it back", async () => {
    expect((await f.refresh()).error).toBeUndefined();
    const p = await f.preview();
    expect(p.diffs["front-desk"]).toEqual(["~displayName"]);
    const up = await f.up();
    expect(up.error).toBeUndefined();
    expect((await mailbox()).displayName).toBe("Front Desk");
    expect((await f.preview({ refresh: true, expectNoChanges: true })).error).toBeUndefined();
  }, 180_000);

  it("hiddenFromAddressLists: the tenant holds what up declared, a change by hand shows in preview --refresh, and up --refresh puts it back", async () => {
    expect((await mailbox()).hiddenFromAddressListsEnabled).toBe(true);
    await f.admin("set", "front-desk@contoso.com", "hiddenFromAddressListsEnabled", "false");
    const r = await f.preview({ refresh: true });
    expect(r.error).toBeUndefined();
    expect(r.diffs["front-desk"]).toEqual(["~hiddenFromAddressLists"]);
    expect((await f.up({ refresh: true })).error).toBeUndefined();
    expect((await mailbox()).hiddenFromAddressListsEnabled).toBe(true);
  }, 180_000);
});

describe("a managed shared mailbox deleted by hand", () => {
  let f: EngineFixture;
  const program = () => {
    const box = new SharedMailbox("back-office", { displayName: "Back Office", primarySmtpAddress: "back-office@contoso.com" });
    new MailboxPermission("back-office-megan", { mailbox: box.primarySmtpAddress, trustee: "megan.bowen@contoso.com", accessRights: "FullAccess" });
  };

  beforeAll(async () => {
    f = await engineFixture("mailbox-deleted");
    f.declare(program);
    expect((await f.up()).error).toBeUndefined();
    await f.admin("set", "back-office@contoso.com", "totalItemSizeGB", "3.5"); // mail in it
    await f.admin("delete", "back-office@contoso.com");
  }, 180_000);
  afterAll(async () => f?.dispose());

  it("preview --refresh plans an update of the same resource that restores it, saying until when, and writes nothing", async () => {
    const writes = await f.auditCount();
    const r = await f.preview({ refresh: true });
    expect(r.error).toBeUndefined();
    expect(r.diagnostics).toEqual([]);
    expect(r.steps["back-office"]).toEqual(["refresh", "update"]);
    expect(r.steps["back-office-megan"]).toEqual(["refresh", "same"]);
    expect(r.diffs["back-office"]).toEqual(["-deletedOn", "+restore"]);
    expect(String(r.inputs["back-office"].restore)).toMatch(
      /^deleted on \S+: up restores it with its content and permissions \(Exchange keeps it until \d{4}-\d\d-\d\dT[\d:.]+Z\)$/,
    );
    expect(await f.auditCount()).toBe(writes);
  }, 120_000);

  it("up --refresh restores it with its mail and its grant, and then nothing is left to change", async () => {
    const r = await f.up({ refresh: true });
    expect(r.error).toBeUndefined();
    expect(r.steps["back-office"]).toEqual(["refresh", "update"]);
    const box = (await f.get("/v1/mailboxes/back-office@contoso.com")).body;
    expect(box).toMatchObject({ displayName: "Back Office", isSoftDeleted: false, totalItemSizeGB: 3.5, accountDisabled: true });
    const grants = (await f.get(`/v1/recipients/${box.id}/grants`)).body.items.map((g: { accessRights: string; trusteeAddress: string }) => `${g.accessRights} ${g.trusteeAddress}`);
    expect(grants).toEqual(["FullAccess megan.bowen@contoso.com"]);
    expect((await f.preview({ refresh: true, expectNoChanges: true })).error).toBeUndefined();
  }, 180_000);
});
