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
 *
 * Finding the mailbox soft-deleted, the grant, forwarding or replies went with it (Exchange keeps
 * them with the mailbox and refuses changes to it): their delete is done at once, not after the
 * replication window (here 60 s, as a user's long default; before, a destroy that deleted the
 * mailbox first took as long as what was left of it). A last case deletes the mailbox first on
 * purpose (a targeted destroy), so that every one of the three finds it gone.
 */
const WINDOW_SECONDS = 60;
/** Measured 4.3–10.8 s with another engine test running beside; before, 56.8–62.7 s (the mailbox went first). */
const DESTROY_BOUND_SECONDS = 30;
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
    await f.stack.setConfig("mailbox:replicationWaitSeconds", { value: String(WINDOW_SECONDS) });
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
    expect(seconds).toBeLessThan(DESTROY_BOUND_SECONDS);
  }, 300_000);

  it("the mailbox destroyed first: the grant, forwarding and replies find it soft-deleted and their destroy is done at once", async () => {
    f.declare(program(4, false));
    expect((await f.up()).error).toBeUndefined();
    f.declare(program(4, true));
    const up = await f.up();
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    const box = (await f.get("/v1/mailboxes/literal4@contoso.com")).body;
    const urns = ((await f.stack.exportStack()).deployment.resources ?? []).map((r: { urn: string }) => r.urn);
    await f.stack.destroy({ target: urns.filter((u: string) => u.endsWith("::literal4")) });
    expect((await f.get(`/v1/mailboxes/${box.id}`)).status).toBe(404);

    const started = Date.now();
    const r = await f.destroy();
    const seconds = (Date.now() - started) / 1000;
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(r.steps).toEqual({ "literal4-adele": ["delete"], "literal4-forward": ["delete"], "literal4-reply": ["delete"] });
    expect((await f.stack.exportStack()).deployment.resources ?? []).toHaveLength(0);
    console.log(`mailbox first: destroy of the other three took ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(DESTROY_BOUND_SECONDS);
    // They went with the mailbox: restored, it has them all back.
    expect((await f.tenant.call("POST", `/v1/mailboxes/${box.id}/restore`)).status).toBe(200);
    expect((await f.get(`/v1/recipients/${box.id}/grants`)).body.items).toHaveLength(1);
    expect((await f.get(`/v1/mailboxes/${box.id}/forwarding`)).body.effectiveTarget).toBe("sales@contoso.com");
    expect((await f.get(`/v1/mailboxes/${box.id}/auto-reply`)).body.state).toBe("Enabled");
  }, 300_000);
});
