import type { IncomingHttpHeaders } from "node:http";
import { FAULT_HEADERS } from "pulumi-mailbox/schemas/api";
import type { FaultOptions } from "./options";

export type FaultDecision = { kind: "throttle"; retryAfterSeconds: number } | { kind: "unavailable" } | undefined;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The tenant's fault injection: configured rates and budgets, plus per-request headers when
 * `allowFaultHeaders` is set. A fault answered with 429/503 happens before any work, so it
 * changes nothing.
 */
export class Faults {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly options: FaultOptions,
    private readonly clock: () => number,
    private readonly random: () => number = Math.random,
  ) {}

  private headerOn(headers: IncomingHttpHeaders, name: string): boolean {
    if (!this.options.allowFaultHeaders) return false;
    const v = header(headers, name);
    return v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
  }

  private headerNumber(headers: IncomingHttpHeaders, name: string): number | undefined {
    if (!this.options.allowFaultHeaders) return undefined;
    const v = header(headers, name);
    if (v === undefined) return undefined;
    const n = Number(v);
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  }

  latencyMs(headers: IncomingHttpHeaders): number {
    return (this.options.latencyMs ?? 0) + (this.headerNumber(headers, FAULT_HEADERS.latencyMs) ?? 0);
  }

  replicationDelayMs(headers: IncomingHttpHeaders): number {
    return this.headerNumber(headers, FAULT_HEADERS.replicationDelayMs) ?? this.options.replicationDelayMs ?? 0;
  }

  dieRequested(headers: IncomingHttpHeaders): boolean {
    return this.headerOn(headers, FAULT_HEADERS.die);
  }

  /** Whether to refuse this request with 429 or 503 (checked before any work). */
  decide(principal: string, headers: IncomingHttpHeaders, rateFaults: boolean): FaultDecision {
    const retryAfter = Math.max(0, Math.ceil(this.options.retryAfterSeconds ?? 1));
    if (this.headerOn(headers, FAULT_HEADERS.throttle)) return { kind: "throttle", retryAfterSeconds: retryAfter };
    if (this.headerOn(headers, FAULT_HEADERS.unavailable)) return { kind: "unavailable" };
    if (!rateFaults) return undefined;
    const budget = this.options.throttleBudgetPerMinute;
    if (budget !== undefined && budget >= 0) {
      const now = this.clock();
      let w = this.windows.get(principal);
      if (!w || now - w.start >= 60_000) {
        w = { start: now, count: 0 };
        this.windows.set(principal, w);
      }
      if (w.count >= budget) {
        const left = Math.ceil((w.start + 60_000 - now) / 1000);
        return { kind: "throttle", retryAfterSeconds: this.options.retryAfterSeconds !== undefined ? retryAfter : Math.max(1, left) };
      }
      w.count++;
    }
    if (this.options.throttleRate && this.random() < this.options.throttleRate) return { kind: "throttle", retryAfterSeconds: retryAfter };
    if (this.options.unavailableRate && this.random() < this.options.unavailableRate) return { kind: "unavailable" };
    return undefined;
  }
}
