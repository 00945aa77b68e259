import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import Link from "next/link";
import type { SourceType } from "@/db/schema";
import { PresenceAvatars } from "@/components/live/presence-avatars";
import { cn } from "@/lib/ui/cn";
import { formatDate } from "@/lib/ui/format";
import { DeleteDocumentButton } from "./delete-document-button";
import { listHref, sortHref, type ListParams, type ListSort } from "./list-params";
import { SOURCE_TYPE_LABELS } from "./source-types";

export type DocumentRow = {
  id: string;
  title: string;
  author: string | null;
  sourceType: SourceType;
  publishedOn: string | null;
  createdAt: string;
  codingCount: number;
  /** attribute name → value */
  attributes: Record<string, string>;
};

type Column = { key: ListSort; label: string; className?: string; numeric?: boolean; defaultDir?: "asc" | "desc" };

/** The document list: a server-rendered table whose headers are links that sort (the URL is the state). */
export function DocumentTable({
  projectId,
  base,
  params,
  rows,
  attributes,
  ownCodingsOnly,
  canDelete,
}: {
  projectId: string;
  base: string;
  params: ListParams;
  rows: DocumentRow[];
  attributes: { id: string; name: string }[];
  ownCodingsOnly: boolean;
  canDelete: boolean;
}) {
  const columns: Column[] = [
    { key: "title", label: "Title", className: "min-w-64" },
    { key: "sourceType", label: "Source type" },
    { key: "publishedOn", label: "Date", defaultDir: "desc" },
    { key: "codingCount", label: ownCodingsOnly ? "Your codings" : "Codings", numeric: true, defaultDir: "desc" },
    { key: "createdAt", label: "Added", defaultDir: "desc" },
    ...attributes.map((a): Column => ({ key: `attr:${a.id}`, label: a.name })),
  ];
  return (
    <div className="overflow-x-auto rounded-xl border bg-card shadow-sm">
      <table className="w-full text-sm">
        <caption className="sr-only">Documents{ownCodingsOnly ? "; coding counts include only your own codings until the owner reveals" : ""}</caption>
        <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            {columns.map((column) => {
              const active = params.sort === column.key;
              const Icon = active ? (params.dir === "asc" ? ArrowUp : ArrowDown) : ArrowUpDown;
              return (
                <th
                  key={column.key}
                  scope="col"
                  aria-sort={active ? (params.dir === "asc" ? "ascending" : "descending") : undefined}
                  className={cn("whitespace-nowrap px-4 py-2.5 font-medium", column.numeric && "text-right", column.className)}
                >
                  <Link
                    href={sortHref(base, params, column.key, column.defaultDir)}
                    scroll={false}
                    className={cn("inline-flex items-center gap-1 rounded-sm hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring", active && "text-foreground")}
                  >
                    {column.label}
                    <Icon aria-hidden className={cn("size-3.5", !active && "opacity-40")} />
                    <span className="sr-only">{active ? `, sorted ${params.dir === "asc" ? "ascending" : "descending"}; select to reverse` : ", select to sort"}</span>
                  </Link>
                </th>
              );
            })}
            {canDelete && (
              <th scope="col" className="w-12 px-2 py-2.5">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y">
          {rows.map((row) => (
            <tr key={row.id} className="align-top hover:bg-muted/30">
              <th scope="row" className="px-4 py-2.5 text-left font-normal">
                <Link href={`/projects/${projectId}/documents/${row.id}`} className="font-medium text-foreground underline-offset-4 hover:underline">
                  {row.title}
                </Link>
                {row.author && <span className="mt-0.5 block text-xs text-muted-foreground">{row.author}</span>}
                <PresenceAvatars documentId={row.id} label="Viewing now" className="mt-1" />
              </th>
              <td className="whitespace-nowrap px-4 py-2.5 text-muted-foreground">{SOURCE_TYPE_LABELS[row.sourceType]}</td>
              <td className="whitespace-nowrap px-4 py-2.5 text-muted-foreground">{row.publishedOn ? formatDate(row.publishedOn) : "—"}</td>
              <td className="px-4 py-2.5 text-right tabular-nums">{row.codingCount.toLocaleString("en-GB")}</td>
              <td className="whitespace-nowrap px-4 py-2.5 text-muted-foreground">{formatDate(row.createdAt)}</td>
              {attributes.map((a) => (
                <td key={a.id} className="max-w-48 truncate px-4 py-2.5 text-muted-foreground" title={row.attributes[a.name]}>
                  {row.attributes[a.name] ?? "—"}
                </td>
              ))}
              {canDelete && (
                <td className="px-2 py-1.5 text-right">
                  <DeleteDocumentButton projectId={projectId} document={{ id: row.id, title: row.title, codingCount: row.codingCount }} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "1–50 of 2,000" with previous and next links. */
export function Pagination({ base, params, total, pageSize }: { base: string; params: ListParams; total: number; pageSize: number }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (total <= pageSize && params.page === 1) return null;
  const from = Math.min(total, (params.page - 1) * pageSize + 1);
  const to = Math.min(total, params.page * pageSize);
  const link = (page: number, label: string, rel: "prev" | "next") =>
    page >= 1 && page <= pages ? (
      <Link rel={rel} href={listHref(base, params, { page })} className="rounded-md border bg-card px-3 py-1.5 text-sm font-medium shadow-sm hover:bg-accent">
        {label}
      </Link>
    ) : (
      <span aria-disabled className="rounded-md border px-3 py-1.5 text-sm text-muted-foreground opacity-50">
        {label}
      </span>
    );
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-muted-foreground">
        {from.toLocaleString("en-GB")}–{to.toLocaleString("en-GB")} of {total.toLocaleString("en-GB")} · page {params.page} of {pages}
      </p>
      <div className="flex gap-2">
        {link(params.page - 1, "Previous", "prev")}
        {link(params.page + 1, "Next", "next")}
      </div>
    </nav>
  );
}
