import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission, ForwardingRule, AutoReply } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";
import { REPLICATING, settle } from "./replication-delay";

// The tenant keeps what is written unseen for REPLICATION_DELAY_MS (see replication-delay.ts).
describe("a new mailbox with grants, forwarding and replies while the tenant is still replicating", () => {
  let f: EngineFixture;
  const program = (withAlex = false) => {
    const box = new SharedMailbox("replica-desk", { displayName: "Replica Desk", primarySmtpAddress: "replica-desk@contoso.com" });
    new MailboxPermission("replica-adele", { mailbox: box.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
    // The mailbox's output, not its literal address: so destroy removes the grant before the mailbox.
    if (withAlex) new MailboxPermission("replica-alex", { mailbox: box.primarySmtpAddress, trustee: "alex.wilber@contoso.com", accessRights: "SendAs" });
    new ForwardingRule("replica-forward", { mailbox: box.primarySmtpAddress, forwardTo: "sales@contoso.com", keepCopy: true });
    new AutoReply("replica-reply", { mailbox: box.primarySmtpAddress, state: "Enabled", internalMessage: "Back soon.", externalAudience: "None" });
  };

  beforeAll(async () => {
    f = await engineFixture("replication-mailbox", REPLICATING);
    f.declare(() => program());
  });
  afterAll(async () => f?.dispose());

  it("refresh right after up keeps all four in state and finds no drift", async () => {
    expect((await f.up()).error).toBeUndefined();
    const r = await f.refresh();
    expect(r.error).toBeUndefined();
    expect((await f.stack.history(1))[0].resourceChanges).toEqual({ same: 5 });
  }, 240_000);

  it("destroy right after an up that added a grant leaves the tenant without the grant, the forwarding, the replies and the mailbox", async () => {
    const box = (await f.get("/v1/mailboxes/replica-desk@contoso.com")).body;
    f.declare(() => program(true));
    expect((await f.up()).error).toBeUndefined();
    const r = await f.destroy();
    expect(r.error).toBeUndefined();
    await settle();
    expect((await f.get(`/v1/mailboxes/${box.id}`)).status).toBe(404);
    const deleted = (await f.get("/v1/shared-mailboxes?deleted=true")).body.items.find((m: { id: string }) => m.id === box.id);
    expect(deleted).toBeDefined();
    // Restore it to look inside: what the stack removed must not come back with it.
    expect((await f.tenant.call("POST", `/v1/mailboxes/${box.id}/restore`)).status).toBe(200);
    expect((await f.get(`/v1/recipients/${box.id}/grants`)).body.items).toEqual([]);
    expect((await f.get(`/v1/mailboxes/${box.id}/forwarding`)).body.effectiveTarget).toBeNull();
    expect((await f.get(`/v1/mailboxes/${box.id}/auto-reply`)).body.state).toBe("Disabled");
  }, 240_000);
});
