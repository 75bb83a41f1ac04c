import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { mailboxPermissionProvider } from "../../../../provider/resources/mailbox-permission/provider";
import { UNKNOWN_DURING_PREVIEW } from "../../../../schemas";
import { diffDirectory } from "../fixtures";

const directory = diffDirectory();

describe("MailboxPermission diff: a grant's mailbox, trustee, right and auto-mapping replace it", () => {
  const provider = mailboxPermissionProvider(directory);
  const state = { mailbox: "sales-desk@contoso.com", trustee: "adele.vance@contoso.com", accessRights: "FullAccess", autoMapping: true, mailboxId: "desk", trusteeId: "adele" };
  const declared = { mailbox: "sales-desk@contoso.com", trustee: "adele.vance@contoso.com", accessRights: "FullAccess" };

  it.each([
    ["mailbox", { mailbox: "other-desk@contoso.com" }, false],
    ["trustee", { trustee: "alex.wilber@contoso.com" }, false],
    ["accessRights", { accessRights: "SendAs", autoMapping: undefined }, false],
    ["autoMapping", { autoMapping: false }, true],
  ])("a new %s replaces the grant (delete first: %s)", async (field, change, deleteFirst) => {
    const d = await provider.diff!("g", state, { ...declared, ...change });
    expect(d.changes).toBe(true);
    expect(d.replaces).toContain(field);
    expect(d.deleteBeforeReplace).toBe(deleteFirst);
  });

  it.each([
    ["the same declaration", {}],
    ["the trustee named by alias instead of address", { trustee: "adele.vance" }],
    ["the mailbox named by id", { mailbox: "desk" }],
    ["auto-mapping declared as its default", { autoMapping: true }],
  ])("%s shows no change", async (_what, change) => {
    expect((await provider.diff!("g", state, { ...declared, ...change })).changes).toBe(false);
  });

  it("a mailbox not yet known during preview is a replace", async () => {
    const d = await provider.diff!("g", state, { ...declared, mailbox: UNKNOWN_DURING_PREVIEW });
    expect(d.replaces).toEqual(["mailbox"]);
  });

  it("a trustee not yet known during preview is a replace for the trustee alone: auto-mapping, which depends on who it is, is not compared", async () => {
    const forGroup = { ...state, trustee: "support-leads@contoso.com", trusteeId: "leads", autoMapping: false };
    const d = await provider.diff!("g", forGroup, { ...declared, trustee: UNKNOWN_DURING_PREVIEW });
    expect(d.replaces).toEqual(["trustee"]);
    expect(d.deleteBeforeReplace).toBe(false);
  });

  it("a FullAccess grant declared as SendAs is replaced for its right: auto-mapping means nothing for SendAs", async () => {
    const d = await provider.diff!("g", state, { ...declared, accessRights: "SendAs" });
    expect(d.replaces).toEqual(["accessRights"]);
    expect(d.deleteBeforeReplace).toBe(false);
  });

  it("a SendAs grant declared as FullAccess is replaced for its right and its auto-mapping (now true), the new grant first", async () => {
    const sendAs = { ...state, accessRights: "SendAs", autoMapping: false };
    const d = await provider.diff!("g", sendAs, declared);
    expect(d.replaces).toEqual(["accessRights", "autoMapping"]);
    expect(d.deleteBeforeReplace).toBe(false);
  });
});

describe("letter case never makes a diff", () => {
  const randomCase = (s: string) =>
    fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((flips) => [...s].map((c, i) => (flips[i] ? c.toUpperCase() : c.toLowerCase())).join(""));

  it("of a grant's mailbox and trustee", async () => {
    const provider = mailboxPermissionProvider(directory);
    const state = { mailbox: "sales-desk@contoso.com", trustee: "adele.vance@contoso.com", accessRights: "FullAccess", autoMapping: true, mailboxId: "desk", trusteeId: "adele" };
    await fc.assert(
      fc.asyncProperty(randomCase("sales-desk@contoso.com"), randomCase("adele.vance"), async (mailbox, trustee) => {
        const d = await provider.diff!("g", state, { mailbox, trustee, accessRights: "FullAccess" });
        return d.changes === false;
      }),
    );
  });
});
