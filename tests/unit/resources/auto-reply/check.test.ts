import { describe, it, expect } from "vitest";
import { autoReplyProvider } from "../../../../provider/resources/auto-reply/provider";
import { checkDirectory, people, reasons } from "../fixtures";

const directory = checkDirectory();

describe("AutoReply check refuses at plan time", () => {
  it("an external reply without an internal one", async () => {
    const r = await autoReplyProvider(directory).check!({}, { mailbox: "reception", state: "Enabled", externalMessage: "closed" });
    expect(reasons(r)).toEqual([expect.stringMatching(/^internalMessage: it is not possible to send a reply only to people outside your organization/)]);
  });
  it("an internal message alone is accepted and planned with no external reply (externalAudience None)", async () => {
    const r = await autoReplyProvider(directory).check!({}, { mailbox: "reception", state: "Enabled", internalMessage: "Reception has moved." });
    expect(r.failures).toEqual([]);
    expect(r.inputs).toMatchObject({ externalAudience: "None" });
  });
  it("automatic replies on a group", async () => {
    const r = await autoReplyProvider(directory).check!({}, { mailbox: "sales", state: "Enabled", internalMessage: "x", externalAudience: "None" });
    expect(reasons(r)).toEqual([expect.stringMatching(/^mailbox: "sales" is a distribution group; only mailboxes/)]);
  });
});
