import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission } from "pulumi-mailbox";
import { SOFT_DELETE_RETENTION_MS } from "../../schemas";
import { engineFixture, EngineFixture } from "./harness";

/**
 * A grant's create key belongs to the mailbox it is made on. The tenant keeps idempotency keys
 * without expiry and refuses a key used again on another path; the same declaration on a mailbox
 * made anew under the same address (the stack destroyed, Exchange's 30 days past, the stack
 * brought up again) must be a new grant, not a 422 "key already used for another request".
 */
describe("a grant on a mailbox made anew under the same address", () => {
  let f: EngineFixture;
  /** Moves the tenant's clock: Exchange purges a soft-deleted mailbox after 30 days. */
  let offsetMs = 0;
  const program = () => {
    const desk = new SharedMailbox("rebuilt-desk", { displayName: "Rebuilt Desk", primarySmtpAddress: "rebuilt-desk@contoso.com" });
    new MailboxPermission("rebuilt-adele", { mailbox: desk.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
  };
  const grantsOnDesk = async () =>
    (await f.get<{ items: { targetId: string; trusteeAddress: string; accessRights: string }[] }>("/v1/recipients/rebuilt-desk@contoso.com/grants")).body.items;

  beforeAll(async () => {
    f = await engineFixture("mailbox-permission-key", { tenant: { clock: () => Date.now() + offsetMs } });
    f.declare(program);
  });
  afterAll(async () => f?.dispose());

  it("up after destroy and the purge makes the mailbox and its grant again, the grant on the new mailbox", async () => {
    expect((await f.up()).error).toBeUndefined();
    const first = (await f.get<{ id: string }>("/v1/mailboxes/rebuilt-desk@contoso.com")).body.id;
    expect((await f.destroy()).error).toBeUndefined();
    offsetMs = SOFT_DELETE_RETENTION_MS + 24 * 3600 * 1000;

    const r = await f.up();
    expect(r.error).toBeUndefined();
    expect(r.steps["rebuilt-adele"]).toEqual(["create"]);
    const second = (await f.get<{ id: string }>("/v1/mailboxes/rebuilt-desk@contoso.com")).body.id;
    expect(second).not.toBe(first);
    expect(await grantsOnDesk()).toEqual([expect.objectContaining({ targetId: second, trusteeAddress: "adele.vance@contoso.com", accessRights: "FullAccess" })]);
    expect((await f.preview({ expectNoChanges: true })).error).toBeUndefined();
  }, 600_000);

  it("a grant on the new mailbox whose create the state lost is taken back as this deployment's own, written once", async () => {
    const grantWrites = async () => (await f.get<{ items: { action: string }[] }>("/v1/audit?limit=10000")).body.items.filter((e) => e.action === "addGrant").length;
    const writes = await grantWrites();
    // What a crash between the tenant's answer and the checkpoint leaves: the tenant has it, the state does not.
    const state = await f.stack.exportStack();
    state.deployment.resources = state.deployment.resources.filter((r: { urn: string }) => !r.urn.endsWith("::rebuilt-adele"));
    await f.stack.importStack(state);

    const r = await f.up();
    expect(r.error).toBeUndefined();
    expect(r.diagnostics.join("\n")).not.toContain("already holds");
    expect(r.steps["rebuilt-adele"]).toEqual(["create"]);
    expect(await grantWrites()).toBe(writes);
    expect(await grantsOnDesk()).toHaveLength(1);
  }, 600_000);
});
