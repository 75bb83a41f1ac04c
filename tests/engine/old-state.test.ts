import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as pulumi from "@pulumi/pulumi";
import { SharedMailbox, MailboxPermission, MailboxAccess, ForwardingRule, AutoReply } from "pulumi-mailbox";
import type { Kind, ResourceDescriptor } from "../../provider/resources/descriptor";
import { RESOURCES } from "../../provider/resources/registry";
import { deploymentName, providerModule, typeToken } from "../../provider/resources/serialized";
import { createKey } from "../../provider/rules/create-key";
import { engineFixture, EngineFixture } from "./harness";

/**
 * A stack written by the resource classes as they registered before they left out what they do
 * not expose (`stateOnly` in descriptor.ts) and before they registered without the SDK's debug
 * traces: every argument and output of the descriptor as a placeholder; and by the provider before
 * `__deployment` became its only hidden input: `__createKey` (every kind) and `__resourceName`
 * (MailboxPermission, MailboxAccess) among the inputs and the outputs. Planned and applied with the
 * current classes, it must show no change and write nothing in the tenant; refresh and destroy of
 * it must work. The state sheds the two retired keys: an up drops them from the inputs (the engine
 * records what check returns), a refresh from the outputs too; nothing else of it changes.
 */

/** How a resource of each kind registered before: a copy of that registration, kept here as it was. */
class OldShape extends pulumi.CustomResource {
  constructor(kind: Kind, name: string, props: pulumi.Inputs, hidden: string[]) {
    const descriptor: ResourceDescriptor = RESOURCES[kind].descriptor;
    const placeholders = Object.fromEntries([...Object.keys(descriptor.fields), ...descriptor.outputs].map((k) => [k, undefined]));
    const own: Record<string, string> = { __deployment: deploymentName(name) };
    if (hidden.includes("__resourceName")) own.__resourceName = name;
    super(typeToken(kind), name, { ...placeholders, ...props, ...own, __provider: providerModule(kind) });
  }
}

type Declare = {
  mailbox(name: string, args: pulumi.Inputs): { primarySmtpAddress: pulumi.Output<string> };
  other(kind: Exclude<Kind, "SharedMailbox">, name: string, args: pulumi.Inputs): void;
};

/** One resource of every kind, on two mailboxes. */
const program = (d: Declare) => () => {
  const desk = d.mailbox("old-desk", { displayName: "Old Desk", primarySmtpAddress: "old-desk@contoso.com" });
  d.other("MailboxPermission", "old-adele", { mailbox: desk.primarySmtpAddress, trustee: "adele.vance@contoso.com", accessRights: "FullAccess" });
  d.other("ForwardingRule", "old-forward", { mailbox: desk.primarySmtpAddress, forwardTo: "sales@contoso.com", keepCopy: true });
  d.other("AutoReply", "old-reply", { mailbox: desk.primarySmtpAddress, state: "Enabled", internalMessage: "Back soon.", externalAudience: "None" });
  const owned = d.mailbox("old-owned", { displayName: "Old Owned", primarySmtpAddress: "old-owned@contoso.com", quotaGB: 20 });
  d.other("MailboxAccess", "old-owned-access", { mailbox: owned.primarySmtpAddress, members: ["megan.bowen@contoso.com"], sendOnBehalf: ["alex.wilber@contoso.com"] });
};
const NAMES = ["old-adele", "old-desk", "old-forward", "old-owned", "old-owned-access", "old-reply"];

const oldProgram = program({
  mailbox: (name, args) => new OldShape("SharedMailbox", name, args, []) as unknown as { primarySmtpAddress: pulumi.Output<string> },
  other: (kind, name, args) => new OldShape(kind, name, args, kind === "MailboxPermission" || kind === "MailboxAccess" ? ["__resourceName"] : []),
});

const CURRENT = { MailboxPermission, ForwardingRule, AutoReply, MailboxAccess } as const;
const currentProgram = program({
  mailbox: (name, args) => new SharedMailbox(name, args as never),
  other: (kind, name, args) => new (CURRENT[kind] as new (n: string, a: never) => unknown)(name, args as never),
});

/** The hidden inputs the provider kept before deriving them from `__deployment`. */
const RETIRED = ["__createKey", "__resourceName"];
const without = (values: unknown) => Object.fromEntries(Object.entries(values as Record<string, unknown>).filter(([k]) => !RETIRED.includes(k)));

/**
 * Adds the retired keys where the earlier provider kept them, in inputs and outputs: the resource
 * class passed `__resourceName`, check added `__createKey` (its value does not matter here: no
 * create runs), create and read carried every `__` key into the outputs.
 */
