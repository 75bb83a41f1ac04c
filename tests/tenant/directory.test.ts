import { describe, it, expect, afterEach } from "vitest";
import { startTestTenant, TestTenant, ADMIN } from "./helpers";
import { TenantClient } from "../../provider/client/tenant-client";
import { Directory } from "../../provider/directory";

/** The provider's cached look-ups against the real tenant: asked once, and never stale after its own writes. */
describe("the directory's look-ups", () => {
  let t: TestTenant | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("a name not found is asked once while this process writes nothing, and asked again after it writes", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = new Directory(client);
    expect(await directory.recipient("Cached Desk")).toBeUndefined();
    expect(await directory.recipient("cached desk")).toBeUndefined();
    expect(client.stats.requests).toBe(1);
    await client.call("createSharedMailbox", { body: { displayName: "Cached Desk" } });
    expect((await directory.recipient("Cached Desk"))?.name).toBe("Cached Desk");
    expect(client.stats.requests).toBe(3);
  });

  it("the soft-deleted mailboxes are listed once per deployment, and again after this process wrote", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = new Directory(client);
    const box = await client.call("createSharedMailbox", { body: { displayName: "Listed Desk" } });
    expect(await directory.softDeleted()).toEqual([]);
    expect(await directory.softDeleted()).toEqual([]);
    expect(client.stats.requests).toBe(2);
    await client.call("deleteMailbox", { params: { identity: box.id } });
    expect((await directory.softDeleted()).map((m) => m.name)).toEqual(["Listed Desk"]);
  });

  it("prefetch asks every look-up of a check at once: one round trip for all", async () => {
    t = await startTestTenant({ faults: { latencyMs: 200 } });
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = new Directory(client);
    const started = Date.now();
    directory.prefetch(["a@fabrikam.test", "b@fabrikam.test", "Some Name"], { softDeleted: true });
    await Promise.all([directory.whoami(), directory.organization(), directory.recipient("a@fabrikam.test"), directory.recipient("b@fabrikam.test"), directory.recipient("Some Name"), directory.softDeleted()]);
    expect(client.stats.requests).toBe(6);
    expect(Date.now() - started).toBeLessThan(2 * 200 + 150);
  });

  it("a refresh's reads of many mailboxes and grants cost one list each: the first two read alone, then the lists answer", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = new Directory(client);
    const adele = await client.call("getRecipient", { params: { identity: "adele" } });
    const boxes = [];
    for (let i = 0; i < 6; i++) {
      const box = await client.call("createSharedMailbox", { body: { displayName: `Listed ${i}` } });
      await client.call("addGrant", { params: { identity: box.id }, body: { trustee: "adele", accessRights: "SendAs" } });
      boxes.push(box);
    }
    const before = client.stats.requests;
    const found = await Promise.all(boxes.map((b) => directory.lists.sharedMailbox(b.id)));
    // The first two are not asked of a list (undefined: the caller reads them on its own).
    expect(found.map((m) => m?.name)).toEqual([undefined, undefined, "Listed 2", "Listed 3", "Listed 4", "Listed 5"]);
    expect(found[2]).toEqual(await client.call("getMailbox", { params: { identity: boxes[2]!.id } }));
    const grants = await Promise.all(boxes.map((b) => directory.lists.grant(b.id, "SendAs", adele.id)));
    expect(grants.slice(2).map((g) => g?.targetId)).toEqual(boxes.slice(2).map((b) => b.id));
    expect(await directory.lists.grant(boxes[0]!.id, "FullAccess", adele.id)).toBeUndefined(); // not granted: the list does not have it
    expect(client.stats.requests - before).toBe(1 + 1 + 1); // the getMailbox above, one list of mailboxes, one of grants
  });

  it("a list asked before this process wrote is not used after it: what it wrote is read anew", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = new Directory(client);
    for (let i = 0; i < 3; i++) await directory.lists.sharedMailbox("none");
    const requests = client.stats.requests;
    expect(await directory.lists.sharedMailbox("none")).toBeUndefined();
    expect(client.stats.requests).toBe(requests); // still the same list
    const box = await client.call("createSharedMailbox", { body: { displayName: "Written Here" } });
    expect((await directory.lists.sharedMailbox(box.id))?.displayName).toBe("Written Here");
    await client.call("updateMailbox", { params: { identity: box.id }, body: { displayName: "Renamed Here" } });
    expect((await directory.lists.sharedMailbox(box.id))?.displayName).toBe("Renamed Here");
  });

  it("a list the tenant cannot give (an older tenant without the route: 404) is no failure: each resource is then read on its own", async () => {
    t = await startTestTenant();
    // Every route under this prefix answers 404, as the list route does on an older tenant.
    const client = new TenantClient({ endpoint: `${t.url}/older/`, token: ADMIN, maxAttempts: 1 });
    const directory = new Directory(client);
    for (let i = 0; i < 4; i++) expect(await directory.lists.grant("m", "SendAs", "x")).toBeUndefined();
  });

  it("whether an address still names a managed mailbox is answered from the list of shared mailboxes, in any case, without a look-up per address", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = new Directory(client);
    const boxes = [];
    for (let i = 0; i < 5; i++) boxes.push(await client.call("createSharedMailbox", { body: { displayName: `Meant ${i}`, alias: `meant-${i}` } }));
    const before = client.stats.requests;
    const answers = [];
    for (const box of boxes) answers.push(await directory.means(box.primarySmtpAddress.toUpperCase(), box.id));
    expect(answers).toEqual([true, true, true, true, true]);
    expect(await directory.means("MEANT-4", boxes[4]!.id)).toBe(true); // its alias
    expect(await directory.means(boxes[0]!.primarySmtpAddress, boxes[1]!.id)).toBe(false); // another mailbox's address
    // Two look-ups before the list is worth it (the second address's answer is remembered for the last question), then one list.
    expect(client.stats.requests - before).toBe(2 + 1);
  });
});
