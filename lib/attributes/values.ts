/**
 * Typed document attributes (NVivo classifications, REFI-QDA variables): parse what a person
 * typed or an API sent into the stored form, or say precisely why it is not valid.
 */
export type AttributeType = "text" | "number" | "date" | "boolean" | "choice";
export type AttributeDef = { name: string; type: AttributeType; choices: string[] };
export type StoredValue = { valueText: string; valueNumber: number | null; valueDate: string | null; valueBoolean: boolean | null };
export type ParsedValue = { ok: true; value: StoredValue | null } | { ok: false; message: string };

const TRUE = new Set(["true", "yes", "y", "1", "ja", "oui", "sí", "si"]);
const FALSE = new Set(["false", "no", "n", "0", "nein", "non"]);

/** Empty input clears the value (null). */
export function parseAttributeValue(def: AttributeDef, raw: unknown): ParsedValue {
  if (raw === null || raw === undefined || (typeof raw === "string" && raw.trim() === "")) return { ok: true, value: null };
  const base = { valueNumber: null, valueDate: null, valueBoolean: null };
  switch (def.type) {
    case "text": {
      const text = String(raw).trim();
      if (text.length > 2000) return { ok: false, message: `${def.name}: use at most 2,000 characters.` };
      return { ok: true, value: { ...base, valueText: text } };
    }
    case "number": {
      const n = typeof raw === "number" ? raw : parseNumber(String(raw));
      if (n === null || !Number.isFinite(n)) return { ok: false, message: `${def.name} is a number; “${String(raw)}” is not.` };
      return { ok: true, value: { ...base, valueText: String(n), valueNumber: n } };
    }
    case "date": {
      const text = String(raw).trim();
      const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
      if (!match) return { ok: false, message: `${def.name} is a date (YYYY-MM-DD, or YYYY-MM, or YYYY); “${text}” is not.` };
      const [, y, m = "01", d = "01"] = match;
      const date = new Date(`${y}-${m}-${d}T00:00:00Z`);
      // No year 0 in the calendar (nor in PostgreSQL's date, where it failed the save).
      if (y === "0000" || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${m}-${d}`) {
        return { ok: false, message: `${def.name}: ${text} is not a calendar date.` };
      }
      return { ok: true, value: { ...base, valueText: text, valueDate: `${y}-${m}-${d}` } };
    }
    case "boolean": {
      if (typeof raw === "boolean") return { ok: true, value: { ...base, valueText: raw ? "yes" : "no", valueBoolean: raw } };
      const text = String(raw).trim().toLowerCase();
      if (TRUE.has(text)) return { ok: true, value: { ...base, valueText: "yes", valueBoolean: true } };
      if (FALSE.has(text)) return { ok: true, value: { ...base, valueText: "no", valueBoolean: false } };
      return { ok: false, message: `${def.name} is yes or no; “${String(raw)}” is neither.` };
    }
    case "choice": {
      const text = String(raw).trim();
      const found = def.choices.find((c) => c.toLowerCase() === text.toLowerCase());
      if (!found) return { ok: false, message: `${def.name} is one of ${def.choices.map((c) => `“${c}”`).join(", ")}; “${text}” is not.` };
      return { ok: true, value: { ...base, valueText: found } };
    }
  }
}

/**
 * A decimal number as people type it: "1200", "-3.5", "1e6", "1,200,000.5" (commas only as
 * thousands separators). Anything else is refused rather than guessed: `Number()` alone would
 * read "0x10" as 16 and "" as 0, and stripping every comma would turn a European "1,5" into 15.
 */
function parseNumber(text: string): number | null {
  const t = text.trim();
  const plain = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
  const grouped = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;
  if (plain.test(t)) return Number(t);
  if (grouped.test(t)) return Number(t.replace(/,/g, ""));
  return null;
}
