import { describe, it, expect } from "vitest";
import { grantViolations, RecipientType, AccessRight } from "../../schemas";

/**
 * The grant rules (Exchange Online's, as docs/rules.md states them) restated here by hand as the specification: for each recipient type,
 * may it be the target (T) and/or the trustee (R) of FullAccess, SendAs, SendOnBehalf.
 */
const SPEC: Record<RecipientType, [string, string, string]> = {
  //                              FullAccess SendAs SendOnBehalf
  UserMailbox:                    ["TR", "TR", "TR"],
  LinkedMailbox:                  ["",   "T",  "T"],
  SharedMailbox:                  ["T",  "T",  "T"],
  RoomMailbox:                    ["T",  "T",  "T"],
  EquipmentMailbox:               ["T",  "T",  "T"],
  DiscoveryMailbox:               ["T",  "",   ""],
  MailUser:                       ["R",  "R",  "R"],
  MailUniversalSecurityGroup:     ["R",  "TR", "TR"],
  MailUniversalDistributionGroup: ["",   "T",  "TR"],
  DynamicDistributionGroup:       ["",   "T",  "T"],
  GroupMailbox:                   ["",   "T",  "T"],
  MailContact:                    ["",   "",   ""],
};
const RIGHTS: AccessRight[] = ["FullAccess", "SendAs", "SendOnBehalf"];
const cases = Object.entries(SPEC).flatMap(([type, marks]) =>
  RIGHTS.map((right, i) => ({ type: type as RecipientType, right, target: marks[i].includes("T"), trustee: marks[i].includes("R") })),
);

describe("who may be granted what, on what", () => {
  it.each(cases)("$right on $type as target: allowed=$target", ({ type, right, target }) => {
    const v = grantViolations(right, { name: "x", type }, { name: "adele", type: "UserMailbox" }, undefined);
    expect(v.some((x) => x.field === "mailbox")).toBe(!target);
    if (!target) expect(v[0].message).toMatch(new RegExp(`^"x" is .*; ${right} can be granted only on `));
  });

  it.each(cases)("$right to $type as trustee: allowed=$trustee", ({ type, right, trustee }) => {
    const v = grantViolations(right, { name: "desk", type: "SharedMailbox" }, { name: "who", type }, undefined);
    expect(v.some((x) => x.field === "trustee")).toBe(!trustee);
  });

  it("refuses an external contact as trustee with the organisation rule, not the type rule", () => {
    const [v] = grantViolations("SendAs", { name: "desk", type: "SharedMailbox" }, { name: "jill", type: "MailContact" }, undefined);
    expect(v.code).toBe("ExternalTrustee");
    expect(v.message).toContain("only people within your organization");
  });

  it("refuses auto-mapping for a group trustee and says to grant members one by one", () => {
    const v = grantViolations("FullAccess", { name: "desk", type: "SharedMailbox" }, { name: "leads", type: "MailUniversalSecurityGroup" }, true);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ code: "AutoMappingForGroup", field: "autoMapping" });
    expect(v[0].message).toContain("members one by one");
  });

  it("accepts auto-mapping for a person and no auto-mapping for a group", () => {
    expect(grantViolations("FullAccess", { name: "d", type: "SharedMailbox" }, { name: "a", type: "UserMailbox" }, true)).toEqual([]);
    expect(grantViolations("FullAccess", { name: "d", type: "SharedMailbox" }, { name: "g", type: "MailUniversalSecurityGroup" }, false)).toEqual([]);
  });
});
