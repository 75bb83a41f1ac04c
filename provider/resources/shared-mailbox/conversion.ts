import { Mailbox, Recipient, recipientTypeLabel } from "../../../schemas";
import { Directory, known } from "../../directory";
import type { CheckFailure } from "../../rules/check-result";
import type { Args } from "./model";

/**
 * A user mailbox converted to a shared one (the leaver workflow): the mailbox keeps its id, mail,
 * addresses and permissions; the provider then blocks its sign-in and applies the declaration.
 */

/** What the plan says a conversion will do, as the `conversion` input of the create step. */
export function conversionNote(user: { name: string; primarySmtpAddress: string }, backOnDelete: boolean | undefined): string {
  return (
    `converts the user mailbox "${user.name}" (${user.primarySmtpAddress}) to a shared mailbox: its mail, addresses and permissions stay, its sign-in is blocked; ` +
    (backOnDelete ? "deleting the resource converts it back to a user mailbox" : "deleting the resource deletes the mailbox (restorable for 30 days)")
  );
}

/** The plan-time check of convertFrom on a new resource: the mailbox to convert, or why not. */
export async function conversionSource(directory: Directory, args: Args): Promise<{ id?: string; source?: Recipient; note?: string; failures: CheckFailure[] }> {
  if (args.convertBackOnDelete !== undefined && args.convertFrom === undefined) {
    return { failures: [{ property: "convertBackOnDelete", reason: "applies only to a mailbox converted from a user mailbox: add convertFrom, or remove convertBackOnDelete" }] };
  }
  if (!known(args.convertFrom)) return { failures: [] };
  const source = await directory.recipient(args.convertFrom);
  if (!source) {
    return { failures: [{ property: "convertFrom", reason: `no mailbox "${args.convertFrom}" in the tenant: give the user mailbox's address, alias or name` }] };
  }
  // Already shared (converted by hand or by an interrupted up): taken over as it is.
  if (source.recipientTypeDetails !== "UserMailbox" && source.recipientTypeDetails !== "SharedMailbox") {
    return {
      failures: [
        {
          property: "convertFrom",
          reason: `"${args.convertFrom}" is ${recipientTypeLabel[source.recipientTypeDetails]}; only a user mailbox can be converted to a shared mailbox`,
        },
      ],
    };
  }
  return { id: source.id, source, note: conversionNote(source, args.convertBackOnDelete), failures: [] };
}

/** Converts the declared user mailbox to shared (unless it already is), waiting until reads show it. */
export async function convertToShared(directory: Directory, ref: string): Promise<Mailbox> {
  const client = directory.client;
  const source = await directory.resolve(ref);
  const box =
    source.recipientTypeDetails === "SharedMailbox"
      ? await client.call("getMailbox", { params: { identity: source.id } })
      : await client.call("convertMailbox", { params: { identity: source.id }, body: { to: "SharedMailbox" } });
  directory.invalidate();
  return box;
}
