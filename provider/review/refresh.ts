import type { EngineEvent, LocalWorkspace, Stack, StepEventStateMetadata } from "@pulumi/pulumi/automation";
import { isDynamic, kindOf, StateResource } from "./declared";

/**
 * The engine's side of the review: `pulumi refresh --preview-only` (reads the tenant through the
 * provider, writes neither state nor tenant) and the stack's state.
 */

/** What the refresh found for one resource. */
export interface Observation {
  urn: string;
  /** The read found nothing: the object was deleted or removed by hand. */
  gone: boolean;
  /** Property → [declared, live], for each property the read found different. */
  changes: Map<string, [unknown, unknown]>;
}

/**
 * Keys of a resource's inputs that are not the user's declaration: `adopt`, and the provider's own
 * bookkeeping, all named `__…` (the provider module, the deployment and resource name a check
 * needs, a create's idempotency key), which a read does not return.
 */
const internal = (key: string) => key === "adopt" || key.startsWith("__");

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The properties that differ between the state (what code declared at the last `up`) and the
 * read: the engine's own list (`diffs`) when it gives one, else every input key whose value
 * changed. Declared values come from the state's inputs, else its outputs (defaults the
 * provider filled in, e.g. signInBlocked); live values from the read's inputs, else outputs.
 */
export function changesOf(oldState: StepEventStateMetadata | undefined, newState: StepEventStateMetadata | undefined, diffs: readonly string[] | undefined): Map<string, [unknown, unknown]> {
  const out = new Map<string, [unknown, unknown]>();
  if (!oldState || !newState) return out;
  const declared = (k: string) => (k in (oldState.inputs ?? {}) ? oldState.inputs[k] : oldState.outputs?.[k]);
  const live = (k: string) => (k in (newState.inputs ?? {}) ? newState.inputs[k] : newState.outputs?.[k]);
  const keys = new Set<string>([...(diffs ?? []).map((d) => d.split(/[.[]/)[0]!)]);
  for (const k of new Set([...Object.keys(oldState.inputs ?? {}), ...Object.keys(newState.inputs ?? {})])) {
    if (!same(declared(k), live(k))) keys.add(k);
  }
  for (const k of keys) {
    if (internal(k) || same(declared(k), live(k))) continue;
    out.set(k, [declared(k), live(k)]);
  }
  return out;
}

export interface RefreshResult {
  observations: Map<string, Observation>;
  seconds: number;
}

/** Why the refresh failed, in one line: the provider's own message when it gave one. */
export class RefreshFailed extends Error {}

/**
 * Runs a `--preview-only` operation of the stack. PULUMI_SKIP_CONFIRMATIONS=true (set by many
 * pipelines, and by engine/settings.ts) means --yes, which the CLI refuses with --preview-only.
 */
export async function previewOnly<T>(stack: Stack, run: () => Promise<T>): Promise<T> {
  const env = (stack.workspace as LocalWorkspace).envVars;
  const saved = env.PULUMI_SKIP_CONFIRMATIONS;
  env.PULUMI_SKIP_CONFIRMATIONS = "false";
  try {
    return await run();
  } finally {
    if (saved === undefined) delete env.PULUMI_SKIP_CONFIRMATIONS;
    else env.PULUMI_SKIP_CONFIRMATIONS = saved;
  }
}

export async function refreshPreview(stack: Stack): Promise<RefreshResult> {
  const observations = new Map<string, Observation>();
  const errors: string[] = [];
  const started = Date.now();
  const onEvent = (e: EngineEvent) => {
    const d = e.diagnosticEvent;
    if (d && d.severity === "error") errors.push(d.message.trim());
    const m = e.resOutputsEvent?.metadata ?? e.resourcePreEvent?.metadata;
    if (!m || !isDynamic(m.type)) return;
    const gone = m.op === "delete" || (m.op === "refresh" && e.resOutputsEvent !== undefined && (!m.new || !m.new.id));
    const previous = observations.get(m.urn);
    observations.set(m.urn, {
      urn: m.urn,
      gone: gone || (previous?.gone ?? false),
      changes: e.resOutputsEvent || !previous ? changesOf(m.old, m.new, m.diffs) : previous.changes,
    });
  };
  try {
    await previewOnly(stack, () => stack.refresh({ previewOnly: true, onEvent, color: "never" }));
  } catch (e) {
    throw new RefreshFailed(`the refresh of stack "${stack.name}" failed: ${firstLine(errors, e)}`);
  }
  return { observations, seconds: (Date.now() - started) / 1000 };
}

function firstLine(errors: string[], e: unknown): string {
  // The provider's message sits after the engine's own preamble ("error: ..."), keep the clearest line.
  const lines = errors.flatMap((m) => m.split("\n")).map((l) => l.replace(/^\s*(error:\s*)+/i, "").trim()).filter(Boolean);
  const useful = lines.find((l) => !/^(update failed|preview failed|refresh failed)$/i.test(l) && !/^one or more errors/i.test(l));
  if (useful) return useful;
  const message = e instanceof Error ? e.message : String(e);
  return message.split("\n").map((l) => l.trim()).find((l) => /error/i.test(l)) ?? message.split("\n")[0]!;
}

/** The dynamic resources of the stack's state (`pulumi stack export`). */
export async function stateResources(stack: Stack): Promise<StateResource[]> {
  const deployment = await stack.exportStack();
  const resources = (deployment.deployment?.resources ?? []) as { urn: string; type: string; id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown>; delete?: boolean }[];
  return resources
    .filter((r) => isDynamic(r.type) && !r.delete)
    .map((r) => ({
      urn: r.urn,
      name: r.urn.split("::").pop()!,
      kind: kindOf(r.type),
      id: r.id ?? "",
      inputs: r.inputs ?? {},
      outputs: r.outputs ?? {},
    }));
}
