import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quotaMessage } from "../../schemas/shared-mailbox";
import { Mailbox, MailboxList } from "../../schemas/shared-mailbox";
import { startTestTenant, auditCount, TestTenant } from "./helpers";

let t: TestTenant;
let clockOffset = 0;

beforeAll(async () => {
  t = await startTestTenant({ clock: () => Date.now() + clockOffset });
});
afterAll(async () => t.close());

describe("shared mailboxes: create, read, list", () => {
  it("a new shared mailbox gets alias, primary address from the name, blocked sign-in and Exchange's defaults", async () => {
    const r = await t.call("POST", "/v1/shared-mailboxes", { displayName: "Help Desk" });
    expect(r.status).toBe(201);
    const m = Mailbox.parse(r.body);
    expect(m).toMatchObject({
      name: "Help Desk",
      alias: "HelpDesk",
      primarySmtpAddress: "HelpDesk@fabrikam.test",
      emailAddresses: ["SMTP:HelpDesk@fabrikam.test"],
      recipientTypeDetails: "SharedMailbox",
      accountDisabled: true,
      messageCopyForSentAsEnabled: false,
      messageCopyForSendOnBehalfEnabled: false,
      quotaGB: 50,
      licensed: false,
      totalItemSizeGB: 0,
      quotaState: "Normal",
      isSoftDeleted: false,
      whenSoftDeleted: null,
      grantSendOnBehalfTo: [],
    });
    expect(m.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("a mailbox is found by id, any address (any case, with or without smtp:), alias and name", async () => {
    const created = (await t.call("POST", "/v1/shared-mailboxes", {
      displayName: "Finder",
      primarySmtpAddress: "finder@fabrikam.test",
      additionalAddresses: ["find.me@fabrikam.onmicrosoft.com"],
    })).body;
    for (const identity of [created.id, "FINDER@fabrikam.test", "smtp:find.me@FABRIKAM.onmicrosoft.com", "Finder", "finder"]) {
      const r = await t.call("GET", `/v1/mailboxes/${encodeURIComponent(identity)}`);
      expect(r.status, identity).toBe(200);
      expect(r.body.id).toBe(created.id);
    }
    const rec = await t.call("GET", `/v1/recipients/${encodeURIComponent("find.me@fabrikam.onmicrosoft.com")}`);
    expect(rec.body.emailAddresses).toEqual(["SMTP:finder@fabrikam.test", "smtp:find.me@fabrikam.onmicrosoft.com"]);
  });

  it("an unknown mailbox is 404 NotFound naming the identity", async () => {
    const r = await t.call("GET", "/v1/mailboxes/nobody@fabrikam.test");
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("NotFound");
    expect(r.body.error.field).toBe("identity");
    expect(r.body.error.message).toContain("'nobody@fabrikam.test' couldn't be found");
  });

  it("a recipient that is not a mailbox is not found as a mailbox", async () => {
    const r = await t.call("GET", "/v1/mailboxes/sales");
    expect(r.status).toBe(404);
    expect(r.body.error.message).toContain("not a mailbox");
  });

  it("the shared-mailbox list holds only shared mailboxes", async () => {
    const r = await t.call("GET", "/v1/shared-mailboxes");
    expect(r.status).toBe(200);
    const list = MailboxList.parse(r.body);
    expect(list.items.length).toBeGreaterThanOrEqual(1);
    expect(new Set(list.items.map((m) => m.recipientTypeDetails))).toEqual(new Set(["SharedMailbox"]));
    expect(list.items.map((m) => m.name)).toContain("Existing Shared");
  });

  it("the recipient list filters by type and search and pages", async () => {
    const all = await t.call("GET", "/v1/recipients");
    expect(all.body.total).toBe(all.body.items.length);
    const groups = await t.call("GET", "/v1/recipients?type=MailUniversalSecurityGroup");
    expect(groups.body.items.map((r: { name: string }) => r.name)).toEqual(["Finance Security"]);
    expect(groups.body.items[0].members).toHaveLength(2);
    const search = await t.call("GET", "/v1/recipients?search=OUTSIDE");
    expect(search.body.items.map((r: { name: string }) => r.name)).toEqual(["Outside Olga"]);
    expect(search.body.items[0].externalEmailAddress).toBe("olga@outside.example");
    const page = await t.call("GET", "/v1/recipients?limit=2&offset=1");
    expect(page.body.items).toHaveLength(2);
    expect(page.body.items[0].id).toBe(all.body.items[1].id);
    expect(page.body.total).toBe(all.body.total);
  });
});

describe("shared mailboxes: refusals change nothing", () => {
  it("an address held by another recipient is refused with Exchange's exact message", async () => {
    const before = await auditCount(t);
    const r = await t.call("POST", "/v1/shared-mailboxes", { displayName: "Clash", primarySmtpAddress: "adele@fabrikam.test" });
    expect(r.status).toBe(409);
    expect(r.body.error).toEqual({
      code: "AddressInUse",
      message:
        'The proxy address "SMTP:adele@fabrikam.test" is already being used by the proxy addresses or LegacyExchangeDN of "Adele Vance". Please choose another proxy address.',
      field: "primarySmtpAddress",
    });
    expect(await auditCount(t)).toBe(before);
    expect((await t.call("GET", "/v1/mailboxes/Clash")).status).toBe(404);
  });

  it("a proxy address held by another recipient is refused and names the entry", async () => {
    const r = await t.call("POST", "/v1/shared-mailboxes", { displayName: "Clash Two", additionalAddresses: ["x2@fabrikam.test", "BEN@fabrikam.onmicrosoft.com"] });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("AddressInUse");
    expect(r.body.error.field).toBe("additionalAddresses.1");
    expect(r.body.error.message).toContain('of "Ben Walters"');
  });

  it("a name already used is refused with NameInUse", async () => {
    const r = await t.call("POST", "/v1/shared-mailboxes", { displayName: "Other", name: "adele vance", primarySmtpAddress: "other1@fabrikam.test" });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: "NameInUse", field: "name" });
  });

  it("an address outside the accepted domains is refused", async () => {
    const r = await t.call("POST", "/v1/shared-mailboxes", { displayName: "Foreign", primarySmtpAddress: "foreign@elsewhere.example" });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: "ValidationFailed", field: "primarySmtpAddress" });
    expect(r.body.error.message).toContain("isn't an accepted domain");
  });

  it("a quota above 50 GB without a licence is refused with QuotaNeedsLicence", async () => {
    const r = await t.call("POST", "/v1/shared-mailboxes", { displayName: "Big", quotaGB: 75 });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({ code: "QuotaNeedsLicence", message: quotaMessage(75), field: "quotaGB" });
    const ok = await t.call("POST", "/v1/shared-mailboxes", { displayName: "Big Licensed", quotaGB: 75, licensed: true });
    expect(ok.status).toBe(201);
    expect(ok.body.quotaGB).toBe(75);
  });

  it.each([
    [{ displayName: "" }, "displayName"],
    [{ displayName: "X", alias: "bad alias" }, "alias"],
    [{ displayName: "X", primarySmtpAddress: "not-an-address" }, "primarySmtpAddress"],
    [{ displayName: "X", additionalAddresses: ["ok@fabrikam.test", "nope"] }, "additionalAddresses.1"],
    [{ displayName: "X", quotaGB: 101, licensed: true }, "quotaGB"],
    [{ displayName: "X", unknownField: true }, "unknownField"],
    [undefined, "body"],
  ])("a malformed body %j is 400 ValidationFailed naming %s", async (body, field) => {
    const before = await auditCount(t);
    const r = await t.call("POST", "/v1/shared-mailboxes", body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("ValidationFailed");
    if (field) expect(r.body.error.field).toBe(field);
    expect(await auditCount(t)).toBe(before);
  });

  it("a PATCH that is refused leaves the mailbox exactly as it was", async () => {
    const m = (await t.call("POST", "/v1/shared-mailboxes", { displayName: "Untouched" })).body;
    const before = await auditCount(t);
    const r = await t.call("PATCH", `/v1/mailboxes/${m.id}`, { displayName: "Changed", primarySmtpAddress: "ben.walters@fabrikam.test" });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("AddressInUse");
    expect((await t.call("GET", `/v1/mailboxes/${m.id}`)).body).toEqual(m);
    expect(await auditCount(t)).toBe(before);
  });
});

