import * as pulumi from "@pulumi/pulumi";
import { serializedProvider } from "../serialized";

export interface ForwardingRuleArgs {
  /** The mailbox whose mail is forwarded. Replaces when it changes. */
  mailbox: pulumi.Input<string>;
  /** One address, inside or outside the organisation, or a recipient (a distribution group for several people). */
  forwardTo: pulumi.Input<string>;
  /** Keep a copy in the mailbox (Exchange's DeliverToMailboxAndForward); default false. */
  keepCopy?: pulumi.Input<boolean>;
  /** Take over forwarding that is already set, only if it matches this declaration. */
  adopt?: pulumi.Input<boolean>;
}

/** Mailbox forwarding (Set-Mailbox -ForwardingAddress / -ForwardingSmtpAddress / -DeliverToMailboxAndForward). */
export class ForwardingRule extends pulumi.dynamic.Resource {
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

  constructor(name: string, args: ForwardingRuleArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      serializedProvider("ForwardingRule"),
      name,
      { keepCopy: undefined, mailboxId: undefined, effectiveTarget: undefined, forwardingAddress: undefined, forwardingSmtpAddress: undefined, ...args },
      opts,
      "mailbox",
      "ForwardingRule",
    );
  }
}
