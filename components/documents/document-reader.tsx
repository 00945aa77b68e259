import { Fragment } from "react";
import { cn } from "@/lib/ui/cn";
import type { OutlineEntry, Piece, ReaderBlock } from "@/lib/documents/reader-blocks";

/*
 * The document's text, read-only, with its structure. Everything is rendered as React text
 * nodes — never as HTML — so `<script>` in a document is shown as the characters it is.
 * Paragraphs skip layout and paint while off-screen (content-visibility), which keeps a
 * 1 MB document quick to open.
 */

// Styles for the many paragraphs and list items live on the container, not on each element:
// a 1 MB document has thousands of them, and every class name is sent twice (HTML and RSC).
const BLOCK_STYLES =
  "[&>p]:my-4 [&>p]:whitespace-pre-wrap [&>p]:break-words [&>p]:[content-visibility:auto] [&>p]:[contain-intrinsic-size:auto_5rem] " +
  "[&_li]:whitespace-pre-wrap [&_li]:break-words [&_li]:[content-visibility:auto] [&_li]:[contain-intrinsic-size:auto_2rem]";

const HEADING_STYLES: Record<number, string> = {
  1: "mt-10 text-2xl font-semibold",
  2: "mt-9 text-xl font-semibold",
  3: "mt-8 text-lg font-semibold",
  4: "mt-7 text-base font-semibold",
  5: "mt-6 text-base font-semibold italic",
  6: "mt-6 text-sm font-semibold uppercase tracking-wide",
};

function PageMarker({ page }: { page: number }) {
  return (
    <div role="separator" aria-label={`Page ${page}`} className="my-6 flex select-none items-center gap-3 font-sans text-xs text-muted-foreground" data-page={page}>
      <span className="h-px flex-1 bg-border" />
      <span>Page {page}</span>
      <span className="h-px flex-1 bg-border" />
    </div>
  );
}

function Pieces({ pieces }: { pieces: Piece[] }) {
  return pieces.map((piece, i) =>
    "text" in piece ? (
      <Fragment key={i}>{piece.text}</Fragment>
    ) : (
      <span
        key={i}
        role="note"
        aria-label={`Page ${piece.page} begins`}
        data-page={piece.page}
        className="mx-1 select-none rounded border bg-muted px-1 py-px align-middle font-sans text-[0.7rem] text-muted-foreground"
      >
        Page {piece.page}
      </span>
    ),
  );
}

export function DocumentReader({ blocks, lang }: { blocks: ReaderBlock[]; lang: string | null }) {
  return (
    <div role="region" aria-label="Document text" lang={lang ?? undefined} className={cn("mx-auto max-w-[70ch] font-serif text-[1.05rem] leading-relaxed text-foreground", BLOCK_STYLES)}>
      {blocks.map((block, i) => {
        switch (block.type) {
          case "page":
            return <PageMarker key={i} page={block.page} />;
          case "heading": {
            // The page already has h1 (project) and h2 (document title): document headings start at h3.
            const Tag = `h${Math.min(block.level + 2, 6)}` as "h3" | "h4" | "h5" | "h6";
            return (
              <Tag key={i} id={block.id} className={cn("mb-3 scroll-mt-20 font-sans leading-snug tracking-tight first:mt-0", HEADING_STYLES[block.level])}>
                {block.text}
              </Tag>
            );
          }
          case "paragraph":
            return (
              <p key={i}>
                <Pieces pieces={block.pieces} />
              </p>
            );
          case "list":
            return (
              <ul key={i} className="my-4 list-disc space-y-1.5 pl-6">
                {block.items.map((item, j) => (
                  <li key={j}>
                    <Pieces pieces={item} />
                  </li>
                ))}
              </ul>
            );
          case "table":
            return (
              <div key={i} className="my-5 overflow-x-auto rounded-md border font-sans text-sm">
                <table className="w-full border-collapse">
                  <tbody>
                    {block.rows.map((row, j) => (
                      <tr key={j} className="border-b last:border-b-0 even:bg-muted/30">
                        {Array.from({ length: block.columns }, (_, k) => (
                          <td key={k} className="whitespace-pre-wrap px-3 py-1.5 align-top">
                            {row[k] ?? ""}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
        }
      })}
    </div>
  );
}

export function DocumentOutline({ outline }: { outline: OutlineEntry[] }) {
  if (outline.length === 0) return null;
  const top = Math.min(...outline.map((o) => o.level));
  return (
    <nav aria-labelledby="outline-title" className="text-sm">
      <h3 id="outline-title" className="mb-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">
        Outline
      </h3>
      <ol className="grid gap-0.5">
        {outline.map((entry) => (
          <li key={entry.id} style={{ paddingLeft: `${Math.min(entry.level - top, 4) * 0.75}rem` }}>
            <a href={`#${entry.id}`} className="block rounded px-2 py-1 leading-snug text-muted-foreground hover:bg-accent hover:text-foreground">
              {entry.text || "(untitled section)"}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
