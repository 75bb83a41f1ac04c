import type { AddGrantBody, Grant, MailboxPermissionArgs, Recipient } from "../../../schemas";
import { declaredArgs, type ResourceDescriptor } from "../descriptor";
import { type ResolveId, bodyWithIds, exportedArgs, fieldOutputs, stateFields } from "../fields";
import { defined } from "../errors";
import { effectiveAutoMapping } from "../../rules/grant";
import { mailboxPermission } from "./descriptor";

/**
 * One grant as the provider and export see it, each mapping read from the descriptor (mailbox ↔
 * targetId kept as mailboxId, trustee ↔ trusteeId sent by id, autoMapping only for FullAccess).
 * No I/O.
 */

export type Args = MailboxPermissionArgs;
/** createdAt: when this program added the grant (ISO), so that reads and removals wait while it replicates. */
export type State = Args & { mailboxId: string; trusteeId: string; trusteeAddress: string; autoMapping: boolean; grantId: string; createdAt?: string };

const descriptor: ResourceDescriptor = mailboxPermission;

/** The declaration in inputs or state. */
export function argsOf(props: Record<string, unknown>): Args {
  return declaredArgs<Args>(descriptor, props);
}

/**
 * The declaration with autoMapping as it takes effect: Exchange's default is true for a person and
 * false for a group, and it is false for SendAs and SendOnBehalf. `trustee` is the recipient the
 * declared trustee names (undefined: not found, taken for a person as Exchange would).
 */
export function effectiveArgs(a: Args, trustee: Recipient | undefined): Args {
  return { ...a, autoMapping: effectiveAutoMapping(a.accessRights, trustee, a.autoMapping) };
}

/** The Add-MailboxPermission body of a declaration (its effectiveArgs): the trustee by id, autoMapping only for FullAccess. */
export async function grantBody(a: Args, resolveId: ResolveId): Promise<AddGrantBody> {
  return (await bodyWithIds(descriptor, a, resolveId)) as AddGrantBody;
}

/** The state of a grant: the declaration, the right and auto-mapping as the tenant has them, and the grant's ids. */
export function stateOf(a: Args, grant: Grant, createdAt: string | undefined): State {
  return defined({
    ...(stateFields(descriptor, a, grant) as Args & { autoMapping: boolean }),
    ...(fieldOutputs(descriptor, grant) as { mailboxId: string; trusteeId: string }),
    trusteeAddress: grant.trusteeAddress,
    grantId: grant.id,
    createdAt,
  });
}

/** A live grant as the entry export writes in its right's list: the trustee by address, autoMapping for FullAccess. */
export function settingsOf(grant: Grant): Pick<Args, "trustee" | "autoMapping"> {
  const { trustee, autoMapping } = exportedArgs(descriptor, grant) as Pick<Args, "trustee" | "autoMapping">;
  return autoMapping === undefined ? { trustee } : { trustee, autoMapping };
}
