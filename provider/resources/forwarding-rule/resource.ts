import * as pulumi from "@pulumi/pulumi";
import type * as schemas from "../../../schemas";
import { MailboxResource, deploymentName } from "../serialized";
import type { Inputs } from "../inputs";
import { forwardingRule } from "./descriptor";

/** The arguments, from the one schema in schemas/ (field documentation there). */
export type ForwardingRuleArgs = Inputs<schemas.ForwardingRuleArgs>;

/** Mailbox forwarding (Set-Mailbox -ForwardingAddress / -ForwardingSmtpAddress / -DeliverToMailboxAndForward). */
export class ForwardingRule extends MailboxResource {
  declare readonly mailbox: pulumi.Output<string>;
  declare readonly forwardTo: pulumi.Output<string>;
  declare readonly keepCopy: pulumi.Output<boolean>;
  declare readonly mailboxId: pulumi.Output<string>;
  /** The address mail actually goes to. */
  declare readonly effectiveTarget: pulumi.Output<string>;
  /** Exchange's ForwardingAddress: the id of the recipient forwarded to, when it is one of the tenant. */
  declare readonly forwardingAddress: pulumi.Output<string | null>;
  /** Exchange's ForwardingSmtpAddress: set when forwarding to an address outside the tenant's recipients. */
  declare readonly forwardingSmtpAddress: pulumi.Output<string | null>;
  /** When this program wrote it; reads and removals wait while the tenant may still be replicating it. */
  declare readonly createdAt: pulumi.Output<string | undefined>;
  /** When this program last changed it by an update; a refresh soon after waits for the new values to replicate. */
  declare readonly updatedAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: ForwardingRuleArgs, opts?: pulumi.CustomResourceOptions) {
    super(forwardingRule, name, { ...args, __deployment: deploymentName(name) }, opts);
  }
}
