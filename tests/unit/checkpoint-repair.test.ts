import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, it, expect, beforeEach, afterEach } from "vitest";
import { repairCheckpoints, describeRepair } from "../../engine/checkpoint-repair";
import { backendUrl } from "../../engine/settings";

describe("repairCheckpoints: a file backend left unreadable by a killed pulumi", () => {
  let state: string;
  let stacks: string;
  const checkpoint = JSON.stringify({ version: 3, checkpoint: { stack: "dev" } });
  const older = JSON.stringify({ version: 3, checkpoint: { stack: "dev", older: true } });
  const sidecar = JSON.stringify({ "user.content_type": "text/plain; charset=utf-8", md5: "x" });
  beforeEach(() => {
    state = fs.mkdtempSync(path.join(os.tmpdir(), "ckrepair-"));
    stacks = path.join(state, ".pulumi", "stacks", "proj");
    fs.mkdirSync(stacks, { recursive: true });
  });
  afterEach(() => fs.rmSync(state, { recursive: true, force: true }));

  it("removes an empty or truncated .attrs sidecar and keeps the checkpoint as it is", () => {
    fs.writeFileSync(path.join(stacks, "dev.json"), checkpoint);
    fs.writeFileSync(path.join(stacks, "dev.json.attrs"), "");
    fs.writeFileSync(path.join(stacks, "dev.json.bak.attrs"), sidecar.slice(0, 20));
    const repairs = repairCheckpoints(state);
    expect(repairs.map((r) => [path.basename(r.file), r.action])).toEqual([
      ["dev.json.attrs", "removed an unreadable metadata sidecar"],
      ["dev.json.bak.attrs", "removed an unreadable metadata sidecar"],
    ]);
    expect(fs.existsSync(path.join(stacks, "dev.json.attrs"))).toBe(false);
    expect(fs.readFileSync(path.join(stacks, "dev.json"), "utf8")).toBe(checkpoint);
    expect(describeRepair(repairs[0]!)).toMatch(/^pulumi state: removed an unreadable metadata sidecar .*dev\.json\.attrs \(left by a pulumi process killed/);
  });

  it("restores an empty checkpoint from a whole .bak", () => {
    fs.writeFileSync(path.join(stacks, "dev.json"), "");
    fs.writeFileSync(path.join(stacks, "dev.json.bak"), older);
    expect(repairCheckpoints(state).map((r) => r.action)).toEqual(["restored the checkpoint from its .bak"]);
    expect(fs.readFileSync(path.join(stacks, "dev.json"), "utf8")).toBe(older);
  });

  it("leaves a broken checkpoint alone when its .bak is missing or broken too (nothing better to restore)", () => {
    fs.writeFileSync(path.join(stacks, "dev.json"), "{\"version\":");
    fs.writeFileSync(path.join(stacks, "other.json"), "");
    fs.writeFileSync(path.join(stacks, "other.json.bak"), "");
    expect(repairCheckpoints(state)).toEqual([]);
    expect(fs.readFileSync(path.join(stacks, "dev.json"), "utf8")).toBe("{\"version\":");
  });

  it("a lock's sidecar too; history and backups are not read", () => {
    const locks = path.join(state, ".pulumi", "locks", "proj", "dev");
    const history = path.join(state, ".pulumi", "history", "proj", "dev");
    for (const d of [locks, history]) fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(locks, "l.json.attrs"), "");
    fs.writeFileSync(path.join(history, "dev-1.checkpoint.json.attrs"), "");
    expect(repairCheckpoints(state).map((r) => path.basename(r.file))).toEqual(["l.json.attrs"]);
    expect(fs.existsSync(path.join(history, "dev-1.checkpoint.json.attrs"))).toBe(true);
  });

  it("changes nothing in a healthy state directory, or one that does not exist yet", () => {
    fs.writeFileSync(path.join(stacks, "dev.json"), checkpoint);
    fs.writeFileSync(path.join(stacks, "dev.json.attrs"), sidecar);
    fs.writeFileSync(path.join(stacks, "dev.json.bak"), "");
    expect(repairCheckpoints(state)).toEqual([]);
    expect(fs.readFileSync(path.join(stacks, "dev.json.attrs"), "utf8")).toBe(sidecar);
    expect(repairCheckpoints(path.join(state, "nowhere"))).toEqual([]);
  });
});

describe("backendUrl: the file backend of this repository's engine wrapper", () => {
  it("writes no .attrs sidecars (the file a kill mid-write left empty), unless asked to as a plain login does", () => {
    expect(backendUrl("/state")).toBe("file:///state?metadata=skip");
    expect(backendUrl("/state", true)).toBe("file:///state");
  });
});
