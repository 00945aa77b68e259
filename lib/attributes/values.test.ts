import { describe, expect, it } from "vitest";
import { parseAttributeValue, type AttributeDef } from "./values";

const def = (type: AttributeDef["type"], choices: string[] = []): AttributeDef => ({ name: "Field", type, choices });

describe("parseAttributeValue", () => {
  it.each([
    ["1200", 1200],
    [" -3.5 ", -3.5],
    ["1e6", 1_000_000],
    [".5", 0.5],
    ["1,200,000.5", 1_200_000.5],
    [42, 42],
  ])("number: %j is %d", (raw, expected) => {
    expect(parseAttributeValue(def("number"), raw)).toEqual({
      ok: true,
      value: { valueText: String(expected), valueNumber: expected, valueDate: null, valueBoolean: null },
    });
  });

  // Number() alone would accept hex, binary and Infinity, and stripping every comma would read
  // a European decimal comma as a thousands separator (1,5 → 15).
  it.each(["0x10", "0b1", "Infinity", "1,5", "12,34", "1.2.3", "ten", "1 000", Number.NaN, Number.POSITIVE_INFINITY])("number: %j is refused", (raw) => {
    const parsed = parseAttributeValue(def("number"), raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/^Field is a number; /);
  });

  it.each([null, undefined, "", "   "])("%j clears the value", (raw) => {
    for (const type of ["text", "number", "date", "boolean", "choice"] as const) {
      expect(parseAttributeValue(def(type, ["A"]), raw)).toEqual({ ok: true, value: null });
    }
  });

  it("dates keep the precision given and refuse impossible days", () => {
    expect(parseAttributeValue(def("date"), "2019-05")).toMatchObject({ ok: true, value: { valueText: "2019-05", valueDate: "2019-05-01" } });
    expect(parseAttributeValue(def("date"), "2019-02-29").ok).toBe(false);
    expect(parseAttributeValue(def("date"), "5/3/2019").ok).toBe(false);
    // Regression (issue 9): year 0 reached PostgreSQL's date column, which refused it: a 500.
    for (const zero of ["0000", "0000-01", "0000-01-01"]) expect(parseAttributeValue(def("date"), zero)).toEqual({ ok: false, message: `Field: ${zero} is not a calendar date.` });
    expect(parseAttributeValue(def("date"), "0001-01-01").ok).toBe(true);
  });

  it("booleans and choices are read case-insensitively into their canonical form", () => {
    expect(parseAttributeValue(def("boolean"), "YES")).toMatchObject({ ok: true, value: { valueText: "yes", valueBoolean: true } });
    expect(parseAttributeValue(def("boolean"), false)).toMatchObject({ ok: true, value: { valueText: "no", valueBoolean: false } });
    expect(parseAttributeValue(def("choice", ["North", "South"]), "north")).toMatchObject({ ok: true, value: { valueText: "North" } });
    expect(parseAttributeValue(def("choice", ["North", "South"]), "East")).toEqual({ ok: false, message: "Field is one of “North”, “South”; “East” is not." });
  });
});
