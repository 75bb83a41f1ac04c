import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import type { Stack } from "@pulumi/pulumi/automation";
import { freshWorkDir, inlineStack } from "../../engine/workspace";

/**
 * Previews run without the engine's checkpoint after every step (engine/workspace.ts,
 * withoutPreviewCheckpoints): the file backend throws a dry run's checkpoints away, but making
 * them costs N² resource serializations for N resources. What the engine's processes got is
 * seen from inside them: a dynamic provider, started by the CLI with the CLI's environment, writes
 * PULUMI_SKIP_CHECKPOINTS as it sees it on every check and read into a file, one line per call.
 */

// Written into the provider's serialized code: it may use only what it requires itself.
const envRecorder: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    require("fs").appendFileSync(news.logFile, `check ${process.env.PULUMI_SKIP_CHECKPOINTS ?? "unset"}\n`);
    return { inputs: news };
  },
  async create(inputs) {
    return { id: "recorded", outs: inputs };
  },
  async read(id, props) {
    require("fs").appendFileSync(props!.logFile, `read ${process.env.PULUMI_SKIP_CHECKPOINTS ?? "unset"}\n`);
    return { id, props };
  },
};

class EnvRecorder extends pulumi.dynamic.Resource {
  constructor(name: string, logFile: string) {
    super(envRecorder, name, { logFile }, {}, "test", "EnvRecorder");
  }
}

describe("previews run without a checkpoint after every step; up, refresh and destroy keep theirs", () => {
  let workDir: string;
  let logFile: string;
  let stack: Stack;
  /** What the provider recorded during one operation. */
  const during = async (op: () => Promise<unknown>): Promise<string[]> => {
    fs.writeFileSync(logFile, "");
    await op();
    return fs.readFileSync(logFile, "utf8").split("\n").filter(Boolean);
  };

  beforeAll(async () => {
    workDir = freshWorkDir("preview-ckpt");
    logFile = path.join(workDir, "provider-env.log");
    delete process.env.PULUMI_SKIP_CHECKPOINTS;
    stack = await inlineStack({
      projectName: "previewckpt",
      stackName: "test",
      workDir,
      dirs: { stateDir: path.join(workDir, "state"), homeDir: path.join(workDir, "home") },
      program: async () => {
        new EnvRecorder("rec", logFile);
      },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.workspace.removeStack("test", { force: true }).catch(() => undefined);
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it("sets PULUMI_SKIP_CHECKPOINTS for preview and preview --refresh only, and takes it away after", async () => {
    expect(await during(() => stack.preview())).toEqual(["check true"]);
    expect(await during(() => stack.up())).toEqual(["check unset"]);
    expect(await during(() => stack.preview({ refresh: true, expectNoChanges: true }))).toEqual(["read true", "check true"]);
    expect(await during(() => stack.refresh())).toEqual(["read unset"]);
    expect(stack.workspace.envVars.PULUMI_SKIP_CHECKPOINTS).toBeUndefined();
    expect(await during(() => stack.destroy())).toEqual([]);
  }, 240_000);
});
