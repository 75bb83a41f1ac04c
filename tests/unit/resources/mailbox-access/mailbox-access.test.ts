import { describe, it, expect } from "vitest";
import { mailboxAccessProvider } from "../../../../provider/resources/mailbox-access/provider";
import { mailboxPermissionProvider } from "../../../../provider/resources/mailbox-permission/provider";
import { compareGrants, grantWriteKey, inputsFromLive, LiveGrant } from "../../../../provider/resources/mailbox-access/model";
import { accessEntry } from "../../../../provider/tools/export";
import { fakeDirectory } from "../../fake-directory";
import { UNKNOWN_DURING_PREVIEW, type Grant } from "../../../../schemas";

const people = [
  { id: "desk", name: "Sales Desk", alias: "sales-desk", primarySmtpAddress: "sales-desk@contoso.com", recipientTypeDetails: "SharedMailbox" as const },
  { id: "other-desk", name: "Other Desk", alias: "other-desk", primarySmtpAddress: "other-desk@contoso.com", recipientTypeDetails: "SharedMailbox" as const },
  { id: "adele", name: "Adele Vance", alias: "adele.vance", primarySmtpAddress: "adele.vance@contoso.com" },
  { id: "alex", name: "Alex Wilber", alias: "alex.wilber", primarySmtpAddress: "alex.wilber@contoso.com" },
  { id: "megan", name: "Megan Bowen", alias: "megan.bowen", primarySmtpAddress: "megan.bowen@contoso.com" },
  { id: "leads", name: "Support Leads", alias: "support-leads", primarySmtpAddress: "support-leads@contoso.com", recipientTypeDetails: "MailUniversalSecurityGroup" as const },
  { id: "sales", name: "Sales", alias: "sales", primarySmtpAddress: "sales@contoso.com", recipientTypeDetails: "MailUniversalDistributionGroup" as const },
  { id: "jill", name: "Jill Frank", alias: "jill", primarySmtpAddress: "jill.frank@fabrikam.com", recipientTypeDetails: "MailContact" as const },
];

/** A fake tenant whose Sales Desk holds `grants`; `records` are its idempotency records, key to the id of what the write made. */
function withGrants(grants: Partial<Grant>[] = [], records: Record<string, string> = {}) {
  const d = fakeDirectory(people);
  const items = grants.map((g) => ({ targetId: "desk", autoMapping: false, isSystem: false, id: `desk/${g.accessRights}/${g.trusteeId}`, ...g }));
  (d as unknown as { client: unknown }).client = {
    call: async () => ({ items: [] }),
    find: async (name: string, opts?: { params: { key: string } }) =>
      name === "listGrants" ? { items } : name === "getIdempotencyRecord" && opts && records[opts.params.key] ? { objectId: records[opts.params.key] } : undefined,
    // Nothing here is still replicating: one read, as the real client does outside the window.
    untilReplicated: async (_since: unknown, read: () => Promise<unknown>) => read(),
  };
  return d;
}

const reasons = (r: { failures?: { property: string; reason: string }[] }) => r.failures?.map((f) => `${f.property}: ${f.reason}`) ?? [];
const declared = { mailbox: "sales-desk@contoso.com", __deployment: "proj/dev/desk-access" };

