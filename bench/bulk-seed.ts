import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { createCode, getCodesByProjectId } from "@/db/queries/codes";
import { addMember } from "@/db/queries/members";
import { createAttributeDefinition } from "@/db/queries/attributes";
import { makeUser } from "../tests/helpers/factories";

/**
 * Large projects for the aggregate (P6) and export (P5) benchmarks, seeded by PostgreSQL itself
 * (generate_series with a fixed seed): thousands of documents with paragraph and sentence
 * structure, a code tree, three coders, codings of random overlapping spans with their quotes,
 * an attribute and publication dates. Deterministic; a million codings in well under a minute.
 */
export type BulkShape = { documents: number; codes: number; codings: number };

const PARAGRAPH = "Delegates met again to discuss the treaty. The ministry spoke of pressure from abroad. Aid was promised if the state would ratify. Sovereignty was invoked once more.";
const SENTENCES = PARAGRAPH.split(/(?<=\.) /);
export const PARAGRAPHS_PER_DOCUMENT = 20;

export async function seedBulk(db: Database, opts: { projectId: string; ownerId: string; shape: BulkShape }) {
  const { projectId, shape } = opts;
  const coderIds: string[] = [];
  for (let c = 0; c < 3; c++) {
    const user = await makeUser(db, `Bulk coder ${c + 1}`);
    await addMember(db, { projectId, email: user.email!, role: "coder", actorId: opts.ownerId });
    coderIds.push(user.id);
  }
  // A code tree: the defaults, then parents with children, up to the number asked for.
  const existing = await getCodesByProjectId(db, { projectId });
  let parent: string | null = null;
  for (let i = existing.length; i < shape.codes; i++) {
    const code = await createCode(db, { projectId, actorId: opts.ownerId, fields: { name: `code ${i + 1}`, parentId: i % 10 === 0 ? null : parent } });
    if (i % 10 === 0) parent = code.id;
  }
  const codeIds = (await getCodesByProjectId(db, { projectId })).map((c) => c.id);
  const region = await createAttributeDefinition(db, { projectId, actorId: opts.ownerId, name: "Region", type: "choice", choices: ["Africa", "Americas", "Asia", "Europe", "Oceania"] });

  const text = Array.from({ length: PARAGRAPHS_PER_DOCUMENT }, () => PARAGRAPH).join("\n\n");
  const step = PARAGRAPH.length + 2;
  await db.execute(sql`
    insert into documents (project_id, title, text, length, word_count, sha256, source_type, published_on, position)
    select ${projectId}::uuid, 'Document ' || g, ${text}, ${[...text].length}, ${text.split(/\s+/).length}, md5(g::text), 
           (array['news','ngo_report','government_document','academic_article'])[1 + g % 4],
           date '2015-01-01' + (g * 37 % 3650), g
    from generate_series(1, ${shape.documents}) g`);
  await db.execute(sql`
    insert into document_segments (document_id, kind, start_offset, end_offset, ordinal)
    select d.id, 'paragraph', p * ${step}, p * ${step} + ${PARAGRAPH.length}, p
    from documents d cross join generate_series(0, ${PARAGRAPHS_PER_DOCUMENT - 1}) p where d.project_id = ${projectId}::uuid`);
  let offset = 0;
  const sentenceStarts = SENTENCES.map((s) => {
    const at = offset;
    offset += s.length + 1;
    return [at, at + s.length] as const;
  });
  for (const [k, [from, to]] of sentenceStarts.entries()) {
    await db.execute(sql`
      insert into document_segments (document_id, kind, start_offset, end_offset, ordinal)
      select d.id, 'sentence', p * ${step} + ${from}, p * ${step} + ${to}, p * ${SENTENCES.length} + ${k}
      from documents d cross join generate_series(0, ${PARAGRAPHS_PER_DOCUMENT - 1}) p where d.project_id = ${projectId}::uuid`);
  }
  await db.execute(sql`
    insert into attribute_values (document_id, attribute_id, value_text)
    select d.id, ${region.id}::uuid, (array['Africa','Americas','Asia','Europe','Oceania'])[1 + d.position % 5]
    from documents d where d.project_id = ${projectId}::uuid`);
  const codeArray = sql.raw(`array[${codeIds.map((id) => `'${id}'::uuid`).join(",")}]`);
  const coderArray = sql.raw(`array[${coderIds.map((id) => `'${id}'::uuid`).join(",")}]`);
  const length = [...text].length;
  // One transaction, so setseed and the random() calls share a connection: the same data every run.
  await db.transaction(async (tx) => {
    await tx.execute(sql`select setseed(0.42)`);
    await tx.execute(sql`
    with docs as (select id, text, row_number() over (order by position) as n from documents where project_id = ${projectId}::uuid),
    spans as (
      select g, 1 + floor(random() * ${shape.documents})::int as doc, floor(random() * ${length - 220})::int as s, 20 + floor(random() * 180)::int as len,
             1 + floor(random() * ${codeIds.length})::int as code, 1 + floor(random() * 3)::int as coder
      from generate_series(1, ${shape.codings}) g
    )
    insert into codings (project_id, document_id, code_id, coder_id, layer, start_offset, end_offset, quote)
    select ${projectId}::uuid, d.id, (${codeArray})[sp.code], (${coderArray})[sp.coder], case when sp.g % 20 = 0 then 'consensus' else 'coder' end,
           sp.s, sp.s + sp.len, substring(d.text from sp.s + 1 for sp.len)
    from spans sp join docs d on d.n = sp.doc`);
  });
  await db.execute(sql`analyze`);
  return { coderIds, codeIds, regionId: region.id };
}
