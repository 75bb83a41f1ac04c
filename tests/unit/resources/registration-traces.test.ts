import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { SharedMailbox } from "../../../provider/resources/shared-mailbox/resource";
import { MailboxPermission } from "../../../provider/resources/mailbox-permission/resource";

/**
 * What registering a resource costs the program in stack traces (provider/resources/serialized.ts):
 * the SDK's promise-leak aid records one per promise it makes, and only PULUMI_DEBUG_PROMISE_LEAKS
 * reads them. The program's shape only (mocks): the engine tests run the same classes for real.
 */

/** The stack traces formatted while `register` runs: the function on top of each, and how many frames it has. */
function tracesDuring(register: () => void): { top: string; frames: number }[] {
  const traces: { top: string; frames: number }[] = [];
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, frames) => {
    traces.push({ top: frames[0]?.getFunctionName() ?? "", frames: frames.length });
    return previous ? previous(error, frames) : `${error}\n${frames.map((f) => `    at ${f}`).join("\n")}`;
  };
  try {
    register();
  } finally {
    Error.prepareStackTrace = previous;
  }
  return traces;
}

const declare = () => {
  const box = new SharedMailbox("desk", { displayName: "Sales Desk", primarySmtpAddress: "sales-desk@contoso.com" });
  new MailboxPermission("adele", { mailbox: box.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
};

describe("registering a resource", () => {
  beforeAll(() => {
    pulumi.runtime.setMocks(
      { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) },
      "project",
      "stack",
      true,
    );
  });
  afterEach(() => vi.unstubAllEnvs());

  it("records no stack frames for the SDK's promise-leak aid, and restores the limit", () => {
    vi.stubEnv("PULUMI_DEBUG_PROMISE_LEAKS", "");
    const limit = Error.stackTraceLimit;
    const traces = tracesDuring(declare);
    expect(traces.filter((t) => t.top === "debuggablePromise" && t.frames > 0)).toEqual([]);
    // The source position the engine records is still found, with frames (one per resource).
    expect(traces.filter((t) => t.top === "callsites" && t.frames > 0)).toHaveLength(2);
    expect(Error.stackTraceLimit).toBe(limit);
  });

  it("records them as the SDK does when PULUMI_DEBUG_PROMISE_LEAKS asks for them", () => {
    vi.stubEnv("PULUMI_DEBUG_PROMISE_LEAKS", "1");
    const traces = tracesDuring(declare);
    // Four per registered property (value, known, secret, dependencies) and a few per resource.
    expect(traces.filter((t) => t.top === "debuggablePromise" && t.frames > 0).length).toBeGreaterThan(4 * 20);
  });
});
