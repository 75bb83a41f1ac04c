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
});
