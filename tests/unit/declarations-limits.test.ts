import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, it, expect } from "vitest";
import { MAX_DECLARATIONS_FILE_BYTES, MAX_DECLARED_MAILBOXES } from "../../schemas/declarations";
import { planFile, planYaml, DeclarationsError } from "../../provider/declarations";

function problemsOf(text: string): DeclarationsError {
  try {
    planYaml(text, "decl.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(DeclarationsError);
    return e as DeclarationsError;
  }
  throw new Error("planYaml accepted the file");
}

describe("a declarations file's names, aliases and addresses are unique across the file, whatever their case", () => {
  it("finds a name, an alias and an address that a mailbox above already claims, each at its entry and line", () => {
    const e = problemsOf(`mailboxes:
  - displayName: Öffentlich
    alias: info
    primarySmtpAddress: info@contoso.com
  - displayName: ÖFFENTLICH
    alias: INFO
    primarySmtpAddress: other@contoso.com
    additionalAddresses: [Info@Contoso.com]
`);
    expect(e.problems.map((p) => [p.path, p.line, p.message])).toEqual([
      ["mailboxes[1].displayName", 5, '"ÖFFENTLICH" is also the name of mailboxes[0]: names are unique in the organisation, whatever their case'],
      ["mailboxes[1].alias", 6, '"INFO" is also the alias of mailboxes[0]: aliases are unique in the organisation, whatever their case'],
      ["mailboxes[1].additionalAddresses[0]", 8, '"Info@Contoso.com" is also the address of mailboxes[0]: addresses are unique in the organisation, whatever their case'],
    ]);
  });
});

describe("a declarations file's size is bounded", () => {
  it(`refuses more than ${MAX_DECLARED_MAILBOXES} mailboxes, saying to split the file`, () => {
    const entries = Array.from({ length: MAX_DECLARED_MAILBOXES + 1 }, (_, i) => `  - displayName: Box ${i}\n`).join("");
    const e = problemsOf(`mailboxes:\n${entries}`);
    expect(e.problems[0]).toMatchObject({ path: "mailboxes", message: expect.stringContaining(`declares more than ${MAX_DECLARED_MAILBOXES} mailboxes, the most one file may: split it`) });
  });

  it("refuses a file larger than the limit before reading it, in one clear line", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "decl-big-"));
    try {
      const file = path.join(dir, "big.yaml");
      fs.writeFileSync(file, "mailboxes: []\n");
      fs.truncateSync(file, MAX_DECLARATIONS_FILE_BYTES + 1);
      const started = Date.now();
      expect(() => planFile(file)).toThrow(`is 4.0 MB, more than the 4.0 MB a declarations file may be: split it into several files`);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
