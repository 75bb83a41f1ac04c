import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkedCreateKey, createKey, createKeyFor, keyOnObject } from "../../provider/rules/create-key";
import { TenantClient } from "../../provider/client/tenant-client";
import { Directory } from "../../provider/directory";
import { startTestTenant, TestTenant, newSharedMailbox, ADMIN } from "./helpers";

/** A client that lost the answer to its create asks the tenant what its key made. */
let t: TestTenant;
beforeAll(async () => {
  t = await startTestTenant();
});
afterAll(async () => t.close());

describe("GET /v1/idempotency/:key", () => {
  it("names the object the caller's write with that key made; the same create sent again gets it back", async () => {
    const headers = { "idempotency-key": "k-create-1" };
    const first = await t.call("POST", "/v1/shared-mailboxes", { displayName: "Keyed Box" }, { headers });
    expect(first.status).toBe(201);
    const record = await t.call("GET", "/v1/idempotency/k-create-1");
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ key: "k-create-1", method: "POST", path: "/v1/shared-mailboxes", status: 201, objectId: first.body.id });
    const again = await t.call("POST", "/v1/shared-mailboxes", { displayName: "Keyed Box" }, { headers });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
  });

  it("is 404 for a key that never reached the tenant, and for another principal's key", async () => {
    expect((await t.call("GET", "/v1/idempotency/never-sent")).status).toBe(404);
    expect((await t.call("GET", "/v1/idempotency/k-create-1", undefined, { token: "t-exchange-admin" })).status).toBe(404);
  });
});

describe("the key of a create", () => {
  it("is derived from the deployment, the kind and the arguments, whatever their order", () => {
    const a = createKey("proj/dev/desk", "SharedMailbox", { displayName: "Desk", quotaGB: 50 });
    expect(createKey("proj/dev/desk", "SharedMailbox", { quotaGB: 50, displayName: "Desk" })).toBe(a);
    expect(createKey("proj/prod/desk", "SharedMailbox", { displayName: "Desk", quotaGB: 50 })).not.toBe(a);
    expect(createKey("proj/dev/desk2", "SharedMailbox", { displayName: "Desk", quotaGB: 50 })).not.toBe(a);
    expect(createKey("proj/dev/desk", "SharedMailbox", { displayName: "Desk", quotaGB: 40 })).not.toBe(a);
  });
});

describe("a key whose object was deleted", () => {
  it("makes it again: a grant removed by hand and granted again with the same key exists again", async () => {
    const headers = { "idempotency-key": "k-grant-1" };
    const body = { trustee: "ben.walters@fabrikam.test", accessRights: "SendAs" };
    const first = await t.call("POST", "/v1/recipients/adele/grants", body, { headers });
    expect(first.status).toBe(201);
    expect((await t.call("DELETE", `/v1/recipients/adele/grants/SendAs/ben.walters@fabrikam.test`)).status).toBe(200);
    const again = await t.call("POST", "/v1/recipients/adele/grants", body, { headers });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    const grants = (await t.call("GET", "/v1/recipients/adele/grants")).body.items;
    expect(grants.filter((g: { accessRights: string; trusteeAddress: string }) => g.accessRights === "SendAs" && g.trusteeAddress === "ben.walters@fabrikam.test")).toHaveLength(1);
  });
});

describe("the key of a mailbox's setting (forwarding, automatic replies)", () => {
  it("names the mailbox as the object it changed, and replays only while the setting is still what it set", async () => {
    const box = await newSharedMailbox(t, "Keyed Forwarding");
    const headers = { "idempotency-key": "k-fwd-1" };
    const body = { forwardTo: "adele.vance@contoso.com", keepCopy: true };
    const first = await t.call("PUT", `/v1/mailboxes/${box.id}/forwarding`, body, { headers });
    expect(first.status).toBe(200);
    expect((await t.call("GET", "/v1/idempotency/k-fwd-1")).body).toMatchObject({ method: "PUT", objectId: box.id });
    const replay = await t.call("PUT", `/v1/mailboxes/${box.id}/forwarding`, body, { headers });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    // Changed by hand since: the same key applies the setting again instead of replaying the stale answer.
    expect((await t.call("PUT", `/v1/mailboxes/${box.id}/forwarding`, { forwardTo: "outside@example.org", keepCopy: false })).status).toBe(200);
    const again = await t.call("PUT", `/v1/mailboxes/${box.id}/forwarding`, body, { headers });
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect((await t.call("GET", `/v1/mailboxes/${box.id}/forwarding`)).body).toMatchObject({ effectiveTarget: "adele.vance@contoso.com", deliverToMailboxAndForward: true });
  });

  it("automatic replies: the record names the mailbox, and a reply switched off by hand is set again by the same key", async () => {
    const box = await newSharedMailbox(t, "Keyed Replies");
    const headers = { "idempotency-key": "k-reply-1" };
    const body = { state: "Enabled", internalMessage: "Closed today.", externalAudience: "None" };
    expect((await t.call("PUT", `/v1/mailboxes/${box.id}/auto-reply`, body, { headers })).status).toBe(200);
    expect((await t.call("GET", "/v1/idempotency/k-reply-1")).body).toMatchObject({ method: "PUT", objectId: box.id });
    expect((await t.call("PUT", `/v1/mailboxes/${box.id}/auto-reply`, { ...body, state: "Disabled" })).status).toBe(200);
    const again = await t.call("PUT", `/v1/mailboxes/${box.id}/auto-reply`, body, { headers });
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect((await t.call("GET", `/v1/mailboxes/${box.id}/auto-reply`)).body.state).toBe("Enabled");
  });
});

