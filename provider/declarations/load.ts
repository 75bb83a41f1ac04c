import * as pulumi from "@pulumi/pulumi";
import { SharedMailbox } from "../resources/shared-mailbox/resource";
import { MailboxPermission } from "../resources/mailbox-permission/resource";
import { ForwardingRule } from "../resources/forwarding-rule/resource";
import { AutoReply } from "../resources/auto-reply/resource";
import { MailboxAccess } from "../resources/mailbox-access/resource";
import { plannedResources } from "./plan";
import { planFile } from "./yaml";
/** What loadDeclarations created for one mailbox. */
export interface DeclaredMailbox {
  mailbox: SharedMailbox;
  /** By resource name. */
  permissions: Record<string, MailboxPermission>;
  /** The entry's `access`, all its delegate access in one resource. */
  access?: MailboxAccess;
  forwarding?: ForwardingRule;
  autoReply?: AutoReply;
}

/**
 * Reads a YAML declarations file (schemas/declarations.ts; its JSON Schema is
 * schemas/declarations.schema.json) and declares its resources: one SharedMailbox per entry, one
 * MailboxPermission per grant (or one MailboxAccess for an entry's `access`), a ForwardingRule and
 * an AutoReply when present. Grants and settings name the mailbox by its primarySmtpAddress output, so they come after it.
 * `opts` is given to every resource. Returns what it declared, by mailbox resource name.
 * A file that cannot be read or is not valid throws DeclarationsError before anything is declared.
 */
export function loadDeclarations(file: string, opts?: pulumi.CustomResourceOptions): Record<string, DeclaredMailbox> {
  const out: Record<string, DeclaredMailbox> = {};
  for (const r of plannedResources(planFile(file))) {
    if (r.kind === "SharedMailbox") {
      out[r.name] = { mailbox: new SharedMailbox(r.name, r.inputs, opts), permissions: {} };
      continue;
    }
    const declared = out[r.mailboxName]!;
    const mailbox = declared.mailbox.primarySmtpAddress;
    if (r.kind === "MailboxPermission") declared.permissions[r.name] = new MailboxPermission(r.name, { ...r.inputs, mailbox }, opts);
    else if (r.kind === "MailboxAccess") declared.access = new MailboxAccess(r.name, { ...r.inputs, mailbox }, opts);
    else if (r.kind === "ForwardingRule") declared.forwarding = new ForwardingRule(r.name, { ...r.inputs, mailbox }, opts);
    else declared.autoReply = new AutoReply(r.name, { ...r.inputs, mailbox }, opts);
  }
  return out;
}

