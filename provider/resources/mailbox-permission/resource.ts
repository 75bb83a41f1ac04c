import * as pulumi from "@pulumi/pulumi";
import { serializedProvider } from "../serialized";

export interface MailboxPermissionArgs {
  /** The mailbox or group the right is on: an address, an alias or a tenant id. Replaces when it changes. */
  mailbox: pulumi.Input<string>;
  /** Who receives the right: an address, an alias or a tenant id of the organisation. Replaces when it changes. */
  trustee: pulumi.Input<string>;
  /** Replaces when it changes. */
  accessRights: pulumi.Input<"FullAccess" | "SendAs" | "SendOnBehalf">;
  /** FullAccess only: Outlook adds the mailbox by itself (default true for a person). Replaces when it changes. */
  autoMapping?: pulumi.Input<boolean>;
  /** Take over a grant that already exists, only if it matches this declaration. */
  adopt?: pulumi.Input<boolean>;
}

/**
 * One delegate permission: FullAccess (Add-MailboxPermission), SendAs (Add-RecipientPermission)
 * or SendOnBehalf (an entry of the target's GrantSendOnBehalfTo; other entries are left alone).
 */
export class MailboxPermission extends pulumi.dynamic.Resource {
  declare readonly mailbox: pulumi.Output<string>;
  declare readonly trustee: pulumi.Output<string>;
  declare readonly accessRights: pulumi.Output<string>;
  declare readonly autoMapping: pulumi.Output<boolean>;
  declare readonly mailboxId: pulumi.Output<string>;
  declare readonly trusteeId: pulumi.Output<string>;
  declare readonly trusteeAddress: pulumi.Output<string>;
  declare readonly grantId: pulumi.Output<string>;

  constructor(name: string, args: MailboxPermissionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      serializedProvider("MailboxPermission"),
      name,
      { autoMapping: undefined, mailboxId: undefined, trusteeId: undefined, trusteeAddress: undefined, grantId: undefined, ...args },
      opts,
      "mailbox",
      "MailboxPermission",
    );
  }
}
