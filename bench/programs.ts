/**
 * The N-resource programs the engine benchmarks declare: shared mailboxes with their grants, and
 * the same shape of no-op dynamic resources (the engine's floor: a provider whose create returns
 * its inputs).
 */
import * as pulumi from "@pulumi/pulumi";
import { SharedMailbox, MailboxPermission } from "pulumi-mailbox";

/** The mailbox, FullAccess × 2, SendAs × 2. */
export const RESOURCES_PER_MAILBOX = 5;

/** What a program declares per mailbox: the mailbox's inputs, then its grants'. */
interface Declare<Box> {
  box(alias: string, args: { displayName: string; alias: string; primarySmtpAddress: string }): Box;
  grant(name: string, box: Box, trustee: string, accessRights: "FullAccess" | "SendAs"): void;
  address(box: Box): unknown;
}

/** Mailboxes of 5 resources each; a remainder becomes one more mailbox with fewer grants. */
function declareMailboxes<Box>(n: number, prefix: string, people: string[], declare: Declare<Box>) {
  return async () => {
    let made = 0;
    let person = 0;
    const addresses: unknown[] = [];
    for (let i = 0; made < n; i++) {
      const alias = `${prefix}-${i}`;
      const box = declare.box(alias, { displayName: `Bench ${prefix} ${i}`, alias, primarySmtpAddress: `${alias}@contoso.com` });
      made++;
      addresses.push(declare.address(box));
      const trustees = [people[person++ % people.length]!, people[person++ % people.length]!];
      for (const right of ["FullAccess", "SendAs"] as const) {
        for (const trustee of trustees) {
          if (made >= n) break;
          declare.grant(`${alias}-${right}-${trustee.split("@")[0]}`, box, trustee, right);
          made++;
        }
      }
    }
    return { mailboxes: addresses };
  };
}

/**
 * N resources of this provider. The grants name their mailbox by `box.primarySmtpAddress`, as
 * examples/basic does (known during a preview, so each grant's check looks the mailbox up), or
 * with `ref: "id"` by `box.mailboxId`, unknown during a preview, which skips that look-up.
 */
export function mailboxProgram(n: number, prefix: string, people: string[], ref: "id" | "address") {
  return declareMailboxes<SharedMailbox>(n, prefix, people, {
    box: (alias, args) => new SharedMailbox(alias, args),
    grant: (name, box, trustee, accessRights) =>
      new MailboxPermission(name, { mailbox: ref === "id" ? box.mailboxId : box.primarySmtpAddress, trustee, accessRights }),
    address: (box) => box.primarySmtpAddress,
  });
}

// One object for every no-op resource, so Pulumi serializes it once (its cache is by object).
const noopProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: require("crypto").randomUUID(), outs: inputs };
  },
};

class NoopBox extends pulumi.dynamic.Resource {
  declare readonly primarySmtpAddress: pulumi.Output<string>;
  constructor(name: string, args: Record<string, pulumi.Input<string>>) {
    super(noopProvider, name, args, {}, "noop", "Mailbox");
  }
}

class NoopGrant extends pulumi.dynamic.Resource {
  constructor(name: string, args: Record<string, pulumi.Input<string>>) {
    super(noopProvider, name, args, {}, "noop", "Grant");
  }
}

/** The same shape and inputs as mailboxProgram, on the no-op provider: each grant waits for its box's output. */
export function noopProgram(n: number, prefix: string, people: string[]) {
  return declareMailboxes<NoopBox>(n, prefix, people, {
    box: (alias, args) => new NoopBox(alias, args),
    grant: (name, box, trustee, accessRights) => new NoopGrant(name, { mailbox: box.primarySmtpAddress, trustee, accessRights }),
    address: (box) => box.primarySmtpAddress,
  });
}

/**
 * What one resource of this provider stores, learnt from a real one: its checked inputs (less
 * `__provider`, which the host adds) and the outputs its create adds to them.
 */
export interface StoredShape {
  inputs: Record<string, unknown>;
  added: Record<string, unknown>;
}

/** The stored shapes of a shared mailbox and of a grant, by the no-op class that mimics each. */
export interface ProgramShape {
  box: StoredShape;
  grant: StoredShape;
}

/** Where the shaped no-op's create finds the outputs it adds: the host inherits the engine's environment. */
export const SHAPE_ENV = "FLOOR_SHAPE";

/**
 * The shaped no-op's provider, written as this provider's is (a short module as `__provider`,
 * not a serialized closure), its outputs read from the environment: the same bytes per resource,
 * within a few, as this provider's.
 */
function shapedModule(part: keyof ProgramShape): string {
  return `exports.handler = () => ({ create: async (inputs) => ({ id: require("crypto").randomUUID(), outs: { ...inputs, ...JSON.parse(process.env.${SHAPE_ENV}).${part}.added } }) });\n`;
}

/** Registered as this provider's classes register (see provider/resources/serialized.ts), without stack traces. */
class Shaped extends pulumi.CustomResource {
  declare readonly primarySmtpAddress: pulumi.Output<string>;
  constructor(part: keyof ProgramShape, name: string, args: Record<string, pulumi.Input<unknown>>) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(`pulumi-nodejs:dynamic/noop:${part === "box" ? "ShapedMailbox" : "ShapedGrant"}`, name, { ...args, __provider: shapedModule(part) });
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

/**
 * No-op resources that store what this provider's store: the same input and output properties
 * with the learnt values (this program's own names, addresses and trustees where it declares
 * them), so the engine's work per stored property is the same on both sides and what is left
 * between them is the provider's own. The grants wait for their box's output as in the other programs.
 */
export function shapedProgram(n: number, prefix: string, people: string[], shape: ProgramShape) {
  return declareMailboxes<Shaped>(n, prefix, people, {
    box: (alias, args) => new Shaped("box", alias, { ...shape.box.inputs, ...args }),
    grant: (name, box, trustee, accessRights) => new Shaped("grant", name, { ...shape.grant.inputs, mailbox: box.primarySmtpAddress, trustee, accessRights }),
    address: (box) => box.primarySmtpAddress,
  });
}
