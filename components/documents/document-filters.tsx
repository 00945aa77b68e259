"use client";
import { Search, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { listHref, type ListParams } from "./list-params";
import { SOURCE_TYPE_OPTIONS } from "./source-types";

export type FilterAttribute = { id: string; name: string; type: "text" | "number" | "date" | "boolean" | "choice"; choices: string[] };

/**
 * Title search, source type and attribute filters. Everything goes into the URL, so the server
 * page does the filtering (in SQL) and a filtered list can be bookmarked or shared.
 */
export function DocumentFilters({ base, params, attributes }: { base: string; params: ListParams; attributes: FilterAttribute[] }) {
  const router = useRouter();
  const [q, setQ] = useState(params.q);
  const [attributeId, setAttributeId] = useState("");
  const [value, setValue] = useState("");
  const attribute = attributes.find((a) => a.id === attributeId);
  const go = (change: Partial<ListParams>) => router.push(listHref(base, params, { ...change, page: 1 }));
  const filtered = params.q || params.type || Object.keys(params.attrs).length > 0;

  return (
    <div className="grid gap-2">
      <form
        role="search"
        aria-label="Filter documents"
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          const attrs = attribute && value.trim() ? { ...params.attrs, [attribute.id]: value.trim() } : params.attrs;
          go({ q: q.trim(), attrs });
          setAttributeId("");
          setValue("");
        }}
      >
        <div className="relative min-w-56 flex-1">
          <Search aria-hidden className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input type="search" aria-label="Search titles" placeholder="Search titles" value={q} onChange={(e) => setQ(e.target.value)} className="pl-8" />
        </div>
        <NativeSelect aria-label="Source type" value={params.type ?? ""} onChange={(e) => go({ type: (e.target.value || null) as ListParams["type"] })} className="w-48">
          <option value="">All source types</option>
          {SOURCE_TYPE_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </NativeSelect>
        {attributes.length > 0 && (
          <>
            <NativeSelect
              aria-label="Attribute to filter by"
              value={attributeId}
              onChange={(e) => {
                setAttributeId(e.target.value);
                setValue("");
              }}
              className="w-44"
            >
              <option value="">Filter by attribute…</option>
              {attributes.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </NativeSelect>
            {attribute && <AttributeValueInput attribute={attribute} value={value} onChange={setValue} />}
          </>
        )}
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
      {filtered && (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-muted-foreground">Filtered by</span>
          {params.q && <Chip label={`title contains “${params.q}”`} onRemove={() => go({ q: "" })} />}
          {params.type && <Chip label={SOURCE_TYPE_OPTIONS.find((o) => o.value === params.type)?.label ?? params.type} onRemove={() => go({ type: null })} />}
          {Object.entries(params.attrs).map(([id, v]) => {
            const name = attributes.find((a) => a.id === id)?.name ?? "attribute";
            const rest = { ...params.attrs };
            delete rest[id];
            return <Chip key={id} label={`${name}: ${v}`} onRemove={() => go({ attrs: rest })} />;
          })}
          <Link href={base} className="text-sm text-muted-foreground underline underline-offset-4 hover:text-foreground" onClick={() => setQ("")}>
            Clear all
          </Link>
        </div>
      )}
    </div>
  );
}

function AttributeValueInput({ attribute, value, onChange }: { attribute: FilterAttribute; value: string; onChange: (v: string) => void }) {
  const label = `Value of ${attribute.name}`;
  if (attribute.type === "choice" || attribute.type === "boolean") {
    const options = attribute.type === "boolean" ? ["yes", "no"] : attribute.choices;
    return (
      <NativeSelect aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} className="w-40">
        <option value="">Choose…</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </NativeSelect>
    );
  }
  const placeholder = attribute.type === "date" ? "YYYY-MM-DD" : attribute.type === "number" ? "e.g. 42" : "exact value";
  return <Input aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} placeholder={placeholder} className="w-40" />;
}

function Chip({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <span className="inline-flex items-center gap-1 rounded-full border bg-accent/50 py-0.5 pl-2.5 pr-1 text-xs">
      {label}
      <button type="button" onClick={onRemove} className="rounded-full p-0.5 hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
        <X aria-hidden className="size-3" />
        <span className="sr-only">Remove filter {label}</span>
      </button>
    </span>
  );
}
