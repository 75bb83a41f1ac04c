import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";

/** What the plan says about a managed mailbox deleted by hand: one to restore, with its mail and grants. */
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
