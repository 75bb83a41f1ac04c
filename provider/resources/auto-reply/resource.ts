import * as pulumi from "@pulumi/pulumi";
import type * as schemas from "../../../schemas";
import { MailboxSettingResource } from "../mailbox-setting-resource";
import type { Inputs } from "../inputs";
import { autoReply } from "./descriptor";

/** The arguments, from the one schema in schemas/ (field documentation there). */
export type AutoReplyArgs = Inputs<schemas.AutoReplyArgs>;

/** A mailbox's automatic replies (Set-MailboxAutoReplyConfiguration). Deleting it switches them off. */
export class AutoReply extends MailboxSettingResource {
  declare readonly state: pulumi.Output<string>;
  declare readonly startTime: pulumi.Output<string | undefined>;
  declare readonly endTime: pulumi.Output<string | undefined>;
  declare readonly internalMessage: pulumi.Output<string | undefined>;
  declare readonly externalMessage: pulumi.Output<string | undefined>;
  declare readonly externalAudience: pulumi.Output<string>;

  constructor(name: string, args: AutoReplyArgs, opts?: pulumi.CustomResourceOptions) {
    super(autoReply, name, args, opts);
  }
}
