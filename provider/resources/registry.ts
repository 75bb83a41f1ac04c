import type * as pulumi from "@pulumi/pulumi";
import type { Directory } from "../directory";
import type { Kind, ResourceDescriptor } from "./descriptor";
import { sharedMailbox } from "./shared-mailbox/descriptor";
import { sharedMailboxProvider } from "./shared-mailbox/provider";
import { mailboxPermission } from "./mailbox-permission/descriptor";
import { mailboxPermissionProvider } from "./mailbox-permission/provider";
import { forwardingRule } from "./forwarding-rule/descriptor";
import { forwardingRuleProvider } from "./forwarding-rule/provider";
import { autoReply } from "./auto-reply/descriptor";
import { autoReplyProvider } from "./auto-reply/provider";
import { mailboxAccess } from "./mailbox-access/descriptor";
import { mailboxAccessProvider } from "./mailbox-access/provider";

export type { Kind } from "./descriptor";

/** Every resource of the package, once: its descriptor and the provider that serves its kind. */
export const RESOURCES: Record<Kind, { descriptor: ResourceDescriptor; provider: (directory: Directory) => pulumi.dynamic.ResourceProvider }> = {
  SharedMailbox: { descriptor: sharedMailbox, provider: sharedMailboxProvider },
  MailboxPermission: { descriptor: mailboxPermission, provider: mailboxPermissionProvider },
  ForwardingRule: { descriptor: forwardingRule, provider: forwardingRuleProvider },
  AutoReply: { descriptor: autoReply, provider: autoReplyProvider },
  MailboxAccess: { descriptor: mailboxAccess, provider: mailboxAccessProvider },
};

export const KINDS = Object.keys(RESOURCES) as Kind[];

/** One provider of each kind, sharing one Directory (what one deployment's checks remember). */
export function providersFor(directory: Directory): Record<Kind, pulumi.dynamic.ResourceProvider> {
  return Object.fromEntries(KINDS.map((k) => [k, RESOURCES[k].provider(directory)])) as Record<Kind, pulumi.dynamic.ResourceProvider>;
}
