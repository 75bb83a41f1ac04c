import { describe, it, expect } from "vitest";
import { sharedMailboxProvider } from "../../../../provider/resources/shared-mailbox/provider";
import { checkDirectory, people, reasons } from "../fixtures";
import { fakeDirectory } from "../../fake-directory";
import { PERMISSION_DENIED_MESSAGE } from "../../../../schemas";

const directory = checkDirectory();

describe("SharedMailbox check refuses at plan time", () => {
  const p = sharedMailboxProvider(directory);
  it("sign-in asked for", async () => {
    const r = await p.check!({}, { displayName: "Desk", signInBlocked: false });
    expect(reasons(r)).toEqual([expect.stringMatching(/^signInBlocked: a shared mailbox's user account must stay blocked/)]);
  });
  it("a value of the wrong type as what it is, not as a missing argument; a missing one as required", async () => {
    expect(reasons(await p.check!({}, { displayName: "Desk", quotaGB: "lots" }))).toEqual([expect.stringMatching(/^quotaGB: Invalid input: expected number, received string/)]);
    expect(reasons(await p.check!({}, { quotaGB: 10 }))).toEqual(["displayName: is required"]);
  });
  it("a quota above 50 GB without a licence, and accepts it with one", async () => {
    expect(reasons(await p.check!({}, { displayName: "Desk", quotaGB: 80 }))).toEqual([expect.stringMatching(/^quotaGB: 80 GB is above the 50 GB/)]);
    expect(reasons(await p.check!({}, { displayName: "Desk", quotaGB: 80, licensed: true }))).toEqual([]);
  });
  it("an address another recipient holds, with Exchange's message", async () => {
    const r = await p.check!({}, { displayName: "Desk", primarySmtpAddress: "Adele.Vance@contoso.com" });
    expect(reasons(r)).toEqual([
      'primarySmtpAddress: The proxy address "SMTP:Adele.Vance@contoso.com" is already being used by the proxy addresses or LegacyExchangeDN of "Adele Vance". Please choose another proxy address.',
    ]);
  });
  it("an existing shared mailbox, saying how to adopt it", async () => {
    const r = await p.check!({}, { displayName: "Reception", primarySmtpAddress: "reception@contoso.com" });
    expect(reasons(r)).toEqual([expect.stringContaining("add adopt: true")]);
  });
  it("adopting a mailbox that differs, saying what differs", async () => {
    const r = await p.check!({}, { displayName: "Front Desk", primarySmtpAddress: "reception@contoso.com", adopt: true });
    expect(reasons(r)).toEqual(['displayName: adopt: the existing mailbox differs — displayName: declared "Front Desk", the tenant has "Reception"; change the declaration to match, or adopt it first and change it afterwards']);
  });
  it("adopting a mailbox that matches", async () => {
    expect(reasons(await p.check!({}, { displayName: "Reception", primarySmtpAddress: "reception@contoso.com", adopt: true }))).toEqual([]);
  });
  it("a read-only token, naming the role", async () => {
    const reader = sharedMailboxProvider(fakeDirectory(people, false));
    const r = await reader.check!({}, { displayName: "New Desk" });
    expect(reasons(r)[0]).toContain(PERMISSION_DENIED_MESSAGE);
    expect(reasons(r)[0]).toContain("GlobalReader");
  });
  it("an address outside the accepted domains, in the words the tenant would answer with", async () => {
    const r = await p.check!({}, { displayName: "Desk", primarySmtpAddress: "desk@contoso.org", additionalAddresses: ["desk@contoso.co.uk", "desk@fabrikam.com"] });
    expect(reasons(r)).toEqual([
      'primarySmtpAddress: The proxy address "SMTP:desk@contoso.org" isn\'t valid because its domain "contoso.org" isn\'t an accepted domain of Contoso Ltd: use one of contoso.com, contoso.co.uk',
      'additionalAddresses[1]: The proxy address "SMTP:desk@fabrikam.com" isn\'t valid because its domain "fabrikam.com" isn\'t an accepted domain of Contoso Ltd: use one of contoso.com, contoso.co.uk',
    ]);
  });
  it("the address Exchange would derive from the name, when another recipient holds it", async () => {
    const r = await p.check!({}, { displayName: "Adele.Vance" });
    expect(reasons(r)).toEqual([
      'displayName: The proxy address "SMTP:Adele.Vance@contoso.com" is already being used by the proxy addresses or LegacyExchangeDN of "Adele Vance". Please choose another proxy address. (Exchange derives it from the name: set primarySmtpAddress or another alias.)',
    ]);
  });
  it("a name another shared mailbox holds, and a rename onto another recipient's name: Exchange's words, then what holds it and what to set", async () => {
    // The first of two refusals: the alias Exchange would derive from that name is taken too.
    expect(reasons(await p.check!({}, { displayName: "Reception", primarySmtpAddress: "front@contoso.com" }))[0]).toBe(
      'displayName: The name "Reception" is already being used by another recipient ("Reception"). Please choose another name. It is a shared mailbox (reception@contoso.com); names are unique in the organisation: set name (it is the display name when left out) or another displayName.',
    );
    const renamed = await p.check!({ displayName: "Front Desk", primarySmtpAddress: "front@contoso.com" }, { displayName: "Sales", primarySmtpAddress: "front@contoso.com" });
    expect(reasons(renamed)).toEqual([
      'displayName: The name "Sales" is already being used by another recipient ("Sales"). Please choose another name. It is a distribution group (sales@contoso.com); names are unique in the organisation: set name (it is the display name when left out) or another displayName.',
    ]);
    const named = await p.check!({ displayName: "Front Desk", primarySmtpAddress: "front@contoso.com" }, { displayName: "Front Desk", name: "sales", primarySmtpAddress: "front@contoso.com" });
    expect(reasons(named)).toEqual([
      'name: The name "sales" is already being used by another recipient ("Sales"). Please choose another name. It is a distribution group (sales@contoso.com); names are unique in the organisation: set another name.',
    ]);
  });
  it("fills Exchange's defaults into the checked inputs", async () => {
    const r = await p.check!({}, { displayName: "New Desk" });
    expect(r.failures).toEqual([]);
    expect(r.inputs).toMatchObject({ signInBlocked: true, quotaGB: 50, licensed: false, copySentAsToMailbox: false, copySendOnBehalfToMailbox: false });
  });
});

describe("a soft-deleted mailbox that still holds what a new declaration wants", () => {
  const deletedDesk = {
    id: "old-desk", name: "Old Desk", displayName: "Old Desk", alias: "frontdesk", primarySmtpAddress: "frontdesk@contoso.com",
    emailAddresses: ["SMTP:frontdesk@contoso.com"], recipientTypeDetails: "SharedMailbox", accountDisabled: true,
    messageCopyForSentAsEnabled: false, messageCopyForSendOnBehalfEnabled: false, quotaGB: 50, licensed: false, hiddenFromAddressListsEnabled: false,
    whenSoftDeleted: "2026-11-20T09:00:00.000Z",
  };
  const withDeleted = () => {
    const d = fakeDirectory(people);
    (d as unknown as { client: unknown }).client = { find: async () => undefined, call: async () => ({ items: [deletedDesk] }) };
    return sharedMailboxProvider(d);
  };
  it("is found by the address Exchange would derive from the name when none is declared", async () => {
    const r = await withDeleted().check!({}, { displayName: "FrontDesk" });
    expect(reasons(r)).toEqual([expect.stringMatching(/^displayName: the shared mailbox "Old Desk" \(frontdesk@contoso.com\) was deleted on 2026-11-20T09:00:00.000Z/)]);
  });
  it("is not in the way of a declaration that wants none of its addresses or names", async () => {
    expect((await withDeleted().check!({}, { displayName: "Back Office", primarySmtpAddress: "back-office@contoso.com" })).failures).toEqual([]);
  });
});
