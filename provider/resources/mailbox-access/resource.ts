import * as pulumi from "@pulumi/pulumi";
import type * as schemas from "../../../schemas";
import { MailboxResource, deploymentName } from "../serialized";
import type { Inputs } from "../inputs";
import { mailboxAccess } from "./descriptor";
import type { LiveGrant } from "./model";

/** The arguments, from the one schema in schemas/ (field documentation there). */
export type MailboxAccessArgs = Inputs<schemas.MailboxAccessArgs>;

/**
 * All delegate access on one mailbox, authoritatively: who holds FullAccess, SendAs and
 * SendOnBehalf is exactly what the lists say, and any other grant is removed. MailboxPermission,
 * the additive form, manages one grant and leaves the others alone; never both on one mailbox.
 */
export class MailboxAccess extends MailboxResource {
  declare readonly mailbox: pulumi.Output<string>;
  declare readonly members: pulumi.Output<string[] | undefined>;
  declare readonly fullAccess: pulumi.Output<string[] | undefined>;
  declare readonly sendAs: pulumi.Output<string[] | undefined>;
  declare readonly sendOnBehalf: pulumi.Output<string[] | undefined>;
  declare readonly autoMapping: pulumi.Output<Record<string, boolean> | undefined>;
  /** The mailbox's tenant id; also the resource's id. */
  declare readonly mailboxId: pulumi.Output<string>;
  /** Every grant on the mailbox as last read or written: right, trustee id and address, auto-mapping. */
  declare readonly grants: pulumi.Output<LiveGrant[]>;
  /** Primary addresses of who holds each right. */
  declare readonly fullAccessTrustees: pulumi.Output<string[]>;
  declare readonly sendAsTrustees: pulumi.Output<string[]>;
  declare readonly sendOnBehalfTrustees: pulumi.Output<string[]>;

  constructor(name: string, args: MailboxAccessArgs, opts?: pulumi.CustomResourceOptions) {
    // __deployment: what check names it by (rules/access-claims.ts) and its grants' create keys are derived from.
    super(mailboxAccess, name, { ...args, __deployment: deploymentName(name) }, opts);
  }
}
