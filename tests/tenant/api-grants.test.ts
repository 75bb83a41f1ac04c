import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessRight, RecipientType } from "../../schemas/common";
import { RIGHTS_TABLE, externalAddressMessage, grantViolations } from "../../schemas/rights";
import { GrantList, grantId } from "../../schemas/permission";
import { FAULT_HEADERS } from "../../schemas/api";
import { Service } from "../../tenant/service";
import { Store } from "../../tenant/store/store";
import { startTestTenant, auditCount, newSharedMailbox, TestTenant, TOKENS, ADMIN } from "./helpers";

let t: TestTenant;
let n = 0;

beforeAll(async () => {
  t = await startTestTenant();
});
afterAll(async () => t.close());

const newShared = () => newSharedMailbox(t, `Grant Target ${++n}`);

/** The trustees of the fixture, by type. */
const TRUSTEES: [RecipientType, string][] = [
  ["UserMailbox", "adele"],
  ["MailUser", "cara"],
  ["MailUniversalSecurityGroup", "finance-sec"],
  ["MailUniversalDistributionGroup", "sales"],
  ["RoomMailbox", "room1"],
  ["SharedMailbox", "existing"],
  ["GroupMailbox", "project"],
];

describe("grants: add, list, remove", () => {
  it("a FullAccess grant to a person is added with autoMapping true and listed", async () => {
    const m = await newShared();
    const adele = (await t.call("GET", "/v1/recipients/adele")).body;
    const r = await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "Adele Vance", accessRights: "FullAccess" });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: grantId(m.id, "FullAccess", adele.id),
      targetId: m.id,
      trusteeId: adele.id,
      trusteeAddress: "adele@fabrikam.test",
      accessRights: "FullAccess",
      autoMapping: true,
      isSystem: false,
    });
    const list = GrantList.parse((await t.call("GET", `/v1/recipients/${m.id}/grants`)).body);
    expect(list.items).toEqual([r.body]);
  });

  it("the NT AUTHORITY\\SELF entry is listed only with includeSystem=true", async () => {
    const m = await newShared();
    expect((await t.call("GET", `/v1/recipients/${m.id}/grants`)).body.items).toEqual([]);
    const sys = (await t.call("GET", `/v1/recipients/${m.id}/grants?includeSystem=true`)).body.items;
    expect(sys).toHaveLength(1);
    expect(sys[0]).toMatchObject({ trusteeId: "NT AUTHORITY\\SELF", accessRights: "FullAccess", isSystem: true });
  });

  it("rights combine: one trustee holds FullAccess, SendAs and SendOnBehalf on one target; SendOnBehalf shows in grantSendOnBehalfTo", async () => {
    const m = await newShared();
    for (const right of AccessRight.options) {
      const r = await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "ben.walters@fabrikam.test", accessRights: right });
      expect(r.status, right).toBe(201);
    }
    const list = (await t.call("GET", `/v1/recipients/${m.id}/grants`)).body.items;
    expect(list.map((g: { accessRights: string }) => g.accessRights).sort()).toEqual(["FullAccess", "SendAs", "SendOnBehalf"]);
    const ben = (await t.call("GET", "/v1/recipients/Ben Walters")).body;
    expect((await t.call("GET", `/v1/mailboxes/${m.id}`)).body.grantSendOnBehalfTo).toEqual([ben.id]);
  });

  it("removing one SendOnBehalf entry keeps the others (no clobbering)", async () => {
    const m = await newShared();
    await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "adele", accessRights: "SendOnBehalf" });
    await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "sales", accessRights: "SendOnBehalf" });
    const r = await t.call("DELETE", `/v1/recipients/${m.id}/grants/SendOnBehalf/${encodeURIComponent("adele@fabrikam.test")}`);
    expect(r.status).toBe(200);
    expect(r.body.accessRights).toBe("SendOnBehalf");
    const sales = (await t.call("GET", "/v1/recipients/sales")).body;
    expect((await t.call("GET", `/v1/mailboxes/${m.id}`)).body.grantSendOnBehalfTo).toEqual([sales.id]);
    expect((await t.call("GET", `/v1/recipients/${m.id}/grants`)).body.items).toHaveLength(1);
  });

  it("removing a grant that does not exist is 404 NotFound", async () => {
    const m = await newShared();
    const r = await t.call("DELETE", `/v1/recipients/${m.id}/grants/SendAs/adele`);
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: "NotFound", field: "trustee" });
  });

  it("removing with an unknown right is 400 ValidationFailed naming accessRights", async () => {
    const m = await newShared();
    const r = await t.call("DELETE", `/v1/recipients/${m.id}/grants/ReadOnly/adele`);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: "ValidationFailed", field: "accessRights" });
  });

  it("SendAs can be granted on a distribution group", async () => {
    const r = await t.call("POST", "/v1/recipients/sales/grants", { trustee: "adele", accessRights: "SendAs" });
    expect(r.status).toBe(201);
    expect((await t.call("GET", "/v1/recipients/sales/grants?includeSystem=true")).body.items).toHaveLength(1);
  });
});

