/**
 * The whole data model. Row types sit beside their tables.
 *
 * Invariants (see ARCHITECTURE.md):
 * - Offsets are Unicode code points over `documents.text`, half-open [start, end).
 * - Every change to a project writes an `events` row in the same transaction.
 * - A coding belongs to the coder who made it (`coder_id`) and to a layer: the coder's own
 *   layer (`coder`) or the project's adjudicated `consensus` layer.
 */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

/** PostgreSQL full-text search vectors; written and read only in SQL (to_tsvector, @@). */
const tsvector = customType<{ data: string; driverData: string }>({
  dataType: () => "tsvector",
});

/** A 64-bit transaction id (PostgreSQL `xid8`), as its decimal string: it can exceed 2^53. */
const xid8 = customType<{ data: string; driverData: string }>({
  dataType: () => "xid8",
  fromDriver: (value) => String(value),
});

const id = () => uuid("id").primaryKey().defaultRandom();
const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

import { SEGMENT_KINDS, SOURCE_TYPES, type SegmentKind, type SourceType } from "@/lib/ingest/types";
import { ROLES, type Role } from "@/lib/permissions";
export { ROLES, SEGMENT_KINDS, SOURCE_TYPES, type Role, type SegmentKind, type SourceType };
export const PROJECT_MODES = ["open", "blind"] as const;
export type ProjectMode = (typeof PROJECT_MODES)[number];
export const LAYERS = ["coder", "consensus"] as const;
export type Layer = (typeof LAYERS)[number];
/** `person` signs in; `external` is a coder imported from another tool (REFI-QDA) who cannot
 * sign in until mapped to a member; `suggester` is the local model's coder identity. */
export const USER_KINDS = ["person", "external", "suggester"] as const;
export type UserKind = (typeof USER_KINDS)[number];
export const ATTRIBUTE_TYPES = ["text", "number", "date", "boolean", "choice"] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];
export const MEMO_TARGETS = ["project", "document", "code"] as const;
export type MemoTarget = (typeof MEMO_TARGETS)[number];

// ── People and access ─────────────────────────────────────────────────────────────────────

