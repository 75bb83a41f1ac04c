import * as fs from "fs";
import { parseDocument, LineCounter, isMap, isSeq, isScalar, isAlias, isPair, Document } from "yaml";
import type { z } from "zod";
import { DeclarationsFile, knownKeysAt, MAX_DECLARATIONS_FILE_BYTES } from "../../schemas/declarations";
import { DeclarationProblem, DeclarationsError, EntryPath, PlannedMailbox, formatPath, planDeclarations } from "./plan";

/** Reading a declarations file: YAML, its schema, and each mistake's entry path and line. */
/** The YAML parser's position of the entry at `path`, or of its nearest ancestor that exists. */
function locate(doc: Document, lines: LineCounter, path: EntryPath): { line: number; column: number } | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as { range?: [number] } | null)?.range?.[0];
  for (const key of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? p.key.value : p.key) === key);
      if (!pair) break;
      offset = (pair.key as { range?: [number] } | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number" && key < node.items.length) {
      node = node.items[key];
      offset = (node as { range?: [number] } | null)?.range?.[0] ?? offset;
    } else break;
  }
  if (offset === undefined) return undefined;
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** The 1-based line of each entry in a declarations file's text (of its nearest ancestor that exists), for messages. */
export function entryLines(text: string, paths: readonly EntryPath[]): (number | undefined)[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return paths.map((p) => locate(doc, lines, p)?.line);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const key of path) v = v !== null && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  boolean: "true or false",
  number: "a number",
  array: "a list",
  object: "a mapping (key: value)",
};

function typeWord(value: unknown): string {
  if (value === null) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the text "${value}"`;
  return `${typeof value === "number" ? "the number" : "the value"} ${String(value)}`;
}

/** zod's issues as one message per entry: the branch of a trustee that was meant, unknown keys one by one, "is required". */
function describeIssues(issues: readonly z.core.$ZodIssue[], data: unknown, base: EntryPath = []): { path: EntryPath; message: string }[] {
  const out: { path: EntryPath; message: string }[] = [];
  for (const issue of issues) {
    const path = [...base, ...(issue.path as (string | number)[])];
    if (issue.code === "invalid_union") {
      // A trustee is a string or a mapping: report the errors of the form that was written.
      const meant = issue.errors.filter((branch) => !branch.some((i) => i.code === "invalid_type" && i.path.length === 0));
      if (meant.length === 1) out.push(...describeIssues(meant[0], data, path));
      else out.push({ path, message: issue.message });
    } else if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(path);
      for (const key of issue.keys) {
        out.push({ path: [...path, key], message: `is not a field here${known ? `; the fields are ${known.join(", ")}` : ""}` });
      }
    } else if (issue.code === "invalid_type" && path.length === 0) {
      out.push({ path, message: "the file must be a mapping with a list under mailboxes:" });
    } else if (issue.code === "invalid_type") {
      const value = valueAt(data, path);
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      out.push({ path, message: value === undefined ? "is required" : `must be ${expected}, not ${typeWord(value)}` });
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}

/** In the order of the file (the sort is stable: problems of one entry keep zod's order). */
function byLine(problems: DeclarationProblem[]): DeclarationProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/**
 * Parses and validates a declarations file's text and names its resources. `file` is only for
 * messages. Throws DeclarationsError listing every problem with its entry path and line.
 */
export function planYaml(text: string, file: string): PlannedMailbox[] {
  refuseLargeFile(Buffer.byteLength(text, "utf8"), file);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new DeclarationsError(
      file,
      doc.errors.map((e) => ({
        path: "",
        line: e.linePos?.[0].line,
        column: e.linePos?.[0].col,
        message: `YAML syntax: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`,
      })),
    );
  }
  const at = (path: EntryPath, message: string): DeclarationProblem => ({ path: formatPath(path), ...locate(doc, lines, path), message });

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    throw new DeclarationsError(file, [{ path: "", message: `YAML: ${(e as Error).message}` }]);
  }
  const parsed = DeclarationsFile.safeParse(data);
  if (!parsed.success) {
    throw new DeclarationsError(file, byLine(describeIssues(parsed.error.issues, data).map((p) => at(p.path, p.message))));
  }
  const plan = planDeclarations(parsed.data);
  if (plan.problems.length > 0) throw new DeclarationsError(file, byLine(plan.problems.map((p) => at(p.path, p.message))));
  return plan.mailboxes;
}

/** Reads a declarations file and plans it (planYaml); a file that cannot be read is a DeclarationsError too. */
export function planFile(file: string): PlannedMailbox[] {
  let text: string;
  try {
    // Before reading it: a file too large is refused without loading it.
    refuseLargeFile(fs.statSync(file).size, file);
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if (e instanceof DeclarationsError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new DeclarationsError(file, [{ path: "", message: code === "ENOENT" ? "no such file" : `cannot be read: ${(e as Error).message}` }]);
  }
  return planYaml(text, file);
}

/** A file larger than a declarations file may be is refused before it is read. */
export function refuseLargeFile(bytes: number, file: string): void {
  if (bytes <= MAX_DECLARATIONS_FILE_BYTES) return;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  throw new DeclarationsError(file, [
    { path: "", message: `is ${mb(bytes)}, more than the ${mb(MAX_DECLARATIONS_FILE_BYTES)} a declarations file may be: split it into several files (one per department or site) and load each` },
  ]);
}
