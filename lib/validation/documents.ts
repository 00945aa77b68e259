import { z } from "zod";
import type { DocumentSort } from "@/db/queries/documents";
import type { AttributeType, SourceType } from "@/db/schema";

/**
 * Document and attribute input, shared by the import form, the document pages and the JSON API.
 * Only type imports from db/: forms import this file, and the database code must stay out of
 * the browser bundle. `satisfies` keeps these lists in step with the schema.
 */
export const SOURCE_TYPES = ["academic_article", "ngo_report", "news", "policy_brief", "government_document", "other"] as const satisfies readonly SourceType[];
export const ATTRIBUTE_TYPES = ["text", "number", "date", "boolean", "choice"] as const satisfies readonly AttributeType[];
export const DOCUMENT_SORTS = ["title", "sourceType", "publishedOn", "createdAt", "length", "codingCount", "position"] as const satisfies readonly DocumentSort[];

export const documentTitleSchema = z.string().trim().min(1, "Give the document a title.").max(500, "Use at most 500 characters.");
export const sourceTypeSchema = z.enum(SOURCE_TYPES, { message: `Source type is one of ${SOURCE_TYPES.join(", ")}.` });

/** An empty string clears an optional field (forms send "" for an emptied input). */
const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}: use at most ${max} characters.`)
    .transform((s) => (s === "" ? null : s))
    .nullable();

export const publishedOnSchema = z
  .string()
  .trim()
  .transform((s) => (s === "" ? null : s))
  .nullable()
  .refine((s) => s === null || isCalendarDate(s), "The publication date is a day, written YYYY-MM-DD.");

/** Only web links: a URL is shown as a link, and `javascript:` or `data:` must never be one. */
export const documentUrlSchema = z
  .string()
  .trim()
  .max(2000, "Use at most 2,000 characters for the URL.")
  .transform((s) => (s === "" ? null : s))
  .nullable()
  .refine((s) => s === null || isWebUrl(s), "The URL must start with http:// or https://.");

export const languageSchema = z
  .string()
  .trim()
  .transform((s) => (s === "" ? null : s))
  .nullable()
  .refine((s) => s === null || /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(s), "The language is a code such as en, vi or pt-BR.");

/** One attribute value as the API and forms send it; its type is checked against the attribute. */
export const attributeValueInputSchema = z.union([z.string().max(10_000, "Use at most 10,000 characters."), z.number(), z.boolean(), z.null()], {
  message: "An attribute value is a string, number, boolean or null.",
});

/** Attribute name or id → value; null or "" clears. */
export const attributesInputSchema = z
  .record(z.string().trim().min(1, "An attribute name cannot be empty.").max(200), attributeValueInputSchema)
  .refine((r) => Object.keys(r).length <= 500, "Send at most 500 attributes at once.");

export const documentParamsSchema = z.object({ projectId: z.string(), documentId: z.string().uuid("Document not found.") });
export const attributeParamsSchema = z.object({ projectId: z.string(), attributeId: z.string().uuid("Attribute not found.") });

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off", ""], { message: "Use true or false." })
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

export const DUPLICATE_POLICIES = ["refuse", "skip", "import"] as const;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

export const importQuerySchema = z.object({
  duplicates: z.enum(DUPLICATE_POLICIES, { message: "duplicates is refuse, skip or import." }).default("refuse"),
  dehyphenate: flag.optional(),
});

/** Pasted text (the JSON form of POST /documents). */
export const pasteDocumentSchema = z.object({
  title: documentTitleSchema,
  text: z.string().refine((s) => /\S/.test(s), "The text is empty."),
  attributes: attributesInputSchema.optional(),
});

/** The non-file fields of a multipart upload. */
export const uploadFieldsSchema = z.object({
  title: documentTitleSchema.optional(),
  attributes: attributesInputSchema.optional(),
});

const sortSchema = z.union([z.enum(DOCUMENT_SORTS), z.templateLiteral(["attr:", z.string().min(1)])], {
  message: `sort is one of ${DOCUMENT_SORTS.join(", ")}, or attr:<attribute name or id>.`,
});

export const listDocumentsQuerySchema = z.object({
  search: z.string().max(500).optional(),
  sourceType: sourceTypeSchema.optional(),
  sort: sortSchema.optional(),
  direction: z.enum(["asc", "desc"], { message: "direction is asc or desc." }).optional(),
  limit: z.coerce.number().int().min(1, "limit is 1 to 500.").max(500, "limit is 1 to 500.").default(50),
  offset: z.coerce.number().int().min(0, "offset is 0 or more.").default(0),
});

export const readDocumentQuerySchema = z.object({ segments: flag.optional() });

export const updateDocumentSchema = z
  .object({
    title: documentTitleSchema.optional(),
    sourceType: sourceTypeSchema.optional(),
    publishedOn: publishedOnSchema.optional(),
    author: optionalText(500, "Author").optional(),
    url: documentUrlSchema.optional(),
    language: languageSchema.optional(),
    attributes: attributesInputSchema.optional(),
    /** The version the edit is based on; a stale one is refused with the current state. */
    version: z.number().int().min(1).optional(),
  })
  .refine((v) => Object.entries(v).some(([k, x]) => k !== "version" && x !== undefined), "Nothing to change.");

export const attributeNameSchema = z.string().trim().min(1, "Give the attribute a name.").max(100, "Use at most 100 characters.");

export const createAttributeSchema = z
  .object({
    name: attributeNameSchema,
    type: z.enum(ATTRIBUTE_TYPES, { message: `Type is one of ${ATTRIBUTE_TYPES.join(", ")}.` }),
    choices: z.array(z.string().trim().min(1, "A choice cannot be empty.").max(200)).max(200, "Use at most 200 choices.").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type !== "choice") return;
    const choices = v.choices ?? [];
    if (choices.length === 0) ctx.addIssue({ code: "custom", path: ["choices"], message: "A choice attribute needs at least one choice." });
    const seen = new Set<string>();
    for (const c of choices) {
      if (seen.has(c.toLowerCase())) ctx.addIssue({ code: "custom", path: ["choices"], message: `“${c}” is listed twice.` });
      seen.add(c.toLowerCase());
    }
  });

export const bulkAttributeValuesSchema = z
  .array(z.object({ documentId: z.string().uuid("Not a valid document id."), attributes: attributesInputSchema }))
  .min(1, "Send at least one document.")
  .max(10_000, "Send at most 10,000 documents at once.");

/** A day PostgreSQL's `date` can store: there is no year 0 (it failed the save with a 500). */
function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || s.startsWith("0000")) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function isWebUrl(s: string): boolean {
  try {
    const url = new URL(s);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