export const users = pgTable(
  "users",
  {
    id: id(),
    kind: text("kind", { enum: USER_KINDS }).notNull().default("person"),
    /** Lower-cased; null for external and suggester identities. */
    email: text("email"),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    /** Bumped on password change: sessions issued before it are refused. */
    sessionVersion: integer("session_version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** SHA-256 of the secret, hex; the secret itself is shown once and never stored. */
    tokenHash: text("token_hash").notNull(),
    /** First characters of the token, shown in the list so people can tell tokens apart. */
    prefix: text("prefix").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_tokens_hash_unique").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);
export type ApiToken = typeof apiTokens.$inferSelect;

/** Failed sign-ins per key (`email:<addr>` or `ip:<addr>`), shared by every app instance. */
export const authThrottle = pgTable("auth_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull().defaultNow(),
  blockedUntil: timestamp("blocked_until", { withTimezone: true }),
});
export type AuthThrottle = typeof authThrottle.$inferSelect;

// ── Projects ──────────────────────────────────────────────────────────────────────────────

export const projects = pgTable("projects", {
  id: id(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  mode: text("mode", { enum: PROJECT_MODES }).notNull().default("open"),
  /** In blind mode, whether the owner has revealed every coder's codings to everyone. */
  revealed: boolean("revealed").notNull().default(false),
  version: integer("version").notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
export type Project = typeof projects.$inferSelect;

export const memberships = pgTable(
  "memberships",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);
export type Membership = typeof memberships.$inferSelect;

// ── Documents ─────────────────────────────────────────────────────────────────────────────

export const documents = pgTable(
  "documents",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    /** The canonical text: NFC, `\n` line ends, no control characters but `\n` and `\t`. */
    text: text("text").notNull(),
    /** Length of `text` in Unicode code points. */
    length: integer("length").notNull(),
    /** Words in `text` (lib/ingest/words.ts: letter runs; each CJK character one word), for "per 1,000 words". */
    wordCount: integer("word_count"),
    /** SHA-256 of the original file's bytes (hex), for duplicate detection. */
    sha256: text("sha256").notNull(),
    sourceType: text("source_type", { enum: SOURCE_TYPES }).notNull().default("other"),
    /** Publication date as given by the source; day precision. */
    publishedOn: date("published_on", { mode: "string" }),
    author: text("author"),
    url: text("url"),
    language: text("language"),
    /** Import details: detected encoding, options used, what was removed or replaced. */
    importReport: jsonb("import_report").$type<Record<string, unknown>>().notNull().default({}),
    position: integer("position").notNull().default(0),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("documents_project_idx").on(t.projectId, t.position),
    index("documents_project_sha_idx").on(t.projectId, t.sha256),
    check("documents_length_nonnegative", sql`${t.length} >= 0`),
  ],
);
export type Document = typeof documents.$inferSelect;

/** The uploaded file as it came, kept for download; apart so document lists stay light. */
export const documentFiles = pgTable("document_files", {
  documentId: uuid("document_id")
    .primaryKey()
    .references(() => documents.id, { onDelete: "cascade" }),
  fileName: text("file_name").notNull(),
  mediaType: text("media_type").notNull(),
  size: integer("size").notNull(),
  bytes: bytea("bytes").notNull(),
});
export type DocumentFile = typeof documentFiles.$inferSelect;

/** Structure as ranges over the canonical text (code points): agreement units, outline, pages. */
export const documentSegments = pgTable(
  "document_segments",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: SEGMENT_KINDS }).notNull(),
    startOffset: integer("start_offset").notNull(),
    endOffset: integer("end_offset").notNull(),
    /** Heading level, or page number for `page` segments. */
    level: integer("level"),
    ordinal: integer("ordinal").notNull(),
  },
  (t) => [
    index("document_segments_doc_kind_idx").on(t.documentId, t.kind, t.startOffset),
    check("document_segments_span", sql`${t.startOffset} >= 0 AND ${t.startOffset} <= ${t.endOffset}`),
  ],
);
export type DocumentSegment = typeof documentSegments.$inferSelect;

/** Project-level typed document attributes (NVivo classifications, REFI-QDA variables). */
export const attributeDefinitions = pgTable(
  "attribute_definitions",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: text("type", { enum: ATTRIBUTE_TYPES }).notNull(),
    /** Allowed values when `type` is `choice`. */
    choices: jsonb("choices").$type<string[]>().notNull().default([]),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [unique("attribute_definitions_name_unique").on(t.projectId, t.name)],
);
export type AttributeDefinition = typeof attributeDefinitions.$inferSelect;

/** One typed value per document and attribute. `value_text` always holds the canonical
 * string form (for grouping and export); the typed column matching the type is also set. */
export const attributeValues = pgTable(
  "attribute_values",
  {
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    attributeId: uuid("attribute_id")
      .notNull()
      .references(() => attributeDefinitions.id, { onDelete: "cascade" }),
    valueText: text("value_text").notNull(),
    valueNumber: doublePrecision("value_number"),
    valueDate: date("value_date", { mode: "string" }),
    valueBoolean: boolean("value_boolean"),
  },
  (t) => [
    primaryKey({ columns: [t.documentId, t.attributeId] }),
    index("attribute_values_attr_idx").on(t.attributeId, t.valueText),
  ],
);
export type AttributeValue = typeof attributeValues.$inferSelect;

// ── Codebook and codings ──────────────────────────────────────────────────────────────────

export const codes = pgTable(
  "codes",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    parentId: uuid("parent_id").references((): AnyPgColumn => codes.id, { onDelete: "no action" }),
    name: text("name").notNull(),
    /** `#rrggbb`. */
    color: text("color").notNull(),
    definition: text("definition").notNull().default(""),
    include: text("include").notNull().default(""),
    exclude: text("exclude").notNull().default(""),
    examples: text("examples").notNull().default(""),
    position: integer("position").notNull().default(0),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Names are unique among siblings, roots included (NULL parents compare equal).
    unique("codes_sibling_name_unique").on(t.projectId, t.parentId, t.name).nullsNotDistinct(),
    index("codes_project_idx").on(t.projectId, t.position),
    index("codes_parent_idx").on(t.parentId),
    check("codes_color_hex", sql`${t.color} ~ '^#[0-9a-f]{6}$'`),
    check("codes_name_not_blank", sql`length(btrim(${t.name})) > 0`),
  ],
);
export type Code = typeof codes.$inferSelect;

