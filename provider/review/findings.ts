import { grantId, replyText, type AccessRight, type Grant } from "../../schemas";
import type { Coverage, Finding, MailboxReview } from "../../schemas/review";
import { effectiveAccess } from "./access";
import { declarationOf, type Declaration, type StateResource } from "./declared";
import type { Observation } from "./refresh";
import { MAILBOX_FIELDS } from "../resources/shared-mailbox/descriptor";
import { forwardingSummary, settingsOf } from "../resources/forwarding-rule/model";
import type { LiveMailbox, TenantSnapshot } from "./tenant-read";

/**
 * From the state, the refresh and the tenant to what the review reports: Changed, Missing and
 * Not in code findings, each with the audit-log objects that can say who did it; per mailbox the
 * grants declared and live side by side and the effective access; the coverage. No I/O.
 */

/** Which audit entries speak of a finding: those of this object, of this type and action, changing these fields. */
export interface Probe {
  objectId: string;
  objectType?: string;
  actions?: string[];
  fields?: string[];
}

export type DraftFinding = Omit<Finding, "who" | "status" | "firstSeen" | "resolvedAt">;
export interface Draft {
  finding: DraftFinding;
  probes: Probe[];
}

/** Exchange keeps a soft-deleted mailbox this long. */
export const SOFT_DELETE_RETENTION_DAYS = 30;

/** SharedMailbox properties → the field of the tenant's Mailbox that the audit log shows changing (the descriptor's mapping). */
const MAILBOX_FIELD: Record<string, string> = {
  ...Object.fromEntries(MAILBOX_FIELDS.filter(([, f]) => f.tenant).map(([k, f]) => [k, f.tenant!])),
  additionalAddresses: "emailAddresses",
};

/** A value as one short line. */
export function show(v: unknown): string | null {
  if (v === undefined || v === null || v === "") return null;
  if (typeof v === "string") return replyText(v);
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(", ") : "(none)";
  return JSON.stringify(v);
}

interface Managed {
  id: string;
  resources: { r: StateResource; d: Declaration }[];
}

/** The stack's resources grouped by the mailbox they are on (its tenant id, else how code names it). */
function byMailbox(resources: readonly StateResource[], t: TenantSnapshot): Map<string, Managed> {
  const out = new Map<string, Managed>();
  for (const r of resources) {
    const d = declarationOf(r);
    if (!d) continue;
    const id = d.mailboxId ?? t.directory.find(d.mailboxRef)?.id ?? d.mailboxRef;
    const m = out.get(id) ?? { id, resources: [] };
    m.resources.push({ r, d });
    out.set(id, m);
  }
  return out;
}

function addressOf(m: Managed, t: TenantSnapshot): string {
  const live = t.live.get(m.id);
  return (
    live?.box?.primarySmtpAddress ??
    live?.recipient?.primarySmtpAddress ??
    t.deleted.get(m.id)?.primarySmtpAddress ??
    t.directory.byId.get(m.id)?.primarySmtpAddress ??
    m.resources.find((x) => x.d.isMailbox)?.d.mailboxRef ??
    m.resources[0]!.d.mailboxRef
  );
}

const grantKey = (right: string, trusteeId: string) => `${right}|${trusteeId}`;

/** The grants code declares on one mailbox, by right and trustee id, with the resources declaring each. */
function declaredGrants(m: Managed, t: TenantSnapshot): Map<string, { right: AccessRight; trusteeId: string; by: string[] }> {
  const out = new Map<string, { right: AccessRight; trusteeId: string; by: string[] }>();
  for (const { r, d } of m.resources) {
    for (const g of d.grants) {
      const trusteeId = t.directory.find(g.trustee)?.id ?? g.trustee;
      const key = grantKey(g.right, trusteeId);
      const entry = out.get(key) ?? { right: g.right, trusteeId, by: [] };
      entry.by.push(r.name);
      out.set(key, entry);
    }
  }
  return out;
}

