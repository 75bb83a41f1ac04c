import { describe, it, expect } from "vitest";
import { autoReplyProvider } from "../../../../provider/resources/auto-reply/provider";
import { diffDirectory } from "../fixtures";

const directory = diffDirectory();

describe("AutoReply diff", () => {
  const provider = autoReplyProvider(directory);
  const state = {
    mailbox: "sales-desk@contoso.com",
    mailboxId: "desk",
    state: "Scheduled",
    startTime: "2026-12-24T00:00:00+00:00",
    endTime: "2027-01-02T00:00:00+00:00",
    internalMessage: "Closed",
    externalMessage: "We are closed",
    externalAudience: "All",
  };
  const { mailboxId: _, ...declared } = state;
  it.each([
    ["state", { state: "Enabled" }],
    ["startTime", { startTime: "2026-12-23T00:00:00+00:00" }],
    ["endTime", { endTime: "2027-01-03T00:00:00+00:00" }],
    ["internalMessage", { internalMessage: "Closed until January" }],
    ["externalMessage", { externalMessage: "Closed until January" }],
    ["externalAudience", { externalAudience: "Known" }],
  ])("a new %s is an in-place update", async (_f, change) => {
    const d = await provider.diff!("desk", state, { ...declared, ...change });
    expect(d).toMatchObject({ changes: true, replaces: [] });
  });
  it.each([
    ["messages wrapped in HTML as Exchange stores them", { internalMessage: "<html><body>Closed</body></html>" }],
    ["the same instant in another offset", { startTime: "2026-12-24T01:00:00+01:00" }],
  ])("%s are no change", async (_w, change) => {
    expect((await provider.diff!("desk", { ...state, ...change }, declared)).changes).toBe(false);
  });
});
