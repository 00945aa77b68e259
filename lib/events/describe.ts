/**
 * How events read to people: one sentence per event ("Ana coded “the treaty…” as pressure"), the
 * fields an event changed, when it happened in words, and where its subject lives. Pure: an
 * event and the names it mentions in, text out. The activity feed, the coding history and the
 * API's `summary` field all use these, so every view says the same thing.
 */
import { EVENT_TYPES, type EntityType } from "./types";

type Json = Record<string, unknown>;

/** What describing needs of an event row (the events table's columns, any JSON-safe form). */
export type EventLike = {
  type: string;
  entityId: string;
  actorId?: string | null;
  actorName?: string | null;
  before?: Json | null;
  after?: Json | null;
  meta?: Json | null;
};

/**
 * Names of what events mention, by id. `codes` and `documents` hold what exists now; `goneCodes`
 * and `goneDocuments` the last known names of deleted ones (recovered from their events).
 */
export type EventNames = {
  codes?: Record<string, string>;
  goneCodes?: Record<string, string>;
  documents?: Record<string, string>;
  goneDocuments?: Record<string, string>;
  users?: Record<string, string>;
};

export const ENTITY_TYPES = [...new Set(EVENT_TYPES.map((t) => t.slice(0, t.indexOf("."))))] as EntityType[];

/** Labels for the feed's "what" filter, in the order the filter lists them. */
export const ENTITY_LABELS: Record<EntityType, string> = {
  coding: "Codings",
  code: "Codes",
  document: "Documents",
  memo: "Memos",
  attribute: "Attributes",
  member: "Members",
  project: "Project",
  assignment: "Assignments",
  agreement: "Agreement reports",
  consensus: "Adjudication",
  query: "Saved queries",
  autocode: "Auto-coding",
  suggester: "Suggester",
};

