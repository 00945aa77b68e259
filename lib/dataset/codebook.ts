import { stringify } from "csv-stringify/sync";
import { neutraliseFormula } from "./formula";
import type { DatasetCode } from "./types";

/**
 * The codebook as CSV: one code per line in tree order (id, name, full path, parent's path,
 * colour, description). Opened in spreadsheets, so formula-like cells are neutralised; the
 * codebook import takes the apostrophe off again (lib/codebook/import.ts).
 */
export function codebookCsv(codes: readonly DatasetCode[]): string {
  const text = (s: string) => neutraliseFormula(s);
  return stringify(
    [
      ["code_id", "name", "path", "parent_path", "colour", "description"],
      ...codes.map((c) => [c.id, text(c.name), text(c.path), text(c.parentPath ?? ""), c.color, text(c.definition)]),
    ],
    { record_delimiter: "\r\n" },
  );
}

/** The codebook as Markdown for a methods appendix: nested headings, each code's colour and description. */
export function codebookMarkdown(projectName: string, codes: readonly DatasetCode[]): string {
  const escape = (s: string) => s.replace(/([\\`*_{}[\]<>#|])/g, "\\$1");
  const lines = [`# Codebook: ${escape(projectName)}`, ""];
  for (const c of codes) {
    lines.push(`${"#".repeat(Math.min(6, c.depth + 2))} ${escape(c.name)}`, "");
    lines.push(`Colour: \`${c.color}\` · Path: ${escape(c.path)}`, "");
    if (c.definition.trim()) lines.push(escape(c.definition.trim()), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
