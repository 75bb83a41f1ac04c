import * as pulumi from "@pulumi/pulumi";
import type * as schemas from "../../../schemas";
import { MailboxResource, deploymentName } from "../serialized";
import type { Inputs } from "../inputs";
import { autoReply } from "./descriptor";

/** The arguments, from the one schema in schemas/ (field documentation there). */
export type AutoReplyArgs = Inputs<schemas.AutoReplyArgs>;

/** A mailbox's automatic replies (Set-MailboxAutoReplyConfiguration). Deleting it switches them off. */
export class AutoReply extends MailboxResource {
  declare readonly mailbox: pulumi.Output<string>;
  declare readonly state: pulumi.Output<string>;
  declare readonly startTime: pulumi.Output<string | undefined>;
  declare readonly endTime: pulumi.Output<string | undefined>;
  declare readonly internalMessage: pulumi.Output<string | undefined>;
  declare readonly externalMessage: pulumi.Output<string | undefined>;
  declare readonly externalAudience: pulumi.Output<string>;
  declare readonly mailboxId: pulumi.Output<string>;
  /** When this program wrote it; reads and removals wait while the tenant may still be replicating it. */
  declare readonly createdAt: pulumi.Output<string | undefined>;
  /** When this program last changed it by an update; a refresh soon after waits for the new values to replicate. */
  declare readonly updatedAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: AutoReplyArgs, opts?: pulumi.CustomResourceOptions) {
    super(autoReply, name, { ...args, __deployment: deploymentName(name) }, opts);
  }
}
