import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission, MailboxAccess } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";
import { grantSummary as summary } from "./grant-summary";

/** What the Sales Desk's declaration means on the tenant. */
const DECLARED = [
  "FullAccess adele.vance@contoso.com true",
  "FullAccess support-leads@contoso.com false",
  "SendAs adele.vance@contoso.com",
  "SendOnBehalf megan.bowen@contoso.com",
];

/**
 * MailboxAccess on the real engine against the real tenant: it owns all delegate access on the
 * Sales Desk, so a grant made by hand is drift this resource reports and removes, and a grant
 * revoked by hand comes back.
 */
describe("MailboxAccess: all delegate access on a mailbox, through the real engine", () => {
  let f: EngineFixture;
  let spelling: { members: string[]; fullAccess: string[]; sendOnBehalf: string[]; autoMapping: Record<string, boolean> } = {
    members: ["adele.vance@contoso.com"],
    fullAccess: ["support-leads@contoso.com"],
    sendOnBehalf: ["megan.bowen@contoso.com"],
    autoMapping: { "support-leads@contoso.com": false },
  };
  let extraGrant: (() => void) | undefined;

  beforeAll(async () => {
    f = await engineFixture("mailbox-access");
    f.declare(() => {
      const desk = new SharedMailbox("sales-desk", { displayName: "Sales Desk", primarySmtpAddress: "sales-desk@contoso.com" });
      const access = new MailboxAccess("sales-desk-access", { mailbox: desk.primarySmtpAddress, ...spelling });
      extraGrant?.();
      return { holders: access.fullAccessTrustees, grants: access.grants };
    });
  });
  afterAll(async () => f?.dispose());

  const grants = async () => summary((await f.get("/v1/recipients/sales-desk@contoso.com/grants")).body.items);

  it("up creates the mailbox and exactly the declared grants; the outputs list them", async () => {
    const r = await f.up();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(r.steps).toEqual({ "sales-desk": ["create"], "sales-desk-access": ["create"] });
    expect(await grants()).toEqual(DECLARED);
    const outputs = await f.stack.outputs();
    expect(outputs.holders.value).toEqual(["adele.vance@contoso.com", "support-leads@contoso.com"]);
    expect(outputs.grants.value).toHaveLength(4);
  }, 180_000);

  it("a second preview shows no changes, also when the lists name the same trustees by alias or in other letter case", async () => {
    const same = await f.preview({ expectNoChanges: true });
    expect(same.error, same.diagnostics.join("\n")).toBeUndefined();
    spelling = { members: ["Adele.Vance"], fullAccess: ["SUPPORT-LEADS@contoso.com"], sendOnBehalf: ["megan.bowen"], autoMapping: { "support-leads": false } };
    const respelled = await f.preview({ expectNoChanges: true, refresh: true });
    expect(respelled.error, respelled.diagnostics.join("\n")).toBeUndefined();
    expect(respelled.steps["sales-desk-access"]).toEqual(["refresh", "same"]);
  }, 180_000);

  it("a FullAccess granted by hand shows in preview --refresh as an update of this resource, and up --refresh removes it", async () => {
    await f.admin("grant", "sales-desk@contoso.com", "alex.wilber@contoso.com", "FullAccess");
    const writes = await f.auditCount();
    const preview = await f.preview({ refresh: true });
    expect(preview.error, preview.diagnostics.join("\n")).toBeUndefined();
    expect(preview.steps["sales-desk-access"]).toEqual(["refresh", "update"]);
    expect(preview.steps["sales-desk"]).toEqual(["refresh", "same"]);
    expect(await f.auditCount()).toBe(writes);
    expect(await grants()).toContain("FullAccess alex.wilber@contoso.com true");

    const up = await f.up({ refresh: true });
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    expect(up.steps["sales-desk-access"]).toEqual(["refresh", "update"]);
    expect(await grants()).toEqual(DECLARED);
    expect((await f.preview({ refresh: true, expectNoChanges: true })).error).toBeUndefined();
  }, 240_000);

  it("a grant revoked by hand is recorded by refresh as missing from the lists, and up grants it again", async () => {
    await f.admin("revoke", "sales-desk@contoso.com", "megan.bowen@contoso.com", "SendOnBehalf");
    expect((await f.refresh()).error).toBeUndefined();
    const state = await f.stack.exportStack();
    const access = state.deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::sales-desk-access"));
    expect(access.inputs.sendOnBehalf).toEqual([]);
    expect(access.outputs.sendOnBehalfTrustees).toEqual([]);

    const up = await f.up();
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    expect(up.steps["sales-desk-access"]).toEqual(["update"]);
    expect(await grants()).toEqual(DECLARED);
  }, 240_000);

  it("a MailboxPermission on the same mailbox is refused at preview, naming both resources and which to keep, and nothing is written", async () => {
    extraGrant = () => new MailboxPermission("lee-send-as", { mailbox: "sales-desk@contoso.com", trustee: "lee.gu@contoso.com", accessRights: "SendAs" });
    const writes = await f.auditCount();
    const r = await f.preview();
    expect(r.error).toBeDefined();
    const message = r.diagnostics.join("\n");
    expect(message).toMatch(/property mailbox value .* has a problem: /);
    expect(message).toContain('MailboxAccess "sales-desk-access"');
    expect(message).toContain('MailboxPermission "lee-send-as"');
    expect(message).toMatch(/keep MailboxAccess "sales-desk-access" and (add this trustee to its lists|move those trustees into its lists)/);
    expect(await f.auditCount()).toBe(writes);
    expect(await grants()).toEqual(DECLARED);
    extraGrant = undefined;
  }, 120_000);

  it("a new list updates in place: the trustee added is granted, the one dropped removed, the mailbox kept", async () => {
    spelling = { ...spelling, members: [], fullAccess: ["support-leads", "adele.vance"] };
    const r = await f.up();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(r.steps).toEqual({ "sales-desk": ["same"], "sales-desk-access": ["update"] });
    expect(await grants()).toEqual(DECLARED.filter((g) => !g.startsWith("SendAs")));
  }, 180_000);
});
