import { describe, it, expect, beforeAll, afterAll } from "vitest";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { SharedMailbox } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";
import { TOKENS } from "../tenant/helpers";

/**
 * The tenant's token is rotated: the old one stops working, the stack's config gets the new one.
 * Pulumi's refresh and destroy configure the provider from the state (the config of the last up)
 * unless they run the program: plain refresh fails and says what to run; with --run-program it
 * uses the new token, as preview and up always do.
 */
describe("rotating mailbox:token", () => {
  let f: EngineFixture;
  const NEW = "t-exchange-admin";
  beforeAll(async () => {
    f = await engineFixture("rotation");
    f.declare(() => {
      new SharedMailbox("rotated", { displayName: "Rotated Desk", primarySmtpAddress: "rotated-desk@contoso.com" });
    });
    const r = await f.up();
    expect(r.error).toBeUndefined();
    // Rotate: the tenant knows only the new token; the stack's config holds it.
    await f.tenant.restart({ port: Number(new URL(f.tenant.url).port), tokens: { [NEW]: TOKENS[NEW]! } });
    await f.stack.setConfig("mailbox:token", { value: NEW, secret: true });
  }, 300_000);
  afterAll(async () => f?.dispose());

  it("a plain refresh uses the token recorded in the state, fails, and says to run it with --run-program", async () => {
    const r = await f.refresh();
    expect(r.error).toBeDefined();
    expect(r.diagnostics.join("\n")).toContain("the token is not known to this tenant");
    expect(r.diagnostics.join("\n")).toContain("pulumi refresh --run-program");
  }, 300_000);

  it("refresh --run-program uses the new token and finds no drift; preview does too", async () => {
    const events: EngineEvent[] = [];
    await f.stack.refresh({ runProgram: true, onEvent: (e) => events.push(e) });
    expect((await f.stack.history(1))[0].resourceChanges).toEqual({ same: 2 });
    const p = await f.preview({ expectNoChanges: true });
    expect(p.error).toBeUndefined();
  }, 300_000);

  it("destroy --run-program removes the mailbox with the new token", async () => {
    await f.stack.destroy({ runProgram: true });
    const box = await f.tenant.call("GET", "/v1/mailboxes/rotated-desk@contoso.com", undefined, { token: NEW });
    expect(box.status).toBe(404);
  }, 300_000);
});
