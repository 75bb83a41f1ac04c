import { describe, it, expect, afterEach } from "vitest";
import { startTestTenant, TestTenant, ADMIN } from "./helpers";
import { join } from "path";
import { TenantClient } from "../../provider/client/tenant-client";
import { Directory } from "../../provider/directory";
import { RECIPIENTS_FROM_LOOKUP } from "../../provider/live-lists";
import { TenantError } from "../../provider/client/errors";

const CONTOSO_SEED = join(__dirname, "..", "..", "tenant", "seed", "contoso.yaml");

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

  it("a name not found and the soft-deleted list are not asked again after writes that cannot change them (grants), as an up's hundreds of grants are", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = new Directory(client);
    const box = await client.call("createSharedMailbox", { body: { displayName: "Granted Desk" } });
    expect(await directory.recipient("Planned Desk")).toBeUndefined();
    expect(await directory.softDeleted()).toEqual([]);
    const before = client.stats.requests;
    await client.call("addGrant", { params: { identity: box.id }, body: { trustee: "adele", accessRights: "SendAs" } });
    await client.call("removeGrant", { params: { identity: box.id, accessRights: "SendAs", trustee: "adele" } });
    await client.call("setForwarding", { params: { identity: box.id }, body: { forwardTo: "adele" } });
    expect(await directory.recipient("Planned Desk")).toBeUndefined();
    expect(await directory.softDeleted()).toEqual([]);
    expect(client.stats.requests - before).toBe(3); // the three writes, no look-up
    // A mailbox created may be what was missing; it soft-deletes none.
    await client.call("createSharedMailbox", { body: { displayName: "Planned Desk" } });
    expect((await directory.recipient("Planned Desk"))?.name).toBe("Planned Desk");
    expect(await directory.softDeleted()).toEqual([]);
    expect(client.stats.requests - before).toBe(3 + 1 + 1);
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
    // Made beforehand, as by an earlier up: this process (client) has written nothing.
    const earlier = new TenantClient({ endpoint: t.url, token: ADMIN });
    const adele = await earlier.call("getRecipient", { params: { identity: "adele" } });
    const boxes = [];
    for (let i = 0; i < 6; i++) {
      const box = await earlier.call("createSharedMailbox", { body: { displayName: `Listed ${i}` } });
      await earlier.call("addGrant", { params: { identity: box.id }, body: { trustee: "adele", accessRights: "SendAs" } });
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

  it("once this process has written, no list is used or asked: what it wrote is read on its own", async () => {
    t = await startTestTenant();
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = new Directory(client);
    for (let i = 0; i < 3; i++) await directory.lists.sharedMailbox("none");
    const requests = client.stats.requests;
    expect(await directory.lists.sharedMailbox("none")).toBeUndefined();
    expect(client.stats.requests).toBe(requests); // still the same list
    const box = await client.call("createSharedMailbox", { body: { displayName: "Written Here" } });
    const afterWrite = client.stats.requests;
    // Not in the list asked before the write, and no new list: the caller reads it on its own.
    expect(await directory.lists.sharedMailbox(box.id)).toBeUndefined();
    for (let i = 0; i < 5; i++) expect(await directory.lists.recipients("Written Here")).toBeUndefined();
    expect(client.stats.requests).toBe(afterWrite);
    expect((await directory.recipient("Written Here"))?.id).toBe(box.id);
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
    const earlier = new TenantClient({ endpoint: t.url, token: ADMIN });
    const boxes = [];
    for (let i = 0; i < 5; i++) boxes.push(await earlier.call("createSharedMailbox", { body: { displayName: `Meant ${i}`, alias: `meant-${i}` } }));
    const before = client.stats.requests;
    const answers = [];
    for (const box of boxes) answers.push(await directory.means(box.primarySmtpAddress.toUpperCase(), box.id));
    expect(answers).toEqual([true, true, true, true, true]);
    expect(await directory.means("MEANT-4", boxes[4]!.id)).toBe(true); // its alias
    expect(await directory.means(boxes[0]!.primarySmtpAddress, boxes[1]!.id)).toBe(false); // another mailbox's address
    // Two look-ups before the list is worth it (the second address's answer is remembered for the last question), then one list.
    expect(client.stats.requests - before).toBe(2 + 1);
  });

  it("a plan's many look-ups: the first alone, then one list of every recipient answers the rest as the tenant's own look-up would", async () => {
    t = await startTestTenant({ seedFile: CONTOSO_SEED });
    const earlier = new TenantClient({ endpoint: t.url, token: ADMIN });
    // "Lobby Desk" has the alias lobbydesk, another mailbox the name lobbydesk: that identity is ambiguous.
    const lobby = await earlier.call("createSharedMailbox", { body: { displayName: "Lobby Desk", alias: "lobbydesk" } });
    await earlier.call("createSharedMailbox", { body: { displayName: "lobbydesk", alias: "lobby-two" } });
    const client = new TenantClient({ endpoint: t.url, token: ADMIN });
    const directory = new Directory(client);
    const people = (await earlier.call("listRecipients", { query: { type: "UserMailbox" } })).items.slice(0, RECIPIENTS_FROM_LOOKUP);
    for (const p of people) await directory.recipient(p.primarySmtpAddress);
    expect(client.stats.requests).toBe(RECIPIENTS_FROM_LOOKUP); // the last of them asked the list, which answered it
    const identities = [
      ...people.flatMap((p) => [p.alias.toUpperCase(), ` ${p.name} `, `SMTP:${p.primarySmtpAddress.toUpperCase()}`, p.id.toUpperCase()]),
      lobby.id,
      "LOBBY-TWO",
      "lobbydesk", // ambiguous
      "nobody@contoso.com", // no one
      "lobby desk",
    ];
    const before = client.stats.requests;
    const listed = identities.map((i) => directory.lists.recipients(i));
    expect(client.stats.requests).toBe(before); // all from the list
    for (const [i, identity] of identities.entries()) {
      const tenant = await earlier.call("getRecipient", { params: { identity: identity.trim() } }).catch((e: TenantError) => e.code);
      const ids = (await listed[i])?.map((r) => r.id);
      // The list answers exactly what the tenant answers: its one recipient, no one, or several (ambiguous).
      if (tenant === "AmbiguousIdentity") expect([identity, ids?.length]).toEqual([identity, 2]);
      else expect([identity, ids]).toEqual([identity, typeof tenant === "string" ? [] : [tenant.id]]);
    }
    expect(await earlier.call("getRecipient", { params: { identity: "lobbydesk" } }).catch((e: TenantError) => e.code)).toBe("AmbiguousIdentity");
    // A look-up the list cannot answer is asked on its own, with the tenant's own verdict.
    await expect(directory.recipient("lobbydesk")).rejects.toThrow(/matches multiple entries/);
    expect(await directory.recipient("nobody@contoso.com")).toBeUndefined();
  });
});
