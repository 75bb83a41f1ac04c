import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import type { Stack, EngineEvent } from "@pulumi/pulumi/automation";
import { inlineStack, freshWorkDir } from "../../engine/workspace";
import { missingEngine } from "../../engine/settings";

/**
 * Proves the real engine runs here: a tiny dynamic resource that keeps a note in a file goes
 * through preview → up → preview (no changes) → refresh → update → destroy, and every step is
 * checked against what the engine reports and what the file holds.
 */

// The handlers load what they need at run time: the provider is serialized into the state.
const noteProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    const fs = require("fs");
    const file = `${inputs.dir}/${inputs.name}.json`;
    fs.writeFileSync(file, JSON.stringify({ text: inputs.text }));
    return { id: file, outs: { ...inputs, length: inputs.text.length } };
  },
  async read(id, props) {
    const fs = require("fs");
    if (!fs.existsSync(id)) return { id: "" };
    const text = JSON.parse(fs.readFileSync(id, "utf8")).text;
    const outs = { ...props, text, length: text.length };
    return { id, props: outs, inputs: { dir: props.dir, name: props.name, text } };
  },
  async diff(_id, olds, news) {
    const changes = olds.text !== news.text || olds.name !== news.name || olds.dir !== news.dir;
    return { changes, replaces: olds.name !== news.name || olds.dir !== news.dir ? ["name"] : [] };
  },
  async update(_id, _olds, news) {
    const fs = require("fs");
    const file = `${news.dir}/${news.name}.json`;
    fs.writeFileSync(file, JSON.stringify({ text: news.text }));
    return { outs: { ...news, length: news.text.length } };
  },
  async delete(id) {
    require("fs").rmSync(id, { force: true });
  },
};

class Note extends pulumi.dynamic.Resource {
  declare readonly length: pulumi.Output<number>;
  constructor(name: string, args: { dir: string; name: string; text: string }) {
    super(noteProvider, name, { ...args, length: undefined }, {});
  }
}

function stepsOf(events: EngineEvent[]): Record<string, string> {
  const steps: Record<string, string> = {};
  for (const e of events) {
    const m = e.resourcePreEvent?.metadata;
    if (m && m.type === "pulumi-nodejs:dynamic:Resource") steps[m.urn.split("::").pop()!] = m.op;
  }
  return steps;
}

describe("the real Pulumi engine runs a dynamic resource end to end", () => {
  const work = freshWorkDir("smoke");
  const notes = fs.mkdtempSync(path.join(os.tmpdir(), "notes-"));
  let text = "first";
  let stack: Stack;

  beforeAll(async () => {
    const missing = missingEngine();
    if (missing) throw new Error(`engine smoke test cannot run: ${missing}`);
    stack = await inlineStack({
      projectName: "engine-smoke",
      stackName: "smoke",
      workDir: work,
      dirs: { stateDir: path.join(work, "state"), homeDir: path.join(work, "home") },
      program: async () => {
        const note = new Note("note", { dir: notes, name: "hello", text });
        return { length: note.length };
      },
    });
  });

  afterAll(() => {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(notes, { recursive: true, force: true });
  });

  it("reports the engine's version, which refresh and destroy need", async () => {
    const version = stack.workspace.pulumiVersion;
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("preview of a new stack plans one create and writes nothing", async () => {
    const events: EngineEvent[] = [];
    const result = await stack.preview({ onEvent: (e) => events.push(e) });
    expect(result.changeSummary.create).toBe(2); // the stack and the note
    expect(stepsOf(events)).toEqual({ note: "create" });
    expect(fs.existsSync(path.join(notes, "hello.json"))).toBe(false);
  }, 120_000);

  it("up creates the note and returns its outputs", async () => {
    const result = await stack.up();
    expect(result.summary.result).toBe("succeeded");
    expect(result.summary.resourceChanges?.create).toBe(2);
    expect(result.outputs.length.value).toBe(5);
    expect(JSON.parse(fs.readFileSync(path.join(notes, "hello.json"), "utf8"))).toEqual({ text: "first" });
    const state = await stack.exportStack();
    const dynamic = state.deployment.resources.filter((r: { type: string }) => r.type === "pulumi-nodejs:dynamic:Resource");
    expect(dynamic).toHaveLength(1);
    // The provider travels in the state as serialized code; it must stay small.
    expect(dynamic[0].inputs.__provider.length).toBeLessThan(10_000);
  }, 120_000);

  it("a second preview shows no changes", async () => {
    const result = await stack.preview({ expectNoChanges: true });
    expect(result.changeSummary).toEqual({ same: 2 });
  }, 120_000);

  it("refresh reads a change made outside the engine into the state", async () => {
    fs.writeFileSync(path.join(notes, "hello.json"), JSON.stringify({ text: "changed by hand" }));
    const result = await stack.refresh();
    expect(result.summary.resourceChanges?.update).toBe(1);
    const state = await stack.exportStack();
    const note = state.deployment.resources.find((r: { type: string }) => r.type === "pulumi-nodejs:dynamic:Resource");
    expect(note.outputs.text).toBe("changed by hand");
  }, 120_000);

  it("up with new text updates the note in place", async () => {
    text = "second version";
    const events: EngineEvent[] = [];
    const result = await stack.up({ onEvent: (e) => events.push(e) });
    expect(result.summary.resourceChanges).toMatchObject({ update: 1, same: 1 });
    expect(stepsOf(events)).toEqual({ note: "update" });
    expect(result.outputs.length.value).toBe("second version".length);
    expect(JSON.parse(fs.readFileSync(path.join(notes, "hello.json"), "utf8")).text).toBe("second version");
  }, 120_000);

  it("destroy deletes the note and empties the state", async () => {
    const result = await stack.destroy();
    expect(result.summary.resourceChanges?.delete).toBe(2);
    expect(fs.existsSync(path.join(notes, "hello.json"))).toBe(false);
    const state = await stack.exportStack();
    expect(state.deployment.resources ?? []).toHaveLength(0);
  }, 120_000);
});
