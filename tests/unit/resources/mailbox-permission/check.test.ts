import { describe, it, expect } from "vitest";
import { sharedMailboxProvider } from "../../../../provider/resources/shared-mailbox/provider";
import { mailboxPermissionProvider } from "../../../../provider/resources/mailbox-permission/provider";
import { checkDirectory, people, reasons } from "../fixtures";
import { fakeDirectory } from "../../fake-directory";
import { UNKNOWN_DURING_PREVIEW } from "../../../../schemas";

const directory = checkDirectory();

describe("MailboxPermission check refuses at plan time", () => {
  const p = mailboxPermissionProvider(directory);
  it.each([
    [{ trustee: "sales@contoso.com", accessRights: "FullAccess" }, /^trustee: "sales@contoso.com" is a distribution group; FullAccess can be granted only to/],
    [{ trustee: "jill.frank@fabrikam.com", accessRights: "SendAs" }, /^trustee: .*only people within your organization/],
    [{ trustee: "someone@gmail.com", accessRights: "SendAs" }, /^trustee: "someone@gmail.com" is not a recipient of this organisation/],
    [{ trustee: "support-leads@contoso.com", accessRights: "FullAccess", autoMapping: true }, /^autoMapping: auto-mapping does nothing for a group/],
    [{ trustee: "adele.vance@contoso.com", accessRights: "SendAs", autoMapping: true }, /^autoMapping: applies only to FullAccess/],
    [{ trustee: "adele.vance@contoso.com", accessRights: "ReadOnly" }, /^accessRights: /],
  ])("%j", async (args, expected) => {
    const r = await p.check!({}, { mailbox: "reception@contoso.com", ...args });
    expect(reasons(r)).toEqual([expect.stringMatching(expected)]);
  });
  it("checks the trustee while the mailbox is still unknown during preview", async () => {
    const r = await p.check!({}, { mailbox: UNKNOWN_DURING_PREVIEW, trustee: "sales@contoso.com", accessRights: "FullAccess" });
    expect(reasons(r)).toEqual([expect.stringMatching(/^trustee: .*distribution group/)]);
  });
  it("accepts SendOnBehalf for a distribution group and fills the auto-mapping default", async () => {
    expect((await p.check!({}, { mailbox: "reception", trustee: "sales", accessRights: "SendOnBehalf" })).failures).toEqual([]);
    const r = await p.check!({}, { mailbox: "reception", trustee: "adele.vance", accessRights: "FullAccess" });
    expect(r.inputs.autoMapping).toBe(true);
  });
});

describe("a mailbox this deployment creates, named by grants in the same preview", () => {
  it("is known to the grants' checks once its own check passed, and its type still counts", async () => {
    const d = fakeDirectory(people);
    (d as unknown as { client: unknown }).client = { find: async () => undefined, call: async () => ({ items: [] }) };
    const grant = mailboxPermissionProvider(d);
    const before = await grant.check!({}, { mailbox: "new-desk@contoso.com", trustee: "adele.vance", accessRights: "FullAccess" });
    expect(reasons(before)).toEqual([expect.stringMatching(/^mailbox: no recipient "new-desk@contoso.com" in the tenant/)]);
    expect((await sharedMailboxProvider(d).check!({}, { displayName: "New Desk", primarySmtpAddress: "new-desk@contoso.com" })).failures).toEqual([]);
    expect((await grant.check!({}, { mailbox: "new-desk@contoso.com", trustee: "adele.vance", accessRights: "FullAccess" })).failures).toEqual([]);
    const wrong = await grant.check!({}, { mailbox: "new-desk@contoso.com", trustee: "sales", accessRights: "FullAccess" });
    expect(reasons(wrong)).toEqual([expect.stringMatching(/^trustee: "sales" is a distribution group/)]);
  });
});

describe("a grant that already exists on the mailbox", () => {
  /** A tenant holding Adele's FullAccess (without auto-mapping) and SendAs on Reception; no create of this deployment made them. */
  function withGrants() {
    const d = fakeDirectory(people);
    const grant = (accessRights: string, autoMapping: boolean) => ({
      id: `reception/${accessRights}/adele`, targetId: "reception", trusteeId: "adele", trusteeAddress: "adele.vance@contoso.com", accessRights, autoMapping, isSystem: false,
    });
    (d as unknown as { client: unknown }).client = {
      call: async () => ({ items: [] }),
      find: async (name: string) => (name === "listGrants" ? { items: [grant("FullAccess", false), grant("SendAs", false)] } : undefined),
    };
    return mailboxPermissionProvider(d);
  }
  const fullAccess = { mailbox: "reception", trustee: "adele.vance", accessRights: "FullAccess", __deployment: "proj/dev/adele" };

  it("is refused without adopt, naming the trustee and saying to add adopt: true", async () => {
    expect(reasons(await withGrants().check!({}, fullAccess))).toEqual(['trustee: "adele.vance" already holds FullAccess on "reception": to manage that grant with this program add adopt: true']);
  });
  it("is refused for adoption while its auto-mapping differs from the declaration's (Exchange's default true for a person), saying what to declare", async () => {
    expect(reasons(await withGrants().check!({}, { ...fullAccess, adopt: true }))).toEqual(["autoMapping: adopt: the existing grant has autoMapping false; declare autoMapping: false to adopt it"]);
  });
  it("is adopted when it matches: FullAccess with the same auto-mapping, SendAs whatever auto-mapping (it means nothing there)", async () => {
    expect((await withGrants().check!({}, { ...fullAccess, adopt: true, autoMapping: false })).failures).toEqual([]);
    expect((await withGrants().check!({}, { ...fullAccess, accessRights: "SendAs", adopt: true })).failures).toEqual([]);
  });
});