describe("MailboxAccess check: every entry against the rights table, named by list and entry", () => {
  const p = mailboxAccessProvider(withGrants());
  it.each([
    [{ fullAccess: ["adele.vance@contoso.com", "sales@contoso.com"] }, /^fullAccess\[1\]: "sales@contoso.com" is a distribution group; FullAccess can be granted only to/],
    [{ sendAs: ["jill.frank@fabrikam.com"] }, /^sendAs\[0\]: "jill.frank@fabrikam.com" is outside the organisation/],
    [{ members: ["someone@gmail.com"] }, /^members\[0\]: "someone@gmail.com" is not a recipient of this organisation; only people within your organization can be granted FullAccess/],
    [{ sendOnBehalf: ["nobody"] }, /^sendOnBehalf\[0\]: no recipient "nobody" in the tenant/],
    [{ members: ["sales@contoso.com"] }, /^members\[0\]: "sales@contoso.com" is a distribution group; FullAccess can be granted only to/],
    [{ fullAccess: ["support-leads@contoso.com"], autoMapping: { "support-leads@contoso.com": true } }, /^autoMapping\.support-leads@contoso\.com: auto-mapping does nothing for a group/],
    [{ sendAs: ["adele.vance@contoso.com"], autoMapping: { "adele.vance@contoso.com": false } }, /^autoMapping\.adele\.vance@contoso\.com: "adele.vance@contoso.com" is in neither members nor fullAccess/],
    [{ fullAccess: "adele" }, /^fullAccess: /],
    [{ readers: ["adele"] }, /^readers: is not an argument of this resource/],
  ])("%j is refused with one message", async (lists, expected) => {
    const r = await p.check!({}, { ...declared, ...lists });
    expect(reasons(r)).toEqual([expect.stringMatching(expected)]);
  });

  it("accepts SendOnBehalf for a distribution group, FullAccess for a group without auto-mapping, and no lists at all", async () => {
    expect(reasons(await p.check!({}, { ...declared, sendOnBehalf: ["sales"], fullAccess: ["support-leads"], autoMapping: { "Support-Leads@contoso.com": false } }))).toEqual([]);
    expect(reasons(await p.check!({}, declared))).toEqual([]);
  });

  it("checks the entries it knows while the mailbox or an entry is still unknown during preview", async () => {
    const r = await p.check!({}, { mailbox: UNKNOWN_DURING_PREVIEW, members: [UNKNOWN_DURING_PREVIEW, "sales@contoso.com"] });
    expect(reasons(r)).toEqual([expect.stringMatching(/^members\[1\]: "sales@contoso.com" is a distribution group/)]);
  });
});

describe("MailboxAccess check: each trustee once per right", () => {
  const p = mailboxAccessProvider(withGrants());
  it.each([
    [{ fullAccess: ["adele.vance@contoso.com", "Adele.Vance@Contoso.com"] }, 'fullAccess[1]: "Adele.Vance@Contoso.com" is listed twice (also at fullAccess[0]): list each trustee once'],
    [{ sendAs: ["adele.vance@contoso.com", "adele.vance"] }, 'sendAs[1]: "adele.vance" is listed twice (also at sendAs[0] ("adele.vance@contoso.com", the same recipient)): list each trustee once'],
    [
      { members: ["adele.vance@contoso.com"], fullAccess: ["alex.wilber@contoso.com", "adele.vance"] },
      'fullAccess[1]: "adele.vance" is already in members[0] ("adele.vance@contoso.com", the same recipient), and members grant FullAccess and SendAs: list each trustee once, in members or in fullAccess',
    ],
    [{ members: ["megan.bowen@contoso.com"], sendAs: ["megan.bowen@contoso.com"] }, 'sendAs[0]: "megan.bowen@contoso.com" is already in members[0], and members grant FullAccess and SendAs: list each trustee once, in members or in sendAs'],
  ])("%j", async (lists, expected) => {
    expect(reasons(await p.check!({}, { ...declared, ...lists }))).toEqual([expected]);
  });

  it("one trustee in fullAccess and sendAs, or in members and sendOnBehalf, is no duplicate", async () => {
    expect(reasons(await p.check!({}, { ...declared, fullAccess: ["adele.vance"], sendAs: ["adele.vance@contoso.com"] }))).toEqual([]);
    expect(reasons(await p.check!({}, { ...declared, members: ["adele.vance"], sendOnBehalf: ["adele.vance"] }))).toEqual([]);
  });
});