describe("grants on every shared mailbox at once", () => {
  it("GET /v1/shared-mailboxes/grants lists each shared mailbox's grants as its own list does, without SELF or other recipients' grants", async () => {
    const a = await newShared();
    const b = await newShared();
    await t.call("POST", `/v1/recipients/${a.id}/grants`, { trustee: "adele", accessRights: "FullAccess" });
    await t.call("POST", `/v1/recipients/${a.id}/grants`, { trustee: "adele", accessRights: "SendAs" });
    await t.call("POST", `/v1/recipients/${b.id}/grants`, { trustee: "cara", accessRights: "SendOnBehalf" });
    await t.call("POST", "/v1/recipients/finance-sec/grants", { trustee: "adele", accessRights: "SendAs" }); // a group, not a mailbox
    const all = GrantList.parse((await t.call("GET", "/v1/shared-mailboxes/grants")).body).items;
    const own = async (id: string) => GrantList.parse((await t.call("GET", `/v1/recipients/${id}/grants`)).body).items;
    expect(all.filter((g) => g.targetId === a.id)).toEqual(await own(a.id));
    expect(all.filter((g) => g.targetId === b.id)).toEqual(await own(b.id));
    expect(all.filter((g) => g.targetId === a.id)).toHaveLength(2);
    expect(all.some((g) => g.isSystem)).toBe(false);
    const group = (await t.call("GET", "/v1/recipients/finance-sec")).body;
    expect(all.some((g) => g.targetId === group.id)).toBe(false);
  });

  it("a grant still replicating, or on a soft-deleted mailbox, is not listed (as its mailbox's own list does not)", async () => {
    const slow = await startTestTenant({ faults: { allowFaultHeaders: true } });
    try {
      const m = (await slow.call("POST", "/v1/shared-mailboxes", { displayName: "Slow One" })).body;
      const added = await slow.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "adele", accessRights: "SendAs" }, { headers: { [FAULT_HEADERS.replicationDelayMs]: "60000" } });
      expect(added.status).toBe(201);
      const listed = async (path: string) => (await slow.call("GET", path)).body.items.filter((g: { targetId: string }) => g.targetId === m.id);
      expect(await listed(`/v1/recipients/${m.id}/grants`)).toEqual([]);
      expect(await listed("/v1/shared-mailboxes/grants")).toEqual([]);
    } finally {
      await slow.close();
    }
    const gone = await newShared();
    await t.call("POST", `/v1/recipients/${gone.id}/grants`, { trustee: "adele", accessRights: "SendAs" });
    await t.call("DELETE", `/v1/mailboxes/${gone.id}`);
    expect((await t.call("GET", "/v1/shared-mailboxes/grants")).body.items.filter((g: { targetId: string }) => g.targetId === gone.id)).toEqual([]);
  });
});

describe("grants: the recipient-type rules of schemas/rights.ts", () => {
  const cases = AccessRight.options.flatMap((right) => TRUSTEES.map(([type, ref]) => [right, type, ref] as const));
  it.each(cases)("%s to %s (%s) is allowed exactly when the rights table says so", async (right, type, ref) => {
    const m = await newShared();
    const before = await auditCount(t);
    const r = await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: ref, accessRights: right, ...(right === "FullAccess" ? { autoMapping: false } : {}) });
    if (RIGHTS_TABLE[right].trustees.includes(type)) {
      expect(r.status).toBe(201);
      expect(await auditCount(t)).toBe(before + 1);
    } else {
      const trustee = (await t.call("GET", `/v1/recipients/${ref}`)).body;
      const expected = grantViolations(right, undefined, { name: trustee.name, type }, false)[0];
      expect(r.status).toBe(400);
      expect(r.body.error).toEqual({ code: "RecipientTypeNotAllowed", message: expected.message, field: "trustee" });
      expect(await auditCount(t)).toBe(before);
      expect((await t.call("GET", `/v1/recipients/${m.id}/grants`)).body.items).toEqual([]);
    }
  });

  it("FullAccess on a distribution group is refused naming the target", async () => {
    const r = await t.call("POST", "/v1/recipients/sales/grants", { trustee: "adele", accessRights: "FullAccess" });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: "RecipientTypeNotAllowed", field: "identity" });
    expect(r.body.error.message).toContain("FullAccess can be granted only on");
  });

  it("a MailContact trustee is refused with ExternalTrustee", async () => {
    const m = await newShared();
    const r = await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "olga@outside.example", accessRights: "SendAs" });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("ExternalTrustee");
    expect(r.body.error.field).toBe("trustee");
    expect(r.body.error.message).toContain("Outside Olga");
  });

  it("a trustee address no recipient holds is refused with ExternalTrustee and externalAddressMessage", async () => {
    const m = await newShared();
    const r = await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "stranger@gmail.example", accessRights: "FullAccess" });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({ code: "ExternalTrustee", message: externalAddressMessage("stranger@gmail.example", "FullAccess"), field: "trustee" });
  });

  it("a trustee name no recipient has is 404 NotFound naming trustee", async () => {
    const m = await newShared();
    const r = await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "Nobody Atall", accessRights: "SendAs" });
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: "NotFound", field: "trustee" });
  });

  it("autoMapping true with a group trustee is refused with AutoMappingForGroup", async () => {
    const m = await newShared();
    const r = await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "finance-sec", accessRights: "FullAccess", autoMapping: true });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("AutoMappingForGroup");
    expect(r.body.error.field).toBe("autoMapping");
    expect(r.body.error.message).toContain("one by one");
  });

  it("FullAccess to a group without autoMapping is stored with autoMapping false", async () => {
    const m = await newShared();
    const r = await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "finance-sec", accessRights: "FullAccess" });
    expect(r.status).toBe(201);
    expect(r.body.autoMapping).toBe(false);
  });

  it("a duplicate grant is 409 GrantExists and changes nothing", async () => {
    const m = await newShared();
    await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "adele", accessRights: "SendAs" });
    const before = await auditCount(t);
    const r = await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "Adele Vance", accessRights: "SendAs" });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: "GrantExists", field: "trustee" });
    expect(await auditCount(t)).toBe(before);
  });
});

