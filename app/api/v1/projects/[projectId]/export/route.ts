import { apiRoute } from "@/lib/server/guard";
import { exportResponse } from "@/lib/server/export";
import { exportQuerySchema } from "@/lib/validation/export";
import { projectParamsSchema } from "@/lib/validation/projects";

export const dynamic = "force-dynamic";

/**
 * The evidence dataset, streamed (docs/api.md): `format` csv | csv-excel | xlsx | json | jsonl,
 * or texts (ZIP of the canonical texts), codebook-csv, codebook-md; `layer` both (default) | all |
 * consensus | a coder's id; `codes`, `coders`, `documents` (comma-separated ids) and `attribute`
 * with `value` narrow it. In a blind project a coder exports only their own codings.
 */
export const GET = apiRoute({ name: "api.export", access: "export.read", params: projectParamsSchema, query: exportQuerySchema }, async ({ db, user, project, role }, { query }) =>
  exportResponse(db, { user: user!, project: project!, role: role! }, query),
);
