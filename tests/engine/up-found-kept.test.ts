import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission, MailboxAccess } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";
import { served } from "./served";

/**
 * An up that runs longer than the 30 s a "not found" is kept: a trustee it found at the start is
 * not asked again at the end (provider/directory.ts, fresh()). Here the time goes by in the new
 * mailbox's read-back, which waits until the tenant shows it; in an up of 1,000 resources it goes
 * by in the engine's own work. Few look-ups, so no list of recipients answers them.
 */
describe("an up that runs past 30 s, the look-ups of its trustees", () => {
  let f: EngineFixture;
  const REPLICATION_MS = 35_000;
  const program = () => {
    // Checked first, on a mailbox the tenant has.
    new MailboxPermission("early-adele", { mailbox: "reception@contoso.com", trustee: "adele.vance@contoso.com", accessRights: "SendAs" });
    new MailboxPermission("early-lee", { mailbox: "reception@contoso.com", trustee: "lee.gu@contoso.com", accessRights: "SendAs" });
    // Checked once the new mailbox can be seen, 35 s later.
    const desk = new SharedMailbox("slow-desk", { displayName: "Slow Desk", alias: "slow-desk", primarySmtpAddress: "slow-desk@contoso.com" });
    new MailboxPermission("late-adele", { mailbox: desk.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
    new MailboxPermission("late-lee", { mailbox: desk.primarySmtpAddress, trustee: "lee.gu@contoso.com", accessRights: "FullAccess" });
    // Written after the new mailbox too: all delegate access on a mailbox the tenant has.
    new MailboxAccess("late-legacy", { mailbox: "legacy-support@contoso.com", sendOnBehalf: ["lee.gu@contoso.com"] }, { dependsOn: [desk] });
  };

  beforeAll(async () => {
    f = await engineFixture("up-found-kept", { tenant: { faults: { replicationDelayMs: REPLICATION_MS } } });
    await f.stack.setConfig("mailbox:replicationWaitSeconds", { value: "90" });
    f.declare(program);
  }, 120_000);
  afterAll(async () => f?.dispose());

  it("asks each trustee once, and a trustee deleted by hand meanwhile fails its grant with a message that names it and says what to do", async () => {
    const audited = await f.auditCount();
    let r!: Awaited<ReturnType<EngineFixture["up"]>>;
    const paths = await served(async () => {
      // Every step whose dependencies succeeded runs, so both of Lee's grants meet the deletion
      // whichever the engine starts first (without it, the first failure cancels the other).
      const up = f.up({ continueOnError: true }).then((x) => (r = x));
      // Once both early grants and the new mailbox are made (their checks looked the trustees up),
      // Lee Gu leaves: deleted by hand while the up waits for the new mailbox to show.
      while ((await f.auditCount()) < audited + 3 && r === undefined) await new Promise((ok) => setTimeout(ok, 250));
      await f.admin("delete", "lee.gu@contoso.com");
      await up;
    }, "method and path");
    const lookUps = paths.filter((p) => /^GET \/v1\/recipients\/[^/]+$/.test(p));
    expect(lookUps.filter((p) => p === "GET /v1/recipients/adele.vance@contoso.com")).toHaveLength(1);
    expect(lookUps.filter((p) => p === "GET /v1/recipients/lee.gu@contoso.com")).toHaveLength(1);
    expect(paths).not.toContain("GET /v1/recipients"); // one by one: too few for the list
    // Adele's grant on the new mailbox was made (the tenant's reads show it only once it
    // replicates: its audit log at once); Lee's was refused by the tenant, in words.
    const audit = (await f.get("/v1/audit?limit=10000")).body.items as Array<{ action: string; after: { accessRights?: string; trusteeAddress?: string } | null }>;
    const granted = audit.filter((e) => e.action === "addGrant").map((e) => `${e.after?.accessRights} ${e.after?.trusteeAddress}`);
    expect(granted.sort()).toEqual(["FullAccess adele.vance@contoso.com", "SendAs adele.vance@contoso.com", "SendAs lee.gu@contoso.com"]);
    expect(r.error).toBeDefined();
    const said = r.diagnostics.filter((d) => d.startsWith("late-lee:")).join("\n");
    // Named as declared, with what happened and what to do; then the tenant's own words (by id).
    expect(said.replace(/object '[0-9a-f-]+'/, "object '<id>'")).toBe(
      'late-lee: creating FullAccess permission for "lee.gu@contoso.com" on "slow-desk@contoso.com": trustee "lee.gu@contoso.com" is no longer in the tenant: ' +
        "it was removed after this up's plan looked it up. Restore the recipient, or remove the grant from the program, then run pulumi up again. " +
        "The tenant said: The operation couldn't be performed because object '<id>' couldn't be found on 'Contoso Ltd'. (trustee) [NotFound]",
    );
    expect(said).not.toMatch(/\n\s+at /); // no stack trace
    // MailboxAccess names the entry that declared the trustee.
    const access = r.diagnostics.filter((d) => d.startsWith("late-legacy:")).join("\n");
    expect(access.replace(/object '[0-9a-f-]+'/, "object '<id>'")).toBe(
      'late-legacy: creating delegate access on "legacy-support@contoso.com": trustee "lee.gu@contoso.com" is no longer in the tenant: ' +
        "it was removed after this up's plan looked it up. Restore the recipient, or remove the grant from the program, then run pulumi up again. " +
        "The tenant said: The operation couldn't be performed because object '<id>' couldn't be found on 'Contoso Ltd'. (sendOnBehalf[0]) [NotFound]",
    );
  }, 240_000);
});
