import { parse } from "csv-parse/sync";
import { restoreNeutralised } from "@/lib/dataset/formula";

/**
 * Importing a codebook into a project: read codes from a REFI-QDA `.qdc` (via lib/refi) or a CSV
 * (this tool's codebook export, or any sheet with a name/path column), then plan how they merge
 * into the existing tree — matched by full path, or by name where that name is unique — before
 * anything is written, so the researcher sees the plan first. Pure.
 */
export type IncomingCode = { path: string[]; color?: string; description?: string };
export type ExistingCode = { id: string; name: string; path: string; color: string; definition: string };
export type PlannedCode = IncomingCode & {
  action: "create" | "update" | "same";
  /** The existing code it merges into, for update and same. */
  existingId?: string;
  matchedBy?: "path" | "name";
  changes: string[];
};

export const PATH_SEPARATOR = "/";
const splitPath = (path: string) => path.split(PATH_SEPARATOR).map((p) => p.trim()).filter(Boolean);

/** Codes from CSV: a `path` column (parents joined by "/") or `name` with an optional `parent_path`; `colour`/`color` and `description`/`definition` if present. */
export function codesFromCsv(text: string): IncomingCode[] {
  let rows: Record<string, string>[];
  try {
    // Our own export neutralised formula-like cells for spreadsheets ("'=…"): take that back off.
    rows = parse(text.replace(/^\uFEFF/, ""), {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      cast: (value) => restoreNeutralised(value),
    });
  } catch (error) {
    throw new CodebookFileError(`The CSV could not be read: ${error instanceof Error ? error.message.split("\n")[0] : "parse error"}.`);
  }
  if (rows.length === 0) throw new CodebookFileError("The CSV has no codes: it needs a header row and one code per line.");
  const header = Object.keys(rows[0]!);
  if (!header.includes("path") && !header.includes("name") && !header.includes("code")) throw new CodebookFileError('The CSV needs a "path" or "name" column (its first line names the columns).');
  return rows.flatMap((r) => {
    const path = r.path ? splitPath(r.path) : [...splitPath(r.parent_path ?? ""), (r.name ?? r.code ?? "").trim()].filter(Boolean);
    if (path.length === 0) return [];
    const color = (r.colour ?? r.color ?? "").trim().toLowerCase();
    return [{ path, color: /^#[0-9a-f]{6}$/.test(color) ? color : undefined, description: (r.description ?? r.definition ?? "").trim() || undefined }];
  });
}

export class CodebookFileError extends Error {}

// Control characters, but the tab and line end a description may keep.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Codes as another tool's file gave them, without control characters: names and descriptions
 * are shown as text, and PostgreSQL cannot store U+0000 at all (a NUL in a codebook failed the
 * import with a 500). Levels left empty go; so does a code left with no name.
 */
export function withoutControls(codes: readonly IncomingCode[]): IncomingCode[] {
  return codes.flatMap((code) => {
    const path = code.path.map((p) => p.replace(CONTROLS, "").trim()).filter(Boolean);
    if (path.length === 0) return [];
    return [{ ...code, path, ...(code.description !== undefined ? { description: code.description.replace(CONTROLS, "") } : {}) }];
  });
}

/** The merge plan: each incoming code (parents first) created, updated (colour or description differ) or already the same. */
export function planCodebookMerge(existing: readonly ExistingCode[], incoming: readonly IncomingCode[]): PlannedCode[] {
  const byPath = new Map(existing.map((c) => [splitPath(c.path).join(PATH_SEPARATOR).toLowerCase(), c]));
  const byName = new Map<string, ExistingCode | null>();
  for (const c of existing) byName.set(c.name.toLowerCase(), byName.has(c.name.toLowerCase()) ? null : c);
  const seen = new Set<string>();
  const planned: PlannedCode[] = [];
  // Parents first, and every ancestor of a code present, even if only implied by a path.
  const all = new Map<string, IncomingCode>();
  for (const code of incoming) {
    for (let i = 1; i < code.path.length; i++) {
      const key = code.path.slice(0, i).join(PATH_SEPARATOR).toLowerCase();
      if (!all.has(key)) all.set(key, { path: code.path.slice(0, i) });
    }
    all.set(code.path.join(PATH_SEPARATOR).toLowerCase(), { ...all.get(code.path.join(PATH_SEPARATOR).toLowerCase()), ...code });
  }
  const ordered = [...all.entries()].sort((a, b) => a[1].path.length - b[1].path.length);
  for (const [key, code] of ordered) {
    if (seen.has(key)) continue;
    seen.add(key);
    const match = byPath.get(key);
    const named = code.path.length === 1 || !match ? byName.get(code.path.at(-1)!.toLowerCase()) : undefined;
    const target = match ?? (code.path.length === 1 ? (named ?? undefined) : undefined);
    if (!target) {
      planned.push({ ...code, action: "create", changes: [] });
      continue;
    }
    const changes: string[] = [];
    if (code.color && code.color !== target.color.toLowerCase()) changes.push(`colour ${target.color} → ${code.color}`);
    if (code.description !== undefined && code.description !== target.definition) changes.push("description");
    planned.push({ ...code, existingId: target.id, matchedBy: match ? "path" : "name", action: changes.length ? "update" : "same", changes });
  }
  return planned;
}
