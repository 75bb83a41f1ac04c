import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission } from "pulumi-mailbox";
import { RECIPIENTS_FROM_LOOKUP } from "../../provider/live-lists";
import { engineFixture, EngineFixture } from "./harness";
import { served } from "./served";

/**
 * The plan-time checks of an unchanged stack look up each mailbox and trustee: from the tenant's
 * list of every recipient, asked once per deployment, instead of one request per identity
 * (provider/live-lists.ts). What the list lacks is still looked up on its own.
 */
describe("a preview of many grants, its look-ups answered from the list of recipients", () => {
  let f: EngineFixture;
  const DESKS = ["north", "south", "east", "west", "centre", "harbour", "airport", "station", "market", "campus"];
  const TRUSTEES = ["adele.vance@contoso.com", "megan.bowen@contoso.com", "alex.wilber@contoso.com"];
  const program = (extra?: (last: SharedMailbox) => void) => () => {
    const boxes = DESKS.map((desk, i) => {
      const box = new SharedMailbox(`${desk}-desk`, { displayName: `${desk} desk`, primarySmtpAddress: `${desk}-desk@contoso.com` });
      new MailboxPermission(`${desk}-grant`, { mailbox: box.primarySmtpAddress, trustee: TRUSTEES[i % TRUSTEES.length]!, accessRights: "FullAccess" });
      return box;
    });
    extra?.(boxes[boxes.length - 1]!);
  };

  const lookUps = (paths: string[]) => paths.filter((p) => /^\/v1\/recipients\/[^/]+$/.test(p));

  beforeAll(async () => {
    f = await engineFixture("plan-lists");
    f.declare(program());
    expect((await f.up()).error).toBeUndefined();
  }, 300_000);
  afterAll(async () => f?.dispose());

  it("a no-change preview and a drift check: the first look-ups alone, then one list of recipients answers the rest", async () => {
    for (const refresh of [false, true]) {
      let r!: Awaited<ReturnType<EngineFixture["preview"]>>;
      const paths = await served(async () => (r = await f.preview({ refresh, expectNoChanges: true })));
      expect(r.error).toBeUndefined();
      expect(Object.keys(r.steps)).toHaveLength(2 * DESKS.length);
      // 13 identities (10 desks, 3 trustees), each asked alone before: now the first few, then the list.
      expect(paths.filter((p) => p === "/v1/recipients")).toHaveLength(1);
      expect(lookUps(paths).length).toBeLessThan(RECIPIENTS_FROM_LOOKUP);
    }
  }, 180_000);

  it("a mailbox made by hand between two previews is seen by the second: the grant on it, refused before, is planned", async () => {
    // Checked after the last desk (it waits for its output), when the list has been asked.
    const handMade = (last: SharedMailbox) => last.primarySmtpAddress.apply(() => "hand-made@contoso.com");
    f.declare(program((last) => new MailboxPermission("hand-made-grant", { mailbox: handMade(last), trustee: "adele.vance@contoso.com", accessRights: "FullAccess" })));
    const before = await f.preview();
    expect(before.error).toBeDefined();
    expect(before.diagnostics.join("\n")).toMatch(/no recipient "hand-made@contoso\.com" in the tenant/);
    const made = await f.tenant.call("POST", "/v1/shared-mailboxes", { displayName: "Hand Made", primarySmtpAddress: "hand-made@contoso.com" });
    expect(made.status).toBe(201);
    let r!: Awaited<ReturnType<EngineFixture["preview"]>>;
    const paths = await served(async () => (r = await f.preview()));
    expect(r.error).toBeUndefined();
    expect(r.steps["hand-made-grant"]).toEqual(["create"]);
    expect(Object.entries(r.steps).filter(([, s]) => s[0] !== "same").map(([n]) => n)).toEqual(["hand-made-grant"]);
    // It was answered by the list this preview asked, not by a look-up of its own.
    expect(paths.filter((p) => p === "/v1/recipients")).toHaveLength(1);
    expect(lookUps(paths)).not.toContain("/v1/recipients/hand-made@contoso.com");
  }, 180_000);
});
