import { describe, it, expect } from "vitest";
import { AutoReply, SetAutoReplyBody } from "../../../../schemas";
import { autoReply } from "../../../../provider/resources/auto-reply/descriptor";
import { argsOf, liveReplyArgs, replyBody, settingsOf } from "../../../../provider/resources/auto-reply/model";
import { changedFields, inputsOf } from "../../../../provider/resources/fields";

const reply: AutoReply = {
  mailboxId: "desk",
  state: "Scheduled",
  startTime: "2026-12-24T00:00:00Z",
  endTime: "2026-12-27T00:00:00Z",
  internalMessage: "<html><body>Closed.</body></html>",
  externalMessage: "",
  externalAudience: "None",
};
const declared = argsOf({ mailbox: "sales-desk@contoso.com", state: "Scheduled", startTime: "2026-12-24T01:00:00+01:00", endTime: "2026-12-27T00:00:00.000Z", internalMessage: "Closed." });
const refs = { identity: async () => true };

describe("AutoReply's mapping, read from its descriptor", () => {
  it("names only properties the tenant returns and body keys it accepts", () => {
    for (const f of Object.values(autoReply.fields) as { tenant?: string; sets?: string }[]) {
      if (f.tenant) expect(Object.keys(AutoReply.shape)).toContain(f.tenant);
      if (f.sets) expect(Object.keys(SetAutoReplyBody.shape)).toContain(f.sets);
    }
  });
  it("sends the times only when Scheduled, never the mailbox or adopt", () => {
    expect(replyBody(declared)).toEqual({ state: "Scheduled", startTime: declared.startTime, endTime: declared.endTime, internalMessage: "Closed.", externalMessage: undefined, externalAudience: "None" });
    expect(replyBody({ ...declared, state: "Enabled", adopt: true })).toMatchObject({ state: "Enabled", startTime: undefined, endTime: undefined });
    expect(Object.keys(replyBody(declared))).not.toContain("mailbox");
  });
  it("compares messages by their text and times by their instant, times only when Scheduled", async () => {
    const live = liveReplyArgs(reply, declared);
    expect(await changedFields(autoReply, declared, live, refs)).toEqual([]);
    expect(await changedFields(autoReply, { ...declared, internalMessage: "Open." }, live, refs)).toEqual(["internalMessage"]);
    expect(await changedFields(autoReply, { ...declared, state: "Enabled", startTime: "2027-01-01T00:00:00Z" }, live, refs)).toEqual(["state"]);
  });
  it("keeps the declared spelling on read where the tenant's means the same", async () => {
    const inputs = await inputsOf(autoReply, declared, liveReplyArgs({ ...reply, endTime: "2026-12-28T00:00:00Z" }, declared), refs);
    expect(inputs).toMatchObject({ mailbox: "sales-desk@contoso.com", startTime: declared.startTime, endTime: "2026-12-28T00:00:00Z", internalMessage: "Closed." });
  });
  it("exports the settings as text, leaving out what is empty", () => {
    expect(settingsOf(reply)).toEqual({ state: "Scheduled", startTime: reply.startTime, endTime: reply.endTime, internalMessage: "Closed.", externalAudience: "None" });
    expect(settingsOf({ ...reply, state: "Enabled" })).toEqual({ state: "Enabled", internalMessage: "Closed.", externalAudience: "None" });
  });
});
