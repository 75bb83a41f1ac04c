import * as pulumi from "@pulumi/pulumi";
import type * as schemas from "../../../schemas";
import { MailboxSettingResource } from "../mailbox-setting-resource";
import type { Inputs } from "../inputs";
import { forwardingRule } from "./descriptor";

/** The arguments, from the one schema in schemas/ (field documentation there). */
export type ForwardingRuleArgs = Inputs<schemas.ForwardingRuleArgs>;

/** Mailbox forwarding (Set-Mailbox -ForwardingAddress / -ForwardingSmtpAddress / -DeliverToMailboxAndForward). */
export class ForwardingRule extends MailboxSettingResource {
  declare readonly forwardTo: pulumi.Output<string>;
  declare readonly keepCopy: pulumi.Output<boolean>;
  /** The address mail actually goes to. */
  declare readonly effectiveTarget: pulumi.Output<string>;
  /** Exchange's ForwardingAddress: the id of the recipient forwarded to, when it is one of the tenant. */
  declare readonly forwardingAddress: pulumi.Output<string | null>;
  /** Exchange's ForwardingSmtpAddress: set when forwarding to an address outside the tenant's recipients. */
  declare readonly forwardingSmtpAddress: pulumi.Output<string | null>;

  constructor(name: string, args: ForwardingRuleArgs, opts?: pulumi.CustomResourceOptions) {
    super(forwardingRule, name, args, opts);
  }
}
