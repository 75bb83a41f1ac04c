import { describe, it, expect, beforeAll, afterAll } from "vitest";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { SharedMailbox, MailboxPermission } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";

/**
 * A stack with no token: the preview fails with the settings' one message, once, naming the
 * setting to give, and no stack trace; the tenant receives nothing.
 */
describe("a stack without a token", () => {
  let f: EngineFixture;
  beforeAll(async () => {
    // An empty mailbox:token is taken as given, so neither MAILBOX_TOKEN nor a development token file is used.
    f = await engineFixture("no-token", { token: "" });
  });
  afterAll(async () => f?.dispose());

  it("preview fails with one message naming mailbox:token, without a stack trace, and writes nothing", async () => {
    const writes = await f.auditCount();
    f.declare(() => {
      const desk = new SharedMailbox("desk", { displayName: "No Token Desk", primarySmtpAddress: "no-token-desk@contoso.com" });
      new MailboxPermission("adele", { mailbox: desk.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
    });
    // Every diagnostic of every severity: the provider's stderr arrives as the stack's info#err messages.
    const diagnostics: string[] = [];
    const failed = await f.stack.preview({ onEvent: (e: EngineEvent) => e.diagnosticEvent && diagnostics.push(e.diagnosticEvent.message) }).then(
      () => false,
      () => true,
    );
    expect(failed).toBe(true);
    const text = diagnostics.join("\n");
    const message = `no token for the tenant at ${f.tenant.url}: set one with 'pulumi config set --secret mailbox:token <token>', a file holding it with 'pulumi config set mailbox:tokenFile <path>', or the MAILBOX_TOKEN or MAILBOX_TOKEN_FILE environment variable`;
    expect(text.split(message).length - 1, text).toBe(1);
    expect(text).not.toMatch(/\n\s+at /);
    expect(await f.auditCount()).toBe(writes);
  }, 120_000);
});
