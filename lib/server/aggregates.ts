import "server-only";
import type { Database } from "@/db/client";
import { codeAttributeMatrix, codeCoderMatrix, codeDocumentMatrix, codeTimeline, cooccurrenceMatrix, type LayerScope } from "@/db/queries/aggregates";
import type { Project, User } from "@/db/schema";
import type { CountMatrix } from "@/lib/aggregate/matrix";
import { AppError } from "@/lib/errors";
import { seesAllCodings, type Role } from "@/lib/permissions";
import type { MatrixQuery } from "@/lib/validation/aggregates";

/**
 * The layer a viewer may count: in a blind project a coder (or viewer) counts only their own
 * codings until the owner reveals; asking for anyone else's is refused, not silently narrowed.
 */
export function layerFor(ctx: { user: User; project: Project; role: Role }, asked: string | undefined): LayerScope {
  if (!seesAllCodings(ctx.role, ctx.project)) {
    if (asked !== undefined && asked !== ctx.user.id) throw new AppError("forbidden", "This project is blind: until the owner reveals, you can count only your own codings.");
    return { coderId: ctx.user.id };
  }
  return asked === undefined || asked === "all" ? "all" : asked === "consensus" ? "consensus" : { coderId: asked };
}

/** One matrix for the API and the analysis page. */
export async function runMatrix(db: Database, ctx: { user: User; project: Project; role: Role }, query: MatrixQuery): Promise<{ matrix: CountMatrix; layer: LayerScope; rollup: boolean }> {
  const layer = layerFor(ctx, query.layer);
  const req = { projectId: ctx.project.id, layer, rollup: query.rollup === "true" };
  const matrix =
    query.kind === "code-document"
      ? await codeDocumentMatrix(db, req)
      : query.kind === "code-coder"
        ? await codeCoderMatrix(db, req)
        : query.kind === "cooccurrence"
          ? await cooccurrenceMatrix(db, { ...req, by: query.by })
          : query.kind === "timeline"
            ? await codeTimeline(db, { ...req, period: query.period })
            : await codeAttributeMatrix(db, { ...req, attribute: query.attribute! });
  return { matrix, layer, rollup: req.rollup };
}
