import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, it, expect } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { SharedMailboxArgs, MailboxPermissionArgs, ForwardingRuleArgs, AutoReplyArgs, MailboxAccessArgs } from "../../schemas";
import { DeclarationsFile, MailboxDeclaration, declarationsJsonSchema } from "../../schemas/declarations";
import {
  planYaml,
  loadDeclarations,
  DeclarationsError,
  mailboxResourceName,
  grantResourceName,
  formatPath,
  plannedResources,
} from "../../provider/declarations";
import { JSON_SCHEMA_FILE, jsonSchemaText } from "../../scripts/generate-json-schema";

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "yaml", "mailboxes.yaml");

/** The DeclarationsError planYaml throws for `text`. */
function problemsOf(text: string, file = "decl.yaml"): DeclarationsError {
  try {
    planYaml(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(DeclarationsError);
    return e as DeclarationsError;
  }
  throw new Error("expected the declarations to be refused");
}

const keys = (schema: { shape: object }) => Object.keys(schema.shape).sort();

describe("the declarations schema is built from the resources' arguments", () => {
  it("a mailbox entry takes every SharedMailboxArgs field, plus the grants and settings", () => {
    expect(keys(MailboxDeclaration)).toEqual(
      [...keys(SharedMailboxArgs), "fullAccess", "sendAs", "sendOnBehalf", "access", "forwarding", "autoReply"].sort(),
    );
  });

  it("each sub-entry takes its resource's fields minus mailbox (and minus what the list says)", () => {
    const shape = MailboxDeclaration.shape;
    const grantKeys = (list: typeof shape.fullAccess) => keys((list.unwrap().element.options[1] as unknown) as { shape: object });
    const minus = (all: string[], ...drop: string[]) => all.filter((k) => !drop.includes(k));
    expect(grantKeys(shape.fullAccess)).toEqual(minus(keys(MailboxPermissionArgs), "mailbox", "accessRights"));
    expect(grantKeys(shape.sendAs)).toEqual(minus(keys(MailboxPermissionArgs), "mailbox", "accessRights", "autoMapping"));
    expect(grantKeys(shape.sendOnBehalf)).toEqual(minus(keys(MailboxPermissionArgs), "mailbox", "accessRights", "autoMapping"));
    expect(keys(shape.forwarding.unwrap())).toEqual(minus(keys(ForwardingRuleArgs), "mailbox"));
    expect(keys(shape.autoReply.unwrap())).toEqual(minus(keys(AutoReplyArgs), "mailbox"));
    expect(keys(shape.access.unwrap())).toEqual(minus(keys(MailboxAccessArgs), "mailbox"));
  });

  it("accepts the YAML example and a file with no mailboxes", () => {
    expect(() => planYaml(fs.readFileSync(EXAMPLE, "utf8"), EXAMPLE)).not.toThrow();
    expect(DeclarationsFile.parse({ mailboxes: [] })).toEqual({ mailboxes: [] });
  });

  it("applies the automatic-reply rules of AutoReplyArgs to an autoReply entry", () => {
    const r = MailboxDeclaration.safeParse({ displayName: "D", autoReply: { state: "Enabled", externalMessage: "only outside" } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ["autoReply", "internalMessage"] });
    expect(r.error!.issues[0].message).toContain("not possible to send a reply only to people outside");
  });
});

describe("the committed JSON Schema", () => {
  it("is what scripts/generate-json-schema writes (run `npm run build && node dist/scripts/generate-json-schema.js` after changing a schema)", () => {
    expect(fs.readFileSync(JSON_SCHEMA_FILE, "utf8")).toBe(jsonSchemaText());
  });

  it("refuses unknown keys and lists the fields of each entry", () => {
    const schema = declarationsJsonSchema() as any;
    const entry = schema.properties.mailboxes.items;
    expect(schema.additionalProperties).toBe(false);
    expect(entry.additionalProperties).toBe(false);
    expect(entry.required).toEqual(["displayName"]);
    expect(Object.keys(entry.properties)).toEqual(Object.keys(MailboxDeclaration.shape));
    expect(entry.properties.fullAccess.items.anyOf[1].additionalProperties).toBe(false);
    expect(entry.properties.autoReply.properties.state.enum).toEqual(["Enabled", "Disabled", "Scheduled"]);
  });
});

describe("the YAML example's resources", () => {
  const plan = planYaml(fs.readFileSync(EXAMPLE, "utf8"), EXAMPLE);

  it("one mailbox per entry, named by alias or address, its grants named <mailbox>-<right>-<trustee>", () => {
    expect(plan.map((m) => m.name)).toEqual(["support-desk", "events"]);
    const [desk, events] = plan;
    expect(desk.args).toEqual({
      displayName: "Support Desk",
      alias: "support-desk",
      primarySmtpAddress: "support-desk@contoso.com",
      copySentAsToMailbox: true,
    });
    expect(desk.grants.map((g) => [g.name, g.accessRights, g.trustee, g.autoMapping])).toEqual([
      ["support-desk-full-access-helpdesk-agents", "FullAccess", "helpdesk-agents@contoso.com", false],
      ["support-desk-full-access-nestor.wilke", "FullAccess", "nestor.wilke@contoso.com", undefined],
      ["support-desk-full-access-christie.cline", "FullAccess", "christie.cline@contoso.com", undefined],
      ["support-desk-send-as-nestor.wilke", "SendAs", "nestor.wilke@contoso.com", undefined],
    ]);
    expect(desk.forwarding).toEqual({ name: "support-desk-forwarding", args: { forwardTo: "nightshift@northwindtraders.com", keepCopy: true } });
    expect(desk.autoReply).toBeUndefined();
    expect(events.grants.map((g) => g.name)).toEqual(["events-send-on-behalf-marketing"]);
    expect(events.forwarding).toBeUndefined();
    expect(events.autoReply).toMatchObject({ name: "events-auto-reply", args: { state: "Enabled", externalAudience: "All" } });
  });
});

describe("an access block: all of a mailbox's delegate access in one MailboxAccess", () => {
  const ACCESS = [
    "mailboxes:",
    "  - displayName: Sales Desk",
    "    primarySmtpAddress: sales-desk@contoso.com",
    "    access:",
    "      members: [adele.vance@contoso.com]",
    "      fullAccess: [support-leads@contoso.com]",
    "      sendOnBehalf: [megan.bowen@contoso.com]",
    "      autoMapping: { support-leads@contoso.com: false }",
  ].join("\n");

  it("declares one MailboxAccess named <mailbox>-access, on the mailbox, and no grants", () => {
    const plan = planYaml(ACCESS, "f.yaml");
    expect(plan[0].grants).toEqual([]);
    expect(plannedResources(plan).map((r) => [r.kind, r.name, r.path.join(".")])).toEqual([
      ["SharedMailbox", "sales-desk", "mailboxes.0"],
      ["MailboxAccess", "sales-desk-access", "mailboxes.0.access"],
    ]);
    expect(plannedResources(plan)[1].inputs).toEqual({
      mailbox: "sales-desk@contoso.com",
      members: ["adele.vance@contoso.com"],
      fullAccess: ["support-leads@contoso.com"],
      sendOnBehalf: ["megan.bowen@contoso.com"],
      autoMapping: { "support-leads@contoso.com": false },
    });
  });

  it("cannot stand beside the entry's own grant lists: each list is refused with its line", () => {
    const e = problemsOf(`${ACCESS}\n    sendAs: [lee.gu@contoso.com]\n`);
    expect(e.problems).toEqual([
      {
        path: "mailboxes[0].sendAs",
        line: 9,
        column: 5,
        message: "cannot stand beside access, which declares all of the mailbox's delegate access: move these trustees into access.sendAs (or access.members for FullAccess and SendAs together)",
      },
    ]);
  });

  it("refuses a key MailboxAccess does not take, naming the fields it does", () => {
    const e = problemsOf(`${ACCESS}\n      readers: [lee.gu@contoso.com]\n`);
    expect(e.problems).toEqual([
      expect.objectContaining({ path: "mailboxes[0].access.readers", line: 9, message: "is not a field here; the fields are members, fullAccess, sendAs, sendOnBehalf, autoMapping, adopt" }),
    ]);
  });
});

describe("resource names", () => {
  it("come from the alias, else the address's local part, else the alias Exchange derives from the name", () => {
    expect(mailboxResourceName({ displayName: "Sales Desk", alias: "Sales-Desk", primarySmtpAddress: "desk@contoso.com" })).toBe("sales-desk");
    expect(mailboxResourceName({ displayName: "Sales Desk", primarySmtpAddress: "sales.desk@contoso.com" })).toBe("sales.desk");
    expect(mailboxResourceName({ displayName: "Sales Desk (EMEA)" })).toBe("salesdeskemea");
    expect(mailboxResourceName({ displayName: "Desk", name: "Front Desk" })).toBe("frontdesk");
    expect(grantResourceName("desk", "SendOnBehalf", "Megan.Bowen@contoso.com")).toBe("desk-send-on-behalf-megan.bowen");
    expect(grantResourceName("desk", "FullAccess", "Support Leads")).toBe("desk-full-access-support-leads");
  });

  it("do not depend on the order of entries", () => {
    const a = `mailboxes:\n  - { displayName: A, primarySmtpAddress: a@contoso.com, sendAs: [x@contoso.com, y@contoso.com] }\n  - { displayName: B, alias: b }\n`;
    const b = `mailboxes:\n  - { displayName: B, alias: b }\n  - { displayName: A, primarySmtpAddress: a@contoso.com, sendAs: [y@contoso.com, x@contoso.com] }\n`;
    const names = (text: string) => planYaml(text, "f.yaml").flatMap((m) => [m.name, ...m.grants.map((g) => g.name)]).sort();
    expect(names(a)).toEqual(names(b));
  });

  it("two trustees with the same local part are named by their whole address", () => {
    const [m] = planYaml(`mailboxes:\n  - displayName: D\n    alias: d\n    fullAccess: [adele@contoso.com, adele@contoso.co.uk, lee.gu@contoso.com]\n`, "f.yaml");
    expect(m.grants.map((g) => g.name)).toEqual(["d-full-access-adele-contoso.com", "d-full-access-adele-contoso.co.uk", "d-full-access-lee.gu"]);
  });

  it("two mailboxes with the same name are refused at the second, with its line", () => {
    const e = problemsOf(`mailboxes:\n  - displayName: A\n    alias: desk\n  - displayName: B\n    primarySmtpAddress: Desk@contoso.co.uk\n`);
    expect(e.problems).toEqual([
      {
        path: "mailboxes[1].primarySmtpAddress",
        line: 5,
        column: 5,
        message: 'gives this mailbox the resource name "desk", which mailboxes[0] already has: give each mailbox its own alias',
      },
    ]);
  });

  it("the same trustee twice in one list is refused (addresses compare without case)", () => {
    const e = problemsOf(`mailboxes:\n  - displayName: A\n    sendAs:\n      - lee.gu@contoso.com\n      - Lee.Gu@contoso.com\n`);
    expect(e.problems).toEqual([
      { path: "mailboxes[0].sendAs[1]", line: 5, column: 9, message: '"Lee.Gu@contoso.com" is listed twice (also at sendAs[0]): list each trustee once' },
    ]);
  });
});

describe("mistakes in the file: the message names the file, the entry, its line and what is wrong", () => {
  const BAD = [
    "mailboxes:", //                                               1
    "  - displayName: Good", //                                    2
    "    primarySmtpAddress: good@contoso.com", //                 3
    "  - displayName: Bad", //                                     4
    "    colour: red", //                                          5
    "    quotaGB: lots", //                                        6
    "    primarySmtpAddress: not an address", //                   7
    "    fullAccess:", //                                          8
    "      - adele.vance@contoso.com", //                          9
    '      - { trustee: "", autoMapping: false }', //             10
    "      - 42", //                                              11
    "    sendAs:", //                                             12
    "      - { trustee: lee.gu@contoso.com, autoMapping: true }", // 13
    "    forwarding:", //                                         14
    "      forwardTo: a@contoso.com; b@contoso.com", //           15
    "    autoReply:", //                                          16
    "      state: Scheduled", //                                  17
    "      internalMessage: Closed.", //                          18
    "      externalAudience: None", //                            19
    "  - primarySmtpAddress: nameless@contoso.com", //            20
  ].join("\n");

  const e = problemsOf(BAD, "examples/yaml/bad.yaml");
  const at = (p: string) => e.problems.filter((x) => x.path === p);

  it.each([
    ["mailboxes[1].colour", 5, "is not a field here; the fields are displayName, name, alias"],
    ["mailboxes[1].quotaGB", 6, 'must be a number, not the text "lots"'],
    ["mailboxes[1].primarySmtpAddress", 7, "must be one SMTP address such as name@contoso.com"],
    ["mailboxes[1].fullAccess[1].trustee", 10, "must name a recipient: an address, an alias or an id"],
    ["mailboxes[1].fullAccess[2]", 11, "must be a trustee (an address, an alias or an id) or a mapping { trustee, autoMapping, adopt }"],
    ["mailboxes[1].sendAs[0].autoMapping", 13, "is not a field here; the fields are trustee, adopt"],
    ["mailboxes[1].forwarding.forwardTo", 15, "a mailbox forwards to one address only"],
    ["mailboxes[1].autoReply.startTime", 16, "is required when state is Scheduled"],
    ["mailboxes[1].autoReply.endTime", 16, "is required when state is Scheduled"],
    ["mailboxes[2].displayName", 20, "is required"],
  ])("%s (line %i): %s", (entry, line, message) => {
    const hits = at(entry);
    expect(hits, e.message).toHaveLength(1);
    expect(hits[0].line).toBe(line);
    expect(hits[0].message).toContain(message);
    expect(e.message).toContain(`examples/yaml/bad.yaml:${line}:${hits[0].column}: ${entry}: ${hits[0].message}`);
  });

  it("lists every problem once, in the order of the file, and nothing about the valid entries", () => {
    expect(e.problems).toHaveLength(10);
    expect(e.problems.map((p) => p.line)).toEqual([...e.problems.map((p) => p.line)].sort((a, b) => a! - b!));
    expect(e.problems.some((p) => p.path.startsWith("mailboxes[0]") || p.path.startsWith("mailboxes[1].fullAccess[0]"))).toBe(false);
    expect(e.message.split("\n")[0]).toBe("examples/yaml/bad.yaml is not a valid mailbox declarations file (10 problems):");
  });

  it("carries no stack trace and is a Pulumi RunError, which the engine prints without one", () => {
    expect(e.stack).toBe(e.message);
    expect(e.message).not.toMatch(/\n\s+at /);
    expect(pulumi.RunError.isInstance(e)).toBe(true);
  });

  it("a YAML syntax error gives the parser's line", () => {
    const y = problemsOf("mailboxes:\n  - displayName: A\n    fullAccess: [a@contoso.com\n  - displayName: B\n", "broken.yaml");
    expect(y.problems.length).toBeGreaterThan(0);
    expect(y.problems[0]).toMatchObject({ path: "" });
    expect(y.problems[0].line).toBeGreaterThanOrEqual(3);
    expect(y.message).toMatch(/^broken\.yaml is not a valid mailbox declarations file/);
    expect(y.message).toMatch(/broken\.yaml:\d+:\d+: YAML syntax: /);
  });

  it("a key written twice is a YAML error at its second place", () => {
    const y = problemsOf("mailboxes:\n  - displayName: A\n    displayName: B\n");
    expect(y.problems).toHaveLength(1);
    expect(y.problems[0]).toMatchObject({ line: 3 });
    expect(y.problems[0].message).toContain("Map keys must be unique");
  });

  it.each([
    ["", "the file must be a mapping with a list under mailboxes:"],
    ["- displayName: A\n", "the file must be a mapping with a list under mailboxes:"],
    ["mailbox:\n  - displayName: A\n", "is not a field here; the fields are mailboxes"],
    ["mailboxes:\n  displayName: A\n", "must be a list, not a mapping"],
  ])("a file shaped wrong: %j", (text, message) => {
    expect(problemsOf(text).message).toContain(message);
  });

  it("a file that does not exist is named, and nothing is declared", () => {
    const missing = path.join(os.tmpdir(), "no-such-declarations.yaml");
    expect(() => loadDeclarations(missing)).toThrow(`${missing}: no such file`);
  });
});

describe("entry paths", () => {
  it("are written as a reader would look them up", () => {
    expect(formatPath(["mailboxes", 1, "fullAccess", 0, "trustee"])).toBe("mailboxes[1].fullAccess[0].trustee");
    expect(formatPath([])).toBe("");
  });
});
