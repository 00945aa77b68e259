import { apiRoute } from "@/lib/server/guard";
import { SEARCH_LIMIT, searchProject } from "@/lib/server/search";
import { projectParamsSchema } from "@/lib/validation/projects";
import { searchQuerySchema } from "@/lib/validation/search";

export const dynamic = "force-dynamic";

/**
 * Full-text search across the project's documents (docs/api.md): `q`, `mode` words (default,
 * ranked, stemmed) | phrase (exact, any whitespace) | regex (JavaScript syntax, 5 s limit),
 * `case=true` for case-sensitive phrases and patterns, `documents` (ids) and `attribute` with
 * `value` to narrow; `limit` hits (default 500, at most 1,000). Hits in code points, grouped by
 * document, documents best first.
 */
export const GET = apiRoute({ name: "api.search", access: "search.read", params: projectParamsSchema, query: searchQuerySchema }, async ({ db, project }, { query }) =>
  searchProject(
    db,
    {
      projectId: project!.id,
      q: query.q,
      mode: query.mode,
      caseSensitive: query.case,
      documentIds: query.documents,
      attribute: query.attribute === undefined ? undefined : { name: query.attribute, value: query.value ?? "" },
    },
    query.limit ?? SEARCH_LIMIT,
  ),
);
