import { describe, it, expect } from "vitest";
import { Directory } from "../../../provider/directory";
import { TenantClient } from "../../../provider/client";
import { removeFromMailbox } from "../../../provider/resources/removal";
import { autoReplyProvider } from "../../../provider/resources/auto-reply/provider";

/** The tenant's answers as a fake fetch, with every request it was asked, for the delete paths without a network. */
function fakeTenant(answer: (method: string, path: string) => Response, windowMs: number) {
  const asked: { method: string; path: string; body?: unknown }[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const method = init?.method ?? "GET";
    const path = new URL(String(input)).pathname;
    asked.push({ method, path, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    return answer(method, path);
  };
  const client = new TenantClient({ endpoint: "http://fake-tenant.test", maxAttempts: 1, replicationWaitMs: windowMs, fetch });
  return { directory: new Directory(client), asked };
}

const notFound = (what: string) => Response.json({ error: { code: "NotFound", message: `${what} not found` } }, { status: 404 });
const softDeleted = (id: string) => ({
  id, name: "desk", displayName: "Desk", alias: "desk", primarySmtpAddress: "desk@contoso.com", emailAddresses: ["SMTP:desk@contoso.com"],
  recipientTypeDetails: "SharedMailbox", accountDisabled: true, messageCopyForSentAsEnabled: false, messageCopyForSendOnBehalfEnabled: false,
  quotaGB: 50, licensed: false, hiddenFromAddressListsEnabled: false, totalItemSizeGB: 0, quotaState: "Normal", isSoftDeleted: true,
  whenSoftDeleted: "2026-11-28T06:00:00.000Z", grantSendOnBehalfTo: [], whenCreated: "2026-11-28T05:00:00.000Z", whenChanged: "2026-11-28T06:00:00.000Z",
});
const justNow = () => new Date().toISOString();

describe("removeFromMailbox: a removal answered not found", () => {
  it("on a soft-deleted mailbox is done at once, within a long replication window", async () => {
    const { directory, asked } = fakeTenant((method, path) => (path.startsWith("/v1/shared-mailboxes") ? Response.json({ items: [softDeleted("mbx-1")] }) : notFound(path)), 60_000);
    const started = Date.now();
    expect(await removeFromMailbox(directory, "mbx-1", justNow(), () => directory.client.call("clearForwarding", { params: { identity: "mbx-1" } }))).toBe("went with its mailbox");
    // Waiting would take the whole 60 s window; a loaded machine can take over a second without waiting.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(directory.client.stats.retries).toBe(0);
    expect(asked.map((a) => `${a.method} ${a.path}`)).toEqual(["DELETE /v1/mailboxes/mbx-1/forwarding", "GET /v1/shared-mailboxes"]);
  });

  it("on a mailbox found nowhere is tried again while it may be replicating, then counts as gone", async () => {
    const { directory, asked } = fakeTenant((_m, path) => (path.startsWith("/v1/shared-mailboxes") ? Response.json({ items: [] }) : notFound(path)), 1_000);
    const started = Date.now();
    expect(await removeFromMailbox(directory, "mbx-2", justNow(), () => directory.client.call("clearForwarding", { params: { identity: "mbx-2" } }))).toBe("not found");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(asked.filter((a) => a.method === "DELETE").length).toBeGreaterThan(1);
  });

  it("on a purged mailbox is done at once: the audit log records the purge, asked once for every delete on it", async () => {
    const { directory, asked } = fakeTenant((_m, path) => {
      if (path.startsWith("/v1/shared-mailboxes")) return Response.json({ items: [] });
      if (path === "/v1/audit") return Response.json({ items: [{ id: 9, at: justNow(), principal: "system", action: "purgeMailbox", objectId: "mbx-6", objectType: "Mailbox", before: null, after: null }] });
      return notFound(path);
    }, 60_000);
    const started = Date.now();
    const removals = ["clearForwarding", "clearForwarding"].map(() => removeFromMailbox(directory, "mbx-6", justNow(), () => directory.client.call("clearForwarding", { params: { identity: "mbx-6" } })));
    expect(await Promise.all(removals)).toEqual(["mailbox gone for good", "mailbox gone for good"]);
    // Waiting would take the whole 60 s window; a loaded machine can take over a second without waiting.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(directory.client.stats.retries).toBe(0);
    expect(asked.filter((a) => a.path === "/v1/audit")).toHaveLength(1);
  });

  it("on a mailbox found nowhere whose audit log the token may not read waits as before", async () => {
    const { directory, asked } = fakeTenant((_m, path) => {
      if (path.startsWith("/v1/shared-mailboxes")) return Response.json({ items: [] });
      if (path === "/v1/audit") return Response.json({ error: { code: "Forbidden", message: "no" } }, { status: 403 });
      return notFound(path);
    }, 1_000);
    const started = Date.now();
    expect(await removeFromMailbox(directory, "mbx-7", justNow(), () => directory.client.call("clearForwarding", { params: { identity: "mbx-7" } }))).toBe("not found");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(asked.filter((a) => a.method === "DELETE").length).toBeGreaterThan(1);
  });

  it("that replicates within the window is removed", async () => {
    let tries = 0;
    const { directory } = fakeTenant((method, path) => {
      if (path.startsWith("/v1/shared-mailboxes")) return Response.json({ items: [] });
      return ++tries < 3 ? notFound(path) : Response.json({ mailboxId: "mbx-3", forwardingAddress: null, forwardingSmtpAddress: null, deliverToMailboxAndForward: false, effectiveTarget: null });
    }, 30_000);
    expect(await removeFromMailbox(directory, "mbx-3", justNow(), () => directory.client.call("clearForwarding", { params: { identity: "mbx-3" } }))).toBe("removed");
    expect(tries).toBe(3);
  });

  it("outside the window is one try, and another refusal is thrown", async () => {
    const { directory, asked } = fakeTenant(() => Response.json({ error: { code: "Forbidden", message: "no" } }, { status: 403 }), 60_000);
    await expect(removeFromMailbox(directory, "mbx-4", undefined, () => directory.client.call("clearForwarding", { params: { identity: "mbx-4" } }))).rejects.toThrow(/no/);
    expect(asked).toHaveLength(1);
  });
});

describe("AutoReply delete", () => {
  it("switches the replies off with the messages and times of its state, not those a read answers", async () => {
    // A read would answer the replies from before this program's last update.
    const old = { mailboxId: "mbx-5", state: "Enabled", startTime: null, endTime: null, internalMessage: "<html><body>Old.</body></html>", externalMessage: "", externalAudience: "None" };
    const { directory, asked } = fakeTenant((method) => Response.json(method === "PUT" ? { ...old, state: "Disabled" } : old), 60_000);
    const state = {
      mailbox: "desk@contoso.com", mailboxId: "mbx-5", state: "Scheduled", startTime: "2026-12-24T00:00:00Z", endTime: "2026-12-27T00:00:00Z",
      internalMessage: "New.", externalMessage: "Closed.", externalAudience: "Known", createdAt: justNow(), updatedAt: justNow(),
    };
    await autoReplyProvider(directory).delete!("mbx-5", state);
    expect(asked.map((a) => `${a.method} ${a.path}`)).toEqual(["PUT /v1/mailboxes/mbx-5/auto-reply"]);
    expect(asked[0].body).toEqual({ state: "Disabled", startTime: "2026-12-24T00:00:00Z", endTime: "2026-12-27T00:00:00Z", internalMessage: "New.", externalMessage: "Closed.", externalAudience: "Known" });
  });
});
