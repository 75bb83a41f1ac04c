import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission } from "pulumi-mailbox";
import { RECIPIENTS_FROM_LOOKUP } from "../../provider/live-lists";
import { engineFixture, EngineFixture } from "./harness";
import { served } from "./served";

/**
 * The preview of a new stack checks that each new mailbox's name, alias and address are free.
 * From the 8th look-up of the process, the list of every recipient answers them: one it lacks is
 * free, as the tenant's look-up would say at that moment (provider/live-lists.ts), so the new
 * names are not asked one by one; one the list has is refused with the tenant's words.
 */
describe("a preview of many new mailboxes, their names checked against the list of recipients", () => {
  let f: EngineFixture;
  const DESKS = ["north", "south", "east", "west", "centre", "harbour", "airport", "station", "market", "campus", "quay", "depot"];
  const program = (extra?: () => void) => () => {
    for (const desk of DESKS) {
      const box = new SharedMailbox(`${desk}-desk`, { displayName: `${desk} desk`, alias: `${desk}-desk`, primarySmtpAddress: `${desk}-desk@contoso.com` });
      new MailboxPermission(`${desk}-grant`, { mailbox: box.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
    }
    extra?.();
  };

  const lookUps = (paths: string[]) => paths.filter((p) => /^GET \/v1\/recipients\/[^/]+$/.test(p));

  beforeAll(async () => {
    f = await engineFixture("new-names");
  }, 120_000);
  afterAll(async () => f?.dispose());

  it("plans every create with the first look-ups alone and one list: the new names are not asked one by one", async () => {
    f.declare(program());
    let r!: Awaited<ReturnType<EngineFixture["preview"]>>;
    const paths = await served(async () => (r = await f.preview()), "method and path");
    expect(r.error).toBeUndefined();
    expect(Object.values(r.steps).filter((s) => s.includes("create"))).toHaveLength(2 * DESKS.length);
    // 36 new names and addresses and one trustee: each was a request of its own before.
    expect(paths.filter((p) => p === "GET /v1/recipients")).toHaveLength(1);
    expect(lookUps(paths).length).toBeLessThan(RECIPIENTS_FROM_LOOKUP);
    expect(await f.get("/v1/recipients/quay-desk@contoso.com")).toMatchObject({ status: 404 }); // a preview creates nothing
  }, 180_000);

  it("a new mailbox whose address a person holds is refused at preview with the tenant's words, the look-ups still from the list", async () => {
    const taken = "megan.bowen@contoso.com";
    f.declare(program(() => new SharedMailbox("late-desk", { displayName: "Late Desk", alias: "late-desk", primarySmtpAddress: taken })));
    let r!: Awaited<ReturnType<EngineFixture["preview"]>>;
    const paths = await served(async () => (r = await f.preview()), "method and path");
    expect(r.error).toBeDefined();
    expect(r.diagnostics.join("\n")).toContain(`The proxy address "SMTP:${taken}" is already being used by the proxy addresses or LegacyExchangeDN of "`);
    // Whether its check came among the first few look-ups or after the list depends on the engine's order.
    expect(lookUps(paths).length).toBeLessThan(RECIPIENTS_FROM_LOOKUP);
  }, 180_000);

  it("a name taken by hand between two previews is refused by the second", async () => {
    f.declare(program());
    expect((await f.preview()).error).toBeUndefined();
    const made = await f.tenant.call("POST", "/v1/shared-mailboxes", { displayName: "Depot Hand", alias: "depot-desk", primarySmtpAddress: "depot-hand@contoso.com" });
    expect(made.status).toBe(201);
    const r = await f.preview();
    expect(r.error).toBeDefined();
    expect(r.diagnostics.join("\n")).toMatch(/depot-desk/);
  }, 180_000);
});
