import { heatMapOption, timelineOption } from "@/lib/aggregate/chart-options";
import { matrixToCsv } from "@/lib/aggregate/csv";
import { renderChartSvg } from "@/lib/server/charts";
import { MATRIX_AXES, MATRIX_TITLES, normalise } from "@/lib/aggregate/matrix";
import { runMatrix } from "@/lib/server/aggregates";
import { apiRoute } from "@/lib/server/guard";
import { matrixQuerySchema } from "@/lib/validation/aggregates";
import { projectParamsSchema } from "@/lib/validation/projects";

export const dynamic = "force-dynamic";

/**
 * Aggregate counts as rows and columns (docs/api.md): `kind` code-document | code-coder |
 * cooccurrence (`by` overlap | paragraph) | code-attribute (`attribute` name or id); `layer` all |
 * consensus | a coder's id; `rollup` counts a child's codings for its ancestors too; `normalise`
 * count | row | column (percent) | per1000 (per 1,000 words of the column's text); `chart` line |
 * stacked (the timeline); `format` json | csv | svg. In a blind project a coder counts only
 * their own codings until the owner reveals.
 */
export const GET = apiRoute(
  { name: "api.matrix", access: "aggregate.read", params: projectParamsSchema, query: matrixQuerySchema },
  async ({ db, user, project, role }, { query }) => {
    const { matrix, layer, rollup } = await runMatrix(db, { user: user!, project: project!, role: role! }, query);
    const values = normalise(matrix, query.normalise);
    if (query.format === "svg") {
      const normalisation = query.normalise;
      const option =
        query.kind === "timeline"
          ? timelineOption(matrix, values, { title: MATRIX_TITLES[query.kind], normalisation, style: query.chart })
          : heatMapOption(matrix, values, { title: MATRIX_TITLES[query.kind], rowAxis: "Code", columnAxis: MATRIX_AXES[query.kind], normalisation });
      const size = query.kind === "timeline" ? { width: 900, height: 420 } : { width: Math.max(640, 180 + 90 * matrix.columns.length), height: Math.max(360, 200 + 36 * matrix.rows.length) };
      return new Response(renderChartSvg(option, size), {
        headers: {
          "content-type": "image/svg+xml; charset=utf-8",
          "content-disposition": `inline; filename="${query.kind}.svg"`,
          "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
          "x-content-type-options": "nosniff",
          "cache-control": "no-store",
        },
      });
    }
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
