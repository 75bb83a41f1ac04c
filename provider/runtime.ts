import type * as pulumi from "@pulumi/pulumi";
import { TenantClient } from "./client/tenant-client";
import { Directory } from "./directory";
import { resolveSettings } from "./settings";
import { sharedMailboxProvider } from "./resources/shared-mailbox/provider";
import { mailboxPermissionProvider } from "./resources/mailbox-permission/provider";
import { forwardingRuleProvider } from "./resources/forwarding-rule/provider";
import { autoReplyProvider } from "./resources/auto-reply/provider";

/**
 * The provider's real code, loaded by name at run time by the small closure each resource keeps
 * in its state (see resources/serialized.ts): refresh and destroy of an existing stack run
 * today's code, and no setting or secret is ever serialized.
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

/**
 * What Pulumi does with the settings, said where a rotated token shows: `refresh` and `destroy`
 * configure the provider with the config recorded in the state by the last `up`, not the stack's
 * current config, unless they run the program.
 */
export const ROTATION_HINT =
  "pulumi refresh and pulumi destroy use the mailbox:token and mailbox:endpoint recorded in the state by the last up, not the stack's current config: after rotating the token or moving the endpoint, run them with --run-program (pulumi refresh --run-program, pulumi destroy --run-program, pulumi up --refresh --run-program), or run pulumi up once";

/** Called once per provider process with the stack's config (mailbox:endpoint, mailbox:token). */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  if (directory) return;
  directory = new Directory(new TenantClient({ ...resolveSettings(req.config), unauthorizedHint: ROTATION_HINT }));
}

export function provider(kind: Kind): pulumi.dynamic.ResourceProvider {
  let p = providers.get(kind);
  if (!p) {
    // Engines older than 3.139 never call configure: fall back to the environment.
    directory ??= new Directory(new TenantClient({ ...resolveSettings(undefined), unauthorizedHint: ROTATION_HINT }));
    p = factories[kind](directory);
    providers.set(kind, p);
  }
  return p;
}