describe("shared mailboxes: update, delete, restore, convert", () => {
  it("changing the primary address keeps the old one as a proxy and updates whenChanged", async () => {
    const m = (await t.call("POST", "/v1/shared-mailboxes", { displayName: "Renamed", primarySmtpAddress: "old@fabrikam.test" })).body;
    await new Promise((r) => setTimeout(r, 5));
    const r = await t.call("PATCH", `/v1/mailboxes/${m.id}`, { primarySmtpAddress: "new@fabrikam.test", displayName: "Renamed Desk", alias: "renamed-desk" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ primarySmtpAddress: "new@fabrikam.test", displayName: "Renamed Desk", alias: "renamed-desk" });
    expect(r.body.emailAddresses).toEqual(["SMTP:new@fabrikam.test", "smtp:old@fabrikam.test"]);
    expect(r.body.whenChanged > m.whenChanged).toBe(true);
    // The old address still finds it and stays reserved.
    expect((await t.call("GET", "/v1/mailboxes/old@fabrikam.test")).body.id).toBe(m.id);
    const clash = await t.call("POST", "/v1/shared-mailboxes", { displayName: "Taker", primarySmtpAddress: "old@fabrikam.test" });
    expect(clash.body.error.message).toContain('LegacyExchangeDN of "Renamed"');
  });

  it("additionalAddresses replaces the proxies; the old primary stays regardless", async () => {
    const m = (await t.call("POST", "/v1/shared-mailboxes", { displayName: "Proxies", primarySmtpAddress: "p1@fabrikam.test", additionalAddresses: ["p2@fabrikam.test"] })).body;
    const r = await t.call("PATCH", `/v1/mailboxes/${m.id}`, { primarySmtpAddress: "p3@fabrikam.test", additionalAddresses: ["p4@fabrikam.test"] });
    expect(r.body.emailAddresses).toEqual(["SMTP:p3@fabrikam.test", "smtp:p4@fabrikam.test", "smtp:p1@fabrikam.test"]);
    // p2 is released
    expect((await t.call("POST", "/v1/shared-mailboxes", { displayName: "P2 Owner", primarySmtpAddress: "p2@fabrikam.test" })).status).toBe(201);
  });

  it("settings switch on, quota state follows the size, sign-in can be unblocked by an admin", async () => {
    const m = (await t.call("POST", "/v1/shared-mailboxes", { displayName: "Settings" })).body;
    let r = await t.call("PATCH", `/v1/mailboxes/${m.id}`, {
      messageCopyForSentAsEnabled: true,
      messageCopyForSendOnBehalfEnabled: true,
      quotaGB: 10,
      totalItemSizeGB: 9.9,
      accountDisabled: false,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ messageCopyForSentAsEnabled: true, messageCopyForSendOnBehalfEnabled: true, quotaGB: 10, quotaState: "SendProhibited", accountDisabled: false });
    r = await t.call("PATCH", `/v1/mailboxes/${m.id}`, { totalItemSizeGB: 10 });
    expect(r.body.quotaState).toBe("SendReceiveProhibited");
    r = await t.call("PATCH", `/v1/mailboxes/${m.id}`, { totalItemSizeGB: 1 });
    expect(r.body.quotaState).toBe("Normal");
  });

  it("removing the licence under a quota above 50 GB is refused", async () => {
    const m = (await t.call("POST", "/v1/shared-mailboxes", { displayName: "Licensed Big", quotaGB: 80, licensed: true })).body;
    const r = await t.call("PATCH", `/v1/mailboxes/${m.id}`, { licensed: false });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({ code: "QuotaNeedsLicence", message: quotaMessage(80), field: "licensed" });
  });

  it("a PATCH that changes nothing writes no audit entry", async () => {
    const m = (await t.call("POST", "/v1/shared-mailboxes", { displayName: "Same" })).body;
    const before = await auditCount(t);
    const r = await t.call("PATCH", `/v1/mailboxes/${m.id}`, { displayName: "Same" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(m);
    expect(await auditCount(t)).toBe(before);
  });

  it("a deleted mailbox is soft-deleted: hidden from reads, listed as deleted, its addresses reserved, restorable", async () => {
    const m = (await t.call("POST", "/v1/shared-mailboxes", { displayName: "Gone Soon", primarySmtpAddress: "gone@fabrikam.test" })).body;
    const del = await t.call("DELETE", `/v1/mailboxes/${m.id}`);
    expect(del.status).toBe(200);
    expect(del.body.isSoftDeleted).toBe(true);
    expect(del.body.whenSoftDeleted).not.toBeNull();
    expect((await t.call("GET", `/v1/mailboxes/${m.id}`)).status).toBe(404);
    expect((await t.call("DELETE", `/v1/mailboxes/${m.id}`)).status).toBe(404);
    expect((await t.call("GET", "/v1/shared-mailboxes")).body.items.map((x: { id: string }) => x.id)).not.toContain(m.id);
    expect((await t.call("GET", "/v1/shared-mailboxes?deleted=true")).body.items.map((x: { id: string }) => x.id)).toContain(m.id);
    const clash = await t.call("POST", "/v1/shared-mailboxes", { displayName: "Reuse", primarySmtpAddress: "gone@fabrikam.test" });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe("AddressInUse");
    const restored = await t.call("POST", "/v1/mailboxes/gone@fabrikam.test/restore");
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: m.id, isSoftDeleted: false, whenSoftDeleted: null });
    expect((await t.call("GET", `/v1/mailboxes/${m.id}`)).status).toBe(200);
  });

  it("restoring a mailbox that is not deleted is 409 NotDeleted", async () => {
    const r = await t.call("POST", "/v1/mailboxes/existing/restore");
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: "NotDeleted", field: "identity" });
  });

  it("a mailbox deleted more than 30 days ago cannot be restored and its addresses are free again", async () => {
    const m = (await t.call("POST", "/v1/shared-mailboxes", { displayName: "Old Gone", primarySmtpAddress: "oldgone@fabrikam.test" })).body;
    await t.call("DELETE", `/v1/mailboxes/${m.id}`);
    clockOffset = 31 * 24 * 3600 * 1000;
    try {
      const r = await t.call("POST", `/v1/mailboxes/${m.id}/restore`);
      expect(r.status).toBe(404);
      expect((await t.call("GET", "/v1/shared-mailboxes?deleted=true")).body.items.map((x: { id: string }) => x.id)).not.toContain(m.id);
      expect((await t.call("POST", "/v1/shared-mailboxes", { displayName: "New Owner", primarySmtpAddress: "oldgone@fabrikam.test" })).status).toBe(201);
    } finally {
      clockOffset = 0;
    }
  });

  it("a mailbox past its 30 days is purged at the next write even when that write is refused, and the audit log says so", async () => {
    const m = (await t.call("POST", "/v1/shared-mailboxes", { displayName: "Purged Box", primarySmtpAddress: "purgedbox@fabrikam.test" })).body;
    await t.call("DELETE", `/v1/mailboxes/${m.id}`);
    clockOffset = 31 * 24 * 3600 * 1000;
    try {
      // Exchange purges on its own schedule: a refused request must not undo the purge.
      expect((await t.call("DELETE", `/v1/mailboxes/${m.id}/forwarding`)).status).toBe(404);
      const log = (await t.call("GET", `/v1/audit?objectId=${m.id}`)).body.items as { action: string; principal: string }[];
      expect(log.at(-1)).toMatchObject({ action: "purgeMailbox", principal: "system" });
    } finally {
      clockOffset = 0;
    }
  });

  it("a user mailbox converts to a shared mailbox and back", async () => {
    let r = await t.call("POST", "/v1/mailboxes/ben.walters@fabrikam.test/convert", { to: "SharedMailbox" });
    expect(r.status).toBe(200);
    expect(r.body.recipientTypeDetails).toBe("SharedMailbox");
    r = await t.call("POST", "/v1/mailboxes/Ben Walters/convert", { to: "UserMailbox" });
    expect(r.body.recipientTypeDetails).toBe("UserMailbox");
  });

  it("a user mailbox that holds FullAccess somewhere converts to a shared mailbox and keeps its addresses and every permission, as Exchange does", async () => {
    const target = (await t.call("POST", "/v1/shared-mailboxes", { displayName: "Held" })).body;
    await t.call("POST", `/v1/recipients/${target.id}/grants`, { trustee: "adele", accessRights: "FullAccess" });
    const before = (await t.call("GET", "/v1/mailboxes/adele")).body;
    const r = await t.call("POST", "/v1/mailboxes/adele/convert", { to: "SharedMailbox" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ recipientTypeDetails: "SharedMailbox", emailAddresses: before.emailAddresses, totalItemSizeGB: before.totalItemSizeGB });
    const held = (await t.call("GET", `/v1/recipients/${target.id}/grants`)).body.items;
    expect(held.map((g: { trusteeId: string; accessRights: string }) => [g.trusteeId, g.accessRights])).toEqual([[before.id, "FullAccess"]]);
  });

  it("a create repeated with the same Idempotency-Key returns the first mailbox and creates one", async () => {
    const headers = { "idempotency-key": "create-once" };
    const first = await t.call("POST", "/v1/shared-mailboxes", { displayName: "Once" }, { headers });
    const before = await auditCount(t);
    const again = await t.call("POST", "/v1/shared-mailboxes", { displayName: "Once" }, { headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await auditCount(t)).toBe(before);
    expect((await t.call("GET", "/v1/recipients?search=Once")).body.total).toBe(1);
  });

  it("a room mailbox cannot be converted: NotSharedMailbox", async () => {
    const r = await t.call("POST", "/v1/mailboxes/room1/convert", { to: "UserMailbox" });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: "NotSharedMailbox", field: "to" });
    expect(r.body.error.message).toBe('"Room 1" is a room mailbox; only a shared mailbox can be converted to a user mailbox');
  });
});
