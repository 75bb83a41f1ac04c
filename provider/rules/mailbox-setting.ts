import { MAILBOX_TYPES, Recipient, recipientTypeLabel } from "../../schemas";
import { Directory, PlannedRecipient } from "../directory";
import { CheckFailure, lookUp } from "./check-result";

/**
 * The mailbox a setting (forwarding, automatic replies) is declared on: it must exist, or be one
 * this deployment creates, and be a mailbox. `does` says what only mailboxes do, for the message.
 */
export async function settingMailbox(
  directory: Directory,
  ref: string,
  does: string,
): Promise<{ mailbox?: Recipient | PlannedRecipient; failures: CheckFailure[] }> {
  const { found: mailbox, failures } = await lookUp("mailbox", () => directory.recipientOrPlanned(ref));
  if (failures.length) return { failures };
  if (!mailbox) {
    return { failures: [{ property: "mailbox", reason: `no mailbox "${ref}" in the tenant: check the address, or pass the SharedMailbox's output so it is created first` }] };
  }
  if (!MAILBOX_TYPES.includes(mailbox.recipientTypeDetails)) {
    return { failures: [{ property: "mailbox", reason: `"${ref}" is ${recipientTypeLabel[mailbox.recipientTypeDetails]}; only mailboxes ${does}` }] };
  }
  return { mailbox, failures: [] };
}

/** When this program last wrote a setting: its create, or a later update. */
export interface SettingWrites {
  /** When create set it (ISO); unset when adopted as it was. */
  createdAt?: string;
  /** When the last update changed it (ISO); unset before the first update and in older states. */
  updatedAt?: string;
}

/**
 * Since when a read may still show the setting's value from before this program's last write:
 * the update's time when there was one, else the create's (undefined: no wait, one read).
 */
export function lastWrite(state: SettingWrites): { since: string | undefined } {
  return { since: state.updatedAt ?? state.createdAt };
}
