import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";

/**
 * The leaver workflow from code: Lee Gu leaves, their user mailbox becomes a shared mailbox (mail
 * and addresses kept, sign-in blocked), their manager Adele gets FullAccess. Destroy gives it back
 * as a user mailbox, because the declaration says so.
 */
describe("a user mailbox converted to a shared mailbox by the program", () => {
  let f: EngineFixture;
  let before: { id: string; emailAddresses: string[] };
  const program = () => {
    const box = new SharedMailbox("lee-gu-leaver", { displayName: "Lee Gu (left)", convertFrom: "lee.gu@contoso.com", convertBackOnDelete: true });
    new MailboxPermission("lee-gu-manager", { mailbox: box.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
  };
  const lee = async () => (await f.get("/v1/mailboxes/lee.gu@contoso.com")).body;

  beforeAll(async () => {
    f = await engineFixture("conversion");
    await f.admin("set", "lee.gu@contoso.com", "totalItemSizeGB", "12.5"); // Lee's mail
    await f.admin("enable-sign-in", "lee.gu@contoso.com");
    before = await lee();
    f.declare(program);
  }, 60_000);
  afterAll(async () => f?.dispose());

  it("preview shows the conversion: a create whose conversion input says what it does, and writes nothing", async () => {
    const writes = await f.auditCount();
    const r = await f.preview();
    expect(r.error).toBeUndefined();
    expect(r.steps["lee-gu-leaver"]).toEqual(["create"]);
    expect(r.inputs["lee-gu-leaver"].conversion).toBe(
      'converts the user mailbox "Lee Gu" (lee.gu@contoso.com) to a shared mailbox: its mail, addresses and permissions stay, its sign-in is blocked; deleting the resource converts it back to a user mailbox',
    );
    expect(await f.auditCount()).toBe(writes);
  }, 120_000);

  it("up converts it in place: same id, addresses and mail, sign-in blocked, the manager holds FullAccess", async () => {
    const r = await f.up();
    expect(r.error).toBeUndefined();
    const box = await lee();
    expect(box).toMatchObject({ id: before.id, recipientTypeDetails: "SharedMailbox", displayName: "Lee Gu (left)", accountDisabled: true, totalItemSizeGB: 12.5 });
    expect(box.emailAddresses).toEqual(before.emailAddresses);
    const grants = (await f.get(`/v1/recipients/${box.id}/grants`)).body.items.map((g: { accessRights: string; trusteeAddress: string }) => `${g.accessRights} ${g.trusteeAddress}`);
    expect(grants).toEqual(["FullAccess adele.vance@contoso.com"]);
    expect((await f.preview({ refresh: true, expectNoChanges: true })).error).toBeUndefined();
  }, 180_000);

  it("destroy converts it back to a user mailbox, with its mail, instead of deleting it", async () => {
    const r = await f.destroy();
    expect(r.error).toBeUndefined();
    expect(await lee()).toMatchObject({ id: before.id, recipientTypeDetails: "UserMailbox", isSoftDeleted: false, totalItemSizeGB: 12.5 });
  }, 120_000);
});

describe("convertFrom refused at plan time", () => {
  let f: EngineFixture;
  beforeAll(async () => {
    f = await engineFixture("conversion-refused");
  });
  afterAll(async () => f?.dispose());

  it("a distribution group cannot be converted: the preview names convertFrom and writes nothing", async () => {
    f.declare(() => new SharedMailbox("sales-shared", { displayName: "Sales Shared", convertFrom: "sales@contoso.com" }));
    const writes = await f.auditCount();
    const r = await f.preview();
    expect(r.error).toBeDefined();
    expect(r.diagnostics.join("\n")).toContain('"sales@contoso.com" is a distribution group; only a user mailbox can be converted to a shared mailbox');
    expect(await f.auditCount()).toBe(writes);
  }, 120_000);
});
