/** Source types as people read them. Mirrors SOURCE_TYPES in db/schema.ts (checked by tsc below). */
import type { SourceType } from "@/db/schema";

export const SOURCE_TYPE_LABELS: Record<SourceType, string> = {
  academic_article: "Academic article",
  ngo_report: "NGO report",
  news: "News",
  policy_brief: "Policy brief",
  government_document: "Government document",
  other: "Other",
};

export const SOURCE_TYPE_OPTIONS = Object.entries(SOURCE_TYPE_LABELS).map(([value, label]) => ({ value: value as SourceType, label }));

export function isSourceType(value: unknown): value is SourceType {
  return typeof value === "string" && Object.hasOwn(SOURCE_TYPE_LABELS, value);
}

export const ATTRIBUTE_TYPE_LABELS = {
  text: "Text",
  number: "Number",
  date: "Date",
  boolean: "Yes / no",
  choice: "Choice",
} as const;
