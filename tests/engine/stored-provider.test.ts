import * as pulumi from "@pulumi/pulumi";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { SharedMailbox, MailboxPermission } from "pulumi-mailbox";
import { providerModule } from "../../provider/resources/serialized";
import { engineFixture, EngineFixture } from "./harness";

/**
 * Refresh and destroy run the provider code kept in each resource's state. Resources now keep a
 * one-line module; stacks written by 0.1.0 keep an object of seven functions that call
 * `require("pulumi-mailbox/provider/runtime").provider(kind).<method>(...)`. Both must keep
 * working with today's package.
 */

type Kind = "SharedMailbox" | "MailboxPermission";

/** The provider object 0.1.0 serialized into every resource's state, as it was. */
function legacyProvider(kind: Kind): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req) {
      return require("pulumi-mailbox/provider/runtime").configure(req);
    },
    async check(olds, news) {
      return require("pulumi-mailbox/provider/runtime").provider(kind).check(olds, news);
    },
    async diff(id, olds, news) {
      return require("pulumi-mailbox/provider/runtime").provider(kind).diff(id, olds, news);
    },
    async create(inputs) {
      return require("pulumi-mailbox/provider/runtime").provider(kind).create(inputs);
    },
    async read(id, props) {
      return require("pulumi-mailbox/provider/runtime").provider(kind).read(id, props);
    },
    async update(id, olds, news) {
      return require("pulumi-mailbox/provider/runtime").provider(kind).update(id, olds, news);
    },
    async delete(id, props) {
      return require("pulumi-mailbox/provider/runtime").provider(kind).delete(id, props);
    },
  };
}

/** 0.1.0's resource classes: pulumi.dynamic.Resource, the same type tokens (so the same URNs). */
class LegacyMailbox extends pulumi.dynamic.Resource {
  declare readonly primarySmtpAddress: pulumi.Output<string>;
  constructor(name: string, props: Record<string, unknown>) {
    super(legacyProvider("SharedMailbox"), name, { mailboxId: undefined, ...props }, {}, "mailbox", "SharedMailbox");
  }
}

class LegacyPermission extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, unknown>) {
    super(legacyProvider("MailboxPermission"), name, { mailboxId: undefined, trusteeId: undefined, ...props }, {}, "mailbox", "MailboxPermission");
  }
}

const TRUSTEE = "adele.vance@contoso.com";
const address = (n: number) => `legacy-desk-${n}@contoso.com`;

function legacyProgram(n: number) {
  return () => {
    const box = new LegacyMailbox("desk", { displayName: `Legacy Desk ${n}`, primarySmtpAddress: address(n) });
    new LegacyPermission("adele", { mailbox: box.primarySmtpAddress, trustee: TRUSTEE, accessRights: "FullAccess" });
  };
}

function currentProgram(n: number) {
  return () => {
    const box = new SharedMailbox("desk", { displayName: `Legacy Desk ${n}`, primarySmtpAddress: address(n) });
    new MailboxPermission("adele", { mailbox: box.primarySmtpAddress, trustee: TRUSTEE, accessRights: "FullAccess" });
  };
}

describe("a stack whose state keeps 0.1.0's provider objects", () => {
  let f: EngineFixture;
  const providers = async () => {
    const state = await f.stack.exportStack();
    return state.deployment.resources
      .filter((r: { type: string }) => r.type.startsWith("pulumi-nodejs:dynamic/mailbox:"))
      .map((r: { inputs: { __provider: string }; outputs: { __provider: string } }) => [r.inputs.__provider, r.outputs.__provider]);
  };

  beforeAll(async () => {
    f = await engineFixture("stored-provider");
    f.declare(legacyProgram(1));
  });
  afterAll(async () => f?.dispose());

  it("up with 0.1.0's classes stores the seven-function object in state", async () => {
    const r = await f.up();
    expect(r.error).toBeUndefined();
    expect(r.steps).toEqual({ desk: ["create"], adele: ["create"] });
    for (const [inputs, outputs] of await providers()) {
      expect(inputs).toBe(outputs);
      expect(inputs).toContain(".provider(kind).delete(id, props)");
      expect(inputs.length).toBeGreaterThan(2_000);
    }
  }, 120_000);

  it("refresh runs the stored objects against today's package and finds drift made by hand", async () => {
    await f.admin("set", address(1), "displayName", "Changed by hand");
    const r = await f.refresh();
    expect(r.error).toBeUndefined();
    expect((await f.stack.history(1))[0]!.resourceChanges).toEqual({ same: 2, update: 1 }); // the stack, the grant; the mailbox
    const state = await f.stack.exportStack();
    const desk = state.deployment.resources.find((x: { urn: string }) => x.urn.endsWith("::desk"));
    expect(desk.outputs.displayName).toBe("Changed by hand");
    expect(desk.outputs.__provider).toContain(".provider(kind).delete(id, props)");
  }, 120_000);

  it("destroy runs the stored objects: the grant is removed and the mailbox soft-deleted", async () => {
    const r = await f.destroy();
    expect(r.error).toBeUndefined();
    expect(r.steps).toEqual({ desk: ["delete"], adele: ["delete"] });
    expect((await f.get(`/v1/mailboxes/${address(1)}`)).status).toBe(404);
    const deleted = (await f.get("/v1/shared-mailboxes?deleted=true")).body.items;
    expect(deleted.map((m: { primarySmtpAddress: string }) => m.primarySmtpAddress)).toEqual([address(1)]);
  }, 120_000);

  it("today's classes take over such a stack without changes; the next up stores the one-line module, and destroy still works", async () => {
    f.declare(legacyProgram(2));
    expect((await f.up()).error).toBeUndefined();
    f.declare(currentProgram(2));
    const preview = await f.preview({ expectNoChanges: true });
    expect(preview.error).toBeUndefined();
    expect(preview.steps).toEqual({ desk: ["same"], adele: ["same"] });
    expect((await f.up()).error).toBeUndefined();
    const [[boxInputs], [grantInputs]] = await providers();
    expect(boxInputs).toBe(providerModule("SharedMailbox"));
    expect(grantInputs).toBe(providerModule("MailboxPermission"));
    expect(boxInputs!.length).toBeLessThan(120);
    const r = await f.destroy();
    expect(r.error).toBeUndefined();
    expect(r.steps).toEqual({ desk: ["delete"], adele: ["delete"] });
    expect((await f.get(`/v1/mailboxes/${address(2)}`)).status).toBe(404);
  }, 240_000);
});
