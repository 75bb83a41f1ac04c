import * as http from "node:http";
import * as https from "node:https";

/** One request as the client sends it: the body already JSON, the headers already set. */
export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** The tenant's answer, read whole: its bodies are small JSON documents. */
export interface TransportAnswer {
  status: number;
  /** The Retry-After header, when the tenant sent one. */
  retryAfter?: string;
  /** The Location header of a redirect, which is not followed. */
  location?: string;
  text: string;
}

/** Sends one request; rejects when no answer came (refused, reset, timed out). */
export type Transport = (request: TransportRequest) => Promise<TransportAnswer>;

// One pool of kept-alive connections per process and scheme, shared by every client the process
// makes: the provider host makes a client per configure, and each would otherwise open its own.
// Idle connections close after 4 s, before the tenant's server would close them under a request.
const agents = {
  "http:": new http.Agent({ keepAlive: true, timeout: 4_000 }),
  "https:": new https.Agent({ keepAlive: true, timeout: 4_000 }),
};

/**
 * The default transport: Node's own http/https modules with a keep-alive agent. The global fetch
 * costs several times the CPU per request (measured with bench/transport.ts), which a provider
 * host pays hundreds of times in one deployment, and it needs no package of its own.
 */
export const nodeHttp: Transport = (request) =>
  new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const secure = url.protocol === "https:";
    const headers = request.body === undefined ? request.headers : { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) };
    const req = (secure ? https : http).request(url, { method: request.method, headers, agent: agents[secure ? "https:" : "http:"] }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        clearTimeout(timer);
        const retryAfter = res.headers["retry-after"];
        const answer: TransportAnswer = { status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") };
        if (retryAfter !== undefined) answer.retryAfter = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
        if (res.headers.location !== undefined) answer.location = res.headers.location;
        resolve(answer);
      });
      res.on("error", fail);
    });
    // A timer of our own rather than an AbortSignal: cheaper, and cleared as soon as the answer is in.
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${request.timeoutMs / 1000} s`)), request.timeoutMs);
    function fail(error: Error): void {
      clearTimeout(timer);
      reject(error);
    }
    req.on("error", fail);
    req.end(request.body);
  });

/** A transport over a fetch function: what unit tests give to answer without a network. */
export function overFetch(send: typeof fetch): Transport {
  return async (request) => {
    const response = await send(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: "manual",
    });
    const answer: TransportAnswer = { status: response.status, text: await response.text() };
    const retryAfter = response.headers.get("retry-after");
    if (retryAfter !== null) answer.retryAfter = retryAfter;
    const location = response.headers.get("location");
    if (location !== null) answer.location = location;
    return answer;
  };
}
