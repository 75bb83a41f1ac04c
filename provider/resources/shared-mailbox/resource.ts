import * as pulumi from "@pulumi/pulumi";
import { serializedProvider } from "../serialized";

export interface SharedMailboxArgs {
  /** Shown in the address book; at most 256 characters. Changes in place. */
  displayName: pulumi.Input<string>;
  /** Exchange's unique Name (at most 64 characters); defaults to the display name. */
  name?: pulumi.Input<string>;
  /** Derived from the name when omitted (characters Exchange refuses are dropped). */
  alias?: pulumi.Input<string>;
  /** alias@default domain when omitted; changes in place, the old one stays as a proxy address. */
  primarySmtpAddress?: pulumi.Input<string>;
  additionalAddresses?: pulumi.Input<pulumi.Input<string>[]>;
  /** Keep a copy of messages sent as the mailbox in its Sent Items (default false). */
  copySentAsToMailbox?: pulumi.Input<boolean>;
  /** Keep a copy of messages sent on behalf of the mailbox in its Sent Items (default false). */
  copySendOnBehalfToMailbox?: pulumi.Input<boolean>;
  /** Default 50; above 50 needs licensed: true. */
  quotaGB?: pulumi.Input<number>;
  licensed?: pulumi.Input<boolean>;
  /** Always true; false is refused at plan time. */
  signInBlocked?: pulumi.Input<boolean>;
  /** Take over an existing shared mailbox with this address, only if it matches this declaration. */
  adopt?: pulumi.Input<boolean>;
}

/** An Exchange shared mailbox (New-Mailbox -Shared / Set-Mailbox / Remove-Mailbox, a soft delete). */
export class SharedMailbox extends pulumi.dynamic.Resource {
  declare readonly mailboxId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  declare readonly alias: pulumi.Output<string>;
  declare readonly primarySmtpAddress: pulumi.Output<string>;
  declare readonly emailAddresses: pulumi.Output<string[]>;
  declare readonly signInBlocked: pulumi.Output<boolean>;
  declare readonly copySentAsToMailbox: pulumi.Output<boolean>;
  declare readonly copySendOnBehalfToMailbox: pulumi.Output<boolean>;
  declare readonly quotaGB: pulumi.Output<number>;
  declare readonly licensed: pulumi.Output<boolean>;
  declare readonly quotaState: pulumi.Output<string>;
  declare readonly totalItemSizeGB: pulumi.Output<number>;

  constructor(name: string, args: SharedMailboxArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      serializedProvider("SharedMailbox"),
      name,
      {
        mailboxId: undefined, name: undefined, alias: undefined, primarySmtpAddress: undefined, emailAddresses: undefined,
        signInBlocked: undefined, copySentAsToMailbox: undefined, copySendOnBehalfToMailbox: undefined, quotaGB: undefined,
        licensed: undefined, quotaState: undefined, totalItemSizeGB: undefined, ...args,
      },
      opts,
      "mailbox",
      "SharedMailbox",
    );
  }
}
