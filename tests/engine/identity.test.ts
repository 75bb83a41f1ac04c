import * as path from "path";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { MailboxPermission, SharedMailbox } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";

/**
 * An identity that names several recipients is refused at preview with Exchange's wording and
 * the candidates, never settled by picking one; a new alias, name or address that another
 * recipient holds is too, as is an address outside the accepted domains.
 */
describe("identities that mean more than one recipient", () => {
  let f: EngineFixture;
  beforeAll(async () => {
    f = await engineFixture("identity", { tenant: { seedFile: path.join(__dirname, "fixtures", "alias-twice.yaml") } });
  });
  afterAll(async () => f?.dispose());

  it("preview refuses a grant on mailbox 'info' when two mailboxes carry alias info, and writes nothing", async () => {
    const writes = await f.auditCount();
    f.declare(() => {
      new MailboxPermission("info-adele", { mailbox: "info", trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
    });
    const r = await f.preview();
    expect(r.error).toBeDefined();
    const hit = r.diagnostics.find((d) => d.startsWith("info-adele: ") && d.includes("property mailbox "));
    expect(hit, r.diagnostics.join("\n")).toMatch(/The operation couldn't be performed because 'info' matches multiple entries: "Info Contoso" \(info@contoso.com, alias info\), "Info Fabrikam" \(info@fabrikam.com, alias info\)/);
    expect(await f.auditCount()).toBe(writes);
  }, 120_000);

  it("preview refuses a new shared mailbox whose alias another recipient holds, in another case", async () => {
    f.declare(() => {
      new SharedMailbox("adele-desk", { displayName: "Adele Desk", alias: "ADELE.VANCE", primarySmtpAddress: "adele.desk@contoso.com" });
    });
    const r = await f.preview();
    const hit = r.diagnostics.find((d) => d.startsWith("adele-desk: ") && d.includes("property alias "));
    expect(hit, r.diagnostics.join("\n")).toContain('The alias "ADELE.VANCE" is being used by another recipient object ("Adele Vance"). Please specify a unique value.');
  }, 120_000);

  // One text per refusal: what the preview says starts with what the tenant answers to the same write.
  it("preview refuses a new shared mailbox whose name a user holds, in another case: the tenant's own words, then what holds it and what to set; writes nothing", async () => {
    const writes = await f.auditCount();
    const declaration = { displayName: "Front Desk", name: "ADELE VANCE", alias: "front-desk", primarySmtpAddress: "front-desk@contoso.com" };
    f.declare(() => {
      new SharedMailbox("named-desk", declaration);
    });
    const r = await f.preview();
    expect(r.error).toBeDefined();
    const answer = await f.tenant.call("POST", "/v1/shared-mailboxes", declaration);
    expect([answer.status, answer.body.error.message]).toEqual([409, 'The name "ADELE VANCE" is already being used by another recipient ("Adele Vance"). Please choose another name.']);
    const hit = r.diagnostics.find((d) => d.startsWith("named-desk: ") && d.includes("property name "));
    expect(hit, r.diagnostics.join("\n")).toContain(`${answer.body.error.message} It is a user mailbox (adele.vance@contoso.com); names are unique in the organisation: set another name.`);
    expect(await f.auditCount()).toBe(writes);
  }, 120_000);

  it("preview refuses an address outside the accepted domains with the very text the tenant answers; writes nothing", async () => {
    const writes = await f.auditCount();
    const declaration = { displayName: "Northwind Desk", primarySmtpAddress: "desk@northwind.com" };
    f.declare(() => {
      new SharedMailbox("outside-desk", declaration);
    });
    const r = await f.preview();
    expect(r.error).toBeDefined();
    const answer = await f.tenant.call("POST", "/v1/shared-mailboxes", declaration);
    const text = 'The proxy address "SMTP:desk@northwind.com" isn\'t valid because its domain "northwind.com" isn\'t an accepted domain of Contoso: use one of contoso.com, fabrikam.com';
    expect([answer.status, answer.body.error.message]).toEqual([400, text]);
    const hit = r.diagnostics.find((d) => d.startsWith("outside-desk: ") && d.includes("property primarySmtpAddress "));
    expect(hit, r.diagnostics.join("\n")).toContain(text);
    expect(await f.auditCount()).toBe(writes);
  }, 120_000);

  // The engine checks resources concurrently, so which of the two is checked second (and refused,
  // naming the other) is the engine's choice; either is right, and both when their checks overlap.
  it("preview refuses the second of two mailboxes of one deployment that declare one address in different case, and writes nothing", async () => {
    const writes = await f.auditCount();
    f.declare(() => {
      new SharedMailbox("desk-one", { displayName: "Desk One", primarySmtpAddress: "front.desk@contoso.com" });
      new SharedMailbox("desk-two", { displayName: "Desk Two", primarySmtpAddress: "Front.Desk@Contoso.com" });
    });
    const r = await f.preview();
    expect(r.error).toBeDefined();
    const refusals = [
      ["desk-two", '"Front.Desk@Contoso.com" is also declared by the shared mailbox "desk-one" of this deployment'],
      ["desk-one", '"front.desk@contoso.com" is also declared by the shared mailbox "desk-two" of this deployment'],
    ].filter(([name, text]) => r.diagnostics.some((d) => d.startsWith(`${name}: `) && d.includes("property primarySmtpAddress ") && d.includes(text!)));
    expect(refusals.length, r.diagnostics.join("\n")).toBeGreaterThanOrEqual(1);
    expect(await f.auditCount()).toBe(writes);
  }, 120_000);
});
