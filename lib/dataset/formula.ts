/**
 * CSV injection (OWASP "CSV Injection"): Excel, LibreOffice and Google Sheets run a cell that
 * starts with `=`, `+`, `-` or `@` as a formula — `=HYPERLINK(…)` in a code name becomes a link
 * that leaks data, or worse — and tab or carriage return can hide such a start. Every CSV meant
 * for a spreadsheet prefixes those cells with an apostrophe, which spreadsheets show as text
 * and do not display. The one exception is the dataset's plain CSV for R, Stata and pandas,
 * whose quotes must equal the document text exactly (they are sliced by offsets).
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes `neutraliseFormula` when reading back a file we wrote (a codebook CSV re-imported). */
export function restoreNeutralised(text: string): string {
  return text.length > 1 && text[0] === "'" && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
