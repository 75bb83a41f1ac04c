import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The pipeline examples. The GitHub Actions workflow goes through actionlint (built by
 * scripts/ensure-actionlint.sh); no linter for Azure Pipelines installs here, so that file is
 * parsed and its triggers, conditions and commands are checked against what its header promises.
 */

const ROOT = join(__dirname, "..", "..");
const PIPELINES = join(ROOT, "examples", "pipelines");
const ACTIONLINT = join(ROOT, ".tools", "bin", "actionlint");
const exec = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), "pipelines-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function actionlint(file: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await exec(ACTIONLINT, ["-no-color", "-oneline", file]);
    return { code: 0, output: stdout };
  } catch (e) {
    const err = e as { code?: number | string; stdout?: string; message: string };
    if (typeof err.code !== "number") throw new Error(`actionlint could not run (run 'bash scripts/ensure-actionlint.sh'): ${err.message}`);
    return { code: err.code, output: err.stdout ?? "" };
  }
}

describe("examples/pipelines/github-actions.yml", () => {
  const file = join(PIPELINES, "github-actions.yml");

  it("passes actionlint", async () => {
    expect(await actionlint(file)).toEqual({ code: 0, output: "" });
  });

  it("actionlint does check it: the same workflow with a job's runs-on removed is refused", async () => {
    const broken = join(scratch, "broken.yml");
    writeFileSync(broken, readFileSync(file, "utf8").replace("  up:\n    if: github.event_name == 'push' || github.event_name == 'workflow_dispatch'\n    runs-on: ubuntu-latest\n", "  up:\n    if: github.event_name == 'push' || github.event_name == 'workflow_dispatch'\n"));
    const r = await actionlint(broken);
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/"runs-on" section is missing in job "up"/);
  });

  it("previews pull requests with the refusal posted, runs up on main and checks drift every night", () => {
    const wf = parse(readFileSync(file, "utf8"));
    const pulumiStep = (job: string) => wf.jobs[job].steps.find((s: { uses?: string }) => s.uses?.startsWith("pulumi/actions@")).with;
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(["pull_request", "push", "schedule"]));
    expect(pulumiStep("preview")).toMatchObject({ command: "preview", "comment-on-pr": true });
    expect(pulumiStep("up")).toMatchObject({ command: "up" });
    expect(pulumiStep("drift")).toMatchObject({ command: "preview", refresh: true, "expect-no-changes": true });
  });
});

describe("examples/pipelines/azure-pipelines.yml", () => {
  const pipeline = parse(readFileSync(join(PIPELINES, "azure-pipelines.yml"), "utf8"));
  const step = (command: RegExp) => pipeline.steps.find((s: { script?: string }) => command.test(s.script ?? ""));

  it("runs on pull requests, on main and every night", () => {
    expect(pipeline.pr.branches.include).toEqual(["main"]);
    expect(pipeline.trigger.branches.include).toEqual(["main"]);
    expect(pipeline.schedules[0]).toMatchObject({ cron: expect.any(String), always: true });
  });

  it("previews pull requests, runs up on main, checks drift on the schedule, and gives each the secrets through env", () => {
    expect(step(/^pulumi preview --stack \S+ --diff/).condition).toBe("eq(variables['Build.Reason'], 'PullRequest')");
    expect(step(/^pulumi up /).condition).toContain("eq(variables['Build.SourceBranch'], 'refs/heads/main')");
    expect(step(/--refresh --expect-no-changes/).condition).toBe("eq(variables['Build.Reason'], 'Schedule')");
    for (const s of [step(/^pulumi preview --stack \S+ --diff/), step(/^pulumi up /), step(/--refresh --expect-no-changes/)]) {
      expect(s.env).toEqual({ PULUMI_CONFIG_PASSPHRASE: "$(PULUMI_CONFIG_PASSPHRASE)", MAILBOX_TOKEN: "$(MAILBOX_TOKEN)" });
    }
  });

  it("has the access review step, off until postAccessReview is set to true", () => {
    expect(step(/pulumi-mailbox review --markdown/).condition).toBe("and(always(), eq(variables['postAccessReview'], 'true'))");
    expect(pipeline.variables).toContainEqual({ name: "postAccessReview", value: false });
  });
});
