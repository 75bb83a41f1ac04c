/**
 * Loaded with `node --require` (through NODE_OPTIONS) into every process the engine starts for
 * bench/floor.ts; it does something only in the dynamic-provider host. It records, in
 * $FLOOR_PROBE_DIR/<pid>.json:
 *
 *   readyMs   from the process's start until the host first deserializes a provider (its own
 *             start-up: node, @pulumi/pulumi, gRPC; the same for every dynamic provider)
 *   loadMs    what require() took after that moment: the code a provider loads on its first call
 *   maxRssKB  the process's peak resident memory
 *   cpuMs     the CPU time it used (user and system)
 *
 * The file is rewritten every second when it changed and at exit, because the engine may kill its
 * plugins.
 *
 * With $FLOOR_CPU_PROF_DIR it also writes the host's CPU profile there (<pid>.cpuprofile, for
 * Chrome's DevTools or speedscope), through the inspector: Node refuses --cpu-prof in
 * NODE_OPTIONS, which is the only way into a process the engine starts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Session } from "node:inspector";
import Module from "node:module";

const dir = process.env.FLOOR_PROBE_DIR;
if (dir && (process.argv[1] ?? "").includes("dynamic-provider")) {
  probe(dir);
  if (process.env.FLOOR_CPU_PROF_DIR) profile(process.env.FLOOR_CPU_PROF_DIR);
}

/** Profiles the whole process; the profile is written when the engine stops the host. */
function profile(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // A session of this thread answers synchronously, so this works inside an exit handler too.
    session.post("Profiler.stop", (err, result) => {
      if (!err) fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      write();
      process.exit(0);
    });
  }
}

function probe(dir: string): void {
  const file = path.join(dir, `${process.pid}.json`);
  let readyMs: number | undefined;
  let loadMs = 0;
  let depth = 0;
  // Written only when it changed: a file write costs the host a few ms of CPU on a busy disk,
  // which a profile of a long step would otherwise count against the provider it measures.
  let written = "";
  const write = () => {
    const usage = process.resourceUsage();
    const cpuMs = Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000);
    const record = JSON.stringify({ readyMs, loadMs: Math.round(loadMs), maxRssKB: usage.maxRSS, cpuMs });
    if (record === written) return;
    fs.writeFileSync(file, record);
    written = record;
  };
  // Module._load is internal but stable: it is what every require() goes through.
  const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  const original = loader._load;
  let wrapped: ((...args: unknown[]) => unknown) | undefined;
  loader._load = function (request, parent, isMain) {
    const outermost = depth === 0 && readyMs !== undefined;
    const started = performance.now();
    depth++;
    try {
      const loaded = original.call(this, request, parent, isMain);
      if (request !== "require-from-string") return loaded;
      // The host's first use of it marks the end of its own start-up.
      wrapped ??= (...args: unknown[]) => {
        readyMs ??= Math.round(performance.now());
        return (loaded as (...a: unknown[]) => unknown)(...args);
      };
      return wrapped;
    } finally {
      depth--;
      if (outermost) loadMs += performance.now() - started;
    }
  };
  setInterval(write, 1_000).unref();
  process.on("exit", write);
}
