import { reportToCsv } from "@/lib/agreement";
import { runAgreement } from "@/lib/server/agreement";
import { apiRoute } from "@/lib/server/guard";
import { agreementQuerySchema } from "@/lib/validation/agreement";
import { projectParamsSchema } from "@/lib/validation/projects";

export const dynamic = "force-dynamic";

/**
 * An agreement report (docs/api.md): `coders`, `documents` (ids or `sample`), `codes` (comma-
 * separated ids), `unit` (paragraph | sentence | document), `measure` (comma-separated), `threshold`
 * (segment overlap, 0–1), `seed` and `samples` (bootstrap), `format` (json | csv). Every figure per
 * code and pooled, with its parameters and the SHA-256 of the data it was computed on.
 */
export const GET = apiRoute(
  { name: "api.agreement.report", access: "agreement.read", params: projectParamsSchema, query: agreementQuerySchema },
  async ({ db, project, role }, { query }) => {
    const { report } = await runAgreement(db, { project: project!, role: role!, query });
    if (query.format === "csv") {
      return new Response(reportToCsv(report, { project: project!.name }), {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="agreement-${report.dataHash.slice(0, 12)}.csv"`,
          "cache-control": "no-store",
        },
      });
    }
    return Response.json(report, { headers: { "cache-control": "no-store" } });
  },
);