describe("checkedCreateKey and createKeyFor: check derives the key, create of the same resource takes it", () => {
  const directory = () => new Directory(new TenantClient({ endpoint: t.url, token: ADMIN }));
  const news = { mailbox: "desk@contoso.com", forwardTo: "sales@contoso.com", __deployment: "proj/dev/fwd" };
  const declared = { mailbox: "desk@contoso.com", forwardTo: "sales@contoso.com" };

  it("check's key is the declared arguments' under the deployment; none when no class named the deployment", () => {
    const d = directory();
    expect(checkedCreateKey(d, news, "ForwardingRule", declared)()).toBe(createKey("proj/dev/fwd", "ForwardingRule", { forwardTo: "sales@contoso.com", mailbox: "desk@contoso.com" }));
    expect(checkedCreateKey(d, { mailbox: "desk@contoso.com" }, "AutoReply", {})()).toBeUndefined();
    expect(createKeyFor(d, { mailbox: "desk@contoso.com" }, "AutoReply", {})).toBeUndefined();
  });

  it("create takes check's key though check filled in a default, per kind and deployment", () => {
    const d = directory();
    const key = checkedCreateKey(d, news, "ForwardingRule", declared)();
    // What check hands create: the default keepCopy filled in, which would give another key.
    const checked = { ...news, keepCopy: false };
    expect(createKey("proj/dev/fwd", "ForwardingRule", { ...declared, keepCopy: false })).not.toBe(key);
    expect(createKeyFor(d, checked, "ForwardingRule", { ...declared, keepCopy: false })).toBe(key);
    // Another kind under the same name is another resource; in a process whose check did not run,
    // create derives the key from its own arguments.
    expect(createKeyFor(d, checked, "AutoReply", { mailbox: "desk@contoso.com" })).toBe(createKey("proj/dev/fwd", "AutoReply", { mailbox: "desk@contoso.com" }));
    expect(createKeyFor(directory(), checked, "ForwardingRule", declared)).toBe(key);
  });
});

describe("keyOnObject: a setting's key is per mailbox object", () => {
  it("one declaration's key on a mailbox made anew under the same address is a new write, where the bare key would be refused as used for another request", async () => {
    const body = { forwardTo: "adele.vance@contoso.com", keepCopy: false };
    const first = await newSharedMailbox(t, "Object Key One");
    const second = await newSharedMailbox(t, "Object Key Two");
    const key = createKey("proj/dev/fwd", "ForwardingRule", body);
    expect((await t.call("PUT", `/v1/mailboxes/${first.id}/forwarding`, body, { headers: { "idempotency-key": key } })).status).toBe(200);
    expect((await t.call("PUT", `/v1/mailboxes/${second.id}/forwarding`, body, { headers: { "idempotency-key": key } })).status).toBe(422);
    expect(keyOnObject(key, first.id)).not.toBe(keyOnObject(key, second.id));
    expect(keyOnObject(key, first.id)).toBe(keyOnObject(key, first.id));
    expect(keyOnObject(undefined, first.id)).toBeUndefined();
    for (const box of [first, second]) {
      expect((await t.call("PUT", `/v1/mailboxes/${box.id}/forwarding`, body, { headers: { "idempotency-key": keyOnObject(key, box.id)! } })).status).toBe(200);
    }
  });
});