describe("MailboxAccess check: a mailbox that already has grants", () => {
  const existing = [
    { accessRights: "FullAccess" as const, trusteeId: "adele", trusteeAddress: "adele.vance@contoso.com", autoMapping: true },
    { accessRights: "SendAs" as const, trusteeId: "adele", trusteeAddress: "adele.vance@contoso.com" },
  ];
  it("is refused without adopt, listing them", async () => {
    const r = await mailboxAccessProvider(withGrants(existing)).check!({}, { ...declared, members: ["adele.vance"] });
    expect(reasons(r)).toEqual([
      'mailbox: "sales-desk@contoso.com" already has delegate access (FullAccess for adele.vance@contoso.com; SendAs for adele.vance@contoso.com): to manage it with this program add adopt: true (taken over only if the lists hold every one of these grants), or remove those grants first',
    ]);
  });
  it("is adopted when the lists hold every grant (spelled another way), and what they add is granted by up", async () => {
    const p = mailboxAccessProvider(withGrants(existing));
    expect(reasons(await p.check!({}, { ...declared, members: ["Adele.Vance"], adopt: true }))).toEqual([]);
    expect(reasons(await p.check!({}, { ...declared, fullAccess: ["adele.vance"], sendAs: ["adele.vance"], sendOnBehalf: ["megan.bowen"], adopt: true }))).toEqual([]);
  });
  it("is refused with adopt when a grant is not declared or its auto-mapping differs, naming each", async () => {
    const p = mailboxAccessProvider(withGrants(existing));
    const r = await p.check!({}, { ...declared, fullAccess: ["adele.vance"], autoMapping: { "adele.vance": false }, adopt: true });
    expect(reasons(r)).toEqual([
      "mailbox: adopt: the mailbox has grants this declaration does not hold — FullAccess for adele.vance@contoso.com; SendAs for adele.vance@contoso.com; add them to the lists to adopt the mailbox's access as it is, then change the lists in a later up (its preview shows what is removed)",
    ]);
  });
});

describe("MailboxAccess check: grants it wrote before, by a create or an update (the answers lost)", () => {
  const deployment = "proj/dev/desk-access";
  const news = { ...declared, members: ["adele.vance"], __deployment: deployment };
  const adele = [
    { accessRights: "FullAccess" as const, trusteeId: "adele", trusteeAddress: "adele.vance@contoso.com", autoMapping: true },
    { accessRights: "SendAs" as const, trusteeId: "adele", trusteeAddress: "adele.vance@contoso.com" },
  ];
  const megan = { accessRights: "SendOnBehalf" as const, trusteeId: "megan", trusteeAddress: "megan.bowen@contoso.com" };
  const made = (g: { accessRights: Grant["accessRights"]; trusteeId: string }, mailboxId = "desk", by = deployment) => [grantWriteKey(by, mailboxId, g)!, `desk/${g.accessRights}/${g.trusteeId}`];

  it("are taken back, not refused; check hands on the declaration as given, with no create key of its own", async () => {
    const r = await mailboxAccessProvider(withGrants(adele, Object.fromEntries(adele.map((g) => made(g))))).check!({}, news);
    expect(reasons(r)).toEqual([]);
    expect(r.inputs).toEqual(news);
  });
  it("one the lists no longer hold (an update wrote it under other lists) is its own too: not refused, create removes it", async () => {
    const r = await mailboxAccessProvider(withGrants([...adele, megan], Object.fromEntries([...adele, megan].map((g) => made(g))))).check!({}, news);
    expect(reasons(r)).toEqual([]);
  });
  it("one grant per key: a grant by hand beside them is still refused, named alone", async () => {
    const byHand = { accessRights: "SendAs" as const, trusteeId: "alex", trusteeAddress: "alex.wilber@contoso.com" };
    const r = await mailboxAccessProvider(withGrants([...adele, byHand], Object.fromEntries(adele.map((g) => made(g))))).check!({}, news);
    expect(reasons(r)).toEqual([expect.stringMatching(/^mailbox: "sales-desk@contoso.com" already has delegate access \(SendAs for alex.wilber@contoso.com\): to manage it with this program add adopt: true/)]);
  });
  it("a key made on another mailbox object (the same address made anew), or by another resource, does not count", async () => {
    for (const records of [adele.map((g) => made(g, "an-earlier-desk")), adele.map((g) => made(g, "desk", "proj/dev/other-access"))]) {
      const r = await mailboxAccessProvider(withGrants(adele, Object.fromEntries(records))).check!({}, news);
      expect(reasons(r)).toEqual([expect.stringMatching(/already has delegate access \(FullAccess for adele.vance@contoso.com; SendAs for adele.vance@contoso.com\)/)]);
    }
  });
  it("each grant has its own key, bound to the deployment, the mailbox, the right and the trustee, not to the lists", () => {
    const keys = [
      grantWriteKey(deployment, "desk", adele[0]!),
      grantWriteKey(deployment, "desk", adele[1]!),
      grantWriteKey(deployment, "other-desk", adele[0]!),
      grantWriteKey(deployment, "desk", { accessRights: "FullAccess", trusteeId: "alex" }),
      grantWriteKey("proj/prod/desk-access", "desk", adele[0]!),
    ];
    expect(new Set(keys).size).toBe(5);
    expect(grantWriteKey(undefined, "desk", adele[0]!)).toBeUndefined();
  });
});

