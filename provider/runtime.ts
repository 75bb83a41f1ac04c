import type * as pulumi from "@pulumi/pulumi";
import { TenantClient } from "./client/tenant-client";
import { Directory } from "./directory";
import { resolveSettings } from "./settings";
import { sharedMailboxProvider } from "./resources/shared-mailbox/provider";
import { mailboxPermissionProvider } from "./resources/mailbox-permission/provider";
import { forwardingRuleProvider } from "./resources/forwarding-rule/provider";
import { autoReplyProvider } from "./resources/auto-reply/provider";
import { mailboxAccessProvider } from "./resources/mailbox-access/provider";

/**
 * The provider's real code, loaded by name at run time by the small closure each resource keeps
 * in its state (see resources/serialized.ts): refresh and destroy of an existing stack run
 * today's code, and no setting or secret is ever serialized.
 */
export type Kind = "SharedMailbox" | "MailboxPermission" | "ForwardingRule" | "AutoReply" | "MailboxAccess";

const factories: Record<Kind, (directory: Directory) => pulumi.dynamic.ResourceProvider> = {
  SharedMailbox: sharedMailboxProvider,
  MailboxPermission: mailboxPermissionProvider,
  ForwardingRule: forwardingRuleProvider,
  AutoReply: autoReplyProvider,
  MailboxAccess: mailboxAccessProvider,
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
