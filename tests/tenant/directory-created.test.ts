import { describe, it, expect, afterEach } from "vitest";
import { startTestTenant, TestTenant, ADMIN } from "./helpers";
import { TenantClient } from "../../provider/client/tenant-client";
import { Directory } from "../../provider/directory";

/** A mailbox the directory creates itself: only the look-ups of its own names are asked again. */
describe("the directory's own create of a shared mailbox", () => {
  let t: TestTenant | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("answers its names with it, keeps the other names' 'not found', and asks again after a create made otherwise", async () => {
    t = await startTestTenant({ faults: { replicationDelayMs: 300 } });
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = new Directory(client);
    for (const ref of ["Own Desk", "own-desk@fabrikam.test", "Other Desk"]) expect(await directory.recipient(ref)).toBeUndefined();
    const created = await directory.createSharedMailbox({ displayName: "Own Desk", alias: "own-desk", primarySmtpAddress: "own-desk@fabrikam.test" });
    expect(created.displayName).toBe("Own Desk"); // read back once the tenant shows it
    const before = client.stats.requests;
    for (const ref of ["OWN DESK", "own-desk", "SMTP:Own-Desk@fabrikam.test", created.id]) expect((await directory.recipient(ref))?.id).toBe(created.id);
    expect(await directory.recipient("Other Desk")).toBeUndefined();
    expect(client.stats.requests).toBe(before); // all from what the create read back, and the earlier answer
    // A create made past the directory may have taken any name: what was not found is asked again.
    await client.call("createSharedMailbox", { body: { displayName: "Other Desk" } });
    await directory.recipient("Other Desk"); // found, or not yet replicated: the tenant's answer either way
    expect(client.stats.requests).toBe(before + 2);
    // The tenant's own look-up says the same of the directory's.
    expect((await client.call("getRecipient", { params: { identity: "own-desk" } })).id).toBe(created.id);
  });

  it("look-ups made while its create is out are kept, and those of its own names dropped when it answers", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = new Directory(client);
    const creating = directory.createSharedMailbox({ displayName: "Racing Desk" });
    const [elsewhere, racing] = [await directory.recipient("Elsewhere Desk"), await directory.recipient("Racing Desk")];
    const created = await creating;
    expect(elsewhere).toBeUndefined();
    const before = client.stats.requests;
    expect(await directory.recipient("Elsewhere Desk")).toBeUndefined();
    expect((await directory.recipient("Racing Desk"))?.id).toBe(created.id);
    expect(client.stats.requests).toBe(before);
    expect(racing === undefined || racing.id === created.id).toBe(true); // whichever the tenant answered during the create
  });

  it("a create that fails drops every look-up: its mailbox may exist all the same", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN, maxAttempts: 1 });
    const directory = new Directory(client);
    expect(await directory.recipient("Gone Desk")).toBeUndefined();
    await expect(directory.createSharedMailbox({ displayName: "Bad Desk", primarySmtpAddress: "bad@elsewhere.test" })).rejects.toMatchObject({ status: 400 });
    const before = client.stats.requests;
    expect(await directory.recipient("Gone Desk")).toBeUndefined();
    expect(client.stats.requests).toBe(before + 1);
  });
});
