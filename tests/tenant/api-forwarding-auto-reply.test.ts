import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEVERAL_TARGETS_MESSAGE } from "../../schemas/forwarding";
import { AutoReply } from "../../schemas/auto-reply";
import { startTestTenant, auditCount, newSharedMailbox, TestTenant } from "./helpers";

let t: TestTenant;
let n = 0;
beforeAll(async () => {
  t = await startTestTenant();
});
afterAll(async () => t.close());

const newShared = () => newSharedMailbox(t, `Fwd ${++n}`);

describe("forwarding", () => {
  it("a mailbox without forwarding reads as nothing set", async () => {
    const m = await newShared();
    const r = await t.call("GET", `/v1/mailboxes/${m.id}/forwarding`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ mailboxId: m.id, forwardingAddress: null, forwardingSmtpAddress: null, deliverToMailboxAndForward: false, effectiveTarget: null });
  });

  it("forwarding to a recipient of the tenant stores its id as forwardingAddress", async () => {
    const m = await newShared();
    const sales = (await t.call("GET", "/v1/recipients/sales")).body;
    const r = await t.call("PUT", `/v1/mailboxes/${m.id}/forwarding`, { forwardTo: "sales", keepCopy: true });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ mailboxId: m.id, forwardingAddress: sales.id, forwardingSmtpAddress: null, deliverToMailboxAndForward: true, effectiveTarget: sales.primarySmtpAddress });
    expect((await t.call("GET", `/v1/mailboxes/${m.id}/forwarding`)).body).toEqual(r.body);
  });

  it("forwarding to an outside address stores it as forwardingSmtpAddress, forward only by default", async () => {
    const m = await newShared();
    const r = await t.call("PUT", `/v1/mailboxes/${m.id}/forwarding`, { forwardTo: "someone@partner.example" });
    expect(r.body).toMatchObject({ forwardingAddress: null, forwardingSmtpAddress: "someone@partner.example", deliverToMailboxAndForward: false, effectiveTarget: "someone@partner.example" });
  });

  it("forwarding to a MailContact counts as its external address", async () => {
    const m = await newShared();
    const r = await t.call("PUT", `/v1/mailboxes/${m.id}/forwarding`, { forwardTo: "OutsideOlga" });
    expect(r.body).toMatchObject({ forwardingAddress: null, forwardingSmtpAddress: "olga@outside.example" });
  });

  it("several targets are refused with ForwardingInvalid and the distribution-group advice", async () => {
    const m = await newShared();
    const before = await auditCount(t);
    const r = await t.call("PUT", `/v1/mailboxes/${m.id}/forwarding`, { forwardTo: "a@x.example;b@x.example" });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({ code: "ForwardingInvalid", message: `forwardTo: ${SEVERAL_TARGETS_MESSAGE}`, field: "forwardTo" });
    expect(await auditCount(t)).toBe(before);
  });

  it("a target that is neither a recipient nor an address is refused", async () => {
    const m = await newShared();
    const r = await t.call("PUT", `/v1/mailboxes/${m.id}/forwarding`, { forwardTo: "Nobody" });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: "ForwardingInvalid", field: "forwardTo" });
  });

  it("a mailbox cannot forward to itself", async () => {
    const m = await newShared();
    const r = await t.call("PUT", `/v1/mailboxes/${m.id}/forwarding`, { forwardTo: m.id });
    expect(r.body.error).toMatchObject({ code: "ForwardingInvalid", field: "forwardTo" });
  });

  it("clearing forwarding removes it and is audited once", async () => {
    const m = await newShared();
    await t.call("PUT", `/v1/mailboxes/${m.id}/forwarding`, { forwardTo: "adele" });
    const before = await auditCount(t);
    const r = await t.call("DELETE", `/v1/mailboxes/${m.id}/forwarding`);
    expect(r.status).toBe(200);
    expect(r.body.effectiveTarget).toBeNull();
    expect(await auditCount(t)).toBe(before + 1);
    expect((await t.call("DELETE", `/v1/mailboxes/${m.id}/forwarding`)).status).toBe(200);
    expect(await auditCount(t)).toBe(before + 1);
  });
});

