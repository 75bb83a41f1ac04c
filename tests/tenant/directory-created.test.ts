import { describe, it, expect, afterEach } from "vitest";
import { startTestTenant, TestTenant, ADMIN } from "./helpers";
import { TenantClient } from "../../provider/client/tenant-client";
import { Directory } from "../../provider/directory";

/** A mailbox the provider created, told to the directory: only the look-ups of its own names are asked again. */
describe("the directory told of a mailbox this process created", () => {
  let t: TestTenant | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("answers its names with it, keeps the other names' 'not found', and asks again after a create it was not told of", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = new Directory(client);
    for (const ref of ["Told Desk", "told-desk@fabrikam.test", "Other Desk"]) expect(await directory.recipient(ref)).toBeUndefined();
    const created = await client.call("createSharedMailbox", { body: { displayName: "Told Desk", alias: "told-desk", primarySmtpAddress: "told-desk@fabrikam.test" } });
    directory.created(await client.call("getMailbox", { params: { identity: created.id }, awaitReplication: true }));
    const before = client.stats.requests;
    for (const ref of ["TOLD DESK", "told-desk", "SMTP:Told-Desk@fabrikam.test", created.id]) expect((await directory.recipient(ref))?.id).toBe(created.id);
    expect(await directory.recipient("Other Desk")).toBeUndefined();
    expect(client.stats.requests).toBe(before); // all from what the create read back, and the earlier answer
    // A create the directory was not told of may have taken any name: what was not found is asked again.
    const other = await client.call("createSharedMailbox", { body: { displayName: "Other Desk" } });
    expect((await directory.recipient("Other Desk"))?.id).toBe(other.id);
    expect(client.stats.requests).toBe(before + 2);
    // The tenant's own look-up says the same of the told one.
    expect((await client.call("getRecipient", { params: { identity: "told-desk" } })).id).toBe(created.id);
  });

  it("a name looked up while the create is out is asked again once it is told", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = new Directory(client);
    const creating = client.call("createSharedMailbox", { body: { displayName: "Racing Desk" } });
    const during = await directory.recipient("Elsewhere Desk");
    const created = await creating;
    directory.created(await client.call("getMailbox", { params: { identity: created.id }, awaitReplication: true }));
    expect(during).toBeUndefined();
    const before = client.stats.requests;
    expect(await directory.recipient("Elsewhere Desk")).toBeUndefined();
    expect(client.stats.requests).toBe(before + 1);
  });
});