describe("MailboxAccess and MailboxPermission on one mailbox in one deployment", () => {
  const grant = { mailbox: "sales-desk", trustee: "alex.wilber@contoso.com", accessRights: "FullAccess", __deployment: "proj/dev/alex-full-access" };
  it("the MailboxAccess checked second is refused, naming the grant and which to keep", async () => {
    const d = withGrants();
    expect(reasons(await mailboxPermissionProvider(d).check!({}, grant))).toEqual([]);
    const r = await mailboxAccessProvider(d).check!({}, { ...declared, members: ["adele.vance"] });
    expect(reasons(r)).toEqual([
      'mailbox: MailboxPermission "alex-full-access" also manages grants on "sales-desk@contoso.com", and MailboxAccess "desk-access" would remove them on every up: keep MailboxAccess "desk-access" and move those trustees into its lists (then delete the MailboxPermission resources), or remove MailboxAccess "desk-access" and keep the MailboxPermission resources',
    ]);
  });
  it("the MailboxPermission checked second is refused, naming the MailboxAccess (the mailbox named another way)", async () => {
    const d = withGrants();
    expect(reasons(await mailboxAccessProvider(d).check!({}, { ...declared, members: ["adele.vance"] }))).toEqual([]);
    const r = await mailboxPermissionProvider(d).check!({}, grant);
    expect(reasons(r)).toEqual([
      'mailbox: MailboxAccess "desk-access" declares all delegate access on "sales-desk" and would remove this grant on every up: keep MailboxAccess "desk-access" and add this trustee to its lists (then delete MailboxPermission "alex-full-access"), or remove the MailboxAccess and keep the MailboxPermission resources',
    ]);
  });
  it("two MailboxAccess on one mailbox are refused; checking the same one again, or another mailbox, is not", async () => {
    const d = withGrants();
    const p = mailboxAccessProvider(d);
    expect(reasons(await p.check!({}, declared))).toEqual([]);
    expect(reasons(await p.check!({}, declared))).toEqual([]);
    expect(reasons(await p.check!({}, { mailbox: "other-desk", __deployment: "proj/dev/other-access" }))).toEqual([]);
    // Named by its deployment, whose resource name is all after the stack: here it holds a "/".
    const r = await p.check!({}, { mailbox: "Sales-Desk@contoso.com", __deployment: "proj/dev/team/second-access" });
    expect(reasons(r)).toEqual(['mailbox: MailboxAccess "desk-access" already declares all delegate access on "Sales-Desk@contoso.com": keep one MailboxAccess per mailbox and merge the lists of "team/second-access" into it']);
  });
});

