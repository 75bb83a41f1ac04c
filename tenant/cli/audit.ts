/** `audit`: the tenant's change log as a table, one changed field a line. */
import type { Command } from "commander";
import type { AuditEntry } from "pulumi-mailbox/schemas/recipient";
import { TenantError } from "pulumi-mailbox/client";
import { UsageError, parseNumber } from "./arguments";
import { clientFor, optional, run } from "./connection";
import { printJson, table } from "./print";

function changedFields(before: unknown, after: unknown): string {
  if (before == null && after != null) return "created";
  if (before != null && after == null) return "removed";
  if (typeof before !== "object" || typeof after !== "object" || !before || !after) return "-";
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  const changed: string[] = [];
  for (const k of keys) {
    if (k === "whenChanged") continue;
    if (JSON.stringify(b[k]) === JSON.stringify(a[k])) continue;
    const show = (v: unknown) => (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v === null ? JSON.stringify(v) : "…");
    changed.push(`${k}: ${show(b[k])} → ${show(a[k])}`);
  }
  return changed.join("\n") || "-";
}

function objectLabel(e: AuditEntry): string {
  const o = (e.after ?? e.before) as Record<string, unknown> | null;
  if (o && typeof o === "object" && typeof o.accessRights === "string" && typeof o.trusteeAddress === "string") {
    return `${o.accessRights} → ${o.trusteeAddress}\n${e.objectType}`;
  }
  const name = o && typeof o === "object" ? (o.displayName ?? o.name ?? o.trusteeAddress) : undefined;
  return typeof name === "string" ? `${name}\n${e.objectType}` : `${e.objectId}\n${e.objectType}`;
}

export function registerAuditCommand(program: Command): void {
  program
    .command("audit")
    .description("the tenant's change log")
    .option("--object <identity>", "changes of this object (an id, or a recipient's address, alias or name)")
    .option("--principal <principal>", "changes made by this principal")
    .option("--since <iso>", "changes at or after this time (ISO 8601 with offset, e.g. 2025-01-31T09:00:00Z)")
    .option("--limit <n>", "at most this many", parseNumber(1, 10000))
    .action(run(async (o: { object?: string; principal?: string; since?: string; limit?: number }, cmd: Command) => {
      const { client, opts } = clientFor(cmd);
      if (o.since !== undefined && Number.isNaN(Date.parse(o.since))) throw new UsageError(`"${o.since}" is not a time: use ISO 8601, e.g. 2025-01-31T09:00:00Z`, "since");
      let objectId = o.object;
      if (objectId !== undefined) {
        // A recipient named by address, alias or name: the log knows it by id.
        const found = await optional(client.call("getRecipient", { identity: objectId }));
        if (!(found instanceof TenantError)) objectId = found.id;
      }
      const list = await client.call("listAudit", { objectId, principal: o.principal, since: o.since, limit: o.limit });
      if (opts.json) return printJson(list);
      const t = table(["#", "At", "Principal", "Action", "Object", "Change"]);
      for (const e of list.items) t.push([String(e.id), e.at, e.principal, e.action, objectLabel(e), changedFields(e.before, e.after)]);
      process.stdout.write(`${t.toString()}\n${list.items.length} ${list.items.length === 1 ? "entry" : "entries"}\n`);
    }));
}
