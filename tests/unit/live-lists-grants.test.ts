import { describe, it, expect } from "vitest";
import { TenantClient } from "../../provider/client";
import { LiveLists } from "../../provider/live-lists";

const sharedMailbox = (id: string) => ({
  id, name: id, displayName: id, alias: id, primarySmtpAddress: `${id}@contoso.com`, emailAddresses: [`SMTP:${id}@contoso.com`],
  recipientTypeDetails: "SharedMailbox", accountDisabled: true, messageCopyForSentAsEnabled: false, messageCopyForSendOnBehalfEnabled: false,
  quotaGB: 50, licensed: false, hiddenFromAddressListsEnabled: false, totalItemSizeGB: 0, quotaState: "Normal", isSoftDeleted: false,
  whenSoftDeleted: null, grantSendOnBehalfTo: [], whenCreated: "2026-11-28T05:00:00.000Z", whenChanged: "2026-11-28T06:00:00.000Z",
});

/** A tenant of three shared mailboxes with no grants, as a fake fetch that writes down every path asked. */
function fakeTenant() {
  const asked: string[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    const path = new URL(String(input)).pathname;
    asked.push(path);
    if (path === "/v1/shared-mailboxes") return Response.json({ items: ["m1", "m2", "m3"].map(sharedMailbox) });
    if (path === "/v1/shared-mailboxes/grants") return Response.json({ items: [] });
    return Response.json({ error: { code: "NotFound", message: `${path} not found` } }, { status: 404 });
  };
  return { lists: new LiveLists(new TenantClient({ endpoint: "http://fake-tenant.test", maxAttempts: 1, fetch })), asked };
}

describe("LiveLists.grantsOn: the reads of mailbox access", () => {
  it("count toward the list of grants even while the list of mailboxes cannot answer them, so the third read is answered by lists", async () => {
    const { lists, asked } = fakeTenant();
    // The first two reads come before any mailbox was read: the list of mailboxes is not asked yet.
    expect(await lists.grantsOn("m1")).toBeUndefined();
    expect(await lists.grantsOn("m2")).toBeUndefined();
    // The third: both lists (it went alone, a third read of grants on its own, before).
    expect(await lists.grantsOn("m3")).toEqual([]);
    expect(asked.filter((p) => p === "/v1/shared-mailboxes/grants")).toHaveLength(1);
  });
});
