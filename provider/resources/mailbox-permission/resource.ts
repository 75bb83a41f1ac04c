import * as pulumi from "@pulumi/pulumi";
import type * as schemas from "../../../schemas";
import { MailboxResource, deploymentName } from "../serialized";
import type { Inputs } from "../inputs";
import { mailboxPermission } from "./descriptor";

/** The arguments, from the one schema in schemas/ (field documentation there). */
export type MailboxPermissionArgs = Inputs<schemas.MailboxPermissionArgs>;

/**
 * One delegate permission: FullAccess (Add-MailboxPermission), SendAs (Add-RecipientPermission)
 * or SendOnBehalf (an entry of the target's GrantSendOnBehalfTo; other entries are left alone).
 */
export class MailboxPermission extends MailboxResource {
  declare readonly mailbox: pulumi.Output<string>;
  declare readonly trustee: pulumi.Output<string>;
  declare readonly accessRights: pulumi.Output<string>;
  declare readonly autoMapping: pulumi.Output<boolean>;
  declare readonly mailboxId: pulumi.Output<string>;
  declare readonly trusteeId: pulumi.Output<string>;
  declare readonly trusteeAddress: pulumi.Output<string>;
  declare readonly grantId: pulumi.Output<string>;
  /** When this program added it; reads and removals wait while the tenant may still be replicating it. */
  declare readonly createdAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: MailboxPermissionArgs, opts?: pulumi.CustomResourceOptions) {
    // __deployment: what check names it by (rules/access-claims.ts) and its create key is derived from.
    super(mailboxPermission, name, { ...args, __deployment: deploymentName(name) }, opts);
  }
}
