import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";

/**
 * What the plan says about a managed mailbox changed by hand: only what will really change (a
 * mailbox deleted by hand, shown as one to restore, is in shared-mailbox-deleted.test.ts).
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