export const codings = pgTable(
  "codings",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    codeId: uuid("code_id")
      .notNull()
      .references(() => codes.id, { onDelete: "no action" }),
    /** Who made it. For the consensus layer: the adjudicator who wrote it. */
    coderId: uuid("coder_id")
      .notNull()
      .references(() => users.id, { onDelete: "no action" }),
    layer: text("layer", { enum: LAYERS }).notNull().default("coder"),
    /** Code points, half-open [start, end). */
    startOffset: integer("start_offset").notNull(),
    endOffset: integer("end_offset").notNull(),
    /** The canonical text at [start, end) when written: drift is a bug to report. */
    quote: text("quote").notNull(),
    /**
     * The ordinals of the first and last paragraph and sentence the coding touches, kept by the
     * `codings_units` trigger (migration 0005) from `document_segments`, so "same paragraph" and
     * "within N sentences" are integer comparisons. Null last: it touches none.
     */
    paragraphFirst: integer("paragraph_first"),
    paragraphLast: integer("paragraph_last"),
    sentenceFirst: integer("sentence_first"),
    sentenceLast: integer("sentence_last"),
    /** First and last page number (paginated sources), by the same trigger (migration 0006). */
    pageFirst: integer("page_first"),
    pageLast: integer("page_last"),
    /** Plain-text memo (what exports carry); `memo_doc` keeps its rich-text form. */
    memo: text("memo").notNull().default(""),
    memoDoc: jsonb("memo_doc").$type<Record<string, unknown>>(),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("codings_span", sql`${t.startOffset} >= 0 AND ${t.startOffset} < ${t.endOffset}`),
    index("codings_document_offset_idx").on(t.documentId, t.startOffset, t.endOffset),
    index("codings_code_idx").on(t.codeId),
    index("codings_coder_idx").on(t.projectId, t.coderId, t.layer),
    index("codings_project_layer_idx").on(t.projectId, t.layer),
  ],
);
/** A coding as the app uses it; the unit ordinals are the database's own index, not part of it. */
export type Coding = Omit<typeof codings.$inferSelect, "paragraphFirst" | "paragraphLast" | "sentenceFirst" | "sentenceLast" | "pageFirst" | "pageLast">;

/** Rich-text memos on the project, a document or a code (coding memos live on the coding). */
export const memos = pgTable(
  "memos",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    targetType: text("target_type", { enum: MEMO_TARGETS }).notNull(),
    /** The document or code id; the project id for project memos. */
    targetId: uuid("target_id").notNull(),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id, { onDelete: "no action" }),
    title: text("title").notNull().default(""),
    /** Tiptap JSON; `body_text` is its plain text for search and export. */
    body: jsonb("body").$type<Record<string, unknown>>().notNull().default({}),
    bodyText: text("body_text").notNull().default(""),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("memos_target_idx").on(t.projectId, t.targetType, t.targetId)],
);
export type Memo = typeof memos.$inferSelect;

// ── Work organisation ─────────────────────────────────────────────────────────────────────

