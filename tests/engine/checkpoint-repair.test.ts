import * as fs from "fs";
import * as path from "path";
import { execFile } from "child_process";
import { promisify } from "util";
import { describe, it, expect, beforeAll, afterAll, vi } from "vitest";
import { MailboxPermission, SharedMailbox } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";
import { inlineStack } from "../../engine/workspace";
import { engineEnv, PULUMI_BIN } from "../../engine/settings";

/**
 * What a `kill -9` during the file backend's checkpoint write leaves behind, made on purpose so
 * it does not depend on the kill's timing: the backend writes a metadata sidecar
 * `<stack>.json.attrs` in place (truncate, then write), and a kill in between leaves it empty;
 * a power cut after the rename can leave `<stack>.json` itself empty. Plain `pulumi` then fails
 * on every command; through this repository's engine wrapper, the documented recovery
 * (`pulumi cancel`, `pulumi up`) converges, saying in one line what it repaired.
 */
describe("a checkpoint left unreadable by a killed pulumi", () => {
  let f: EngineFixture;
  const PROJECT = "ckrepair";
  let checkpoint: string;
  const program = () => {
    for (const j of [0, 1]) {
      const box = new SharedMailbox(`ck-box${j}`, { displayName: `Ck Box ${j}`, primarySmtpAddress: `ck-box${j}@contoso.com` });
      new MailboxPermission(`ck-fa${j}`, { mailbox: box.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
    }
  };
  const dirs = () => ({ stateDir: f.stateDir, homeDir: path.join(path.dirname(f.stateDir), "home") });
  /** The plain CLI on this state, as a user's own `pulumi` would run it. */
  const plainPulumi = async (...args: string[]) => {
    try {
      await promisify(execFile)(PULUMI_BIN, [...args, "--stack", "test", "--non-interactive"], { cwd: path.dirname(f.stateDir), env: { ...process.env, ...engineEnv(dirs()) } });
      return "";
    } catch (e) {
      return String((e as { stderr?: string }).stderr ?? e);
    }
  };
  /** The recovery through the engine wrapper: select (which repairs), cancel, up. */
  const recover = async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => (lines.push(String(chunk)), true));
    let stack;
    try {
      stack = await inlineStack({ projectName: PROJECT, stackName: "test", workDir: path.dirname(f.stateDir), dirs: dirs(), program: async () => program() });
    } finally {
      spy.mockRestore();
    }
    await stack.cancel();
    await stack.up();
    await stack.preview({ expectNoChanges: true });
    return lines.filter((l) => l.startsWith("pulumi state:"));
  };
  const boxes = async () => (await f.get<{ items: { primarySmtpAddress: string }[] }>("/v1/shared-mailboxes")).body.items.filter((b) => b.primarySmtpAddress.startsWith("ck-box"));

  beforeAll(async () => {
    f = await engineFixture(PROJECT);
    f.declare(program);
    expect((await f.up()).error).toBeUndefined();
    checkpoint = path.join(f.stateDir, ".pulumi", "stacks", PROJECT, "test.json");
  }, 300_000);
  afterAll(async () => f?.dispose());

  it("an empty <stack>.json.attrs: plain pulumi fails with 'failed to load checkpoint: EOF'; cancel and up converge after a one-line repair", async () => {
    fs.writeFileSync(`${checkpoint}.attrs`, "");
    expect(await plainPulumi("stack", "export")).toContain("failed to load checkpoint: EOF");
    const said = await recover();
    expect(said).toEqual([expect.stringMatching(/^pulumi state: removed an unreadable metadata sidecar .*test\.json\.attrs \(left by a pulumi process killed while writing the checkpoint\)\n$/)]);
    expect(await plainPulumi("stack", "export")).toBe("");
    expect((await boxes()).length).toBe(2);
  }, 600_000);

  it("an empty <stack>.json beside a whole .bak: restored from it, and cancel and up converge with no duplicate", async () => {
    // The .bak is the checkpoint before the last write; make it miss a resource, as a crash between two steps would.
    const older = JSON.parse(fs.readFileSync(checkpoint, "utf8"));
    older.checkpoint.latest.resources = older.checkpoint.latest.resources.filter((r: { urn: string }) => !r.urn.endsWith("::ck-fa1"));
    fs.writeFileSync(`${checkpoint}.bak`, JSON.stringify(older));
    fs.writeFileSync(checkpoint, "");
    expect(await plainPulumi("stack", "export")).toMatch(/failed to load checkpoint|unexpected end of JSON input/);
    const said = await recover();
    expect(said).toEqual([expect.stringMatching(/^pulumi state: restored the checkpoint from its \.bak .*test\.json /)]);
    expect((await boxes()).length).toBe(2);
    const grants = (await f.get<{ items: unknown[] }>("/v1/recipients/ck-box1@contoso.com/grants")).body;
    expect(grants.items.length).toBe(1);
  }, 600_000);
});
