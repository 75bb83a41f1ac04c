import type * as pulumi from "@pulumi/pulumi";
import { TenantClient } from "./client/tenant-client";
import { Directory } from "./directory";
import { resolveSettings } from "./settings";
import { sharedMailboxProvider } from "./resources/shared-mailbox/provider";
import { mailboxPermissionProvider } from "./resources/mailbox-permission/provider";
import { forwardingRuleProvider } from "./resources/forwarding-rule/provider";
import { autoReplyProvider } from "./resources/auto-reply/provider";

/**
 * The provider's real code, loaded by name at run time by the one-line module each resource
 * keeps in its state (see resources/serialized.ts): refresh and destroy of an existing stack run
 * today's code, and no setting or secret is ever serialized.
 *
 * `handler(kind)` is what that module calls. `configure` and `provider(kind)` are what the
 * provider objects of earlier versions call from state written then (seven functions, each
 * `require("pulumi-mailbox/provider/runtime").provider(kind).<method>(...)`): keep them.
 */
export type Kind = "SharedMailbox" | "MailboxPermission" | "ForwardingRule" | "AutoReply";

const factories: Record<Kind, (directory: Directory) => pulumi.dynamic.ResourceProvider> = {
  SharedMailbox: sharedMailboxProvider,
  MailboxPermission: mailboxPermissionProvider,
  ForwardingRule: forwardingRuleProvider,
  AutoReply: autoReplyProvider,
};

let directory: Directory | undefined;
const providers = new Map<Kind, pulumi.dynamic.ResourceProvider>();

/** Called once per provider process with the stack's config (mailbox:endpoint, mailbox:token). */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  if (directory) return;
  directory = new Directory(new TenantClient(resolveSettings(req.config)));
}

export function provider(kind: Kind): pulumi.dynamic.ResourceProvider {
  let p = providers.get(kind);
  if (!p) {
    // Engines older than 3.139 never call configure: fall back to the environment.
    directory ??= new Directory(new TenantClient(resolveSettings(undefined)));
    p = factories[kind](directory);
    providers.set(kind, p);
  }
  return p;
}

const METHODS = ["check", "diff", "create", "read", "update", "delete"] as const;
const handlers = new Map<Kind, pulumi.dynamic.ResourceProvider>();

/**
 * The provider object the host asks for: configure, then the kind's handlers. They are looked
 * up at each call, because the host deserializes a provider before it configures it.
 */
export function handler(kind: Kind): pulumi.dynamic.ResourceProvider {
  let h = handlers.get(kind);
  if (!h) {
    const methods: Record<string, unknown> = { configure };
    for (const m of METHODS) methods[m] = (...args: unknown[]) => (provider(kind)[m] as (...a: unknown[]) => unknown)(...args);
    h = methods as unknown as pulumi.dynamic.ResourceProvider;
    handlers.set(kind, h);
  }
  return h;
}
