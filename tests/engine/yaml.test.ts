import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { yamlProgram, YAML_EXAMPLE } from "../../examples/yaml/program";
import { engineFixture, EngineFixture } from "./harness";

type GrantView = { accessRights: string; trusteeAddress: string; autoMapping: boolean };
const summary = (grants: GrantView[]) => grants.map((g) => `${g.accessRights} ${g.trusteeAddress} ${g.autoMapping}`).sort();

const RESOURCES = [
  "support-desk",
  "support-desk-full-access-helpdesk-agents",
  "support-desk-full-access-nestor.wilke",
  "support-desk-full-access-christie.cline",
  "support-desk-send-as-nestor.wilke",
  "support-desk-forwarding",
  "events",
  "events-send-on-behalf-marketing",
  "events-auto-reply",
].sort();

/** The YAML example (examples/yaml/mailboxes.yaml) through the real engine against the real tenant. */
describe("mailboxes declared in YAML", () => {
  let f: EngineFixture;
  beforeAll(async () => {
    f = await engineFixture("yaml");
    f.declare(() => yamlProgram());
  });
  afterAll(async () => f?.dispose());

  it("preview of the new stack plans a create per declared resource and writes nothing", async () => {
    const writes = await f.auditCount();
    const r = await f.preview();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(Object.keys(r.steps).sort()).toEqual(RESOURCES);
    expect(Object.values(r.steps).flat()).toEqual(Array(RESOURCES.length).fill("create"));
    expect(await f.auditCount()).toBe(writes);
  }, 120_000);

  it("up creates exactly what the file declares, and the tenant holds it", async () => {
    const mailboxesBefore = (await f.get("/v1/shared-mailboxes")).body.items.map((m: { primarySmtpAddress: string }) => m.primarySmtpAddress);
    const r = await f.up();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(Object.keys(r.steps).sort()).toEqual(RESOURCES);
    expect(Object.values(r.steps).flat()).toEqual(Array(RESOURCES.length).fill("create"));

    const after = (await f.get("/v1/shared-mailboxes")).body.items.map((m: { primarySmtpAddress: string }) => m.primarySmtpAddress);
    expect(after.sort()).toEqual([...mailboxesBefore, "support-desk@contoso.com", "events@contoso.com"].sort());

    const desk = (await f.get("/v1/mailboxes/support-desk@contoso.com")).body;
    expect(desk).toMatchObject({
      displayName: "Support Desk",
      alias: "support-desk",
      recipientTypeDetails: "SharedMailbox",
      accountDisabled: true,
      messageCopyForSentAsEnabled: true,
      messageCopyForSendOnBehalfEnabled: false,
    });
    expect(summary((await f.get(`/v1/recipients/${desk.id}/grants`)).body.items)).toEqual([
      "FullAccess christie.cline@contoso.com true",
      "FullAccess helpdesk-agents@contoso.com false",
      "FullAccess nestor.wilke@contoso.com true",
      "SendAs nestor.wilke@contoso.com false",
    ]);
    expect((await f.get(`/v1/mailboxes/${desk.id}/forwarding`)).body).toMatchObject({
      forwardingAddress: null,
      forwardingSmtpAddress: "nightshift@northwindtraders.com",
      effectiveTarget: "nightshift@northwindtraders.com",
      deliverToMailboxAndForward: true,
    });
    expect((await f.get(`/v1/mailboxes/${desk.id}/auto-reply`)).body).toMatchObject({ state: "Disabled" });

    const events = (await f.get("/v1/mailboxes/events@contoso.com")).body;
    expect(events).toMatchObject({ displayName: "Events", recipientTypeDetails: "SharedMailbox", accountDisabled: true, messageCopyForSendOnBehalfEnabled: true });
    expect(summary((await f.get(`/v1/recipients/${events.id}/grants`)).body.items)).toEqual(["SendOnBehalf marketing@contoso.com false"]);
    const marketing = (await f.get("/v1/recipients/marketing@contoso.com")).body;
    expect(events.grantSendOnBehalfTo).toEqual([marketing.id]);
    expect((await f.get(`/v1/mailboxes/${events.id}/forwarding`)).body).toMatchObject({ effectiveTarget: null });
    const reply = (await f.get(`/v1/mailboxes/${events.id}/auto-reply`)).body;
    expect(reply).toMatchObject({ state: "Enabled", externalAudience: "All", startTime: null, endTime: null });
    expect(reply.internalMessage).toContain("the events team reads this mailbox on weekdays");
    expect(reply.externalMessage).toContain("We answer within two working days.");

    const outputs = await f.stack.outputs();
    expect(outputs["support-desk"].value).toMatchObject({ primarySmtpAddress: "support-desk@contoso.com", forwardsTo: "nightshift@northwindtraders.com" });
    expect(outputs["support-desk"].value.grants).toHaveLength(4);
    expect(outputs.events.value).toMatchObject({ mailboxId: events.id, autoReply: "Enabled" });
  }, 240_000);

  it("a second preview shows no changes", async () => {
    const writes = await f.auditCount();
    const r = await f.preview({ expectNoChanges: true });
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(Object.values(r.steps).flat()).toEqual(Array(RESOURCES.length).fill("same"));
    expect(await f.auditCount()).toBe(writes);
  }, 120_000);

  it("destroy removes what the file declared", async () => {
    const r = await f.destroy();
    expect(r.error, r.diagnostics.join("\n")).toBeUndefined();
    expect(Object.values(r.steps).flat()).toEqual(Array(RESOURCES.length).fill("delete"));
    expect((await f.get("/v1/mailboxes/support-desk@contoso.com")).status).toBe(404);
    expect((await f.get("/v1/mailboxes/events@contoso.com")).status).toBe(404);
  }, 180_000);
});

