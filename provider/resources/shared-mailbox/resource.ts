import * as pulumi from "@pulumi/pulumi";
import type * as schemas from "../../../schemas";
import { MailboxResource, deploymentName } from "../serialized";
import type { Inputs } from "../inputs";
import { sharedMailbox } from "./descriptor";

/** The arguments, from the one schema in schemas/ (field documentation there). */
export type SharedMailboxArgs = Inputs<schemas.SharedMailboxArgs>;

type Fields = typeof sharedMailbox.fields;

/**
 * The arguments the tenant holds (the descriptor's fields with a tenant mapping), as outputs:
 * always set, with the tenant's value. A field added to the descriptor is an output without an
 * edit here.
 */
type TenantOutputs = {
  readonly [K in keyof Fields as Fields[K] extends { tenant: string } ? K : never]-?: pulumi.Output<
    K extends keyof schemas.SharedMailboxArgs ? NonNullable<schemas.SharedMailboxArgs[K]> : never
  >;
};
export interface SharedMailbox extends TenantOutputs {}

/** An Exchange shared mailbox (New-Mailbox -Shared / Set-Mailbox / Remove-Mailbox, a soft delete). */
export class SharedMailbox extends MailboxResource {
  declare readonly mailboxId: pulumi.Output<string>;
  declare readonly emailAddresses: pulumi.Output<string[]>;
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
