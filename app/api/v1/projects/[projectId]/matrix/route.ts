import { codeAttributeMatrix, codeCoderMatrix, codeDocumentMatrix, cooccurrenceMatrix, type LayerScope } from "@/db/queries/aggregates";
import { matrixToCsv } from "@/lib/aggregate/csv";
import { normalise } from "@/lib/aggregate/matrix";
import { AppError } from "@/lib/errors";
import { seesAllCodings } from "@/lib/permissions";
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
    const seesAll = seesAllCodings(role!, project!);
    let layer: LayerScope = query.layer === undefined || query.layer === "all" ? "all" : query.layer === "consensus" ? "consensus" : { coderId: query.layer };
    if (!seesAll) {
      if (query.layer !== undefined && query.layer !== user!.id) throw new AppError("forbidden", "This project is blind: until the owner reveals, you can count only your own codings.");
      layer = { coderId: user!.id };
    }
    const req = { projectId: project!.id, layer, rollup: query.rollup === "true" };
    const matrix =
      query.kind === "code-document"
        ? await codeDocumentMatrix(db, req)
        : query.kind === "code-coder"
          ? await codeCoderMatrix(db, req)
          : query.kind === "cooccurrence"
            ? await cooccurrenceMatrix(db, { ...req, by: query.by })
            : await codeAttributeMatrix(db, { ...req, attribute: query.attribute! });
    const values = normalise(matrix, query.normalise);
    if (query.format === "csv") {
      return new Response(matrixToCsv(matrix, values), {
        headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${query.kind}.csv"`, "cache-control": "no-store" },
      });
    }
    return Response.json(
      { ...matrix, layer: typeof layer === "string" ? layer : layer.coderId, rollup: req.rollup, normalise: query.normalise, ...(query.normalise === "count" ? {} : { values }) },
      { headers: { "cache-control": "no-store" } },
    );
  },
);
