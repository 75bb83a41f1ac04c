import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { MailboxPermission, MailboxAccess } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";
import { grantSummary as summary } from "./grant-summary";

/**
 * MailboxAccess on a mailbox the stack does not create (the seed's Reception), whose one grant a
 * MailboxPermission of the stack manages: the move to MailboxAccess, adoption, and what destroy
 * removes.
 */
describe("MailboxAccess on an existing mailbox: moving from MailboxPermission, adopt and destroy", () => {
  let f: EngineFixture;
  let adopt = false;
  const access = () => new MailboxAccess("reception-access", { mailbox: "reception@contoso.com", sendAs: ["lee.gu"], fullAccess: ["nestor.wilke@contoso.com"], adopt });
  beforeAll(async () => {
    f = await engineFixture("mailbox-access-adopt");
    await f.admin("grant", "reception@contoso.com", "lee.gu@contoso.com", "SendAs");
    f.declare(() => new MailboxPermission("lee-send-as", { mailbox: "reception@contoso.com", trustee: "lee.gu@contoso.com", accessRights: "SendAs", adopt: true }));
    const r = await f.up();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    f.declare(access);
  });
  afterAll(async () => f?.dispose());
  const grants = async () => summary((await f.get("/v1/recipients/reception@contoso.com/grants")).body.items);

  it("without adopt, preview refuses a mailbox that already has grants, listing them", async () => {
    const writes = await f.auditCount();
    const r = await f.preview();
    expect(r.error).toBeDefined();
    expect(r.diagnostics.join("\n")).toContain('"reception@contoso.com" already has delegate access (SendAs for lee.gu@contoso.com): to manage it with this program add adopt: true');
    expect(await f.auditCount()).toBe(writes);
  }, 120_000);

  it("with adopt, one up replaces the MailboxPermission: the grant it managed is kept, and only what the lists add is written", async () => {
    adopt = true;
    const writes = await f.auditCount();
    const r = await f.up();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(r.steps).toEqual({ "reception-access": ["create"], "lee-send-as": ["delete"] });
    expect(await f.auditCount()).toBe(writes + 1);
    expect(await grants()).toEqual(["FullAccess nestor.wilke@contoso.com true", "SendAs lee.gu@contoso.com"]);
    expect((await f.preview({ refresh: true, expectNoChanges: true })).error).toBeUndefined();
  }, 180_000);

  it("destroy removes the grants it declared and leaves one granted by hand since the last up", async () => {
    await f.admin("grant", "reception@contoso.com", "megan.bowen@contoso.com", "SendOnBehalf");
    const r = await f.destroy();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(r.steps).toEqual({ "reception-access": ["delete"] });
    expect(await grants()).toEqual(["SendOnBehalf megan.bowen@contoso.com"]);
    expect((await f.get("/v1/mailboxes/reception@contoso.com")).status).toBe(200);
  }, 180_000);
});