/** Which coder is to code which document (double-coding samples are several rows). */
export const assignments = pgTable(
  "assignments",
  {
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Name of the sample this assignment came from (with its seed), if any. */
    sample: text("sample"),
    doneAt: timestamp("done_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.documentId, t.userId] }),
    index("assignments_user_idx").on(t.userId, t.projectId),
  ],
);
export type Assignment = typeof assignments.$inferSelect;

/**
 * Agreement reports someone saved: the scope and parameters they were computed with, the full
 * report as it was (figures, data hash), so a methods-section figure can be reloaded and checked
 * against today's data (recompute and compare hashes).
 */
export const agreementReports = pgTable(
  "agreement_reports",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Coders, documents, codes, unit, measures, threshold, seed: what recomputing needs. */
    params: jsonb("params").$type<Record<string, unknown>>().notNull(),
    report: jsonb("report").$type<Record<string, unknown>>().notNull(),
    dataHash: text("data_hash").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("agreement_reports_project_idx").on(t.projectId, t.createdAt), check("agreement_reports_name_not_blank", sql`length(btrim(${t.name})) > 0`)],
);
export type AgreementReportRow = typeof agreementReports.$inferSelect;

/** Evidence retrieval queries saved under a name (lib/retrieval/query.ts), reopened as links. */
export const savedQueries = pgTable(
  "saved_queries",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The validated query (RetrievalQuery); validated again when it is run. */
    query: jsonb("query").$type<Record<string, unknown>>().notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("saved_queries_project_name_idx").on(t.projectId, t.name), check("saved_queries_name_not_blank", sql`length(btrim(${t.name})) > 0`)],
);
export type SavedQueryRow = typeof savedQueries.$inferSelect;

/** Where each user last was in each document (code points), to reopen there. */
export const readingPositions = pgTable(
  "reading_positions",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    offset: integer("offset").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.documentId] })],
);

// ── The event log ─────────────────────────────────────────────────────────────────────────

/**
 * Every change to a project, written in the transaction of the change. Not a foreign key to
 * projects: the `project.deleted` event must outlive the project it records.
 *
 * Order: ids are allocated at insert, not at commit, so a later id can commit first. Readers
 * order by (`tx_id`, `id`) and read only rows whose `tx_id` is below the snapshot's xmin (every
 * such transaction has finished), so nothing can still appear before their cursor
 * (db/queries/events.ts). A statement-level trigger NOTIFYs `qualcode_events` with
 * `<project_id>:<tx_id>` once per watched project (migration 0002). The `id` alone is the SSE
 * event id.
 */
export const events = pgTable(
  "events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: uuid("project_id").notNull(),
    actorId: uuid("actor_id"),
    type: text("type").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    before: jsonb("before").$type<Record<string, unknown> | null>(),
    after: jsonb("after").$type<Record<string, unknown> | null>(),
    /** Free-form context: the request that caused it, a batch id for undo-as-one-action. */
    meta: jsonb("meta").$type<Record<string, unknown>>().notNull().default({}),
    /** The writing transaction (`pg_current_xact_id()`), for the live-update cursor. */
    txId: xid8("tx_id").notNull().default(sql`pg_current_xact_id()`),
    createdAt: createdAt(),
  },
  (t) => [
    index("events_project_idx").on(t.projectId, t.id),
    index("events_entity_idx").on(t.projectId, t.entityType, t.entityId),
    index("events_project_tx_idx").on(t.projectId, t.txId, t.id),
  ],
);
/** An event as the feed, the audit trail and clients read it; `txId` only matters to the
 * live-update cursor (db/queries/events.ts), so it is left out here. */
export type EventRow = Omit<typeof events.$inferSelect, "txId">;

/**
 * Who is in a project right now and which document each is viewing: one row per open live
 * stream (SSE connection) on some app instance. Not an event: it is refreshed by the stream's
 * heartbeat, and rows not seen for 45 s are ignored and purged (an instance may have died).
 */
