import * as fs from "fs";
import * as path from "path";

/**
 * Puts back a file backend that a killed `pulumi` left unreadable, so that the documented
 * recovery (`pulumi cancel`, `pulumi up`) can run without repair by hand.
 *
 * How the file backend writes a stack's checkpoint `<stack>.json`: it copies the current file to
 * `<stack>.json.bak`, then writes the new one to a temporary file beside it and renames it into
 * place — a `kill -9` cannot leave the checkpoint itself half-written. But each of those writes
 * first writes a metadata sidecar, `<file>.attrs`, in place (create, truncate, write): a kill
 * between the truncate and the write leaves `<stack>.json.attrs` empty, and every later command
 * fails with "failed to load checkpoint: EOF" while reading that sidecar, before the checkpoint.
 * The sidecar holds only a content type and a checksum nobody verifies; without it the backend
 * reads the checkpoint with defaults. So an unreadable sidecar is removed.
 *
 * A checkpoint that is empty or not JSON (the machine lost power after the rename, before the
 * data reached the disk) is replaced by its `.bak`, one step older, when that one is whole: the
 * resources' derived create keys let the next `up` take back what the lost step had recorded.
 *
 * `backendUrl` (engine/settings.ts) asks the backend not to write sidecars at all; this repair is
 * for state written before that, or by a `pulumi` run without it.
 */
export interface CheckpointRepair {
  file: string;
  action: "removed an unreadable metadata sidecar" | "restored the checkpoint from its .bak";
}

function isJson(file: string): boolean {
  try {
    JSON.parse(fs.readFileSync(file, "utf8"));
    return true;
  } catch {
    return false;
  }
}

/** The backend's files but its history and backups, which can be large and which no command needs to start. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "history" || e.name === "backups" ? [] : filesUnder(p);
    return e.isFile() ? [p] : [];
  });
}

/**
 * Repairs the file backend at `stateDir` (the directory holding `.pulumi/`): checkpoints, locks
 * and their sidecars (history and backups are left alone).
 * Only call it while no `pulumi` runs on this state: it is a recovery step, like `pulumi cancel`.
 */
export function repairCheckpoints(stateDir: string): CheckpointRepair[] {
  const repairs: CheckpointRepair[] = [];
  const files = filesUnder(path.join(stateDir, ".pulumi"));
  for (const file of files.filter((f) => f.endsWith(".json"))) {
    const bak = `${file}.bak`;
    if (!fs.existsSync(bak) || isJson(file) || !isJson(bak)) continue;
    fs.copyFileSync(bak, file);
    repairs.push({ file, action: "restored the checkpoint from its .bak" });
  }
  for (const sidecar of files.filter((f) => f.endsWith(".attrs"))) {
    if (isJson(sidecar)) continue;
    fs.rmSync(sidecar, { force: true });
    repairs.push({ file: sidecar, action: "removed an unreadable metadata sidecar" });
  }
  return repairs;
}

/** The one line that says what a repair did and why, for stderr. */
export function describeRepair(r: CheckpointRepair): string {
  return `pulumi state: ${r.action} ${r.file} (left by a pulumi process killed while writing the checkpoint)`;
}
