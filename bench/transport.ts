/**
 * The client's HTTP transport (a benchmark, not a test): CPU per request and requests per second
 * of the same tenant request sent by the global fetch, by Node's http module with a keep-alive
 * agent (provider/client/transport.ts, what the client uses), and by undici's Pool.request() when
 * undici can be loaded (`--undici <path>` for a given copy; it is no dependency of this package).
 *
 *   npm run build && npm run bench:transport               (--help lists the options)
 *
 * The tenant runs in a child process, so the CPU this process uses (process.cpuUsage, user and
 * system) is the sending side's alone: building the request, parsing the answer's HTTP, reading
 * its body. Each transport sends the same authenticated GET of one recipient, one at a time and
 * then several at once; the transports take turns round by round, so each meets the same load of
 * a shared machine, and the table shows the median round.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeHttp, overFetch, type Transport } from "../provider/client/transport";
import { BENCH_TOKEN, benchProgram, benchTable, runBench, startChildTenant, startTenantHere, wholeNumber } from "./support";

interface Args {
  requests: number;
  rounds: number;
  concurrency: number;
  undici: string;
}

function parseArgs(argv: string[]): Args {
  return benchProgram("transport", "CPU per request and requests/s of the client's HTTP transport against the real tenant (a benchmark, not a test)")
    .option("--requests <n>", "requests per transport, round and concurrency", wholeNumber(1), 2000)
    .option("--rounds <n>", "rounds (the median is shown)", wholeNumber(1), 3)
    .option("--concurrency <n>", "requests in flight in the concurrent runs", wholeNumber(2), 8)
    .option("--undici <module>", "where to load undici from (a package name or a path)", "undici")
    .parse(argv, { from: "user" })
    .opts<Args>();
}

/** undici's Pool.request() as a Transport, when undici can be loaded. */
function undiciTransport(from: string, origin: string): { name: string; send: Transport; close(): Promise<void> } | undefined {
  // Typed here rather than imported: undici is no dependency of this package, only loaded when found.
  let undici: { Pool: new (origin: string) => UndiciPool };
  let version = "?";
  try {
    undici = require(from);
    version = require(join(require.resolve(from).replace(/(.*node_modules[/\\]undici)[/\\].*/, "$1"), "package.json")).version;
  } catch {
    return undefined;
  }
  const pool = new undici.Pool(origin);
  const send: Transport = async (r) => {
    const { pathname, search } = new URL(r.url);
    const res = await pool.request({ path: pathname + search, method: r.method, headers: r.headers, body: r.body, headersTimeout: r.timeoutMs, bodyTimeout: r.timeoutMs });
    const retryAfter = res.headers["retry-after"];
    return { status: res.statusCode, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter, text: await res.body.text() };
  };
  return { name: `undici ${version} Pool.request()`, send, close: () => pool.close() };
}

/** What this bench uses of undici's Pool. */
interface UndiciPool {
  request(options: { path: string; method: string; headers: Record<string, string>; body?: string; headersTimeout: number; bodyTimeout: number }): Promise<{
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
    body: { text(): Promise<string> };
  }>;
  close(): Promise<void>;
}

interface Measured {
  cpuMsPerRequest: number;
  perSecond: number;
}

async function measure(send: Transport, url: string, requests: number, concurrency: number): Promise<Measured> {
  const request = { method: "GET", url, headers: { accept: "application/json", authorization: `Bearer ${BENCH_TOKEN}` }, timeoutMs: 30_000 };
  let left = requests;
  const worker = async () => {
    while (left-- > 0) {
      const answer = await send(request);
      if (answer.status !== 200) throw new Error(`the tenant answered ${answer.status}: ${answer.text.slice(0, 200)}`);
      JSON.parse(answer.text);
    }
  };
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { cpuMsPerRequest: (used.user + used.system) / 1000 / requests, perSecond: requests / seconds };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), "bench-transport-"));
  const tenant = await startChildTenant(__filename, [join(dir, "tenant.db")]);
  const undici = undiciTransport(args.undici, tenant.url);
  const transports: { name: string; send: Transport }[] = [
    { name: "global fetch", send: overFetch(fetch) },
    { name: "node:http, keep-alive Agent (the client's)", send: nodeHttp },
    ...(undici ? [undici] : []),
  ];
  if (!undici) process.stderr.write(`undici could not be loaded from ${args.undici}: its row is left out\n`);
  const url = `${tenant.url}/v1/recipients/adele.vance%40contoso.com`;
  const results = new Map<string, { one: Measured[]; many: Measured[] }>();
  try {
    for (const t of transports) await measure(t.send, url, 300, args.concurrency); // warm-up: connections, JIT
    for (let round = 1; round <= args.rounds; round++) {
      for (const t of transports) {
        const r = results.get(t.name) ?? { one: [], many: [] };
        r.one.push(await measure(t.send, url, args.requests, 1));
        r.many.push(await measure(t.send, url, args.requests, args.concurrency));
        results.set(t.name, r);
      }
      process.stderr.write(`round ${round} of ${args.rounds} done\n`);
    }
  } finally {
    await undici?.close();
    await tenant.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const base = results.get(transports[0]!.name)!;
  const table = benchTable(["transport", "CPU ms/request, 1 at a time", `CPU ms/request, ${args.concurrency} at once`, "requests/s, 1 at a time", `requests/s, ${args.concurrency} at once`, "CPU vs fetch"], ["left", "right", "right", "right", "right", "right"]);
  for (const t of transports) {
    const r = results.get(t.name)!;
    const cpu = median(r.many.map((m) => m.cpuMsPerRequest));
    table.push([
      t.name,
      median(r.one.map((m) => m.cpuMsPerRequest)).toFixed(3),
      cpu.toFixed(3),
      median(r.one.map((m) => m.perSecond)).toFixed(0),
      median(r.many.map((m) => m.perSecond)).toFixed(0),
      `${(cpu / median(base.many.map((m) => m.cpuMsPerRequest))).toFixed(2)}×`,
    ]);
  }
  process.stdout.write(`GET /v1/recipients/:identity, ${args.requests} requests per run, median of ${args.rounds} rounds (node ${process.version})\n${table.toString()}\n`);
}

runBench(main, async ([dataFile]) => ({ ...(await startTenantHere(dataFile!)), info: {} }));