const str = (o: Json | null | undefined, key: string): string | undefined => {
  const v = o?.[key];
  return typeof v === "string" ? v : undefined;
};
const num = (o: Json | null | undefined, key: string): number | undefined => {
  const v = o?.[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
};
/** The value of a field in the newest snapshot that has it. */
const latest = (e: EventLike, key: string) => str(e.after, key) ?? str(e.before, key);

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** A quote as a sentence shows it: whitespace collapsed, cut at a word near `max` characters. */
export function excerpt(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, " ").trim();
  // Whole characters as people see them: a flag or a family emoji is never cut in half.
  const chars = Array.from(graphemes.segment(flat), (g) => g.segment);
  if (chars.length <= max) return flat;
  const cut = chars.slice(0, max).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const quoted = (text: string | undefined) => (text === undefined ? "" : `“${excerpt(text)}”`);
const lookup = (map: Record<string, string> | undefined, id: string | undefined) => (id && map ? map[id] : undefined);

export function codeName(names: EventNames, id: string | undefined): string {
  return lookup(names.codes, id) ?? lookup(names.goneCodes, id) ?? "a deleted code";
}
export function documentTitle(names: EventNames, id: string | undefined): string {
  const title = lookup(names.documents, id) ?? lookup(names.goneDocuments, id);
  return title ? `“${title}”` : "a deleted document";
}
const userName = (names: EventNames, id: string | undefined, fallback = "a former member") => lookup(names.users, id) ?? fallback;
const span = (o: Json | null | undefined) => `${num(o, "startOffset")}–${num(o, "endOffset")}`;
const article = (role: string) => (role === "owner" ? "an owner" : `a ${role}`);

/** "Ben's coding “…”" when someone else's coding is meant, else "the coding “…”". */
function codingRef(e: EventLike, names: EventNames): string {
  const coderId = latest(e, "coderId");
  const q = quoted(latest(e, "quote"));
  if (coderId && e.actorId && coderId !== e.actorId) return `${userName(names, coderId, "another coder")}’s coding ${q}`.trimEnd();
  return `the coding ${q}`.trimEnd();
}

function describeCodingUpdate(e: EventLike, names: EventNames): string {
  const b = e.before ?? {};
  const a = e.after ?? {};
  const q = quoted(str(a, "quote") ?? str(b, "quote"));
  const full: string[] = [];
  const short: string[] = [];
  const fromCode = str(b, "codeId");
  const toCode = str(a, "codeId");
  if (fromCode && toCode && fromCode !== toCode) {
    const why = e.meta?.cause === "code.merged" ? " (codes merged)" : e.meta?.cause === "code.deleted" ? " (code deleted)" : "";
    full.push(`recoded ${q} from ${codeName(names, fromCode)} to ${codeName(names, toCode)}${why}`);
    short.push(`recoded it from ${codeName(names, fromCode)} to ${codeName(names, toCode)}${why}`);
  }
  const hasSpan = (o: Json) => num(o, "startOffset") !== undefined && num(o, "endOffset") !== undefined;
  if (hasSpan(b) && hasSpan(a) && (b.startOffset !== a.startOffset || b.endOffset !== a.endOffset)) {
    full.push(`moved the boundaries of a coding from ${span(b)} to ${span(a)}`);
    short.push(`moved its boundaries from ${span(b)} to ${span(a)}`);
  }
  const memoBefore = str(b, "memo");
  const memoAfter = str(a, "memo");
  if (memoBefore !== undefined && memoAfter !== undefined && memoBefore !== memoAfter) {
    const verb = memoBefore === "" ? "added a memo to" : memoAfter === "" ? "removed the memo from" : "edited the memo on";
    full.push(`${verb} ${codingRef(e, names)}`);
    short.push(memoBefore === "" ? "added a memo" : memoAfter === "" ? "removed its memo" : "edited its memo");
  }
  if (full.length === 0) return `changed ${codingRef(e, names)}`;
  const parts = [full[0]!, ...short.slice(1)];
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

function describeCodeUpdate(e: EventLike): string {
  const before = str(e.before, "name");
  const after = str(e.after, "name");
  const name = after ?? before ?? "a code";
  if (before && after && before !== after) return `renamed code ${before} to ${after}`;
  if (e.meta?.cause === "code.moved") return `reordered code ${name}`;
  const changed = diffFields(e.before ?? null, e.after ?? null).filter((c) => c.field !== "position");
  if (changed.length === 0) return `reordered code ${name}`;
  return `edited the ${joinWords(changed.map((c) => c.label.toLowerCase()))} of code ${name}`;
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

const MEMO_TARGET_WORDS = { project: "the project", document: "document", code: "code", coding: "a coding" } as const;

function memoTarget(e: EventLike, names: EventNames): string {
  const type = latest(e, "targetType");
  const id = latest(e, "targetId");
  if (type === "document") return `document ${documentTitle(names, id)}`;
  if (type === "code") return `code ${codeName(names, id)}`;
  return MEMO_TARGET_WORDS[type as keyof typeof MEMO_TARGET_WORDS] ?? "the project";
}

/** The predicate of the sentence: what the actor did. */
function predicate(e: EventLike, names: EventNames): string {
  const a = e.after ?? null;
  const b = e.before ?? null;
  switch (e.type) {
    case "project.created":
      return `created the project${str(a, "name") ? ` “${str(a, "name")}”` : ""}`;
    case "project.updated": {
      const [from, to] = [str(b, "name"), str(a, "name")];
      if (from && to && from !== to) return `renamed the project from “${from}” to “${to}”`;
      return "edited the project’s description";
    }
    case "project.mode_changed":
      return a?.mode === "blind" ? "switched the project to blind coding" : "switched the project to open coding";
    case "project.revealed":
      return a?.revealed ? "revealed every coder’s codings" : "hid the coders’ codings from each other again";
    case "project.deleted":
      return "deleted the project";
    case "member.added":
      if (e.actorId && e.actorId === e.entityId) return `joined as ${article(str(a, "role") ?? "member")}`;
      return `added ${str(a, "name") ?? userName(names, e.entityId)} as ${article(str(a, "role") ?? "member")}`;
    case "member.role_changed":
      return `made ${userName(names, e.entityId)} ${article(str(a, "role") ?? "member")}${str(b, "role") ? ` (was ${str(b, "role")})` : ""}`;
    case "member.removed":
      return `removed ${userName(names, e.entityId)} from the project`;
    case "code.created":
      return `created code ${str(a, "name") ?? codeName(names, e.entityId)}`;
    case "code.updated":
      return describeCodeUpdate(e);
    case "code.moved": {
      const name = str(a, "name") ?? codeName(names, e.entityId);
      const parent = str(a, "parentId");
      return parent ? `moved code ${name} under ${codeName(names, parent)}` : `moved code ${name} to the top level`;
    }
    case "code.merged": {
      const target = str(a, "mergedInto") ?? str(e.meta ?? null, "targetCodeId");
      return `merged code ${str(b, "name") ?? codeName(names, e.entityId)} into ${codeName(names, target)}`;
    }
    case "code.deleted": {
      const n = num(e.meta ?? null, "deletedCodings");
      const moved = str(e.meta ?? null, "movedTo");
      const name = str(b, "name") ?? codeName(names, e.entityId);
      if (moved) return `deleted code ${name}, moving its codings to ${codeName(names, moved)}`;
      return `deleted code ${name}${n ? ` with ${n} coding${n === 1 ? "" : "s"}` : ""}`;
    }
    case "document.imported":
      return `imported ${str(a, "title") ? `“${str(a, "title")}”` : documentTitle(names, e.entityId)}`;
    case "document.updated": {
      const [from, to] = [str(b, "title"), str(a, "title")];
      if (from && to && from !== to) return `renamed document “${from}” to “${to}”`;
      return `edited the details of ${to ? `“${to}”` : documentTitle(names, e.entityId)}`;
    }
    case "document.deleted": {
      const n = num(e.meta ?? null, "deletedCodings");
      return `deleted the document ${str(b, "title") ? `“${str(b, "title")}”` : documentTitle(names, e.entityId)}${n ? ` with ${n} coding${n === 1 ? "" : "s"}` : ""}`;
    }
    case "attribute.defined":
      return `defined the attribute “${str(a, "name") ?? "?"}”${str(a, "type") ? ` (${str(a, "type")})` : ""}`;
    case "attribute.updated": {
      const changed = Object.keys({ ...b, ...a });
      return `set ${joinWords(changed.map((k) => `“${k}”`)) || "attributes"} of ${documentTitle(names, str(e.meta ?? null, "documentId") ?? e.entityId)}`;
    }
    case "attribute.deleted":
      return `deleted the attribute “${str(b, "name") ?? "?"}”`;
    case "coding.created":
      return `coded ${quoted(str(a, "quote"))} as ${codeName(names, str(a, "codeId"))}`;
    case "coding.updated":
      return describeCodingUpdate(e, names);
    case "coding.deleted": {
      const cause = e.meta?.cause === "document.deleted" ? " with its document" : e.meta?.cause === "code.deleted" ? " with its code" : "";
      return `deleted ${codingRef(e, names)} (${codeName(names, str(b, "codeId"))})${cause}`;
    }
    case "coding.restored":
      return `restored ${codingRef(e, names)} (${codeName(names, str(a, "codeId"))})`;
    case "memo.created":
      return `wrote a memo on ${memoTarget(e, names)}`;
    case "memo.updated":
      return `edited a memo on ${memoTarget(e, names)}`;
    case "memo.deleted":
      return `deleted a memo on ${memoTarget(e, names)}`;
    case "assignment.changed": {
      // before/after: {documentId, userId, sample, doneAt}; null when created or removed.
      const doc = documentTitle(names, latest(e, "documentId"));
      const coder = userName(names, latest(e, "userId"));
      if (!b) return `assigned ${doc} to ${coder}${str(a, "sample") ? ` (${str(a, "sample")})` : ""}`;
      if (!a) return `took ${doc} off ${coder}'s queue`;
      if (!str(b, "doneAt") && str(a, "doneAt")) return `marked ${doc} done for ${coder}`;
      if (str(b, "doneAt") && !str(a, "doneAt")) return `marked ${doc} not done for ${coder}`;
      return "changed who codes which documents";
    }
    case "agreement.saved":
      return `saved the agreement report “${latest(e, "name") ?? "untitled"}”`;
    case "agreement.deleted":
      return `deleted the agreement report “${latest(e, "name") ?? "untitled"}”`;
    case "consensus.dismissed":
      // after: {documentId, codeId, start, end}: a disagreement resolved with no consensus coding.
      return `decided that ${documentTitle(names, latest(e, "documentId"))} needs no ${codeName(names, latest(e, "codeId"))} coding at ${num(e.after, "start") ?? "?"}–${num(e.after, "end") ?? "?"}`;
    case "consensus.reopened":
      return `reopened a dismissed disagreement in ${documentTitle(names, latest(e, "documentId"))}`;
    case "query.saved":
      return `saved the query “${latest(e, "name") ?? "untitled"}”`;
    case "query.deleted":
      return `deleted the saved query “${latest(e, "name") ?? "untitled"}”`;
    case "autocode.applied": {
      const n = num(e.after, "count") ?? 0;
      const extent = latest(e, "extent");
      const unit = extent === "sentence" ? "sentences" : extent === "paragraph" ? "paragraphs" : "matches";
      return `auto-coded ${n} ${n === 1 ? unit.replace(/s$/, "") : unit} with ${codeName(names, latest(e, "codeId"))} from the search ${quoted(latest(e, "q"))}`;
    }
    case "autocode.undone": {
      const n = num(e.after, "removed") ?? 0;
      return `undid an auto-coding with ${codeName(names, latest(e, "codeId"))} (${n} ${n === 1 ? "coding" : "codings"} removed)`;
    }
    case "suggester.trained":
      return `trained the suggester (version ${num(e.after, "version") ?? "?"}, on ${num(e.after, "codingsUsed") ?? 0} codings)`;
    default:
      return `made a change (${e.type})`;
  }
}

/** One sentence for an event, starting with who did it. */
export function describeEvent(event: EventLike, names: EventNames = {}): string {
  const who = event.actorName ?? (event.actorId ? userName(names, event.actorId, "A former member") : "Qualcode");
  return `${who} ${predicate(event, names)}`;
}

// ── Field changes ─────────────────────────────────────────────────────────────────────────

export type FieldChange = { field: string; label: string; before: string | null; after: string | null };

/** Bookkeeping and derived fields that say nothing to a reader (the memo's plain text stands for its rich form). */
const HIDDEN_FIELDS = new Set(["id", "projectId", "version", "createdAt", "updatedAt", "memoDoc", "body", "createdBy", "importReport", "sha256"]);

const FIELD_LABELS: Record<string, string> = {
  codeId: "Code",
  coderId: "Coder",
  documentId: "Document",
  layer: "Layer",
  startOffset: "Start",
  endOffset: "End",
  quote: "Quote",
  memo: "Memo",
  name: "Name",
  color: "Colour",
  definition: "Definition",
  include: "Include",
  exclude: "Exclude",
  examples: "Examples",
  parentId: "Parent",
  position: "Position",
  title: "Title",
  bodyText: "Text",
  targetType: "On",
  targetId: "Target",
  authorId: "Author",
  sourceType: "Source type",
  publishedOn: "Date",
  role: "Role",
  mode: "Mode",
  revealed: "Revealed",
};

/** Field order in a diff: what a coding is first, then everything else alphabetically. */
const FIELD_ORDER = ["codeId", "startOffset", "endOffset", "quote", "memo", "coderId", "layer", "documentId", "name"];

function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
}

function formatValue(field: string, value: unknown, names: EventNames): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") {
    if (field === "codeId" || field === "parentId") return codeName(names, value);
    if (field === "documentId") return documentTitle(names, value);
    if (field === "coderId" || field === "authorId" || field === "userId") return userName(names, value);
    return value;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * What an event changed, field by field. A creation lists what was set, a deletion what was
 * removed; an update lists only the fields present on both sides that differ (some updates log
 * a partial `before`, such as a coding moved by a merge: only its code).
 */
export function diffFields(before: Json | null, after: Json | null, names: EventNames = {}): FieldChange[] {
  const keys = new Set<string>();
  if (before && after) {
    for (const k of Object.keys(before)) if (k in after) keys.add(k);
  } else {
    for (const k of Object.keys(before ?? after ?? {})) keys.add(k);
  }
  const changes: FieldChange[] = [];
  for (const field of keys) {
    if (HIDDEN_FIELDS.has(field)) continue;
    const b = before?.[field];
    const a = after?.[field];
    if (JSON.stringify(b) === JSON.stringify(a)) continue;
    const change = { field, label: fieldLabel(field), before: formatValue(field, b, names), after: formatValue(field, a, names) };
    if (!change.before && !change.after) continue;
    if (before && after && (change.before ?? "") === (change.after ?? "")) continue;
    changes.push(change);
  }
  const rank = (f: string) => (FIELD_ORDER.includes(f) ? FIELD_ORDER.indexOf(f) : FIELD_ORDER.length);
  return changes.sort((x, y) => rank(x.field) - rank(y.field) || x.field.localeCompare(y.field));
}

// ── Time and place ────────────────────────────────────────────────────────────────────────

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** "just now", "5 minutes ago", "yesterday", "3 days ago", then the date. */
export function relativeTime(at: Date | string, now: Date | number = Date.now()): string {
  const seconds = Math.round(((typeof now === "number" ? now : now.getTime()) - new Date(at).getTime()) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? "a minute ago" : `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return hours === 1 ? "an hour ago" : `${hours} hours ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return "yesterday";
  if (days < 7) return `${days} days ago`;
  return dateFormat.format(new Date(at));
}

/**
 * Where an event's subject can be seen: a coding in its document (opened at the coding), a
 * document, the codebook, memos, members. Null when it no longer exists anywhere to link to.
 */
export function eventHref(projectId: string, event: EventLike & { entityType?: string }, names: EventNames = {}): string | null {
  const base = `/projects/${projectId}`;
  const entity = event.entityType ?? event.type.slice(0, event.type.indexOf("."));
  const docExists = (id: string | undefined) => !!id && !!names.documents?.[id];
  switch (entity) {
    case "coding": {
      const documentId = latest(event, "documentId");
      return docExists(documentId) ? `${base}/documents/${documentId}#coding-${event.entityId}` : null;
    }
    case "document":
      return docExists(event.entityId) ? `${base}/documents/${event.entityId}` : null;
    case "attribute": {
      const documentId = str(event.meta ?? null, "documentId");
      return docExists(documentId) ? `${base}/documents/${documentId}` : `${base}/attributes`;
    }
    case "code":
      return names.codes?.[event.entityId] ? `${base}#code-${event.entityId}` : null;
    case "memo":
      return `${base}/memos`;
    case "member":
      return `${base}/members`;
    default:
      return null;
  }
}

// ── The API's shape ───────────────────────────────────────────────────────────────────────

export type EventJson = {
  /** The event id (a string, like every id in the API): pass it as `before` for older events. */
  id: string;
  type: string;
  entityType: string;
  entityId: string;
  actor: { id: string; name: string | null } | null;
  /** The sentence the activity feed shows. */
  summary: string;
  before: Json | null;
  after: Json | null;
  meta: Json;
  createdAt: string;
};

export function eventJson(
  entry: EventLike & { id: number | string; entityType: string; createdAt: Date | string; meta?: Json | null },
  names: EventNames = {},
): EventJson {
  return {
    id: String(entry.id),
    type: entry.type,
    entityType: entry.entityType,
    entityId: entry.entityId,
    actor: entry.actorId ? { id: entry.actorId, name: entry.actorName ?? names.users?.[entry.actorId] ?? null } : null,
    summary: describeEvent(entry, names),
    before: entry.before ?? null,
    after: entry.after ?? null,
    meta: entry.meta ?? {},
    createdAt: new Date(entry.createdAt).toISOString(),
  };
}
