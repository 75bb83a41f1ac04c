import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission, ForwardingRule, AutoReply } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";

/**
 * Exchange replicates new objects with a delay: right after a grant is added, reads and removals
 * may answer "not found" although the grant exists, and right after forwarding or automatic
 * replies are set, reads may still answer with what was there before. Here the tenant keeps every
 * new mailbox and grant invisible, and every change of a setting unseen, for 12 seconds. Removal must be confirmed, not assumed, and a refresh right after
 * `up` must not take a replicating object for a deleted one.
 */
const REPLICATION_DELAY_MS = 12_000;
const settle = () => new Promise((resolve) => setTimeout(resolve, REPLICATION_DELAY_MS + 500));
/** What `read` answers once it satisfies `done`, asking every 250 ms for as long as replication may take. */
async function once<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + REPLICATION_DELAY_MS + 2_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe("a grant on an existing mailbox while the tenant is still replicating it", () => {
  let f: EngineFixture;
  const grantProgram = () => {
    new MailboxPermission("reception-lee", { mailbox: "reception@contoso.com", trustee: "lee.gu@contoso.com", accessRights: "SendAs" });
  };
  const sendAsOfLee = async () =>
    (await f.get("/v1/recipients/reception@contoso.com/grants")).body.items.filter(
      (g: { accessRights: string; trusteeAddress: string }) => g.accessRights === "SendAs" && g.trusteeAddress === "lee.gu@contoso.com",
    );
  const managed = async () => (await f.stack.exportStack()).deployment.resources.filter((r: { type: string }) => r.type.startsWith("pulumi-nodejs:dynamic"));

  beforeAll(async () => {
    f = await engineFixture("replication-grant", { tenant: { faults: { replicationDelayMs: REPLICATION_DELAY_MS } } });
  });
  afterAll(async () => f?.dispose());

  it("destroy right after up removes the grant: once replication settles the tenant does not hold it", async () => {
    f.declare(grantProgram);
    expect((await f.up()).error).toBeUndefined();
    const r = await f.destroy();
    expect(r.error).toBeUndefined();
    expect(r.steps["reception-lee"]).toEqual(["delete"]);
    await settle();
    expect(await sendAsOfLee()).toEqual([]);
  }, 180_000);

  it("refresh right after up keeps the new grant in state, and the next preview shows no changes", async () => {
    f.declare(grantProgram);
    expect((await f.up()).error).toBeUndefined();
    const r = await f.refresh();
    expect(r.error).toBeUndefined();
    expect((await managed()).map((x: { urn: string }) => x.urn.split("::").pop())).toEqual(["reception-lee"]);
    const p = await f.preview({ expectNoChanges: true });
    expect(p.error).toBeUndefined();
    expect(p.diagnostics).toEqual([]);
    expect(await sendAsOfLee()).toHaveLength(1);
  }, 180_000);
});

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
    f = await engineFixture("replication-mailbox", { tenant: { faults: { replicationDelayMs: REPLICATION_DELAY_MS } } });
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

describe("forwarding and automatic replies set on an existing mailbox while the tenant is still replicating them", () => {
  let f: EngineFixture;
  const program = (forwardTo: string, internalMessage = "Reception opens at 8.") => () => {
    new ForwardingRule("reception-forward", { mailbox: "reception@contoso.com", forwardTo, keepCopy: true });
    new AutoReply("reception-reply", { mailbox: "reception@contoso.com", state: "Enabled", internalMessage, externalAudience: "None" });
  };
  const outputsOf = async (name: string) =>
    (await f.stack.exportStack()).deployment.resources.find((r: { urn: string }) => r.urn.endsWith(`::${name}`))?.outputs;
  const forwarding = async () => (await f.get("/v1/mailboxes/reception@contoso.com/forwarding")).body;
  const reply = async () => (await f.get("/v1/mailboxes/reception@contoso.com/auto-reply")).body;

  beforeAll(async () => {
    f = await engineFixture("replication-settings", { tenant: { faults: { replicationDelayMs: REPLICATION_DELAY_MS } } });
  });
  afterAll(async () => f?.dispose());

  it("up converges, a second preview shows no changes, and once replicated the tenant holds both", async () => {
    f.declare(program("sales@contoso.com"));
    const up = await f.up();
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    expect(up.steps).toEqual({ "reception-forward": ["create"], "reception-reply": ["create"] });
    // Right after the up, reads still answer with what was there before: the delay is in effect.
    expect((await forwarding()).effectiveTarget).toBeNull();
    expect((await reply()).state).toBe("Disabled");
    const p = await f.preview({ expectNoChanges: true });
    expect(p.error).toBeUndefined();
    expect(p.diagnostics).toEqual([]);
    expect(await once(forwarding, (x) => x.effectiveTarget !== null)).toMatchObject({ effectiveTarget: "sales@contoso.com", deliverToMailboxAndForward: true });
    expect(await once(reply, (x) => x.state !== "Disabled")).toMatchObject({ state: "Enabled", internalMessage: "<html><body>Reception opens at 8.</body></html>", externalAudience: "None" });
  }, 240_000);

  it("a changed forwarding target updates in place, converges, and the tenant holds the new target once replicated", async () => {
    f.declare(program("megan.bowen@contoso.com"));
    const up = await f.up();
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    expect(up.steps["reception-forward"]).toEqual(["update"]);
    expect((await forwarding()).effectiveTarget).toBe("sales@contoso.com");
    expect((await f.preview({ expectNoChanges: true })).error).toBeUndefined();
    expect((await once(forwarding, (x) => x.effectiveTarget !== "sales@contoso.com")).effectiveTarget).toBe("megan.bowen@contoso.com");
  }, 240_000);

  it("refresh right after an update of the target and the message keeps the new values in state and finds no drift", async () => {
    f.declare(program("alex.wilber@contoso.com", "Reception opens at 9."));
    const up = await f.up();
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    expect(up.steps).toEqual({ "reception-forward": ["update"], "reception-reply": ["update"] });
    // Reads still answer with the values from before the update: the refresh must wait them out.
    expect((await forwarding()).effectiveTarget).toBe("megan.bowen@contoso.com");
    const r = await f.refresh();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect((await f.stack.history(1))[0].resourceChanges).toEqual({ same: 3 });
    expect(await outputsOf("reception-forward")).toMatchObject({ forwardTo: "alex.wilber@contoso.com", effectiveTarget: "alex.wilber@contoso.com" });
    expect(await outputsOf("reception-reply")).toMatchObject({ state: "Enabled", internalMessage: "Reception opens at 9." });
    expect((await f.preview({ expectNoChanges: true })).error).toBeUndefined();
  }, 240_000);

  it("destroy right after an update of the message switches the replies off with the new message, not the one reads still answer", async () => {
    f.declare(program("alex.wilber@contoso.com", "Reception opens at 10."));
    const up = await f.up();
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    expect(up.steps["reception-reply"]).toEqual(["update"]);
    // Reads still answer the message from before the update while the destroy switches the replies off.
    expect((await reply()).internalMessage).toBe("<html><body>Reception opens at 9.</body></html>");
    const r = await f.destroy();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(r.steps).toEqual({ "reception-forward": ["delete"], "reception-reply": ["delete"] });
    await settle();
    expect(await reply()).toMatchObject({ state: "Disabled", internalMessage: "<html><body>Reception opens at 10.</body></html>", externalAudience: "None" });
  }, 240_000);
});
