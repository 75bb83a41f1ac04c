import * as z from "zod";
import { AccessRight, ISO_TIME } from "./common";

/**
 * The access review's report (`pulumi-mailbox review --json`), written once: the review builds
 * it, the Markdown and HTML views render it, `--previous` reads it back. Its JSON Schema is
 * generated from here into schemas/review.schema.json.
 */

export const REVIEW_FORMAT = "pulumi-mailbox/review@1";

/**
 * changed: a managed resource whose property differs from the declaration (the engine's refresh diff);
 * missing: a managed object deleted or removed by hand;
 * notInCode: a grant, forwarding or automatic reply on a managed mailbox that no resource declares.
 */
export const FindingKind = z.enum(["changed", "missing", "notInCode"]);
export type FindingKind = z.infer<typeof FindingKind>;

/** new: first seen by this review; open: seen by the previous one too; resolved: gone since the previous one. */
export const FindingStatus = z.enum(["new", "open", "resolved"]);
export type FindingStatus = z.infer<typeof FindingStatus>;

/** Who made a change and when, from the tenant's audit log; "unknown" when the log has nothing. */
export const WhoWhen = z.object({
  principal: z.string(),
  at: ISO_TIME.nullable(),
  action: z.string().nullable(),
});
export type WhoWhen = z.infer<typeof WhoWhen>;
export const UNKNOWN_WHO: WhoWhen = { principal: "unknown", at: null, action: null };

export const Finding = z.object({
  /** Stable across reviews: how `--previous` recognises the same finding. */
  id: z.string(),
  kind: FindingKind,
  /** The mailbox it is on: its primary address (or the reference the code uses when it is gone). */
  mailbox: z.string(),
  /** The resource of the stack it concerns (changed, missing): its name and kind. */
  resource: z.object({ name: z.string(), kind: z.string(), urn: z.string() }).nullable(),
  /** What differs: a property of the resource, or "FullAccess", "forwarding", "automatic replies"… */
  subject: z.string(),
  /** As declared / as the tenant has it, short text; null when there is nothing on that side. */
  declared: z.string().nullable(),
  live: z.string().nullable(),
  /** One sentence for people. */
  detail: z.string(),
  who: WhoWhen,
  status: FindingStatus,
  firstSeen: ISO_TIME,
  /** Set on findings resolved since the previous review. */
  resolvedAt: ISO_TIME.nullable(),
});
export type Finding = z.infer<typeof Finding>;

/** Why a holder of access deserves a look. */
export const HolderFlag = z.enum(["disabled", "external"]);
export type HolderFlag = z.infer<typeof HolderFlag>;

/** A person (or account) who holds a right, directly or through groups. */
export const Holder = z.object({
  address: z.string(),
  displayName: z.string(),
  type: z.string(),
  /** How they hold it: "direct", or each chain of groups, outermost first ("Finance → Finance Admins"). */
  via: z.array(z.string()),
  flags: z.array(HolderFlag),
  /** Whether code declares the grant(s) it comes through. */
  declared: z.boolean(),
});
export type Holder = z.infer<typeof Holder>;

/** One live or declared grant on a mailbox, side by side. */
export const GrantLine = z.object({
  right: AccessRight,
  trustee: z.string(),
  trusteeName: z.string(),
  /** The resources that declare it (empty: not in code). */
  declaredBy: z.array(z.string()),
  /** On the tenant now. */
  live: z.boolean(),
});
export type GrantLine = z.infer<typeof GrantLine>;

export const SettingLine = z.object({ declaredBy: z.string().nullable(), declared: z.string().nullable(), live: z.string().nullable() });

export const MailboxReview = z.object({
  address: z.string(),
  id: z.string(),
  displayName: z.string(),
  /** The stack's resources on this mailbox. */
  resources: z.array(z.string()),
  /** Gone from the tenant: soft-deleted (restorable until `restorableUntil`) or not found at all. */
  gone: z.enum(["softDeleted", "notFound"]).nullable(),
  restorableUntil: ISO_TIME.nullable(),
  /** A shared mailbox whose own account may sign in: anyone with its password can open it. */
  signInAllowed: z.boolean(),
  grants: z.array(GrantLine),
  forwarding: SettingLine,
  autoReply: SettingLine,
  access: z.object({ fullAccess: z.array(Holder), sendAs: z.array(Holder), sendOnBehalf: z.array(Holder) }),
});
export type MailboxReview = z.infer<typeof MailboxReview>;

export const Coverage = z.object({
  /** Live grants on managed mailboxes that a resource declares. */
  declared: z.number().int(),
  /** Live grants on managed mailboxes (Exchange's own SELF entries left out). */
  live: z.number().int(),
  /** declared / live in percent, one decimal; 100 when there is no live grant. */
  percent: z.number(),
});
export type Coverage = z.infer<typeof Coverage>;

export const ReviewReport = z.object({
  format: z.literal(REVIEW_FORMAT),
  project: z.string(),
  stack: z.string(),
  endpoint: z.string(),
  generatedAt: ISO_TIME,
  /** clean: nothing changed, missing or not in code (exit 0); drift: something is (exit 2). */
  outcome: z.enum(["clean", "drift"]),
  counts: z.object({
    changed: z.number().int(),
    missing: z.number().int(),
    notInCode: z.number().int(),
    new: z.number().int(),
    resolved: z.number().int(),
    mailboxes: z.number().int(),
    resources: z.number().int(),
  }),
  coverage: Coverage,
  /** What is wrong now (status new or open). */
  findings: z.array(Finding),
  /** What the previous review found that is no longer so. */
  resolved: z.array(Finding),
  mailboxes: z.array(MailboxReview),
  /** Set when --previous was given: when that review ran. */
  previousAt: ISO_TIME.nullable(),
  stats: z.object({ seconds: z.number(), refreshSeconds: z.number(), tenantRequests: z.number().int() }),
}).meta({
  title: "pulumi-mailbox access review",
  description: "What `pulumi-mailbox review --json` writes: drift of a stack's mailboxes, access not in code, who changed it and when, effective access.",
});
export type ReviewReport = z.infer<typeof ReviewReport>;

/** The JSON Schema of the report, for schemas/review.schema.json. */
export function reviewJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ReviewReport, { target: "draft-2020-12" }) as Record<string, unknown>;
}
