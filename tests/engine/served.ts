import * as diagnostics from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";

/**
 * How each request the tenant serves is written down: its path, decoded (`/v1/recipients/a@b.com`),
 * or its method and decoded path (`GET /v1/recipients/a@b.com`), for tests that tell reads from
 * writes.
 */
export type RequestFormat = "path" | "method and path";

const FORMATS: Record<RequestFormat, (request: IncomingMessage) => string> = {
  path: (request) => decodeURIComponent(new URL(request.url ?? "", "http://x").pathname),
  "method and path": (request) => `${request.method} ${FORMATS.path(request)}`,
};

/**
 * The requests the tenant serves while `run` runs, in the order they start. The engine tests'
 * tenant runs in the test's own process, whose http server announces each request on this
 * diagnostics channel, whichever process (the provider's, the test's own) sent it.
 */
export async function served(run: () => Promise<unknown>, format: RequestFormat = "path"): Promise<string[]> {
  const requests: string[] = [];
  const write = FORMATS[format];
  const seen = (message: unknown) => void requests.push(write((message as { request: IncomingMessage }).request));
  diagnostics.subscribe("http.server.request.start", seen);
  try {
    await run();
  } finally {
    diagnostics.unsubscribe("http.server.request.start", seen);
  }
  return requests;
}
