import * as z from "zod";
import { SharedMailboxArgs } from "./shared-mailbox";
import { MailboxPermissionArgs } from "./permission";
import { ForwardingRuleArgs } from "./forwarding";
import { AutoReplyEntry } from "./auto-reply";
import { MailboxAccessArgs } from "./access";
import { MAX_PERMISSION_ENTRIES } from "./rights";

/**
 * The YAML file in which administrators declare shared mailboxes (see examples/yaml). Every part
 * is built from the resources' own argument schemas, minus `mailbox` (the entry it sits in), so a
 * field added to a resource appears here too. Unknown keys are refused at every level.
 */

/** A trustee as an entry of a right's list: the `trustee` of MailboxPermissionArgs. */
const TrusteeRef = MailboxPermissionArgs.shape.trustee;

/** A FullAccess grant written out: MailboxPermissionArgs without mailbox and accessRights (the list says which). */
export const FullAccessGrant = MailboxPermissionArgs.omit({ mailbox: true, accessRights: true });

/** SendAs and SendOnBehalf: as FullAccess, without autoMapping (it applies to FullAccess only). */
export const SendGrant = FullAccessGrant.omit({ autoMapping: true });

const grantList = (grant: typeof FullAccessGrant | typeof SendGrant, fields: string) =>
  z.array(
    z.union([TrusteeRef, grant], {
      error: `must be a trustee (an address, an alias or an id) or a mapping { ${fields} }`,
    }),
  ).max(MAX_PERMISSION_ENTRIES, `holds at most ${MAX_PERMISSION_ENTRIES} trustees, the most permission entries Exchange keeps on one mailbox: grant a mail-enabled security group instead`);

/** ForwardingRuleArgs without mailbox (AutoReplyEntry, AutoReplyArgs without mailbox, comes with its rules from ./auto-reply). */
export const ForwardingEntry = ForwardingRuleArgs.omit({ mailbox: true });

/** MailboxAccessArgs without mailbox: all delegate access on the entry's mailbox (MailboxAccess). */
export const AccessEntry = MailboxAccessArgs.omit({ mailbox: true });

/** The grant lists of an entry, which `access` replaces. */
const GRANT_LISTS = ["fullAccess", "sendAs", "sendOnBehalf"] as const;

/** One shared mailbox: every SharedMailboxArgs field, and what is granted and set on it. */
export const MailboxDeclaration = SharedMailboxArgs.extend({
  /** Who may open the mailbox (MailboxPermission with accessRights FullAccess). */
  fullAccess: grantList(FullAccessGrant, "trustee, autoMapping, adopt").optional(),
  /** Who may send as the mailbox. */
  sendAs: grantList(SendGrant, "trustee, adopt").optional(),
  /** Who may send on behalf of the mailbox. */
  sendOnBehalf: grantList(SendGrant, "trustee, adopt").optional(),
  /**
   * All its delegate access, authoritatively (MailboxAccess): nobody else may open it, send as it
   * or on its behalf. Instead of the entry's fullAccess, sendAs and sendOnBehalf lists.
   */
  access: AccessEntry.optional(),
  /** Where its mail is forwarded (ForwardingRule). */
  forwarding: ForwardingEntry.optional(),
  /** Its automatic replies (AutoReply). */
  autoReply: AutoReplyEntry.optional(),
})
  .strict()
  .superRefine((entry, ctx) => {
    if (!entry.access) return;
    for (const list of GRANT_LISTS.filter((l) => entry[l] !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [list],
        message: `cannot stand beside access, which declares all of the mailbox's delegate access: move these trustees into access.${list} (or access.members for FullAccess and SendAs together)`,
      });
    }
  });
export type MailboxDeclaration = z.infer<typeof MailboxDeclaration>;

/**
 * How large a declarations file may be, so that reading and checking it stays bounded (a file of
 * 376,873 entries once took 88 s and 3 GB only to parse): split a larger organisation into files.
 */
export const MAX_DECLARED_MAILBOXES = 5_000;
export const MAX_DECLARATIONS_FILE_BYTES = 4 * 1024 * 1024;

/** The whole file. */
export const DeclarationsFile = z
  .object({
    mailboxes: z
      .array(MailboxDeclaration)
      .max(MAX_DECLARED_MAILBOXES, `declares more than ${MAX_DECLARED_MAILBOXES} mailboxes, the most one file may: split it into several files (one per department or site) and load each`),
  })
  .strict()
  .meta({
    title: "pulumi-mailbox declarations",
    description: "Shared mailboxes, their delegate permissions, forwarding and automatic replies, loaded by loadDeclarations of pulumi-mailbox.",
  });
export type DeclarationsFile = z.infer<typeof DeclarationsFile>;

/** The JSON Schema of the file (what a user writes: zod's input side), for editors and CI. */
export function declarationsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(DeclarationsFile, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
}

/** The keys an object schema at `path` of the file accepts, for "unknown key" messages; undefined when not an object. */
export function knownKeysAt(path: readonly PropertyKey[]): string[] | undefined {
  let schema: z.core.$ZodType = DeclarationsFile;
  const unwrap = (s: z.core.$ZodType): z.core.$ZodType => {
    for (;;) {
      if (s instanceof z.ZodOptional) s = s.unwrap() as z.core.$ZodType;
      else if (s instanceof z.ZodUnion) {
        const obj = (s.options as z.core.$ZodType[]).find((o) => o instanceof z.ZodObject);
        if (!obj) return s;
        s = obj;
      } else return s;
    }
  };
  for (const key of path) {
    schema = unwrap(schema);
    if (typeof key === "number" && schema instanceof z.ZodArray) schema = schema.element as z.core.$ZodType;
    else if (typeof key === "string" && schema instanceof z.ZodObject && key in schema.shape) schema = schema.shape[key] as z.core.$ZodType;
    else return undefined;
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}
