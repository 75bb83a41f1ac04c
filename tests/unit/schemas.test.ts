import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  SharedMailboxArgs,
  ForwardingRuleArgs,
  AutoReplyArgs,
  effectiveAudience,
  deriveAlias,
  ALIAS_PATTERN,
  normalizeAddress,
  replyText,
  toProxyAddresses,
} from "../../schemas";

describe("shared mailbox arguments", () => {
  it("accepts the minimal declaration", () => {
    expect(SharedMailboxArgs.parse({ displayName: "Sales Desk" })).toEqual({ displayName: "Sales Desk" });
  });
  it.each([
    [{ displayName: "" }, "displayName"],
    [{ displayName: "x".repeat(257) }, "displayName"],
    [{ displayName: "D", alias: "has space" }, "alias"],
    [{ displayName: "D", alias: ".leading" }, "alias"],
    [{ displayName: "D", primarySmtpAddress: "not-an-address" }, "primarySmtpAddress"],
    [{ displayName: "D", quotaGB: 0 }, "quotaGB"],
    [{ displayName: "D", colour: "red" }, ""],
  ])("refuses %j naming %s", (input, field) => {
    const r = SharedMailboxArgs.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path.join(".")).toBe(field);
  });
});

describe("forwarding arguments", () => {
  it.each(["a@contoso.com, b@contoso.com", "a@contoso.com;b@contoso.com", "a@contoso.com b@contoso.com"])(
    "refuses several targets %s and says to use a distribution group",
    (forwardTo) => {
      const r = ForwardingRuleArgs.safeParse({ mailbox: "desk@contoso.com", forwardTo });
      expect(r.success).toBe(false);
      expect(r.error!.issues[0].message).toContain("distribution group");
    },
  );
});

describe("automatic-reply arguments", () => {
  const base = { mailbox: "desk@contoso.com" };
  it("refuses an external reply without an internal one", () => {
    const r = AutoReplyArgs.safeParse({ ...base, state: "Enabled", externalMessage: "closed" });
    expect(r.error!.issues.map((i) => i.message)).toContain(
      "it is not possible to send a reply only to people outside your organization: add an internalMessage",
    );
  });
  it("refuses a schedule that ends before it starts", () => {
    const r = AutoReplyArgs.safeParse({ ...base, state: "Scheduled", internalMessage: "i", externalAudience: "None", startTime: "2027-01-02T00:00:00Z", endTime: "2027-01-01T00:00:00Z" });
    expect(r.error!.issues[0].path).toEqual(["endTime"]);
  });
  it("refuses images", () => {
    const r = AutoReplyArgs.safeParse({ ...base, state: "Enabled", internalMessage: '<img src="x.png">', externalAudience: "None" });
    expect(r.error!.issues[0].message).toContain("text only");
  });
  it("accepts Disabled with no messages, and Enabled with internal only when the audience is None", () => {
    expect(AutoReplyArgs.safeParse({ ...base, state: "Disabled" }).success).toBe(true);
    expect(AutoReplyArgs.safeParse({ ...base, state: "Enabled", internalMessage: "i", externalAudience: "None" }).success).toBe(true);
  });
  it("an internal message alone means no external reply, as in the admin center: accepted, audience None", () => {
    const r = AutoReplyArgs.safeParse({ ...base, state: "Enabled", internalMessage: "i" });
    expect(r.success).toBe(true);
    expect(effectiveAudience(r.data!)).toBe("None");
  });
  it("an external message without an audience means All; an audience asked for without its message is refused", () => {
    expect(effectiveAudience({ externalMessage: "closed" })).toBe("All");
    expect(effectiveAudience({ externalMessage: "  " })).toBe("None");
    const r = AutoReplyArgs.safeParse({ ...base, state: "Enabled", internalMessage: "i", externalAudience: "Known" });
    expect(r.error!.issues.map((i) => [i.path, i.message])).toEqual([
      [["externalMessage"], 'is required when externalAudience is Known: write the reply for people outside, or leave externalAudience out (or set it to "None") so that only people inside get a reply'],
    ]);
  });
});

describe("names and addresses, for any input", () => {
  it("derives an alias Exchange accepts from any name", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80 }), (name) => {
        const alias = deriveAlias(name);
        return alias === "" || (ALIAS_PATTERN.test(alias) && alias.length <= 64);
      }),
    );
  });
  it("compares addresses case-insensitively and without the smtp: prefix", () => {
    fc.assert(
      fc.property(fc.emailAddress(), (a) => normalizeAddress(`SMTP:${a.toUpperCase()}`) === normalizeAddress(a)),
    );
  });
  it("marks one primary and drops duplicate proxies", () => {
    expect(toProxyAddresses("a@x.com", ["B@x.com", "b@x.com", "A@x.com"])).toEqual(["SMTP:a@x.com", "smtp:B@x.com"]);
  });
  it("reads automatic-reply text through Exchange's HTML wrapping", () => {
    fc.assert(fc.property(fc.string().map((s) => s.trim()), (t) => replyText(`<html><body>${t}</body></html>`) === t));
  });
});
