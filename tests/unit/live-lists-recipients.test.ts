import { describe, expect, it, vi } from "vitest";
import type { Recipient } from "../../schemas";
import { TenantClient } from "../../provider/client";
import { LiveLists, RECIPIENTS_FROM_LOOKUP } from "../../provider/live-lists";

// Counts the keys the identity rule folds: the work of indexing recipients and looking them up.
const folds = vi.hoisted(() => ({ count: 0 }));
vi.mock(import("../../schemas/common"), async (importOriginal) => {
  const actual = await importOriginal();
  return { ...actual, foldIdentity: (value: string) => (folds.count++, actual.foldIdentity(value)) };
});

const recipient = (id: string, name: string, alias: string): Recipient => ({
  id, name, displayName: name, alias, primarySmtpAddress: `${alias}@contoso.com`, emailAddresses: [`SMTP:${alias}@contoso.com`],
  recipientTypeDetails: "SharedMailbox", accountDisabled: true,
});

/** A tenant whose list of recipients holds two people, and the mailboxes this process "created" since, as the directory keeps them. */
async function listed() {
  const people = [recipient("p1", "Adele Vance", "adele"), recipient("p2", "Desk 0", "desk-zero")];
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = new URL(String(input));
    if (url.pathname === "/v1/recipients") return Response.json({ items: people, total: people.length });
    return Response.json({ error: { code: "NotFound", message: `${url.pathname} not found` } }, { status: 404 });
  };
  const created = new Map<string, Recipient>();
  const lists = new LiveLists(new TenantClient({ endpoint: "http://fake-tenant.test", maxAttempts: 1, fetch }), { listHolds: () => true, created });
  for (let i = 1; i < RECIPIENTS_FROM_LOOKUP; i++) expect(await lists.recipients("nobody")).toBeUndefined(); // not worth a list yet
  expect(await lists.recipients("nobody")).toEqual([]);
  return { lists, created };
}

describe("LiveLists.recipients: the list of recipients with this process's own creates added", () => {
  it("answers each create by its identities once it is made, and an identity a listed recipient shares with a create by both", async () => {
    const { lists, created } = await listed();
    created.set("c1", recipient("c1", "Sales Desk", "sales"));
    expect((await lists.recipients("SALES@contoso.com"))?.map((r) => r.id)).toEqual(["c1"]);
    created.set("c2", recipient("c2", "adele", "second"));
    expect((await lists.recipients("adele"))?.map((r) => r.id)).toEqual(["p1", "c2"]); // ambiguous: the tenant is asked
    expect((await lists.recipients("sales desk"))?.map((r) => r.id)).toEqual(["c1"]);
    expect((await lists.recipients("c2"))?.map((r) => r.name)).toEqual(["adele"]);
  });

  it("an up of 300 mailboxes, a look-up before each create, folds a bounded number of keys per mailbox, not once per mailbox made before it", async () => {
    const { lists, created } = await listed();
    const n = 300;
    folds.count = 0;
    for (let i = 1; i <= n; i++) {
      expect(await lists.recipients(`desk-${i}`)).toEqual([]);
      created.set(`c${i}`, recipient(`c${i}`, `Desk ${i}`, `desk-${i}`));
    }
    expect((await lists.recipients(`DESK-${n}@contoso.com`))?.map((r) => r.id)).toEqual([`c${n}`]);
    expect((await lists.recipients("desk 1"))?.map((r) => r.id)).toEqual(["c1"]);
    // Per mailbox: its name, alias and address once when indexed, and a look-up's few folds in each part.
    expect(folds.count).toBeLessThanOrEqual(10 * n);
  });
});
