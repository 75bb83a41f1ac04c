import type { TenantClient } from "../client/tenant-client";
import { Directory } from "../directory";
import { entryLines, formatPath, planYaml, plannedResources, PlannedResource } from "../declarations";
import { mailboxReference } from "../resources/shared-mailbox/model";
import { plannedIdentities } from "../rules/shared-mailbox";
import type { Kind } from "../runtime";
import { providersFor } from "../resources/registry";
import { limiter } from "./limit";
import { DEPLOYMENT_INPUT } from "../rules/deployment";

/** The project and stack validate checks a file's resources in: names no Pulumi project or stack takes. */
const VALIDATION_STACK = "(validate)/(declarations)";

/**
 * `pulumi-mailbox validate`: every mistake of a declarations file at once. The file is parsed as
 * loadDeclarations parses it, then the provider's own `check` runs for each resource against the
 * tenant, as on the first `pulumi up` of a new stack (every resource new, olds empty). Mailboxes
 * are checked first: the one Directory remembers those the file creates (Directory.willCreate), so a
 * grant on a new mailbox passes. Only reads; nothing is written to the tenant.
 */

export interface ValidationProblem {
  kind: Kind;
  /** The Pulumi resource name. */
  resource: string;
  /** The entry in the file: mailboxes[0].fullAccess[1] */
  entry: string;
  /** 1-based line of the entry in the file. */
  line?: number;
  property: string;
  reason: string;
}

export interface ValidationResult {
  /** Resources checked. */
  checked: number;
  /** In the order of the file. */
  problems: ValidationProblem[];
}

/**
 * Validates a declarations file's text (`file` names it in messages). A file that is not valid
 * throws DeclarationsError (every problem with its line) before the tenant is asked anything.
 */
export async function validateDeclarations(
  text: string,
  file: string,
  client: TenantClient,
  options: { concurrency?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<ValidationResult> {
  const resources = plannedResources(planYaml(text, file));
  const directory = new Directory(client);
  const providers = providersFor(directory);
  const limit = limiter(options.concurrency ?? 8);
  const failures = new Map<PlannedResource, { property: string; reason: string }[]>();
  const check = (r: PlannedResource) =>
    limit(async () => {
      // A deployment as the resource classes pass it, of a stack of its own: check names the resource by
      // it (a MailboxAccess and a grant on one mailbox are refused by name), and no create ever ran in
      // it, so nothing in the tenant is taken for this file's own earlier create.
      const result = await providers[r.kind].check!({}, { ...r.inputs, [DEPLOYMENT_INPUT]: `${VALIDATION_STACK}/${r.name}` } as Record<string, unknown>);
      failures.set(r, result.failures ?? []);
      options.onProgress?.(failures.size, resources.length);
    });

  const mailboxes = resources.filter((r) => r.kind === "SharedMailbox");
  await Promise.all(mailboxes.map(check));
  // A refused new mailbox is not planned by its check; plan it anyway, so that its grants and
  // settings are checked as if it were fixed, instead of each reporting "no such mailbox".
  for (const r of mailboxes) {
    if (r.kind !== "SharedMailbox" || failures.get(r)!.length === 0) continue;
    // Without a name there is nothing its grants could name it by.
    if (typeof (r.inputs.name ?? r.inputs.displayName) !== "string") continue;
    if (await client.find("getRecipient", { params: { identity: mailboxReference(r.inputs) } })) continue;
    directory.willCreate(await plannedIdentities(directory, r.inputs), {
      planned: true,
      name: r.inputs.name ?? r.inputs.displayName,
      recipientTypeDetails: "SharedMailbox",
    });
  }
  await Promise.all(resources.filter((r) => r.kind !== "SharedMailbox").map(check));

  const lines = entryLines(text, resources.map((r) => r.path));
  const problems: ValidationProblem[] = [];
  resources.forEach((r, i) => {
    for (const f of failures.get(r) ?? []) {
      problems.push({ kind: r.kind, resource: r.name, entry: formatPath(r.path), line: lines[i], property: f.property, reason: f.reason });
    }
  });
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { checked: resources.length, problems };
}