describe("grants: idempotency", () => {
  it("an add repeated with the same Idempotency-Key returns the first result and writes once", async () => {
    const m = await newShared();
    const headers = { "idempotency-key": `grant-${m.id}` };
    const first = await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "adele", accessRights: "FullAccess" }, { headers });
    expect(first.status).toBe(201);
    const before = await auditCount(t);
    const again = await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "adele", accessRights: "FullAccess" }, { headers });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await auditCount(t)).toBe(before);
    // Without the key the same add is a duplicate.
    expect((await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "adele", accessRights: "FullAccess" })).status).toBe(409);
  });

  it("the same key from another principal is a new request", async () => {
    const m = await newShared();
    const headers = { "idempotency-key": `shared-key-${m.id}` };
    expect((await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "adele", accessRights: "SendAs" }, { headers })).status).toBe(201);
    const other = await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "adele", accessRights: "SendAs" }, { headers, token: "t-exchange-admin" });
    expect(other.status).toBe(409);
  });

  it("a key reused for a different request is refused", async () => {
    const m = await newShared();
    const headers = { "idempotency-key": `reuse-${m.id}` };
    await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "adele", accessRights: "SendAs" }, { headers });
    const r = await t.call("POST", `/v1/recipients/${m.id}/grants`, { trustee: "cara", accessRights: "SendAs" }, { headers });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: "ValidationFailed", field: "idempotency-key" });
  });
});

describe("grants: at most 500 entries per mailbox", () => {
  let big: TestTenant;
  beforeAll(async () => {
    const users = Array.from({ length: 168 }, (_, i) => `  - { name: "User ${i}", type: UserMailbox, alias: "user${i}" }`).join("\n");
    const seed = join(t.dir, "many.yaml");
    writeFileSync(seed, `organization: Many\ndefaultDomain: many.test\nacceptedDomains: [many.test]\nrecipients:\n  - { name: Target, type: SharedMailbox }\n${users}\n`);
    big = await startTestTenant({ seedFile: seed });
  });
  afterAll(async () => big.close());

  it("the 500th entry is added and the 501st refused with TooManyPermissionEntries, changing nothing", async () => {
    // The first 499 through the tenant's own rules (the service every route calls), in one commit:
    // over HTTP each is a request and a synced commit of its own (an fsync each), 3 to 6 s for
    // the 500, and past the 30 s timeout once with other test files beside it.
    const store = new Store(big.dataFile);
    try {
      const service = new Service(store);
      const ctx = { principal: TOKENS[ADMIN]!.principal, now: Date.now(), replicationDelayMs: 0 };
      const entries = Array.from({ length: 168 }, (_, i) => AccessRight.options.map((right) => ({ trustee: `user${i}`, accessRights: right }))).flat();
      store.tx(() => entries.slice(0, 499).forEach((body) => service.grants.add(ctx, "Target", body)));
    } finally {
      store.close();
    }
    const last = await big.call("POST", "/v1/recipients/Target/grants", { trustee: "user166", accessRights: "SendOnBehalf" });
    expect(last.status).toBe(201);
    expect((await big.call("GET", "/v1/recipients/Target/grants")).body.items).toHaveLength(500);
    const r = await big.call("POST", "/v1/recipients/Target/grants", { trustee: "user167", accessRights: "SendAs" });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: "TooManyPermissionEntries", field: "identity" });
    expect((await big.call("GET", "/v1/recipients/Target/grants")).body.items).toHaveLength(500);
  });

});
