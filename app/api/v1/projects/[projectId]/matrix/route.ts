import { matrixToCsv } from "@/lib/aggregate/csv";
import { normalise } from "@/lib/aggregate/matrix";
import { runMatrix } from "@/lib/server/aggregates";
import { apiRoute } from "@/lib/server/guard";
import { matrixQuerySchema } from "@/lib/validation/aggregates";
import { projectParamsSchema } from "@/lib/validation/projects";

export const dynamic = "force-dynamic";

/**
 * Aggregate counts as rows and columns (docs/api.md): `kind` code-document | code-coder |
 * cooccurrence (`by` overlap | paragraph) | code-attribute (`attribute` name or id); `layer` all |
 * consensus | a coder's id; `rollup` counts a child's codings for its ancestors too; `normalise`
 * count | row | column (percent); `format` json | csv. In a blind project a coder counts only
 * their own codings until the owner reveals.
 */
export const GET = apiRoute(
  { name: "api.matrix", access: "aggregate.read", params: projectParamsSchema, query: matrixQuerySchema },
  async ({ db, user, project, role }, { query }) => {
    const { matrix, layer, rollup } = await runMatrix(db, { user: user!, project: project!, role: role! }, query);
    const values = normalise(matrix, query.normalise);
    if (query.format === "csv") {
      return new Response(matrixToCsv(matrix, values), {
        headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${query.kind}.csv"`, "cache-control": "no-store" },
      });
    }
    return Response.json(
      { ...matrix, layer: typeof layer === "string" ? layer : layer.coderId, rollup, normalise: query.normalise, ...(query.normalise === "count" ? {} : { values }) },
      { headers: { "cache-control": "no-store" } },
    );
  },
);
