import * as pulumi from "@pulumi/pulumi";
import type { Kind } from "../runtime";

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
 * The base of the four resources: what pulumi.dynamic.Resource does (the same type token, so
 * URNs and existing stacks stay as they were), with the provider module above as `__provider`.
 */
export abstract class MailboxResource extends pulumi.CustomResource {
  constructor(kind: Kind, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(`pulumi-nodejs:dynamic/mailbox:${kind}`, name, { ...props, __provider: providerModule(kind) }, opts);
  }
}

/** project/stack/resource name: what makes a resource's creates its own (the provider never sees the URN). */
export function deploymentName(name: string): string {
  return `${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
}