function changeProbes(m: Managed, r: StateResource, d: Declaration, property: string, live: LiveMailbox | undefined, t: TenantSnapshot): Probe[] {
  switch (r.kind) {
    case "SharedMailbox":
      return [{ objectId: m.id, objectType: "Mailbox", fields: [MAILBOX_FIELD[property] ?? property] }];
    case "ForwardingRule":
      return [{ objectId: m.id, objectType: "Forwarding" }];
    case "AutoReply":
      return [{ objectId: m.id, objectType: "AutoReply" }];
    default: {
      // Grants: the ones that differ between what this resource declares and what the mailbox has.
      const declared = d.grants.map((g) => grantKey(g.right, t.directory.find(g.trustee)?.id ?? g.trustee));
      const have = (live?.grants ?? []).map((g) => grantKey(g.accessRights, g.trusteeId));
      const differing = [...declared.filter((k) => !have.includes(k)), ...(d.authoritative ? have.filter((k) => !declared.includes(k)) : [])];
      const probes = differing.map((k) => ({ objectId: grantId(m.id, ...(k.split("|") as [AccessRight, string])) }));
      return probes.length ? probes : declared.map((k) => ({ objectId: grantId(m.id, ...(k.split("|") as [AccessRight, string])) }));
    }
  }
}

function missing(m: Managed, address: string, r: StateResource, d: Declaration, t: TenantSnapshot): Draft {
  const resource = { name: r.name, kind: r.kind, urn: r.urn };
  const base = { id: `missing|${r.urn}`, kind: "missing" as const, mailbox: address, resource, live: null };
  const deleted = t.deleted.get(m.id);
  if (r.kind === "SharedMailbox" || !t.live.has(m.id)) {
    const until = deleted?.whenSoftDeleted ? new Date(Date.parse(deleted.whenSoftDeleted) + SOFT_DELETE_RETENTION_DAYS * 86_400_000).toISOString() : null;
    const what = r.kind === "SharedMailbox" ? "the mailbox" : `the mailbox of ${r.kind} "${r.name}"`;
    const detail = deleted
      ? `${what} was deleted by hand; it is soft-deleted and can be restored until ${until} (declare it with adopt: true, or restore it in the admin center)`
      : `${what} is no longer in the tenant`;
    return {
      finding: { ...base, subject: "mailbox", declared: d.mailboxRef, detail },
      probes: [{ objectId: m.id, actions: ["deleteMailbox", "purgeMailbox"] }],
    };
  }
  if (r.kind === "ForwardingRule") {
    return { finding: { ...base, subject: "forwarding", declared: d.forwarding ?? null, detail: `forwarding to ${d.forwarding} was removed by hand` }, probes: [{ objectId: m.id, objectType: "Forwarding" }] };
  }
  if (r.kind === "AutoReply") {
    return { finding: { ...base, subject: "automatic replies", declared: d.autoReply ?? null, detail: `automatic replies were removed by hand` }, probes: [{ objectId: m.id, objectType: "AutoReply" }] };
  }
  const g = d.grants[0];
  const trustee = g ? (t.directory.find(g.trustee)?.primarySmtpAddress ?? g.trustee) : r.name;
  return {
    finding: { ...base, subject: g?.right ?? r.kind, declared: trustee, detail: `${g?.right ?? "the"} grant of ${trustee} was removed by hand` },
    probes: g ? [{ objectId: grantId(m.id, g.right, t.directory.find(g.trustee)?.id ?? g.trustee), actions: ["removeGrant"] }] : [{ objectId: m.id }],
  };
}

export interface Built {
  drafts: Draft[];
  mailboxes: MailboxReview[];
  coverage: Coverage;
}

