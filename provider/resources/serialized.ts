import * as pulumi from "@pulumi/pulumi";
import { type Kind, type ResourceDescriptor, outputPlaceholders } from "./descriptor";
import { linkProgramMailbox } from "./program-mailboxes";

/**
 * The code Pulumi keeps as `__provider` in every resource's state, inputs and outputs both: one
 * function that loads the installed package by name from the program's directory, so refresh and
 * destroy run the current code, and settings arrive through configure(). The provider host runs
 * it with `require-from-string` and calls `handler()` for the provider object.
 *
 * Written by hand instead of serialized by Pulumi from an object of seven wrapped functions
 * (about 2,700 bytes, twice per resource, rewritten in every checkpoint, and one closure
 * serialization of 30 ms per resource in the program): about 100 bytes, no serialization.
 */
export function providerModule(kind: Kind): string {
  return `exports.handler = () => require("pulumi-mailbox/provider/runtime").handler(${JSON.stringify(kind)});\n`;
}

/**
 * The base of the five resources: what pulumi.dynamic.Resource does (the same type token, so
 * URNs and existing stacks stay as they were), with the provider module above as `__provider`.
 * Every argument and output the class exposes is registered, so its outputs resolve; what the
 * provider keeps in state for itself is not (`stateOnly` in descriptor.ts).
 *
 * The registration runs with Error.stackTraceLimit at 0. The SDK wraps each of the four promises
 * behind every registered property, and a few per resource, in a debugging aid that records
 * `new Error().stack` — read only when PULUMI_DEBUG_PROMISE_LEAKS is set, yet paid on every
 * registration: a SharedMailbox of 25 properties made about 110 of them, 6.8 s of the program's
 * 14 s of CPU in a preview of 1,000 resources. With that variable set they are captured as before.
 * The resource's source position, which the engine records, is unaffected: the SDK captures it
 * under a limit of its own. The limit is set around super() itself because the registration's
 * synchronous part, where those promises are made, runs inside it.
 */
export abstract class MailboxResource extends pulumi.CustomResource {
  constructor(descriptor: ResourceDescriptor, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    // A grant or setting naming a mailbox of this program by a literal comes after it (program-mailboxes.ts).
    const link = linkProgramMailbox(descriptor.kind, name, props, opts);
    const limit = Error.stackTraceLimit;
    if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) Error.stackTraceLimit = 0;
    try {
      super(typeToken(descriptor.kind), name, { ...outputPlaceholders(descriptor), ...props, __provider: providerModule(descriptor.kind) }, link.opts);
    } finally {
      Error.stackTraceLimit = limit;
    }
    link.registered(this);
  }
}

/** The type token of a kind, as pulumi.dynamic.Resource named it. */
export function typeToken(kind: Kind): string {
  return `pulumi-nodejs:dynamic/mailbox:${kind}`;
}

/** project/stack/resource name: what makes a resource's creates its own (the provider never sees the URN). */
export function deploymentName(name: string): string {
  return `${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
}
