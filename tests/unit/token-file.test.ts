import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveSettings, SettingsError } from "../../provider/settings";
import { tokenFileModeProblem } from "../../schemas/token-file";

/** A token kept in a file: read when the provider starts, refused when others may read it. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "token-file-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const tokenFile = (name: string, content: string, mode: number) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  fs.chmodSync(file, mode);
  return file;
};
const config = (values: Record<string, string>) => ({ get: (k: string) => values[k] });

describe("tokenFileModeProblem", () => {
  it.each([0o600, 0o400, 0o700, 0o100600])("accepts mode %o (its owner only)", (mode) => {
    expect(tokenFileModeProblem("/t", mode)).toBeUndefined();
  });
  it.each([
    [0o644, "0644"],
    [0o640, "0640"],
    [0o604, "0604"],
    [0o100666, "0666"],
  ])("refuses mode %o with the chmod to run", (mode, shown) => {
    expect(tokenFileModeProblem("/secrets/t", mode)).toBe(`/secrets/t can be read by other users of this machine (mode ${shown}), and it holds a token: run 'chmod 600 /secrets/t'`);
  });
});

describe.skipIf(process.platform === "win32")("resolveSettings with a token file (file modes are POSIX)", () => {
  it("mailbox:tokenFile: the file's token, read now, relative to the program's directory", () => {
    tokenFile("tok", "s3cret\n", 0o600);
    expect(resolveSettings(config({ "mailbox:tokenFile": "tok" }), {}, dir).token).toBe("s3cret");
    fs.writeFileSync(path.join(dir, "tok"), "rotated\n");
    expect(resolveSettings(config({ "mailbox:tokenFile": path.join(dir, "tok") }), {}, "/").token).toBe("rotated");
  });

  it("mailbox:token comes first, then mailbox:tokenFile, then MAILBOX_TOKEN, then MAILBOX_TOKEN_FILE", () => {
    const file = tokenFile("order", "from-file", 0o600);
    expect(resolveSettings(config({ "mailbox:token": "t", "mailbox:tokenFile": file }), { MAILBOX_TOKEN: "e" }, dir).token).toBe("t");
    expect(resolveSettings(config({ "mailbox:tokenFile": file }), { MAILBOX_TOKEN: "e" }, dir).token).toBe("from-file");
    expect(resolveSettings(config({}), { MAILBOX_TOKEN: "e", MAILBOX_TOKEN_FILE: file }, dir).token).toBe("e");
    expect(resolveSettings(config({}), { MAILBOX_TOKEN_FILE: file }, dir).token).toBe("from-file");
  });

  it("a token file others may read is refused, naming the setting, the file and the chmod to run", () => {
    const file = tokenFile("shared", "s3cret\n", 0o644);
    expect(() => resolveSettings(config({ "mailbox:tokenFile": file }), {}, dir)).toThrow(
      new SettingsError(`mailbox:tokenFile: ${file} can be read by other users of this machine (mode 0644), and it holds a token: run 'chmod 600 ${file}'`),
    );
    expect(() => resolveSettings(undefined, { MAILBOX_TOKEN_FILE: file }, dir)).toThrow(/^MAILBOX_TOKEN_FILE: .* \(mode 0644\), and it holds a token: run 'chmod 600 /);
  });

  it("the local tenant's development token file is held to the same rule", () => {
    const project = path.join(dir, "project");
    fs.mkdirSync(path.join(project, ".tenant-data"), { recursive: true });
    const file = tokenFile(path.join("project", ".tenant-data", "tenant.db.token"), "dev\n", 0o644);
    expect(() => resolveSettings(undefined, {}, project)).toThrow(`the local tenant's development token: ${file} can be read by other users of this machine (mode 0644)`);
    fs.chmodSync(file, 0o600);
    expect(resolveSettings(undefined, {}, project).token).toBe("dev");
  });

  it("a missing or empty file says so and what to do", () => {
    expect(() => resolveSettings(config({ "mailbox:tokenFile": path.join(dir, "nope") }), {}, dir)).toThrow(/^mailbox:tokenFile: there is no file .*nope: write the token there \(mode 600\)/);
    const empty = tokenFile("empty", "\n", 0o600);
    expect(() => resolveSettings(config({ "mailbox:tokenFile": empty }), {}, dir)).toThrow(`mailbox:tokenFile: ${empty} is empty: write the token there`);
  });
});
