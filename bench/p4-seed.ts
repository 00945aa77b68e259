import type { Database } from "@/db/client";
import { getCodesByProjectId } from "@/db/queries/codes";
import { addMember } from "@/db/queries/members";
import { codings } from "@/db/schema";
import { importDocument } from "@/lib/server/documents";
import { mulberry32 } from "@/lib/sampling/prng";
import { makeUser } from "../tests/helpers/factories";

/**
 * P4's data: 50 documents imported through the real importer (so paragraphs and sentences are
 * real structure segments), 3 coders with 20,000 codings each. Coders share most of their
 * decisions with small shifts of boundaries and occasional other codes, like real double coding,
 * so every measure has something to count. Deterministic for a seed.
 */
export const P4_SHAPE = { documents: 50, coders: 3, codingsPerCoder: 20_000, paragraphsPerDocument: 200 } as const;

const WORDS =
  "state treaty ratify committee pressure sovereignty reward delegation report rights council review accept reject ministry government law reform dialogue partner aid trade condition visit recommendation".split(
    " ",
  );

export async function seedP4(db: Database, opts: { projectId: string; ownerId: string; seed?: number }) {
  const rng = mulberry32(opts.seed ?? 4);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
  const codes = await getCodesByProjectId(db, { projectId: opts.projectId });
  const coderIds: string[] = [];
  for (let c = 0; c < P4_SHAPE.coders; c++) {
    const user = await makeUser(db, `P4 coder ${c + 1}`);
    await addMember(db, { projectId: opts.projectId, email: user.email!, role: "coder", actorId: opts.ownerId });
    coderIds.push(user.id);
  }

  const documentIds: string[] = [];
  // 5 % of decisions are skipped per coder, so draw a little more to land near 20,000 each.
  const perDocument = Math.ceil(P4_SHAPE.codingsPerCoder / P4_SHAPE.documents / 0.95);
  for (let d = 0; d < P4_SHAPE.documents; d++) {
    const paragraphs: string[] = [];
    for (let p = 0; p < P4_SHAPE.paragraphsPerDocument; p++) {
      const sentences = Array.from({ length: 2 + Math.floor(rng() * 3) }, () => {
        const words = Array.from({ length: 8 + Math.floor(rng() * 12) }, () => pick(WORDS));
        return words.join(" ").replace(/^./, (ch) => ch.toUpperCase()) + ".";
      });
      paragraphs.push(sentences.join(" "));
    }
    const text = paragraphs.join("\n\n");
    const result = await importDocument(db, { projectId: opts.projectId, actorId: opts.ownerId, source: { kind: "text", text, title: `P4 document ${d + 1}` }, duplicates: "import" });
    if (result.skipped) throw new Error("P4 document skipped");
    documentIds.push(result.document.id);

    // Paragraph starts (ASCII text: code points = UTF-16 units), to place codings inside them.
    const starts: number[] = [];
    let at = 0;
    for (const p of paragraphs) {
      starts.push(at);
      at += p.length + 2;
    }
    const rows: (typeof codings.$inferInsert)[] = [];
    for (let k = 0; k < perDocument; k++) {
      const p = Math.floor(rng() * paragraphs.length);
      const length = paragraphs[p]!.length;
      const start = starts[p]! + Math.floor(rng() * (length / 2));
      const end = Math.min(starts[p]! + length, start + 20 + Math.floor(rng() * (length / 2)));
      const code = pick(codes);
      for (const coderId of coderIds) {
        // Each coder: 80 % the shared decision, else shifted boundaries or another code; 5 % skipped.
        const roll = rng();
        if (roll < 0.05) continue;
        const shift = roll < 0.85 ? 0 : Math.floor(rng() * 15);
        const codeId = roll > 0.95 ? pick(codes).id : code.id;
        const s = Math.max(starts[p]!, start - shift);
        const e = Math.min(starts[p]! + length, end + shift);
        rows.push({ projectId: opts.projectId, documentId: result.document.id, codeId, coderId, startOffset: s, endOffset: e, quote: text.slice(s, e) });
      }
    }
    for (let i = 0; i < rows.length; i += 1000) await db.insert(codings).values(rows.slice(i, i + 1000));
  }
  return { coderIds, documentIds, codeIds: codes.map((c) => c.id) };
}
