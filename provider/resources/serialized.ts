import * as pulumi from "@pulumi/pulumi";
import type { Kind } from "../runtime";

/**
 * The provider object Pulumi serializes into every resource's state. It holds nothing but the
 * resource kind: each handler loads the installed package by name from the program's directory,
 * so refresh and destroy run the current code, and settings arrive through configure().
 */
export function serializedProvider(kind: Kind): pulumi.dynamic.ResourceProvider {
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

/** project/stack/resource name: what makes a resource's creates its own (the provider never sees the URN). */
export function deploymentName(name: string): string {
  return `${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
}
