import { describe, it, expect } from "vitest";
import { AddGrantBody, Grant, type Recipient } from "../../../../schemas";
import { mailboxPermission } from "../../../../provider/resources/mailbox-permission/descriptor";
import { argsOf, effectiveArgs, grantBody, settingsOf, stateOf } from "../../../../provider/resources/mailbox-permission/model";
import { inputsOf, liveArgs, stateValues } from "../../../../provider/resources/fields";

const grant = (right: Grant["accessRights"], autoMapping: boolean): Grant => ({
  id: `desk/${right}/adele`, targetId: "desk", trusteeId: "adele", trusteeAddress: "adele.vance@contoso.com", accessRights: right, autoMapping, isSystem: false,
});
const person = { id: "adele", recipientTypeDetails: "UserMailbox" } as Recipient;
const group = { id: "leads", recipientTypeDetails: "MailUniversalSecurityGroup" } as Recipient;
const ids: Record<string, string> = { "adele.vance@contoso.com": "adele", "Adele Vance": "adele" };
const resolveId = async (ref: unknown) => ids[String(ref)] ?? `no such recipient ${String(ref)}`;
const noDirectory = {};

describe("MailboxPermission's mapping, read from its descriptor", () => {
  it("names only properties the tenant's grant has and body keys Add-MailboxPermission accepts", () => {
    for (const f of Object.values(mailboxPermission.fields) as { tenant?: string; sets?: string; exported?: string; stateKey?: string }[]) {
      if (f.tenant) expect(Object.keys(Grant.shape)).toContain(f.tenant);
      if (f.exported) expect(Object.keys(Grant.shape)).toContain(f.exported);
      if (f.sets) expect(Object.keys(AddGrantBody.shape)).toContain(f.sets);
      if (f.stateKey) expect(mailboxPermission.outputs).toContain(f.stateKey);
    }
  });

  it("takes auto-mapping as it takes effect: true for a person, false for a group, false for SendAs and SendOnBehalf, as declared otherwise", () => {
    const a = { mailbox: "desk", trustee: "adele.vance@contoso.com", accessRights: "FullAccess" as const };
    expect(effectiveArgs(a, person).autoMapping).toBe(true);
    expect(effectiveArgs(a, group).autoMapping).toBe(false);
    expect(effectiveArgs({ ...a, autoMapping: false }, person).autoMapping).toBe(false);
    expect(effectiveArgs({ ...a, accessRights: "SendAs" }, person).autoMapping).toBe(false);
    expect(effectiveArgs({ ...a, accessRights: "SendOnBehalf" }, group).autoMapping).toBe(false);
  });

  it("sends the trustee by its id, the right, and auto-mapping only for FullAccess; never the mailbox (it is in the path) or adopt", async () => {
    const fullAccess = await grantBody({ mailbox: "desk", trustee: "Adele Vance", accessRights: "FullAccess", autoMapping: false, adopt: true }, resolveId);
    expect(fullAccess).toEqual({ trustee: "adele", accessRights: "FullAccess", autoMapping: false });
    expect(AddGrantBody.parse(fullAccess)).toEqual(fullAccess);
    const sendAs = await grantBody({ mailbox: "desk", trustee: "adele.vance@contoso.com", accessRights: "SendAs", autoMapping: false }, resolveId);
    expect(sendAs).toEqual({ trustee: "adele", accessRights: "SendAs", autoMapping: undefined });
    expect(AddGrantBody.parse(sendAs)).toEqual({ trustee: "adele", accessRights: "SendAs" });
  });

  it("keeps the declaration in state with the right and auto-mapping as the tenant has them, the mailbox and trustee ids as outputs, and reads them back", () => {
    const state = stateOf({ mailbox: "Sales Desk", trustee: "Adele Vance", accessRights: "FullAccess" }, grant("FullAccess", false), "2026-11-28T04:00:00.000Z");
    expect(state).toEqual({
      mailbox: "Sales Desk", trustee: "Adele Vance", accessRights: "FullAccess", autoMapping: false,
      mailboxId: "desk", trusteeId: "adele", trusteeAddress: "adele.vance@contoso.com", grantId: "desk/FullAccess/adele", createdAt: "2026-11-28T04:00:00.000Z",
    });
    expect(stateValues(mailboxPermission, state)).toEqual({ mailbox: "desk", trustee: "adele", accessRights: "FullAccess", autoMapping: false, adopt: undefined });
    expect(argsOf(state)).toEqual({ mailbox: "Sales Desk", trustee: "Adele Vance", accessRights: "FullAccess", autoMapping: false });
    expect(stateOf(argsOf(state), grant("FullAccess", false), undefined)).not.toHaveProperty("createdAt");
  });

  it("reads a grant back as the declaration that makes it: mailbox, trustee and right as declared (the grant was found by them), auto-mapping as the tenant has it", async () => {
    const declared = { mailbox: "Sales Desk", trustee: "Adele Vance", accessRights: "FullAccess" as const, autoMapping: true, adopt: true };
    expect(await inputsOf(mailboxPermission, declared, liveArgs(mailboxPermission, grant("FullAccess", false)), noDirectory)).toEqual({ ...declared, autoMapping: false });
    const sendAs = { ...declared, accessRights: "SendAs" as const, autoMapping: false };
    expect(await inputsOf(mailboxPermission, sendAs, liveArgs(mailboxPermission, grant("SendAs", false)), noDirectory)).toEqual(sendAs);
  });

  it("writes a live grant for export as its list's entry: the trustee by address, auto-mapping only for FullAccess", () => {
    expect(settingsOf(grant("FullAccess", false))).toEqual({ trustee: "adele.vance@contoso.com", autoMapping: false });
    expect(Object.keys(settingsOf(grant("FullAccess", true)))).toEqual(["trustee", "autoMapping"]);
    expect(settingsOf(grant("SendAs", false))).toEqual({ trustee: "adele.vance@contoso.com" });
    expect(settingsOf(grant("SendOnBehalf", false))).toEqual({ trustee: "adele.vance@contoso.com" });
  });
});