describe("automatic replies", () => {
  it("a mailbox without automatic replies reads as Disabled with Exchange's default audience", async () => {
    const m = await newShared();
    const r = await t.call("GET", `/v1/mailboxes/${m.id}/auto-reply`);
    expect(AutoReply.parse(r.body)).toEqual({ mailboxId: m.id, state: "Disabled", startTime: null, endTime: null, internalMessage: "", externalMessage: "", externalAudience: "All" });
  });

  it("messages are stored wrapped in <html><body> like Exchange; a wrapped message is not wrapped twice", async () => {
    const m = await newShared();
    const r = await t.call("PUT", `/v1/mailboxes/${m.id}/auto-reply`, {
      state: "Enabled",
      internalMessage: "Back Monday",
      externalMessage: "<html><body>We are closed</body></html>",
      externalAudience: "Known",
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: "Enabled", internalMessage: "<html><body>Back Monday</body></html>", externalMessage: "<html><body>We are closed</body></html>", externalAudience: "Known" });
  });

  it("a scheduled reply keeps its window", async () => {
    const m = await newShared();
    const r = await t.call("PUT", `/v1/mailboxes/${m.id}/auto-reply`, {
      state: "Scheduled",
      startTime: "2030-01-01T00:00:00Z",
      endTime: "2030-01-10T00:00:00Z",
      internalMessage: "Away",
      externalAudience: "None",
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ startTime: "2030-01-01T00:00:00Z", endTime: "2030-01-10T00:00:00Z", externalMessage: "" });
  });

  it("an internal message alone is stored with no external reply (audience None), as the admin center does", async () => {
    const m = await newShared();
    const r = await t.call("PUT", `/v1/mailboxes/${m.id}/auto-reply`, { state: "Enabled", internalMessage: "Back Monday" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: "Enabled", internalMessage: "<html><body>Back Monday</body></html>", externalMessage: "", externalAudience: "None" });
  });

  it.each([
    [{ state: "Enabled", externalMessage: "outside only" }, "internalMessage", "it is not possible to send a reply only to people outside your organization"],
    [{ state: "Enabled", internalMessage: "in", externalAudience: "All" }, "externalMessage", "is required when externalAudience is All"],
    [{ state: "Scheduled", internalMessage: "in", externalAudience: "None" }, "startTime", "is required when state is Scheduled"],
    [{ state: "Scheduled", internalMessage: "in", externalAudience: "None", startTime: "2030-01-02T00:00:00Z", endTime: "2030-01-01T00:00:00Z" }, "endTime", "must be after startTime"],
    [{ state: "Enabled", internalMessage: 'hi <img src="x.png">', externalAudience: "None" }, "internalMessage", "text only"],
  ])("%j is refused with AutoReplyInvalid naming %s", async (body, field, text) => {
    const m = await newShared();
    const before = await auditCount(t);
    const r = await t.call("PUT", `/v1/mailboxes/${m.id}/auto-reply`, body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("AutoReplyInvalid");
    expect(r.body.error.field).toBe(field);
    expect(r.body.error.message).toContain(text);
    expect(await auditCount(t)).toBe(before);
    expect((await t.call("GET", `/v1/mailboxes/${m.id}/auto-reply`)).body.state).toBe("Disabled");
  });

  it("an unknown state is a plain ValidationFailed", async () => {
    const m = await newShared();
    const r = await t.call("PUT", `/v1/mailboxes/${m.id}/auto-reply`, { state: "Sometimes" });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: "ValidationFailed", field: "state" });
  });
});

describe("forwarding and automatic replies of every shared mailbox at once", () => {
  it("GET /v1/shared-mailboxes/forwarding and /auto-replies list each shared mailbox's as its own route reads it, set or not, and no deleted mailbox's", async () => {
    const a = await newShared();
    const b = await newShared();
    const gone = await newShared();
    await t.call("PUT", `/v1/mailboxes/${a.id}/forwarding`, { forwardTo: "sales", keepCopy: true });
    await t.call("PUT", `/v1/mailboxes/${a.id}/auto-reply`, { state: "Enabled", internalMessage: "Away" });
    await t.call("PUT", `/v1/mailboxes/${gone.id}/forwarding`, { forwardTo: "someone@partner.example" });
    await t.call("DELETE", `/v1/mailboxes/${gone.id}`);
    for (const [list, own] of [
      ["/v1/shared-mailboxes/forwarding", "forwarding"],
      ["/v1/shared-mailboxes/auto-replies", "auto-reply"],
    ] as const) {
      const r = await t.call("GET", list);
      expect(r.status).toBe(200);
      const of = (id: string) => r.body.items.filter((x: { mailboxId: string }) => x.mailboxId === id);
      for (const m of [a, b]) expect([list, of(m.id)]).toEqual([list, [(await t.call("GET", `/v1/mailboxes/${m.id}/${own}`)).body]]);
      expect(of(gone.id)).toEqual([]);
    }
    expect((await t.call("GET", "/v1/shared-mailboxes/auto-replies")).body.items.filter((x: AutoReply) => x.mailboxId === a.id)[0].state).toBe("Enabled");
  });
});
