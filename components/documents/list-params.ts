/**
 * The document list's state lives in the URL (shareable, back button works): parse it into a
 * query for getDocumentsPage, and build links that change one thing. Pure.
 */
import type { SourceType } from "@/db/schema";
import { isSourceType } from "./source-types";

export const PAGE_SIZE = 50;

export const LIST_SORTS = ["position", "title", "sourceType", "publishedOn", "codingCount", "createdAt"] as const;
export type ListSort = (typeof LIST_SORTS)[number] | `attr:${string}`;

export type ListParams = {
  q: string;
  type: SourceType | null;
  sort: ListSort;
  dir: "asc" | "desc";
  page: number;
  /** attribute id → value as typed (canonicalised against the definition by the page) */
  attrs: Record<string, string>;
};

export type RawSearchParams = Record<string, string | string[] | undefined>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function parseListParams(raw: RawSearchParams, attributeIds: ReadonlySet<string>): ListParams {
  const q = (first(raw.q) ?? "").slice(0, 200);
  const typeRaw = first(raw.type);
  const sortRaw = first(raw.sort) ?? "position";
  let sort: ListSort = "position";
  if ((LIST_SORTS as readonly string[]).includes(sortRaw)) sort = sortRaw as ListSort;
  else if (sortRaw.startsWith("attr:") && attributeIds.has(sortRaw.slice(5))) sort = sortRaw as ListSort;
  const dir = first(raw.dir) === "desc" ? "desc" : "asc";
  const pageNumber = Number.parseInt(first(raw.page) ?? "1", 10);
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith("a.")) continue;
    const id = key.slice(2);
    const v = first(value)?.trim();
    if (UUID.test(id) && attributeIds.has(id) && v) attrs[id] = v.slice(0, 2000);
  }
  return { q, type: isSourceType(typeRaw) ? typeRaw : null, sort, dir, page: Number.isFinite(pageNumber) && pageNumber > 0 ? pageNumber : 1, attrs };
}

/** The query string for `params` with `change` applied; defaults are left out to keep URLs short. */
export function listHref(base: string, params: ListParams, change: Partial<ListParams> = {}): string {
  const next = { ...params, ...change };
  const search = new URLSearchParams();
  if (next.q) search.set("q", next.q);
  if (next.type) search.set("type", next.type);
  for (const [id, value] of Object.entries(next.attrs)) if (value) search.set(`a.${id}`, value);
  if (next.sort !== "position") search.set("sort", next.sort);
  if (next.dir !== "asc") search.set("dir", next.dir);
  if (next.page > 1) search.set("page", String(next.page));
  const qs = search.toString();
  return qs ? `${base}?${qs}` : base;
}

/** The link a column header points to: sort by it, or flip the direction when it already is. */
export function sortHref(base: string, params: ListParams, sort: ListSort, defaultDir: "asc" | "desc" = "asc"): string {
  const dir = params.sort === sort ? (params.dir === "asc" ? "desc" : "asc") : defaultDir;
  return listHref(base, params, { sort, dir, page: 1 });
}