describe("a YAML file with a mistake", () => {
  let f: EngineFixture;
  let dir: string;
  beforeAll(async () => {
    f = await engineFixture("yaml-mistakes");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "yaml-mistakes-"));
  });
  afterAll(async () => {
    await f?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The example with one change, as a file of its own. */
  function exampleWith(name: string, edit: (text: string) => string): string {
    const original = fs.readFileSync(YAML_EXAMPLE, "utf8");
    const text = edit(original);
    expect(text).not.toBe(original);
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  }

  it("FullAccess for the Sales distribution group fails the preview with the provider's message and writes nothing", async () => {
    const file = exampleWith("fullaccess-to-sales.yaml", (t) => t.replace("      - christie.cline@contoso.com\n", "$&      - sales@contoso.com\n"));
    const writes = await f.auditCount();
    f.declare(() => yamlProgram(file));
    const r = await f.preview();
    expect(r.error).toBeDefined();
    const hit = r.diagnostics.find(
      (d) =>
        d.startsWith("support-desk-full-access-sales: ") &&
        d.includes("property trustee ") &&
        d.includes('"sales@contoso.com" is a distribution group; FullAccess can be granted only to a user mailbox, a mail user or a mail-enabled security group'),
    );
    expect(hit, r.diagnostics.join("\n")).toBeDefined();
    expect(await f.auditCount()).toBe(writes);
    expect((await f.get("/v1/mailboxes/support-desk@contoso.com")).status).toBe(404);
    expect((await f.stack.exportStack()).deployment.resources ?? []).toHaveLength(0);
  }, 120_000);

  it("a mistake in the file's format fails the preview naming the file, the entry and its line, without a stack trace, and writes nothing", async () => {
    const file = exampleWith("misspelt.yaml", (t) => t.replace("    sendAs:\n", "    sendAS:\n"));
    const line = fs.readFileSync(file, "utf8").split("\n").findIndex((l) => l === "    sendAS:") + 1;
    const writes = await f.auditCount();
    f.declare(() => yamlProgram(file));
    const r = await f.preview();
    expect(r.error).toBeDefined();
    const text = r.diagnostics.join("\n");
    expect(text).toContain(`${file} is not a valid mailbox declarations file (1 problem):`);
    expect(text).toContain(`${file}:${line}:5: mailboxes[0].sendAS: is not a field here; the fields are displayName,`);
    expect(text).not.toMatch(/\n\s+at .*\.(js|ts):\d+/);
    expect(text).not.toContain("Unhandled exception");
    expect(await f.auditCount()).toBe(writes);
  }, 120_000);
});
