/** How the commands print: tables, key/value views and JSON, and the short descriptions they share. */
import Table from "cli-table3";
import { RecipientType, MAILBOX_TYPES } from "pulumi-mailbox/schemas/common";
import type { Recipient } from "pulumi-mailbox/schemas/recipient";
import type { Forwarding } from "pulumi-mailbox/schemas/forwarding";
import { TenantError } from "pulumi-mailbox/client";

export function table(head: string[]): Table.Table {
  const tty = process.stdout.isTTY === true;
  return new Table({ head, style: { head: tty ? ["cyan"] : [], border: tty ? ["grey"] : [] }, wordWrap: true });
}

export function keyValues(rows: [string, string][]): string {
  const tty = process.stdout.isTTY === true;
  const t = new Table({ style: { head: [], border: tty ? ["grey"] : [] }, wordWrap: true });
  for (const [k, v] of rows) t.push({ [k]: v });
  return t.toString();
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export const yesNo = (b: boolean) => (b ? "yes" : "no");
/** Groups and contacts have no user account to sign in with. */
const ACCOUNT_TYPES: readonly RecipientType[] = [...MAILBOX_TYPES, "MailUser"];
export const signIn = (r: Recipient) => (!ACCOUNT_TYPES.includes(r.recipientTypeDetails) ? "-" : r.accountDisabled ? "blocked" : "allowed");

export function proxies(r: Recipient): string {
  return r.emailAddresses.filter((a) => !a.startsWith("SMTP:")).map((a) => a.replace(/^smtp:/i, "")).join("\n") || "-";
}

export function describeForwarding(f: Forwarding | TenantError): string {
  if (f instanceof TenantError) return `(not available: ${f.code})`;
  if (!f.effectiveTarget) return "off";
  return `to ${f.effectiveTarget}${f.deliverToMailboxAndForward ? " (a copy stays in the mailbox)" : " (forward only)"}`;
}
