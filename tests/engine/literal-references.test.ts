import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission, ForwardingRule, AutoReply } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";

/**
 * A grant, forwarding or automatic replies whose `mailbox` is the mailbox's address written out,
 * not the mailbox resource's output: the engine sees no dependency between them, so `destroy` may
 * delete the mailbox first, and the others then find their mailbox gone. That must count as done:
 * destroy succeeds, nothing stays in the state and the mailbox is soft-deleted. The engine chooses
 * the order anew each time, so three rounds, each on a mailbox of its own (a deleted mailbox keeps
 * its address). The mailbox is made by an up before the others are declared: in one up, a literal
 * address of a mailbox that does not exist yet is refused at plan time.
 */
describe("destroy of a grant, forwarding and replies that name their mailbox by a literal address", () => {
  let f: EngineFixture;
  const program = (round: number, withSettings: boolean) => () => {
    const address = `literal${round}@contoso.com`;
    new SharedMailbox(`literal${round}`, { displayName: `Literal Desk ${round}`, primarySmtpAddress: address });
    if (!withSettings) return;
    new MailboxPermission(`literal${round}-adele`, { mailbox: address, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
    new ForwardingRule(`literal${round}-forward`, { mailbox: address, forwardTo: "sales@contoso.com", keepCopy: true });
    new AutoReply(`literal${round}-reply`, { mailbox: address, state: "Enabled", internalMessage: "Back soon.", externalAudience: "None" });
  };

  beforeAll(async () => {
    f = await engineFixture("literal-references");
  });
  afterAll(async () => f?.dispose());

  it.each([1, 2, 3])("round %i: destroy succeeds, leaves nothing in the state and the mailbox soft-deleted", async (round) => {
    f.declare(program(round, false));
    expect((await f.up()).error).toBeUndefined();
    f.declare(program(round, true));
    const up = await f.up();
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    const box = (await f.get(`/v1/mailboxes/literal${round}@contoso.com`)).body;
    expect((await f.get(`/v1/recipients/${box.id}/grants`)).body.items).toHaveLength(1);
    expect((await f.get(`/v1/mailboxes/${box.id}/forwarding`)).body.effectiveTarget).toBe("sales@contoso.com");

    const started = Date.now();
    const r = await f.destroy();
    const seconds = (Date.now() - started) / 1000;
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(Object.values(r.steps).flat()).toEqual(["delete", "delete", "delete", "delete"]);
    expect((await f.stack.exportStack()).deployment.resources ?? []).toHaveLength(0);
    expect((await f.get(`/v1/mailboxes/${box.id}`)).status).toBe(404);
    const deleted = (await f.get("/v1/shared-mailboxes?deleted=true")).body.items.map((m: { id: string }) => m.id);
    expect(deleted).toContain(box.id);
    // Restored, the mailbox shows what it kept. Not asserted: a grant or replies whose removal came
    // after the mailbox's deletion stay with the soft-deleted mailbox (Exchange refuses changes to
    // it) and come back with it; which ones depends on the order the engine chose. Printed, so a
    // run shows it; the fix is a dependency the engine sees (the mailbox's output as `mailbox`).
    expect((await f.tenant.call("POST", `/v1/mailboxes/${box.id}/restore`)).status).toBe(200);
    const kept = {
      grants: (await f.get(`/v1/recipients/${box.id}/grants`)).body.items.length,
      forwarding: (await f.get(`/v1/mailboxes/${box.id}/forwarding`)).body.effectiveTarget,
      replies: (await f.get(`/v1/mailboxes/${box.id}/auto-reply`)).body.state,
    };
    console.log(`round ${round}: destroy took ${seconds.toFixed(1)} s; restored, the mailbox holds ${JSON.stringify(kept)}`);
  }, 300_000);
});