describe("moving grants from MailboxPermission resources into a MailboxAccess in one deployment", () => {
  const removed: string[] = [];
  const d = withGrants([{ accessRights: "SendAs", trusteeId: "adele", trusteeAddress: "adele.vance@contoso.com" }]);
  const client = (d as unknown as { client: { call: unknown } }).client;
  client.call = async (name: string, o: { params: { accessRights: string; trustee: string } }) => {
    if (name === "removeGrant") removed.push(`${o.params.accessRights}/${o.params.trustee}`);
    return {};
  };
  const state = (accessRights: string, trusteeId: string) => ({ mailbox: "sales-desk", accessRights, trustee: trusteeId, mailboxId: "desk", trusteeId });

  it("a deleted MailboxPermission leaves its grant to the MailboxAccess that declares it, and removes one it does not declare", async () => {
    expect(reasons(await mailboxAccessProvider(d).check!({}, { ...declared, sendAs: ["adele.vance"], adopt: true }))).toEqual([]);
    const permission = mailboxPermissionProvider(d);
    await permission.delete!("desk/SendAs/adele", state("SendAs", "adele"));
    await permission.delete!("desk/FullAccess/alex", state("FullAccess", "alex"));
    expect(removed).toEqual(["FullAccess/alex"]);
  });
});

describe("MailboxAccess diff: lists compare by the recipients they name", () => {
  const p = mailboxAccessProvider(withGrants());
  const grants: LiveGrant[] = [
    { accessRights: "FullAccess", trusteeId: "adele", trusteeAddress: "adele.vance@contoso.com", autoMapping: true },
    { accessRights: "SendAs", trusteeId: "adele", trusteeAddress: "adele.vance@contoso.com", autoMapping: false },
    { accessRights: "FullAccess", trusteeId: "leads", trusteeAddress: "support-leads@contoso.com", autoMapping: false },
    { accessRights: "SendOnBehalf", trusteeId: "megan", trusteeAddress: "megan.bowen@contoso.com", autoMapping: false },
  ];
  const state = { mailbox: "sales-desk@contoso.com", members: ["adele.vance@contoso.com"], fullAccess: ["support-leads@contoso.com"], sendOnBehalf: ["megan.bowen@contoso.com"], mailboxId: "desk", grants };

  it.each([
    ["the same declaration", { members: ["adele.vance@contoso.com"], fullAccess: ["support-leads@contoso.com"], sendOnBehalf: ["megan.bowen@contoso.com"] }],
    ["other letter case and aliases", { members: ["ADELE.VANCE@contoso.com"], fullAccess: ["support-leads"], sendOnBehalf: ["Megan Bowen"] }],
    ["members written as fullAccess and sendAs", { fullAccess: ["support-leads@contoso.com", "adele.vance"], sendAs: ["adele.vance"], sendOnBehalf: ["megan.bowen"] }],
    ["the default auto-mapping declared", { members: ["adele.vance"], fullAccess: ["support-leads"], sendOnBehalf: ["megan.bowen"], autoMapping: { "Support-Leads": false, "adele.vance@contoso.com": true } }],
    ["the mailbox by its alias, adopt added", { mailbox: "sales-desk", members: ["adele.vance"], fullAccess: ["support-leads"], sendOnBehalf: ["megan.bowen"], adopt: true }],
  ])("%s is no change", async (_what, news) => {
    expect(await p.diff!("desk", state, { mailbox: state.mailbox, ...news })).toMatchObject({ changes: false, replaces: [] });
  });

  it.each([
    ["a trustee added", { members: ["adele.vance"], fullAccess: ["support-leads", "alex.wilber"], sendOnBehalf: ["megan.bowen"] }],
    ["a trustee removed", { members: ["adele.vance"], fullAccess: ["support-leads"] }],
    ["a member become fullAccess only", { fullAccess: ["adele.vance", "support-leads"], sendOnBehalf: ["megan.bowen"] }],
    ["another auto-mapping", { members: ["adele.vance"], fullAccess: ["support-leads"], sendOnBehalf: ["megan.bowen"], autoMapping: { "adele.vance": false } }],
    ["an entry unknown during preview", { members: ["adele.vance"], fullAccess: [UNKNOWN_DURING_PREVIEW], sendOnBehalf: ["megan.bowen"] }],
  ])("%s is an update in place", async (_what, news) => {
    expect(await p.diff!("desk", state, { mailbox: state.mailbox, ...news })).toMatchObject({ changes: true, replaces: [] });
  });

  it("another mailbox replaces the resource", async () => {
    expect(await p.diff!("desk", state, { ...state, mailbox: "other-desk@contoso.com" })).toMatchObject({ changes: true, replaces: ["mailbox"] });
  });
});

