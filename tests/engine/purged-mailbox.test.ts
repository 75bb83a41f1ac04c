import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission, ForwardingRule, AutoReply } from "pulumi-mailbox";
import { SOFT_DELETE_RETENTION_MS } from "../../schemas";
import { engineFixture, EngineFixture } from "./harness";

/**
 * A mailbox gone for good — deleted by hand, then purged after Exchange's 30 days — is in neither
 * the recipients nor the soft-deleted list. The destroy of the mailbox and of the grant, forwarding
 * and replies on it answer "not found"; within the replication window after their create (here
 * 60 s, a user's long default) that could be a new object still replicating, and they waited the
 * window out. The tenant's audit log records the purge: now they are done at once.
 */
const WINDOW_SECONDS = 60;
/** Before: 60 s and more (the window). */
const DESTROY_BOUND_SECONDS = 30;

describe("destroy of a stack whose mailbox was purged", () => {
  let f: EngineFixture;
  /** Moves the tenant's clock: Exchange purges a soft-deleted mailbox after 30 days. */
  let offsetMs = 0;

  beforeAll(async () => {
    f = await engineFixture("purged-mailbox", { tenant: { clock: () => Date.now() + offsetMs } });
    await f.stack.setConfig("mailbox:replicationWaitSeconds", { value: String(WINDOW_SECONDS) });
  });
  afterAll(async () => f?.dispose());

  it("is done at once, within the replication window of their create, and leaves the state empty", async () => {
    f.declare(() => {
      const desk = new SharedMailbox("purged-desk", { displayName: "Purged Desk", primarySmtpAddress: "purged-desk@contoso.com" });
      new MailboxPermission("purged-adele", { mailbox: desk.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
      new ForwardingRule("purged-forward", { mailbox: desk.primarySmtpAddress, forwardTo: "sales@contoso.com", keepCopy: true });
      new AutoReply("purged-reply", { mailbox: desk.primarySmtpAddress, state: "Enabled", internalMessage: "Back soon.", externalAudience: "None" });
    });
    const up = await f.up();
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    const id = (await f.get<{ id: string }>("/v1/mailboxes/purged-desk@contoso.com")).body.id;
    // Deleted by hand, and 31 days later: the tenant purges it at its next write.
    expect((await f.tenant.call("DELETE", `/v1/mailboxes/${id}`)).status).toBe(200);
    offsetMs = SOFT_DELETE_RETENTION_MS + 24 * 3600 * 1000;

    const started = Date.now();
    const r = await f.destroy();
    const seconds = (Date.now() - started) / 1000;
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(r.steps).toEqual({ "purged-desk": ["delete"], "purged-adele": ["delete"], "purged-forward": ["delete"], "purged-reply": ["delete"] });
    expect(((await f.stack.exportStack()).deployment.resources ?? []).filter((res: { type: string }) => res.type.includes("mailbox"))).toEqual([]);
    console.log(`purged mailbox: destroy took ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(DESTROY_BOUND_SECONDS);
    // Gone for good, as the destroy took it to be: in neither list, and its purge in the audit log.
    expect((await f.get(`/v1/mailboxes/${id}`)).status).toBe(404);
    expect((await f.get<{ items: { id: string }[] }>("/v1/shared-mailboxes?deleted=true")).body.items.map((m) => m.id)).not.toContain(id);
    expect((await f.get<{ items: { action: string }[] }>(`/v1/audit?objectId=${id}`)).body.items.map((e) => e.action)).toContain("purgeMailbox");
  }, 300_000);
});
