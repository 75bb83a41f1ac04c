import { AccessRight } from "../../schemas/common";
import { ACCESS_LISTS } from "../resources/mailbox-access/descriptor";
import { forwardingSummary } from "../resources/forwarding-rule/model";
import { mailboxPermission } from "../resources/mailbox-permission/descriptor";
import { stateValues } from "../resources/fields";

/**
 * What each kind of resource declares on a mailbox, read from the stack's state: one small entry
 * per kind, so the review learns a new resource by one more entry. No I/O.
 */

/** One resource of the stack as the state holds it. */
export interface StateResource {
  urn: string;
  /** The resource's name in the program (the URN's last part). */
  name: string;
  /** SharedMailbox, MailboxPermission, … (the type token's last part). */
  kind: string;
  id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/** A grant a resource declares: the trustee as code names it (an address, alias, name or id). */
export interface DeclaredGrant {
  right: AccessRight;
  trustee: string;
}

export interface Declaration {
  /** The mailbox's tenant id when the state has it, else undefined. */
  mailboxId: string | undefined;
  /** The mailbox as code names it (for a mailbox that is gone). */
  mailboxRef: string;
  /** The resource is the mailbox itself. */
  isMailbox: boolean;
  grants: DeclaredGrant[];
  /** Forwarding: the declared target and whether a copy is kept. */
  forwarding?: string;
  /** Automatic replies: the declared state. */
  autoReply?: string;
  /**
   * Owns every grant on the mailbox (MailboxAccess): a grant it does not list is drift of this
   * resource, which the engine's diff already names.
   */
  authoritative: boolean;
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

function base(r: StateResource): Declaration {
  return {
    mailboxId: text(r.outputs.mailboxId),
    mailboxRef: text(r.inputs.mailbox) ?? text(r.outputs.mailbox) ?? text(r.outputs.mailboxId) ?? r.name,
    isMailbox: false,
    grants: [],
    authoritative: false,
  };
}

/** The table: kind → what a resource of that kind declares. Kinds not listed declare nothing. */
export const DECLARES: Record<string, (r: StateResource) => Declaration> = {
  SharedMailbox: (r) => ({
    ...base(r),
    mailboxId: text(r.outputs.mailboxId) ?? text(r.id),
    mailboxRef: text(r.outputs.primarySmtpAddress) ?? text(r.inputs.primarySmtpAddress) ?? text(r.inputs.displayName) ?? r.name,
    isMailbox: true,
  }),
  MailboxPermission: (r) => ({
    ...base(r),
    // The id the provider resolved the trustee to (the output its descriptor keeps it in), else the reference as written.
    grants: [{ right: r.inputs.accessRights as AccessRight, trustee: text(stateValues(mailboxPermission, r.outputs).trustee) ?? String(r.inputs.trustee) }],
  }),
  ForwardingRule: (r) => ({
    ...base(r),
    mailboxId: text(r.outputs.mailboxId) ?? text(r.id),
    forwarding: forwardingSummary(r.inputs),
  }),
  AutoReply: (r) => ({ ...base(r), mailboxId: text(r.outputs.mailboxId) ?? text(r.id), autoReply: String(r.inputs.state) }),
  /** All delegate access of one mailbox, each list granting the rights its descriptor says. */
  MailboxAccess: (r) => {
    const grants: DeclaredGrant[] = AccessRight.options.flatMap((right) =>
      ACCESS_LISTS.filter((l) => (l.rights as readonly AccessRight[]).includes(right)).flatMap((l) =>
        list(r.inputs[l.list]).map((trustee) => ({ right, trustee })),
      ),
    );
    return { ...base(r), grants, authoritative: true };
  },
};

/** The kind of a dynamic resource from its type token ("pulumi-nodejs:dynamic/mailbox:SharedMailbox" → "SharedMailbox"). */
export function kindOf(type: string): string {
  return type.split(":").pop() ?? type;
}

export function isDynamic(type: string): boolean {
  return type.startsWith("pulumi-nodejs:dynamic");
}

export function declarationOf(r: StateResource): Declaration | undefined {
  return DECLARES[r.kind]?.(r);
}
