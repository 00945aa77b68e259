import fs from "node:fs";
import path from "node:path";
import type { Database } from "@/db/client";
import { getCodesByProjectId } from "@/db/queries/codes";
import { addMember } from "@/db/queries/members";
import { codings, type Coding } from "@/db/schema";
import { importDocument } from "@/lib/server/documents";
import { makeUser } from "./factories";

/**
 * The shared double-coded corpus (../shared/corpus/coded: two coders, the five text documents,
 * the default codebook) loaded into a project through the real importer, for tests and benches
 * that need realistic agreement data. Its texts never enter the repository: this reads them from
 * beside it at run time.
 *
 * Plain-text files are kept as stored, so their offsets are exact. The Markdown files lose their
 * markup on import, so their codings are anchored by quote: the quote without Markdown syntax,
 * found with flexible whitespace, nearest to the original offset.
 */

export type CodedLine = { document: string; coder: string; code: string; start: number; end: number; quote: string };
export type LoadedCodedCorpus = {
  documents: Map<string, { id: string; text: string }>;
  coders: Map<string, { id: string; name: string }>;
  codings: Coding[];
  /** Lines whose quote could not be found in the imported text (reported, never guessed). */
  unanchored: CodedLine[];
};

export function codedCorpusDir(repoRoot = process.cwd()): string | null {
  const dir = path.resolve(repoRoot, "../shared/corpus");
  return fs.existsSync(path.join(dir, "coded")) ? dir : null;
}

export function readCodedLines(corpusDir: string): CodedLine[] {
  return fs
    .readdirSync(path.join(corpusDir, "coded"))
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .flatMap((f) => fs.readFileSync(path.join(corpusDir, "coded", f), "utf8").split("\n"))
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as CodedLine);
}

export async function loadCodedCorpus(db: Database, opts: { projectId: string; ownerId: string; corpusDir: string }): Promise<LoadedCodedCorpus> {
  const lines = readCodedLines(opts.corpusDir);
  const codeIds = new Map((await getCodesByProjectId(db, { projectId: opts.projectId })).map((c) => [c.name, c.id]));
  const documents = new Map<string, { id: string; text: string }>();
  for (const file of [...new Set(lines.map((l) => l.document))].sort()) {
    const bytes = new Uint8Array(fs.readFileSync(path.join(opts.corpusDir, file)));
    const result = await importDocument(db, { projectId: opts.projectId, actorId: opts.ownerId, source: { kind: "file", bytes, fileName: file }, duplicates: "import" });
    if (result.skipped) throw new Error(`${file} was skipped as a duplicate`);
    documents.set(file, { id: result.document.id, text: await documentText(db, result.document.id) });
  }
  const coders = new Map<string, { id: string; name: string }>();
  for (const coder of [...new Set(lines.map((l) => l.coder))].sort()) {
    const user = await makeUser(db, coder);
    await addMember(db, { projectId: opts.projectId, email: user.email!, role: "coder", actorId: opts.ownerId });
    coders.set(coder, { id: user.id, name: user.name });
  }

  const rows: (typeof codings.$inferInsert)[] = [];
  const unanchored: CodedLine[] = [];
  const charsOf = new Map([...documents].map(([file, d]) => [file, Array.from(d.text)]));
  for (const line of lines) {
    const chars = charsOf.get(line.document)!;
    const codeId = codeIds.get(line.code);
    const span = anchor(chars, documents.get(line.document)!.text, line);
    if (!span || !codeId) {
      unanchored.push(line);
      continue;
    }
    rows.push({
      projectId: opts.projectId,
      documentId: documents.get(line.document)!.id,
      codeId,
      coderId: coders.get(line.coder)!.id,
      startOffset: span.start,
      endOffset: span.end,
      quote: chars.slice(span.start, span.end).join(""),
    });
  }
  const inserted = rows.length ? await db.insert(codings).values(rows).returning() : [];
  return { documents, coders, codings: inserted, unanchored };
}

async function documentText(db: Database, id: string): Promise<string> {
  const { documents } = await import("@/db/schema");
  const { eq } = await import("drizzle-orm");
  const [row] = await db.select({ text: documents.text }).from(documents).where(eq(documents.id, id));
  return row!.text;
}

/** Code-point span of the line's quote in the imported text, or null when it is not there. */
export function anchor(chars: string[], text: string, line: CodedLine): { start: number; end: number } | null {
  if (chars.slice(line.start, line.end).join("") === line.quote) return { start: line.start, end: line.end };
  const words = stripMarkdown(line.quote).split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  const pattern = new RegExp(words.map(escapeRegExp).join("\\s+"), "gu");
  let best: { start: number; end: number } | null = null;
  for (const match of text.matchAll(pattern)) {
    const start = Array.from(text.slice(0, match.index)).length;
    const span = { start, end: start + Array.from(match[0]).length };
    if (!best || Math.abs(span.start - line.start) < Math.abs(best.start - line.start)) best = span;
  }
  return best;
}

function stripMarkdown(quote: string): string {
  return quote
    .replace(/<[^>]*>/g, "") // inline HTML: the importer keeps only its text
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " })[e]!)
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // links and images keep their text
    .replace(/\\([\\`*_{}[\]()#+\-.!>])/g, "$1") // escapes
    .replace(/(\*\*|__|\*|_|`)/g, "") // emphasis and code marks
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)/gm, ""); // block markers
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
