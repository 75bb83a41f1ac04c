import { describe, it, expect } from "vitest";
import { ProgramMailboxes, declaredIdentity, declaredLaterMessage, derivedAddressOwner } from "../../../provider/resources/program-mailboxes";

/** Which SharedMailbox of a program a literal `mailbox` names: the tenant's identity rule, over the declarations. */
describe("a literal mailbox matched against the SharedMailboxes a program declared", () => {
  const reception = { displayName: "Reception Desk", primarySmtpAddress: "reception@contoso.com", additionalAddresses: ["front@contoso.com"] };

  it.each([
    ["its primary address, in another case", "Reception@CONTOSO.com"],
    ["an additional address with Exchange's prefix", "smtp:front@contoso.com"],
    ["its name (the display name when no name is declared)", "reception desk"],
    ["its alias, derived from the name", "RECEPTIONDESK"],
  ])("finds the mailbox by %s", (_what, literal) => {
    const program = new ProgramMailboxes<string>();
    program.declareMailbox("reception", reception, "reception-resource");
    expect(program.find(literal)?.resource).toBe("reception-resource");
  });

  it("finds nothing for another recipient, the resource name, or a literal that two mailboxes answer to", () => {
    const program = new ProgramMailboxes<string>();
    program.declareMailbox("reception", reception, "r1");
    program.declareMailbox("info", { displayName: "Info", alias: "receptiondesk" }, "r2");
    expect(program.find("adele.vance@contoso.com")).toBeUndefined();
    expect(program.find("info@contoso.com")).toBeUndefined(); // not its derived address either: its alias is receptiondesk
    expect(program.find("receptiondesk")).toBeUndefined(); // alias of one, derived alias of the other: ambiguous, never guessed
    expect(program.find("reception")).toBeUndefined(); // a Pulumi resource name is no identity in the tenant
  });

  it.each([
    ["the alias derived from its name, in another case", { displayName: "Sales Desk" }, "SALESDESK@contoso.com"],
    ["its declared alias, at a domain the program cannot check", { displayName: "Sales Desk", alias: "sales" }, "Sales@fabrikam.com"],
    ["its declared alias, with Exchange's prefix", { displayName: "Sales Desk", alias: "sales" }, "SMTP:sales@contoso.com"],
  ])("finds a mailbox that declares no address by its derived address: %s", (_what, args, literal) => {
    const program = new ProgramMailboxes<string>();
    program.declareMailbox("reception", reception, "r1");
    program.declareMailbox("sales", args, "sales-resource");
    expect(program.find(literal)?.resource).toBe("sales-resource");
  });

  it("takes no derived address for a mailbox with an address of its own, or that two mailboxes' aliases answer to", () => {
    const program = new ProgramMailboxes<string>();
    program.declareMailbox("reception", reception, "r1"); // derived alias receptiondesk, its own primary address
    program.declareMailbox("converted", { displayName: "Leaver", alias: "leaver", convertFrom: "tomas.novak@contoso.com" }, "r2");
    program.declareMailbox("unknown", { displayName: "Later", primarySmtpAddress: { an: "output" } }, "r3");
    expect(program.find("receptiondesk@contoso.com")).toBeUndefined(); // its address is reception@contoso.com
    expect(program.find("leaver@contoso.com")).toBeUndefined(); // keeps the converted user mailbox's address
    expect(program.find("later@contoso.com")).toBeUndefined(); // an address only known later is still its own
    program.declareMailbox("info", { displayName: "Info", alias: "ReceptionDesk" }, "r4");
    expect(program.find("receptiondesk@contoso.com")).toBeUndefined(); // two aliases answer: never guessed
    expect(program.find("info@contoso.com")).toBeUndefined();
    for (const notAnAddress of ["@contoso.com", "info@"]) expect(program.find(notAnAddress), notAnAddress).toBeUndefined();
    expect(derivedAddressOwner([{ alias: "", ownPrimaryAddress: false }], "@contoso.com")).toBeUndefined();
  });

  it("a literal remembered before the mailbox whose derived address it is comes back when that mailbox is declared", () => {
    const program = new ProgramMailboxes<string>();
    program.remember({ kind: "MailboxPermission", resourceName: "adele", literal: "salesdesk@contoso.com", resource: "adele-resource" });
    expect(program.declareMailbox("reception", reception, "r1")).toEqual([]);
    expect(program.declareMailbox("sales", { displayName: "Sales Desk" }, "r2").map((ref) => ref.resourceName)).toEqual(["adele"]);
  });

  it("a value only known later (an Output) matches nothing", () => {
    expect(declaredIdentity({ displayName: "Desk", name: { an: "output" }, primarySmtpAddress: { an: "output" } })).toEqual({ name: "", alias: "", emailAddresses: [] });
  });

  it("a literal remembered before its mailbox is returned once, when that mailbox is declared", () => {
    const program = new ProgramMailboxes<string>();
    program.remember({ kind: "ForwardingRule", resourceName: "fwd", literal: "Reception@contoso.com", resource: "fwd-resource" });
    program.remember({ kind: "AutoReply", resourceName: "other", literal: "other@contoso.com", resource: "other-resource" });
    expect(program.declareMailbox("reception", reception, "r").map((ref) => ref.resourceName)).toEqual(["fwd"]);
    expect(program.declareMailbox("again", { displayName: "Again", additionalAddresses: ["reception@contoso.com"] }, "r2")).toEqual([]);
  });

  it("the warning names both resources, the literal, and what to pass instead", () => {
    expect(declaredLaterMessage({ kind: "MailboxPermission", resourceName: "adele", literal: "reception@contoso.com" }, "reception")).toMatch(
      /^MailboxPermission "adele" names its mailbox by the literal "reception@contoso.com", which is SharedMailbox "reception" of this program, declared after it: .*Pass the mailbox's output instead \(mailbox: <the SharedMailbox>\.primarySmtpAddress\), or declare the SharedMailbox before it\.$/,
    );
  });
});
