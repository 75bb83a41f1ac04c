import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission, MailboxAccess, ForwardingRule, AutoReply } from "pulumi-mailbox";
import { declaredLaterMessage } from "../../provider/resources/program-mailboxes";
import { engineFixture, EngineFixture } from "./harness";

/**
 * A grant, forwarding, automatic replies or a MailboxAccess whose `mailbox` is the mailbox written
 * out (its address, alias or name) instead of the SharedMailbox's output. The engine itself sees no
 * dependency then; the resources' constructors add it when the literal names a SharedMailbox the
 * program declared earlier (by the tenant's identity rule), and warn when the SharedMailbox comes
 * later. Before, destroy could delete the mailbox first: Exchange kept what was on it with the
 * soft-deleted mailbox, and a restore brought it back.
 *
 * A replication window of 60 s, as a user's long default: a delete that found its mailbox gone
 * waited out what was left of it. Each destroy is bounded at 30 s.
 */
const WINDOW_SECONDS = 60;
const DESTROY_BOUND_SECONDS = 30;

interface StateResource {
  urn: string;
  dependencies?: string[];
}

describe("a literal mailbox of a SharedMailbox the same program declares", () => {
  let f: EngineFixture;
  const resources = async () => ((await f.stack.exportStack()).deployment.resources ?? []) as StateResource[];
  const byName = (all: StateResource[], name: string) => all.find((r) => r.urn.endsWith(`::${name}`))!;
  const timedDestroy = async () => {
    const started = Date.now();
    const r = await f.destroy();
    return { ...r, seconds: (Date.now() - started) / 1000 };
  };

  beforeAll(async () => {
    f = await engineFixture("literal-references");
    await f.stack.setConfig("mailbox:replicationWaitSeconds", { value: String(WINDOW_SECONDS) });
  });
  afterAll(async () => f?.dispose());

  it("a preview of new mailboxes passes for every identity the tenant will give them: derived alias and address too", async () => {
    f.declare(() => {
      // Neither alias nor address declared: Exchange derives "PreviewDesk" and PreviewDesk@<default domain>.
      const desk = new SharedMailbox("preview-desk", { displayName: "Preview Desk" });
      // An alias declared, no address: the address is derived from the alias.
      const team = new SharedMailbox("preview-team", { displayName: "Preview Team", alias: "prevteam" });
      new MailboxPermission("preview-desk-adele", { mailbox: "previewdesk", trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
      new AutoReply("preview-desk-reply", { mailbox: "Preview Desk", state: "Enabled", internalMessage: "Back soon.", externalAudience: "None" });
      // A derived address, with dependsOn given by hand as well: the constructor's own adds the same mailbox again.
      new ForwardingRule("preview-desk-forward", { mailbox: "PreviewDesk@contoso.com", forwardTo: "sales@contoso.com" }, { dependsOn: [desk] });
      new MailboxAccess("preview-team-access", { mailbox: "PrevTeam@Contoso.com", members: ["megan.bowen@contoso.com"] }, { dependsOn: [team] });
    });
    const preview = await f.preview();
    expect(preview.error, preview.diagnostics.join("\n")).toBeUndefined();
    expect(preview.diagnostics).toEqual([]);
    for (const name of ["preview-desk", "preview-team", "preview-desk-adele", "preview-desk-forward", "preview-desk-reply", "preview-team-access"]) {
      expect(preview.steps[name], name).toEqual(["create"]);
    }
    // A preview changes nothing.
    expect((await f.get("/v1/mailboxes/PreviewDesk@contoso.com")).status).toBe(404);
  }, 120_000);

  it("declared earlier: one up makes them after it, destroy removes them before it, and a restore brings nothing back", async () => {
    f.declare(() => {
      new SharedMailbox("ref-desk", { displayName: "Reference Desk", primarySmtpAddress: "ref-desk@contoso.com" });
      new SharedMailbox("ref-team", { displayName: "Reference Team", alias: "refteam", primarySmtpAddress: "ref-team@contoso.com" });
      new MailboxPermission("ref-desk-adele", { mailbox: "Ref-Desk@CONTOSO.com", trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
      new ForwardingRule("ref-desk-forward", { mailbox: "referencedesk", forwardTo: "sales@contoso.com", keepCopy: true });
      new AutoReply("ref-desk-reply", { mailbox: "Reference Desk", state: "Enabled", internalMessage: "Back soon.", externalAudience: "None" });
      new MailboxAccess("ref-team-access", { mailbox: "REFTEAM", members: ["megan.bowen@contoso.com"] });
    });
    const up = await f.up();
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    expect(up.diagnostics).toEqual([]);
    const state = await resources();
    for (const [name, mailbox] of [["ref-desk-adele", "ref-desk"], ["ref-desk-forward", "ref-desk"], ["ref-desk-reply", "ref-desk"], ["ref-team-access", "ref-team"]]) {
      expect(byName(state, name).dependencies, name).toContain(byName(state, mailbox).urn);
    }
    const desk = (await f.get("/v1/mailboxes/ref-desk@contoso.com")).body;
    const team = (await f.get("/v1/mailboxes/ref-team@contoso.com")).body;
    expect((await f.get(`/v1/recipients/${desk.id}/grants`)).body.items).toHaveLength(1);
    expect((await f.get(`/v1/recipients/${team.id}/grants`)).body.items).toHaveLength(2);

    const r = await timedDestroy();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(await resources()).toHaveLength(0);
    expect(r.seconds).toBeLessThan(DESTROY_BOUND_SECONDS);
    // Removed before their mailbox: nothing of the program stays with the soft-deleted mailboxes.
    for (const box of [desk, team]) expect((await f.tenant.call("POST", `/v1/mailboxes/${box.id}/restore`)).status).toBe(200);
    expect((await f.get(`/v1/recipients/${desk.id}/grants`)).body.items).toEqual([]);
    expect((await f.get(`/v1/recipients/${team.id}/grants`)).body.items).toEqual([]);
    expect((await f.get(`/v1/mailboxes/${desk.id}/forwarding`)).body.effectiveTarget).toBeNull();
    expect((await f.get(`/v1/mailboxes/${desk.id}/auto-reply`)).body.state).toBe("Disabled");
    for (const box of [desk, team]) expect((await f.tenant.call("DELETE", `/v1/mailboxes/${box.id}`)).status).toBe(200);
  }, 300_000);

  it("declared later: the up warns, naming both resources and what to pass instead", async () => {
    // The mailbox exists before: a literal naming a mailbox the tenant lacks is refused at plan time.
    f.declare(() => new SharedMailbox("late-desk", { displayName: "Late Desk", primarySmtpAddress: "late-desk@contoso.com" }));
    expect((await f.up()).error).toBeUndefined();
    f.declare(() => {
      new ForwardingRule("late-forward", { mailbox: "late-desk@contoso.com", forwardTo: "sales@contoso.com" });
      new SharedMailbox("late-desk", { displayName: "Late Desk", primarySmtpAddress: "late-desk@contoso.com" });
    });
    const up = await f.up();
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    expect(up.diagnostics).toEqual([
      'late-forward: ForwardingRule "late-forward" names its mailbox by the literal "late-desk@contoso.com", which is SharedMailbox "late-desk" ' +
        "of this program, declared after it: the engine sees no dependency between them, so destroy may delete the mailbox first " +
        "(its grants and settings then stay with the soft-deleted mailbox and come back if it is restored) and up may make the " +
        "ForwardingRule before the mailbox. Pass the mailbox's output instead (mailbox: <the SharedMailbox>.primarySmtpAddress), " +
        "or declare the SharedMailbox before it.",
    ]);
    expect(byName(await resources(), "late-forward").dependencies ?? []).toEqual([]);
    const r = await timedDestroy();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
  }, 300_000);

  it("a derived address written out, for a mailbox that declares none: one up makes the grant after it, a setting declared before it warns, destroy removes the grant first", async () => {
    // No alias or address declared: the tenant derives the alias DerivedDesk and DerivedDesk@<its default domain>.
    const desk = () => new SharedMailbox("derived-desk", { displayName: "Derived Desk" });
    const grant = () => new MailboxPermission("derived-adele", { mailbox: "derivedDesk@contoso.com", trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
    f.declare(() => {
      desk();
      grant();
    });
    const up = await f.up();
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    expect(up.diagnostics).toEqual([]);
    const state = await resources();
    expect(byName(state, "derived-adele").dependencies ?? []).toContain(byName(state, "derived-desk").urn);
    const box = (await f.get("/v1/mailboxes/DerivedDesk@contoso.com")).body;
    expect((await f.get(`/v1/recipients/${box.id}/grants`)).body.items).toHaveLength(1);

    f.declare(() => {
      new AutoReply("derived-reply", { mailbox: "DERIVEDDESK@contoso.com", state: "Enabled", internalMessage: "Back soon.", externalAudience: "None" });
      desk();
      grant();
    });
    const again = await f.up();
    expect(again.error, again.diagnostics.join("\n")).toBeUndefined();
    expect(again.diagnostics).toEqual([`derived-reply: ${declaredLaterMessage({ kind: "AutoReply", resourceName: "derived-reply", literal: "DERIVEDDESK@contoso.com" }, "derived-desk")}`]);

    const r = await timedDestroy();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(r.seconds).toBeLessThan(DESTROY_BOUND_SECONDS);
    expect((await f.tenant.call("POST", `/v1/mailboxes/${box.id}/restore`)).status).toBe(200);
    expect((await f.get(`/v1/recipients/${box.id}/grants`)).body.items).toEqual([]); // removed before its mailbox
    expect((await f.tenant.call("DELETE", `/v1/mailboxes/${box.id}`)).status).toBe(200);
  }, 300_000);

  it("the mailbox deleted by hand first: it, the grant, forwarding and replies are found gone with it, and their destroy is done at once", async () => {
    f.declare(() => {
      new SharedMailbox("gone-desk", { displayName: "Gone Desk", primarySmtpAddress: "gone-desk@contoso.com" });
      new MailboxPermission("gone-adele", { mailbox: "gone-desk@contoso.com", trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
      new ForwardingRule("gone-forward", { mailbox: "gone-desk@contoso.com", forwardTo: "sales@contoso.com", keepCopy: true });
      new AutoReply("gone-reply", { mailbox: "gone-desk@contoso.com", state: "Enabled", internalMessage: "Back soon.", externalAudience: "None" });
    });
    const up = await f.up();
    expect(up.error, up.diagnostics.join("\n")).toBeUndefined();
    const box = (await f.get("/v1/mailboxes/gone-desk@contoso.com")).body;
    expect((await f.tenant.call("DELETE", `/v1/mailboxes/${box.id}`)).status).toBe(200);

    const r = await timedDestroy();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(r.steps).toEqual({ "gone-desk": ["delete"], "gone-adele": ["delete"], "gone-forward": ["delete"], "gone-reply": ["delete"] });
    expect(await resources()).toHaveLength(0);
    console.log(`mailbox deleted by hand first: destroy took ${r.seconds.toFixed(1)} s`);
    // The mailbox's own delete too: it found its mailbox soft-deleted (before, it waited out the window).
    expect(r.seconds).toBeLessThan(DESTROY_BOUND_SECONDS);
    // They went with the mailbox: restored, it has them all back.
    expect((await f.tenant.call("POST", `/v1/mailboxes/${box.id}/restore`)).status).toBe(200);
    expect((await f.get(`/v1/recipients/${box.id}/grants`)).body.items).toHaveLength(1);
    expect((await f.get(`/v1/mailboxes/${box.id}/forwarding`)).body.effectiveTarget).toBe("sales@contoso.com");
    expect((await f.get(`/v1/mailboxes/${box.id}/auto-reply`)).body.state).toBe("Enabled");
  }, 300_000);
});
