import { describe, it, expect, afterEach, vi } from "vitest";
import { startTestTenant, TestTenant, ADMIN } from "./helpers";
import { TenantClient } from "../../provider/client/tenant-client";
import { Directory } from "../../provider/directory";
import { RECIPIENTS_FROM_LOOKUP } from "../../provider/live-lists";

/**
 * What the directory keeps for the whole process (one engine step, which for an up of 1,000
 * resources runs for minutes): look-ups that found their recipient, and the list of recipients
 * across this process's own creates of mailboxes, with what those created.
 */
describe("the directory's look-ups over a long up", () => {
  let t: TestTenant | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await t?.close();
    t = undefined;
  });

  /** Moves the provider's clock on by this many milliseconds. */
  function later(ms: number): void {
    const now = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(now + ms);
  }

  /** A directory whose list of recipients has been asked: the look-ups of a plan of many resources. */
  async function listed(client: TenantClient): Promise<Directory> {
    const directory = new Directory(client);
    const everyone = (await new TenantClient({ endpoint: t!.url, token: ADMIN }).call("listRecipients")).items;
    for (const r of everyone.slice(0, RECIPIENTS_FROM_LOOKUP)) expect((await directory.recipient(r.id))?.id).toBe(r.id);
    expect(client.stats.requests).toBe(RECIPIENTS_FROM_LOOKUP); // the last of them asked the list, which answered it
    return directory;
  }

  it("a recipient found is not asked again minutes later; a name not found is, after 30 s", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = new Directory(client);
    const box = await client.call("createSharedMailbox", { body: { displayName: "Granted Desk" } });
    const adele = await directory.recipient("adele");
    expect(adele).toBeDefined();
    expect(await directory.recipient("Free Desk")).toBeUndefined();
    const before = client.stats.requests;
    // An up's grants in the meantime change no one's name.
    await client.call("addGrant", { params: { identity: box.id }, body: { trustee: adele!.id, accessRights: "SendAs" } });
    const afterGrant = client.stats.requests;
    expect(afterGrant).toBe(before + 1);
    later(10 * 60_000);
    expect((await directory.recipient("ADELE"))?.id).toBe(adele!.id);
    expect(client.stats.requests).toBe(afterGrant);
    expect(await directory.recipient("Free Desk")).toBeUndefined(); // may be taken by now: asked again
    expect(client.stats.requests).toBe(afterGrant + 1);
  });

  it("a recipient found is asked again after this process renames a mailbox, even one whose rename failed", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN, maxAttempts: 1 });
    const directory = new Directory(client);
    const box = await client.call("createSharedMailbox", { body: { displayName: "Renamed Desk", alias: "renamed-desk" } });
    expect((await directory.recipient("renamed-desk"))?.id).toBe(box.id);
    // A rename whose answer is lost may still have happened: no call to invalidate() follows it.
    await expect(client.call("updateMailbox", { params: { identity: box.id }, body: { primarySmtpAddress: "renamed@elsewhere.test" } })).rejects.toMatchObject({ status: 400 });
    const before = client.stats.requests;
    expect((await directory.recipient("renamed-desk"))?.id).toBe(box.id);
    expect(client.stats.requests).toBe(before + 1);
  });

  it("the list of recipients answers after this process's own creates, their mailboxes added: later new names cost no request", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = await listed(client);
    const created = await directory.createSharedMailbox({ displayName: "First Desk", alias: "first-desk" });
    const before = client.stats.requests;
    for (const name of ["Second Desk", "second-desk", "second-desk@fabrikam.test"]) expect(await directory.recipient(name)).toBeUndefined();
    // What the create made answers from the list too, by each of its identities.
    for (const ref of ["first desk", "FIRST-DESK", created.primarySmtpAddress, created.id]) expect((await directory.lists.recipients(ref))?.map((r) => r.id), ref).toEqual([created.id]);
    expect(await directory.lists.recipients("adele")).toMatchObject([{ name: "Adele Vance" }]);
    expect(client.stats.requests).toBe(before);
    // A second create: both are answered, and the list is the same one.
    const second = await directory.createSharedMailbox({ displayName: "Second Desk", alias: "second-desk" });
    expect((await directory.lists.recipients("second-desk"))?.map((r) => r.id)).toEqual([second.id]);
    expect((await directory.lists.recipients("first-desk"))?.map((r) => r.id)).toEqual([created.id]);
    expect(client.stats.requests).toBe(before + 2); // its create and its read-back
  });

  it("a new list asked after own creates is not doubled by them, and a name the list and a create share is asked of the tenant", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = await listed(client);
    const created = await directory.createSharedMailbox({ displayName: "Listed Desk", alias: "listed-desk" });
    later(60_000); // the list is asked again, and now holds the create too
    const before = client.stats.requests;
    expect((await directory.lists.recipients("listed-desk"))?.map((r) => r.id)).toEqual([created.id]);
    expect(client.stats.requests).toBe(before + 1);
    // Two recipients of one name, one listed (a person renamed by hand as the create's alias), one
    // created since: neither is the list's answer (the look-up asks the tenant).
    const byHand = new TenantClient({ endpoint: t.url, token: ADMIN });
    const adele = await byHand.call("updateMailbox", { params: { identity: "adele" }, body: { name: "twin-desk" } });
    vi.restoreAllMocks();
    later(120_000);
    await directory.lists.recipients("nothing"); // a new list, with the renamed person
    const twin = await directory.createSharedMailbox({ displayName: "Twin Desk", alias: "twin-desk" });
    // Both: an ambiguous identity, which no one recipient of the list answers.
    expect((await directory.lists.recipients("twin-desk"))?.map((r) => r.id).sort()).toEqual([twin.id, adele.id].sort());
  });

  it("a rename, a create made otherwise or a failed create ends the list for the process: look-ups go to the tenant", async () => {
    for (const write of [
      (c: TenantClient, d: Directory) => c.call("updateMailbox", { params: { identity: "adele" }, body: { displayName: "Adele V." } }).then(() => d.invalidate()),
      (c: TenantClient) => c.call("createSharedMailbox", { body: { displayName: "Elsewhere Desk" } }),
      (_: TenantClient, d: Directory) => d.createSharedMailbox({ displayName: "Bad Desk", primarySmtpAddress: "bad@elsewhere.test" }).catch(() => undefined),
    ]) {
      t = await startTestTenant();
      const client = new TenantClient({ endpoint: t.url, token: ADMIN, maxAttempts: 1 });
      const directory = await listed(client);
      await write(client, directory);
      const before = client.stats.requests;
      expect(await directory.lists.recipients("Late Desk")).toBeUndefined();
      expect(await directory.recipient("Late Desk")).toBeUndefined();
      expect(client.stats.requests).toBe(before + 1);
      await t.close();
      t = undefined;
    }
  });

  it("a name taken by hand after the list was asked passes the look-up, and the tenant refuses the create with Exchange's words", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = await listed(client);
    await directory.createSharedMailbox({ displayName: "Early Desk" });
    await new TenantClient({ endpoint: t.url, token: ADMIN }).call("createSharedMailbox", { body: { displayName: "Hand Desk", primarySmtpAddress: "hand@fabrikam.test" } });
    expect(await directory.recipient("hand@fabrikam.test")).toBeUndefined(); // the list is of its moment
    await expect(directory.createSharedMailbox({ displayName: "Late Desk", primarySmtpAddress: "hand@fabrikam.test" })).rejects.toThrow(
      'The proxy address "SMTP:hand@fabrikam.test" is already being used by the proxy addresses or LegacyExchangeDN of "Hand Desk". Please choose another proxy address.',
    );
  });
});
