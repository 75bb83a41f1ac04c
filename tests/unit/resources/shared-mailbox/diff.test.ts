import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { sharedMailboxProvider } from "../../../../provider/resources/shared-mailbox/provider";
import { createBody, declarationOf, inputsOf, stateOf, updateBody } from "../../../../provider/resources/shared-mailbox/model";
import { diffDirectory } from "../fixtures";

const directory = diffDirectory();

describe("SharedMailbox diff: every property changes in place, nothing replaces", () => {
  const provider = sharedMailboxProvider(directory);
  const state = {
    mailboxId: "desk",
    name: "Sales Desk",
    displayName: "Sales Desk",
    alias: "sales-desk",
    primarySmtpAddress: "sales-desk@contoso.com",
    emailAddresses: ["SMTP:sales-desk@contoso.com", "smtp:sales-desk@contoso.co.uk"],
    additionalAddresses: ["sales-desk@contoso.co.uk"],
    copySentAsToMailbox: false,
    copySendOnBehalfToMailbox: false,
    quotaGB: 50,
    licensed: false,
    signInBlocked: true,
  };
  const declared = { displayName: "Sales Desk", alias: "sales-desk", primarySmtpAddress: "sales-desk@contoso.com", additionalAddresses: ["sales-desk@contoso.co.uk"] };

  it.each([
    ["displayName", { displayName: "Sales Desk (EMEA)" }],
    ["name", { name: "Sales Desk EMEA" }],
    ["alias", { alias: "salesdesk" }],
    ["primarySmtpAddress", { primarySmtpAddress: "desk@contoso.com" }],
    ["additionalAddresses", { additionalAddresses: ["desk@contoso.co.uk"] }],
    ["copySentAsToMailbox", { copySentAsToMailbox: true }],
    ["copySendOnBehalfToMailbox", { copySendOnBehalfToMailbox: true }],
    ["quotaGB", { quotaGB: 40 }],
    ["licensed", { licensed: true }],
    ["hiddenFromAddressLists", { hiddenFromAddressLists: true }],
  ])("a new %s is an in-place update", async (_field, change) => {
    const d = await provider.diff!("desk", state, { ...declared, ...change });
    expect(d).toMatchObject({ changes: true, replaces: [] });
  });

  it.each([
    ["the same declaration", {}],
    ["an address in other letter case", { primarySmtpAddress: "Sales-Desk@Contoso.com" }],
    ["an additional address in other letter case", { additionalAddresses: ["SALES-DESK@contoso.co.uk"] }],
    ["no alias declared (derived by Exchange)", { alias: undefined }],
    ["adopt added after the fact", { adopt: true }],
  ])("%s shows no change", async (_what, change) => {
    const d = await provider.diff!("desk", state, { ...declared, ...change });
    expect(d.changes).toBe(false);
  });

  it("a state written before a field with a default existed (it lacks the key) shows no change while the declaration keeps the default", async () => {
    const { licensed: _, ...older } = state;
    expect((await provider.diff!("desk", older, declared)).changes).toBe(false);
    expect((await provider.diff!("desk", older, { ...declared, licensed: true })).changes).toBe(true);
  });

  it("sign-in unblocked by hand (state after refresh) is a change back to blocked", async () => {
    const d = await provider.diff!("desk", { ...state, signInBlocked: false }, declared);
    expect(d.changes).toBe(true);
  });
});

describe("letter case never makes a diff", () => {
  const randomCase = (s: string) =>
    fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((flips) => [...s].map((c, i) => (flips[i] ? c.toUpperCase() : c.toLowerCase())).join(""));

  it("of a mailbox's addresses and alias", async () => {
    const provider = sharedMailboxProvider(directory);
    const state = {
      mailboxId: "desk", name: "Sales Desk", displayName: "Sales Desk", alias: "sales-desk",
      primarySmtpAddress: "sales-desk@contoso.com", emailAddresses: ["SMTP:sales-desk@contoso.com", "smtp:sales-desk@contoso.co.uk"],
      additionalAddresses: ["sales-desk@contoso.co.uk"], copySentAsToMailbox: false, copySendOnBehalfToMailbox: false, quotaGB: 50, licensed: false, signInBlocked: true,
    };
    await fc.assert(
      fc.asyncProperty(randomCase("sales-desk@contoso.com"), randomCase("sales-desk@contoso.co.uk"), randomCase("sales-desk"), async (primary, extra, alias) => {
        const d = await provider.diff!("desk", state, { displayName: "Sales Desk", primarySmtpAddress: primary, additionalAddresses: [extra], alias });
        return d.changes === false;
      }),
    );
  });
});

describe("SharedMailbox read: the inputs it reports are only what the program declared", () => {
  const live = {
    id: "desk", name: "Sales Desk", displayName: "Sales Desk (renamed)", alias: "sales-desk", primarySmtpAddress: "sales-desk@contoso.com",
    emailAddresses: ["SMTP:sales-desk@contoso.com"], recipientTypeDetails: "SharedMailbox" as const, accountDisabled: true,
    messageCopyForSentAsEnabled: false, messageCopyForSendOnBehalfEnabled: false, quotaGB: 50, licensed: false, hiddenFromAddressListsEnabled: false, totalItemSizeGB: 0,
    quotaState: "Normal" as const, isSoftDeleted: false, whenSoftDeleted: null, grantSendOnBehalfTo: [], whenCreated: "2026-11-27T00:00:00Z", whenChanged: "2026-11-27T00:00:00Z",
  };
  it("an alias and a name Exchange derived are not reported, so a plan never shows them as removed", () => {
    const declared = { displayName: "Sales Desk", primarySmtpAddress: "sales-desk@contoso.com" };
    const state = stateOf(live, declared);
    expect(state.declaredKeys).toEqual(["primarySmtpAddress"]);
    const inputs = inputsOf(live, state);
    expect(inputs).toMatchObject({ displayName: "Sales Desk (renamed)", primarySmtpAddress: "sales-desk@contoso.com" });
    expect(inputs.alias).toBeUndefined();
    expect(inputs.name).toBeUndefined();
  });
  it("hiddenFromAddressLists is read from the tenant's hiddenFromAddressListsEnabled, sent on create and update, and exported only when set", () => {
    const hidden = { ...live, hiddenFromAddressListsEnabled: true };
    expect(stateOf(hidden, { displayName: "Sales Desk" }).hiddenFromAddressLists).toBe(true);
    expect(inputsOf(hidden, {}).hiddenFromAddressLists).toBe(true);
    expect(createBody({ displayName: "Sales Desk", hiddenFromAddressLists: true })).toMatchObject({ hiddenFromAddressListsEnabled: true });
    expect(updateBody(live, {}, { displayName: live.displayName, hiddenFromAddressLists: true })).toEqual({ hiddenFromAddressListsEnabled: true });
    expect(declarationOf(hidden)).toMatchObject({ hiddenFromAddressLists: true });
    expect(declarationOf(live)).not.toHaveProperty("hiddenFromAddressLists");
  });
  it("declared ones are reported with the live value, in the declared spelling when it means the same", () => {
    const state = stateOf(live, { displayName: "Sales Desk", alias: "Sales-Desk", name: "Sales Desk" });
    expect(inputsOf(live, { ...state, alias: "Sales-Desk" })).toMatchObject({ alias: "Sales-Desk", name: "Sales Desk" });
  });
});
