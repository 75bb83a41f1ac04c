import * as pulumi from "@pulumi/pulumi";
import type * as schemas from "../../../schemas";
import { MailboxResource, deploymentName } from "../serialized";
import type { Inputs } from "../inputs";
import { sharedMailbox } from "./descriptor";

/** The arguments, from the one schema in schemas/ (field documentation there). */
export type SharedMailboxArgs = Inputs<schemas.SharedMailboxArgs>;

/** An Exchange shared mailbox (New-Mailbox -Shared / Set-Mailbox / Remove-Mailbox, a soft delete). */
export class SharedMailbox extends MailboxResource {
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
  /** When this program wrote it; reads and removals wait while the tenant may still be replicating it. */
  declare readonly createdAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: SharedMailboxArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      sharedMailbox,
      name,
      {
        ...args,
        // Which deployment declares it: its creates are recognised when they come again.
        __deployment: deploymentName(name),
      },
      opts,
    );
  }
}
