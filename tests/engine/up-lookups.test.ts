import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission } from "pulumi-mailbox";
import { Recipient } from "../../schemas";
import { RECIPIENTS_FROM_LOOKUP } from "../../provider/live-lists";
import { engineFixture, EngineFixture } from "./harness";
import { served } from "./served";

/**
 * An up that creates mailboxes and grants on them: a mailbox created by this process takes only
 * its own names, so only the look-ups of those are asked again (provider/directory.ts,
 * createSharedMailbox()), and the grants made on it right after take it from what its create read
 * back. From the 8th look-up on, the list of recipients answers the rest — the later mailboxes'
 * new names and the trustees — kept across this up's own creates with what they made added.
 */
describe("an up of new mailboxes with grants on them, its look-ups", () => {
  let f: EngineFixture;
  const DESKS = ["north", "south", "east", "west", "centre", "harbour"];
  const TRUSTEES = ["adele.vance@contoso.com", "megan.bowen@contoso.com"];
  const program = () => {
    for (const desk of DESKS) {
      const box = new SharedMailbox(`${desk}-desk`, { displayName: `${desk} desk`, alias: `${desk}-desk`, primarySmtpAddress: `${desk}-desk@contoso.com` });
      for (const trustee of TRUSTEES) {
        new MailboxPermission(`${desk}-${trustee.split(".")[0]}`, { mailbox: box.primarySmtpAddress, trustee, accessRights: "FullAccess" });
      }
    }
  };


  beforeAll(async () => {
    f = await engineFixture("up-lookups");
    f.declare(program);
  }, 120_000);
  afterAll(async () => f?.dispose());

  it("asks the first few identities one by one and the rest of the list, and the grants' creates do not look their new mailbox up again", async () => {
    let r!: Awaited<ReturnType<EngineFixture["up"]>>;
    const paths = await served(async () => (r = await f.up()), "method and path");
    expect(r.error).toBeUndefined();
    expect(Object.values(r.steps).filter((s) => s.includes("create"))).toHaveLength(DESKS.length * (1 + TRUSTEES.length));
    const lookUps = paths.filter((p) => /^GET \/v1\/recipients\/[^/]+$/.test(p));
    const twice = lookUps.filter((p, i) => lookUps.indexOf(p) !== i);
    expect(twice).toEqual([]);
    // 18 new names and addresses and 2 trustees: each was a request of its own while the list
    // served only a process that had not written, and an up writes from its first create.
    expect(lookUps.length).toBeLessThan(RECIPIENTS_FROM_LOOKUP);
    expect(paths.filter((p) => p === "GET /v1/recipients").length).toBeGreaterThanOrEqual(1);
    // A desk's address is asked at most by its check (not found then), never by a grant's create.
    for (const desk of DESKS) expect(lookUps.filter((p) => p === `GET /v1/recipients/${desk}-desk@contoso.com`).length).toBeLessThanOrEqual(1);
    // What the up did: every grant is in the tenant, on the mailbox it names.
    for (const desk of DESKS) {
      const grants = (await f.get(`/v1/recipients/${desk}-desk@contoso.com/grants`)).body.items as Array<{ trusteeAddress: string; accessRights: string }>;
      expect(grants.filter((g) => g.accessRights === "FullAccess").map((g) => g.trusteeAddress).sort()).toEqual([...TRUSTEES].sort());
    }
    const again = await f.preview({ expectNoChanges: true });
    expect(again.error).toBeUndefined();
  }, 300_000);

  it("the mailbox a create reads back answers as the tenant's own look-up of it does", async () => {
    for (const desk of DESKS.slice(0, 2)) {
      const mailbox = await f.get(`/v1/mailboxes/${desk}-desk@contoso.com`);
      const looked = await f.get(`/v1/recipients/${desk}-desk`);
      expect(mailbox.status).toBe(200);
      expect(Recipient.parse(mailbox.body)).toEqual(looked.body);
    }
  });
});