describe("MailboxAccess model", () => {
  const g = (accessRights: LiveGrant["accessRights"], trusteeId: string, autoMapping = false): LiveGrant => ({ accessRights, trusteeId, trusteeAddress: `${trusteeId}@contoso.com`, autoMapping });
  const ids: Record<string, string> = { "Adele@contoso.com": "adele", alex: "alex", "leads@contoso.com": "leads" };

  it("read shows what the tenant holds in the declaration's words: a grant by hand as a new entry, a revoked SendAs turns a member into fullAccess", () => {
    const inputs = inputsFromLive(
      { mailbox: "desk", members: ["Adele@contoso.com", "alex"], fullAccess: ["leads@contoso.com"], autoMapping: { "leads@contoso.com": false } },
      [g("FullAccess", "adele", true), g("SendAs", "adele"), g("FullAccess", "alex", true), g("FullAccess", "leads"), g("FullAccess", "megan", true), g("SendOnBehalf", "megan")],
      (ref) => ids[ref],
      (x) => x.autoMapping === (x.trusteeId !== "leads"),
    );
    expect(inputs).toEqual({
      mailbox: "desk",
      members: ["Adele@contoso.com"],
      fullAccess: ["leads@contoso.com", "alex", "megan@contoso.com"],
      sendOnBehalf: ["megan@contoso.com"],
      autoMapping: { "leads@contoso.com": false },
    });
  });

  it("a new auto-mapping removes the grant and adds it again; an undeclared grant is removed", () => {
    const { add, remove } = compareGrants(
      [{ accessRights: "FullAccess", trusteeId: "adele", autoMapping: false }, { accessRights: "SendAs", trusteeId: "adele", autoMapping: false }],
      [g("FullAccess", "adele", true), g("SendAs", "adele"), g("SendOnBehalf", "megan")],
    );
    expect(add).toEqual([{ accessRights: "FullAccess", trusteeId: "adele", autoMapping: false }]);
    expect(remove.map((r) => `${r.accessRights}/${r.trusteeId}`)).toEqual(["FullAccess/adele", "SendOnBehalf/megan"]);
  });

  it("export writes who holds FullAccess and SendAs as members, and FullAccess without auto-mapping under autoMapping", () => {
    const grant = (accessRights: Grant["accessRights"], who: string, autoMapping = false): Grant => ({ id: "", targetId: "desk", trusteeId: who, trusteeAddress: `${who}@contoso.com`, accessRights, autoMapping, isSystem: false });
    expect(accessEntry([grant("FullAccess", "adele", true), grant("SendAs", "adele"), grant("FullAccess", "leads"), grant("SendAs", "nestor"), grant("SendOnBehalf", "marketing")])).toEqual({
      members: ["adele@contoso.com"],
      fullAccess: ["leads@contoso.com"],
      sendAs: ["nestor@contoso.com"],
      sendOnBehalf: ["marketing@contoso.com"],
      autoMapping: { "leads@contoso.com": false },
      adopt: true,
    });
    expect(accessEntry([])).toEqual({ adopt: true });
  });
});
