import * as fs from "fs";
import * as path from "path";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { SharedMailbox } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";
import { ADMIN, TOKENS } from "../tenant/helpers";

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

/**
 * The same rotation with the token in a file (mailbox:tokenFile): the state records the file's
 * path, never the token, and the provider reads the file each time it starts, so a plain refresh
 * and a plain destroy use the rotated token without --run-program.
 */
describe("rotating a token kept in a file (mailbox:tokenFile)", () => {
  let f: EngineFixture;
  let tokenFile: string;
  const NEW = "t-exchange-admin";
  beforeAll(async () => {
    f = await engineFixture("rotation-file");
    tokenFile = path.join(path.dirname(f.stateDir), "mailbox.token");
    fs.writeFileSync(tokenFile, `${ADMIN}\n`, { mode: 0o600 });
    await f.stack.removeConfig("mailbox:token");
    await f.stack.setConfig("mailbox:tokenFile", { value: tokenFile });
    f.declare(() => {
      new SharedMailbox("rotated", { displayName: "Rotated File Desk", primarySmtpAddress: "rotated-file-desk@contoso.com" });
    });
    const r = await f.up();
    expect(r.error).toBeUndefined();
  }, 300_000);
  afterAll(async () => f?.dispose());

  it("the state holds the file's path, not the token", () => {
    const checkpoint = fs.readFileSync(path.join(f.stateDir, ".pulumi", "stacks", "rotation-file", "test.json"), "utf8");
    expect(checkpoint).toContain(tokenFile);
    expect(checkpoint).not.toContain(ADMIN);
  });

  it("after the file is rewritten with the new token, a plain refresh uses it and finds no drift", async () => {
    await f.tenant.restart({ port: Number(new URL(f.tenant.url).port), tokens: { [NEW]: TOKENS[NEW]! } });
    fs.writeFileSync(tokenFile, `${NEW}\n`);
    const r = await f.refresh();
    expect(r.error).toBeUndefined();
    expect((await f.stack.history(1))[0].resourceChanges).toEqual({ same: 2 });
  }, 300_000);

  it("a token file others may read stops the up with the chmod to run, and nothing is written", async () => {
    const audit = async () => (await f.tenant.call("GET", "/v1/audit?limit=10000", undefined, { token: NEW })).body.items.length;
    const writes = await audit();
    fs.chmodSync(tokenFile, 0o644);
    f.declare(() => {
      new SharedMailbox("rotated", { displayName: "Rotated File Desk", primarySmtpAddress: "rotated-file-desk@contoso.com" });
      new SharedMailbox("another", { displayName: "Another File Desk", primarySmtpAddress: "another-file-desk@contoso.com" });
    });
    const r = await f.up();
    expect(r.error).toBeDefined();
    expect(r.diagnostics.join("\n")).toContain(`mailbox:tokenFile: ${tokenFile} can be read by other users of this machine (mode 0644), and it holds a token: run 'chmod 600 ${tokenFile}'`);
    expect(await audit()).toBe(writes);
    fs.chmodSync(tokenFile, 0o600);
  }, 300_000);

  it("a plain destroy uses the new token too", async () => {
    const r = await f.destroy();
    expect(r.error).toBeUndefined();
    const box = await f.tenant.call("GET", "/v1/mailboxes/rotated-file-desk@contoso.com", undefined, { token: NEW });
    expect(box.status).toBe(404);
  }, 300_000);
});
