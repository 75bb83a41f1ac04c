import { execFile } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTROL_CHARACTER_MESSAGE } from "../../schemas/common";
import { startTenant } from "../../tenant/server";
import { startTestTenant, auditCount, TestTenant, SMALL_SEED } from "./helpers";

/** Input an attacker or an unlucky operator sends: each gets one clear refusal and changes nothing. */
let t: TestTenant;
let dir: string;
beforeAll(async () => {
  t = await startTestTenant();
  dir = mkdtempSync(join(tmpdir(), "tenant-hostile-"));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("hostile input to the tenant", () => {
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"])("the bearer token %s is unknown (401), not a principal", async (token) => {
    const r = await t.call("GET", "/v1/whoami", undefined, { token });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("Unauthorized");
  });

  it.each([
    ["displayName", { displayName: "Evil\u0000Box" }],
    ["displayName", { displayName: "Line\nBreak" }],
    ["name", { displayName: "Fine", name: "Esc\u001b[31m" }],
  ])("a control character in %s is refused with a clear message and writes nothing", async (field, body) => {
    const writes = await auditCount(t);
    const r = await t.call("POST", "/v1/shared-mailboxes", body);
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({ code: "ValidationFailed", field, message: `${field}: ${CONTROL_CHARACTER_MESSAGE}` });
    expect(await auditCount(t)).toBe(writes);
  });

  it("a control character in a trustee is refused naming the trustee", async () => {
    const r = await t.call("POST", "/v1/recipients/adele/grants", { trustee: "ben\u0000", accessRights: "SendAs" });
    expect(r.body.error).toMatchObject({ code: "ValidationFailed", field: "trustee" });
  });
});

describe("starting the tenant", () => {
  it("refuses a development token file that other users may read, saying how to fix it", async () => {
    const dataFile = join(dir, "shared.db");
    writeFileSync(`${dataFile}.token`, "some-token\n");
    chmodSync(`${dataFile}.token`, 0o644);
    const saved = process.env.TENANT_TOKENS;
    delete process.env.TENANT_TOKENS;
    try {
      await expect(startTenant({ dataFile, seedFile: SMALL_SEED, port: 0 })).rejects.toThrow(
        `${dataFile}.token can be read by other users of this machine (mode 0644), and it holds an administrator's token: run 'chmod 600 ${dataFile}.token', or delete it to have a new token made`,
      );
      chmodSync(`${dataFile}.token`, 0o600);
      const running = await startTenant({ dataFile, seedFile: SMALL_SEED, port: 0 });
      await running.close();
    } finally {
      if (saved !== undefined) process.env.TENANT_TOKENS = saved;
    }
  });

  it("serve on a port in use names the port in one line, without a stack trace", async () => {
    const port = new URL(t.url).port;
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        // The compiled CLI (npm test builds first), as tests/tenant/cli-serve.test.ts runs it.
        [join(__dirname, "..", "..", "dist", "tenant", "cli.js"), "serve", "--port", port, "--data", join(dir, "busy.db"), "--seed", SMALL_SEED],
        { env: { ...process.env, TENANT_TOKENS: "" }, timeout: 60_000 },
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr: String(stderr) }),
      );
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `error: port ${port} on 127.0.0.1 is already in use (is a tenant already running there?): stop what uses it, or choose another port with --port (0 picks a free one)`,
    );
  }, 60_000);
});
