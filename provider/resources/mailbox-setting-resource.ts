import type * as pulumi from "@pulumi/pulumi";
import type { ResourceDescriptor } from "./descriptor";
import { MailboxResource, deploymentName } from "./serialized";

/**
 * A setting of one mailbox (ForwardingRule, AutoReply): the outputs every such setting has (see
 * mailbox-setting.ts for their descriptor), and the deployment name its creates are recognised by.
 */
export abstract class MailboxSettingResource extends MailboxResource {
  declare readonly mailbox: pulumi.Output<string>;
  /** The mailbox's tenant id; also the resource's id. */
  declare readonly mailboxId: pulumi.Output<string>;
  /** When this program wrote it; reads and removals wait while the tenant may still be replicating it. */
  declare readonly createdAt: pulumi.Output<string | undefined>;
  /** When this program last changed it by an update; a refresh soon after waits for the new values to replicate. */
  declare readonly updatedAt: pulumi.Output<string | undefined>;

  protected constructor(descriptor: ResourceDescriptor, name: string, args: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(descriptor, name, { ...args, __deployment: deploymentName(name) }, opts);
  }
}