export const presence = pgTable(
  "presence",
  {
    connectionId: uuid("connection_id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    documentId: uuid("document_id").references(() => documents.id, { onDelete: "set null" }),
    /** The app process holding the connection, so its heartbeat refreshes all its rows at once. */
    instanceId: text("instance_id").notNull(),
    lastSeen: timestamp("last_seen", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("presence_project_idx").on(t.projectId, t.lastSeen), index("presence_instance_idx").on(t.instanceId)],
);
export type Presence = typeof presence.$inferSelect;

/**
 * The full-text search index (lib/search): each document's text in chunks (its paragraphs,
 * long ones split at whitespace) with the chunk's `tsvector` under the `english` configuration.
 * Written at import from the text in hand; a document with no rows is indexed on its first
 * search (documents imported before search existed). Every document has at least one chunk.
 */
export const searchChunks = pgTable(
  "search_chunks",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    startOffset: integer("start_offset").notNull(),
    endOffset: integer("end_offset").notNull(),
    /** The chunk's text (the canonical text at its offsets): hits and their context are read
     * from it, not cut from the whole document, which for 1,000 hits cost 3× the search itself. */
    body: text("body").notNull(),
    tsv: tsvector("tsv").notNull(),
  },
  (t) => [
    index("search_chunks_tsv_idx").using("gin", t.tsv),
    index("search_chunks_document_idx").on(t.documentId, t.startOffset),
    index("search_chunks_project_idx").on(t.projectId),
  ],
);
export type SearchChunk = typeof searchChunks.$inferSelect;

export const SUGGESTER_STATUSES = ["training", "ready", "failed"] as const;
export type SuggesterStatus = (typeof SUGGESTER_STATUSES)[number];

/**
 * Versions of a project's suggester (lib/suggester): the seed, the data it was trained on (its
 * hash and size), the held-out evaluation, and the serialized model. `training` rows report
 * progress and are refreshed while they run (`updated_at`); one that stops being refreshed was
 * interrupted and counts as failed.
 */
export const suggesterModels = pgTable(
  "suggester_models",
  {
    id: id(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    status: text("status", { enum: SUGGESTER_STATUSES }).notNull().default("training"),
    progress: doublePrecision("progress").notNull().default(0),
    stage: text("stage").notNull().default("queued"),
    seed: integer("seed").notNull(),
    /** The training options and the unit (sentence or paragraph) it learned on. */
    params: jsonb("params").$type<Record<string, unknown>>().notNull(),
    /** SHA-256 over the sorted codings it was trained on, and how many. */
    dataHash: text("data_hash"),
    codingsUsed: integer("codings_used"),
    evaluation: jsonb("evaluation").$type<Record<string, unknown>>(),
    model: bytea("model"),
    error: text("error"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("suggester_models_project_version_idx").on(t.projectId, t.version)],
);
export type SuggesterModelRow = typeof suggesterModels.$inferSelect;

/**
 * What a model version proposes: a code for a unit of a document, with its confidence. The
 * suggester's coder layer (for agreement) and the document view's suggestions read these.
 */
export const suggestions = pgTable(
  "suggestions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    modelId: uuid("model_id")
      .notNull()
      .references(() => suggesterModels.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    codeId: uuid("code_id")
      .notNull()
      .references(() => codes.id, { onDelete: "cascade" }),
    startOffset: integer("start_offset").notNull(),
    endOffset: integer("end_offset").notNull(),
    confidence: doublePrecision("confidence").notNull(),
  },
  (t) => [index("suggestions_model_document_idx").on(t.modelId, t.documentId, t.startOffset)],
);
export type SuggestionRow = typeof suggestions.$inferSelect;

/** A suggestion a user dismissed: by span and code, so it stays dismissed across model versions. */
export const suggestionDismissals = pgTable(
  "suggestion_dismissals",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    documentId: uuid("document_id")
      .notNull()
      .references(() => documents.id, { onDelete: "cascade" }),
    codeId: uuid("code_id")
      .notNull()
      .references(() => codes.id, { onDelete: "cascade" }),
    startOffset: integer("start_offset").notNull(),
    endOffset: integer("end_offset").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.documentId, t.codeId, t.startOffset, t.endOffset] })],
);

export const schemaVersion = 1 as const;
