import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { engineEnv, passphraseEnv, passphraseFile } from "../../engine/settings";

/** The stacks' secrets are encrypted with a passphrase that is nowhere in the source. */
const root = fs.mkdtempSync(path.join(os.tmpdir(), "engine-settings-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const dirs = (name: string) => ({ stateDir: path.join(root, name, "state"), homeDir: path.join(root, name, "home") });
const source = fs.readFileSync(path.join(__dirname, "..", "..", "engine", "settings.ts"), "utf8");

describe("the local stacks' passphrase", () => {
  it("is generated per state directory, kept beside it with mode 0600, and the same on the next run", () => {
    const saved = { p: process.env.PULUMI_CONFIG_PASSPHRASE, f: process.env.PULUMI_CONFIG_PASSPHRASE_FILE };
    delete process.env.PULUMI_CONFIG_PASSPHRASE;
    delete process.env.PULUMI_CONFIG_PASSPHRASE_FILE;
    try {
      const a = dirs("a");
      const env = engineEnv(a);
      expect(env.PULUMI_CONFIG_PASSPHRASE).toBeUndefined();
      expect(env.PULUMI_CONFIG_PASSPHRASE_FILE).toBe(passphraseFile(a.stateDir));
      const secret = fs.readFileSync(passphraseFile(a.stateDir), "utf8").trim();
      expect(secret.length).toBeGreaterThanOrEqual(40);
      expect(source).not.toContain(secret);
      expect(fs.statSync(passphraseFile(a.stateDir)).mode & 0o777).toBe(0o600);
      engineEnv(a);
      expect(fs.readFileSync(passphraseFile(a.stateDir), "utf8").trim()).toBe(secret);
      engineEnv(dirs("b"));
      expect(fs.readFileSync(passphraseFile(dirs("b").stateDir), "utf8").trim()).not.toBe(secret);
    } finally {
      if (saved.p !== undefined) process.env.PULUMI_CONFIG_PASSPHRASE = saved.p;
      if (saved.f !== undefined) process.env.PULUMI_CONFIG_PASSPHRASE_FILE = saved.f;
    }
  });

  it("is the user's own when PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE is set, and no file is made", () => {
    const c = dirs("c");
    fs.mkdirSync(c.stateDir, { recursive: true });
    expect(passphraseEnv(c.stateDir, { PULUMI_CONFIG_PASSPHRASE: "mine" })).toEqual({ PULUMI_CONFIG_PASSPHRASE: "mine" });
    expect(passphraseEnv(c.stateDir, { PULUMI_CONFIG_PASSPHRASE_FILE: "/secrets/p" })).toEqual({ PULUMI_CONFIG_PASSPHRASE_FILE: "/secrets/p" });
    expect(fs.existsSync(passphraseFile(c.stateDir))).toBe(false);
  });
});
