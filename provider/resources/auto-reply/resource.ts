import * as pulumi from "@pulumi/pulumi";
import { serializedProvider } from "../serialized";

export interface AutoReplyArgs {
  /** The mailbox that answers. Replaces when it changes. */
  mailbox: pulumi.Input<string>;
  state: pulumi.Input<"Enabled" | "Disabled" | "Scheduled">;
  /** ISO 8601 with an offset; required for Scheduled, before endTime. */
  startTime?: pulumi.Input<string>;
  endTime?: pulumi.Input<string>;
  /** The reply to people inside the organisation; text only. Required unless Disabled. */
  internalMessage?: pulumi.Input<string>;
  /** The reply to people outside; required when externalAudience is Known or All. */
  externalMessage?: pulumi.Input<string>;
  /** Who outside gets a reply: None, Known (contacts) or All (Exchange's default). */
  externalAudience?: pulumi.Input<"None" | "Known" | "All">;
  /** Take over automatic replies that are already on, only if they match this declaration. */
  adopt?: pulumi.Input<boolean>;
}

/** A mailbox's automatic replies (Set-MailboxAutoReplyConfiguration). Deleting it switches them off. */
export class AutoReply extends pulumi.dynamic.Resource {
  declare readonly mailbox: pulumi.Output<string>;
  declare readonly state: pulumi.Output<string>;
  declare readonly startTime: pulumi.Output<string | undefined>;
  declare readonly endTime: pulumi.Output<string | undefined>;
  declare readonly internalMessage: pulumi.Output<string | undefined>;
  declare readonly externalMessage: pulumi.Output<string | undefined>;
  declare readonly externalAudience: pulumi.Output<string>;
  declare readonly mailboxId: pulumi.Output<string>;

  constructor(name: string, args: AutoReplyArgs, opts?: pulumi.CustomResourceOptions) {
    super(serializedProvider("AutoReply"), name, { mailboxId: undefined, externalAudience: undefined, ...args }, opts, "mailbox", "AutoReply");
  }
}