export function buildReview(resources: readonly StateResource[], observations: ReadonlyMap<string, Observation>, t: TenantSnapshot): Built {
  const drafts: Draft[] = [];
  const mailboxes: MailboxReview[] = [];
  let liveGrants = 0;
  let declaredLive = 0;
  for (const m of byMailbox(resources, t).values()) {
    const address = addressOf(m, t);
    const live = t.live.get(m.id);
    for (const { r, d } of m.resources) {
      const o = observations.get(r.urn);
      if (!o) continue;
      if (o.gone) {
        drafts.push(missing(m, address, r, d, t));
        continue;
      }
      for (const [property, [declared, now]] of o.changes) {
        const detail = `${property} of ${r.kind} "${r.name}" is ${show(now) ?? "unset"} on the tenant; code declares ${show(declared) ?? "nothing"}`;
        drafts.push({
          finding: { id: `changed|${r.urn}|${property}`, kind: "changed", mailbox: address, resource: { name: r.name, kind: r.kind, urn: r.urn }, subject: property, declared: show(declared), live: show(now), detail },
          probes: changeProbes(m, r, d, property, live, t),
        });
      }
    }
    const declared = declaredGrants(m, t);
    const name = (id: string) => t.directory.byId.get(id);
    const notInCode = (g: Grant) => !declared.has(grantKey(g.accessRights, g.trusteeId));
    for (const g of live?.grants ?? []) {
      liveGrants++;
      if (!notInCode(g)) {
        declaredLive++;
        continue;
      }
      const who = name(g.trusteeId);
      drafts.push({
        finding: {
          id: `notInCode|${m.id}|${g.accessRights}|${g.trusteeId}`,
          kind: "notInCode",
          mailbox: address,
          resource: null,
          subject: g.accessRights,
          declared: null,
          live: g.trusteeAddress,
          detail: `${who?.displayName ?? g.trusteeAddress} <${g.trusteeAddress}> holds ${g.accessRights}; no resource declares it`,
        },
        probes: [{ objectId: g.id, actions: ["addGrant"] }],
      });
    }
    const forwardingBy = m.resources.find((x) => x.d.forwarding !== undefined);
    const liveForwarding = live?.forwarding?.effectiveTarget ? forwardingSummary(settingsOf(live.forwarding)) : null;
    if (liveForwarding && !forwardingBy) {
      drafts.push({
        finding: { id: `notInCode|${m.id}|forwarding`, kind: "notInCode", mailbox: address, resource: null, subject: "forwarding", declared: null, live: liveForwarding, detail: `mail is forwarded to ${liveForwarding}; no resource declares it` },
        probes: [{ objectId: m.id, objectType: "Forwarding" }],
      });
    }
    const replyBy = m.resources.find((x) => x.d.autoReply !== undefined);
    const liveReply = live?.autoReply && live.autoReply.state !== "Disabled" ? live.autoReply.state : null;
    if (liveReply && !replyBy) {
      drafts.push({
        finding: { id: `notInCode|${m.id}|autoReply`, kind: "notInCode", mailbox: address, resource: null, subject: "automatic replies", declared: null, live: liveReply, detail: `automatic replies are ${liveReply}; no resource declares them` },
        probes: [{ objectId: m.id, objectType: "AutoReply" }],
      });
    }
    const deleted = t.deleted.get(m.id);
    const lines = new Map<string, MailboxReview["grants"][number]>();
    for (const [key, dg] of declared) {
      const r = name(dg.trusteeId);
      lines.set(key, { right: dg.right, trustee: r?.primarySmtpAddress ?? dg.trusteeId, trusteeName: r?.displayName ?? dg.trusteeId, declaredBy: dg.by, live: false });
    }
    for (const g of live?.grants ?? []) {
      const key = grantKey(g.accessRights, g.trusteeId);
      const line = lines.get(key) ?? { right: g.accessRights, trustee: g.trusteeAddress, trusteeName: name(g.trusteeId)?.displayName ?? g.trusteeAddress, declaredBy: [], live: true };
      line.live = true;
      lines.set(key, line);
    }
    const order = ["FullAccess", "SendAs", "SendOnBehalf"];
    mailboxes.push({
      address,
      id: m.id,
      displayName: live?.box?.displayName ?? live?.recipient?.displayName ?? deleted?.displayName ?? address,
      resources: m.resources.map((x) => x.r.name),
      gone: live ? null : deleted ? "softDeleted" : "notFound",
      restorableUntil: deleted?.whenSoftDeleted ? new Date(Date.parse(deleted.whenSoftDeleted) + SOFT_DELETE_RETENTION_DAYS * 86_400_000).toISOString() : null,
      signInAllowed: live?.box?.recipientTypeDetails === "SharedMailbox" && !live.box.accountDisabled,
      grants: [...lines.values()].sort((a, b) => order.indexOf(a.right) - order.indexOf(b.right) || a.trustee.localeCompare(b.trustee)),
      forwarding: { declaredBy: forwardingBy?.r.name ?? null, declared: forwardingBy?.d.forwarding ?? null, live: liveForwarding },
      autoReply: { declaredBy: replyBy?.r.name ?? null, declared: replyBy?.d.autoReply ?? null, live: live?.autoReply?.state ?? null },
      access: effectiveAccess(
        t.directory,
        (live?.grants ?? []).map((g) => ({ right: g.accessRights, trusteeId: g.trusteeId, declared: !notInCode(g) })),
        t.organization.acceptedDomains,
      ),
    });
  }
  mailboxes.sort((a, b) => a.address.localeCompare(b.address));
  const percent = liveGrants === 0 ? 100 : Math.round((declaredLive / liveGrants) * 1000) / 10;
  return { drafts, mailboxes, coverage: { declared: declaredLive, live: liveGrants, percent } };
}