async function writeRetiredKeys(f: EngineFixture): Promise<void> {
  const exported = await f.stack.exportStack();
  for (const r of exported.deployment.resources as Array<{ urn: string; type: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }>) {
    if (!r.type.startsWith("pulumi-nodejs:dynamic")) continue;
    const name = r.urn.split("::").pop()!;
    const kind = r.type.split(":").pop()!;
    const own: Record<string, string> = { __createKey: createKey(String(r.inputs.__deployment), kind, { name }) };
    if (kind === "MailboxPermission" || kind === "MailboxAccess") own.__resourceName = name;
    r.inputs = { ...r.inputs, ...own };
    r.outputs = { ...r.outputs, ...own };
  }
  await f.stack.importStack(exported);
}

/** Each dynamic resource's inputs and outputs in the stack's state, by name. */
async function stateOf(f: EngineFixture): Promise<Record<string, { inputs: unknown; outputs: unknown }>> {
  const exported = await f.stack.exportStack();
  const resources = (exported.deployment as { resources: Array<{ urn: string; type: string; inputs: unknown; outputs: unknown }> }).resources;
  return Object.fromEntries(
    resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")).map((r) => [r.urn.split("::").pop()!, { inputs: r.inputs, outputs: r.outputs }]),
  );
}

describe("a stack whose state the earlier registration wrote", () => {
  let f: EngineFixture;
  let written: Awaited<ReturnType<typeof stateOf>>;

  beforeAll(async () => {
    f = await engineFixture("old-state");
    f.declare(oldProgram);
    const up = await f.up();
    expect(up.error).toBeUndefined();
    expect(Object.keys(up.steps).sort()).toEqual(NAMES);
    written = await stateOf(f);
    // The earlier registration's state, as it was written: all six, with the provider's hidden inputs.
    expect(Object.keys(written).sort()).toEqual(NAMES);
    await writeRetiredKeys(f);
    written = await stateOf(f);
    for (const where of ["inputs", "outputs"] as const) {
      expect(written["old-adele"]![where]).toMatchObject({ __resourceName: "old-adele", __createKey: expect.any(String), __deployment: "old-state/test/old-adele" });
      expect(written["old-desk"]![where]).toMatchObject({ __createKey: expect.any(String), __deployment: "old-state/test/old-desk" });
    }
    f.declare(currentProgram);
  }, 240_000);
  afterAll(async () => f?.dispose());

  it("previews with the current classes as unchanged: no update, no replace, no input changed", async () => {
    const preview = await f.preview({ expectNoChanges: true });
    expect(preview.error).toBeUndefined();
    for (const name of NAMES) expect(preview.steps[name], name).toEqual(["same"]);
    // What the plan shows changed of each resource's inputs ("+key", "-key", "~key"): nothing.
    expect(Object.entries(preview.diffs).filter(([, d]) => d.length)).toEqual([]);
  });

  it("up with the current classes writes nothing in the tenant; the state's inputs shed the retired keys, nothing else changes", async () => {
    const audit = await f.auditCount();
    const up = await f.up();
    expect(up.error).toBeUndefined();
    for (const name of NAMES) expect(up.steps[name], name).toEqual(["same"]);
    expect(await f.auditCount()).toBe(audit);
    // A step that changes nothing keeps the outputs and records the inputs check returned.
    const shed = Object.fromEntries(Object.entries(written).map(([name, r]) => [name, { inputs: without(r.inputs), outputs: r.outputs }]));
    expect(await stateOf(f)).toEqual(shed);
  });

  it("a drift check and a refresh of it find nothing changed; the refreshed outputs shed the retired keys too", async () => {
    const drift = await f.preview({ refresh: true, expectNoChanges: true });
    expect(drift.error).toBeUndefined();
    for (const name of NAMES) expect(drift.steps[name], name).toEqual(["refresh", "same"]);
    const refresh = await f.refresh();
    expect(refresh.error).toBeUndefined();
    const shed = Object.fromEntries(Object.entries(written).map(([name, r]) => [name, { inputs: without(r.inputs), outputs: without(r.outputs) }]));
    expect(await stateOf(f)).toEqual(shed);
    const again = await f.preview({ refresh: true, expectNoChanges: true });
    expect(again.error).toBeUndefined();
    for (const name of NAMES) expect(again.steps[name], name).toEqual(["refresh", "same"]);
  });

  it("destroy removes what it made", async () => {
    const destroy = await f.destroy();
    expect(destroy.error).toBeUndefined();
    for (const name of NAMES) expect(destroy.steps[name], name).toEqual(["delete"]);
    expect((await f.get("/v1/mailboxes/old-desk@contoso.com")).status).toBe(404);
    expect((await f.get("/v1/mailboxes/old-owned@contoso.com")).status).toBe(404);
  });
});
