import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { nulPath, refuseNul } from "./text";

describe("nulPath", () => {
  it("finds a NUL in any string or key, and names where", () => {
    expect(nulPath("a\u0000b")).toBe("_");
    expect(nulPath({ name: "ok", nested: [{ x: 1 }, { title: "t\u0000" }] })).toBe("nested.1.title");
    expect(nulPath({ ["k\u0000"]: 1 })).toBe("k\\0");
    expect(nulPath({ a: "fine", b: [1, null, true, "also fine"] })).toBeNull();
  });

  it("survives cycles", () => {
    const cyclic: Record<string, unknown> = { a: "x" };
    cyclic.self = cyclic;
    expect(nulPath(cyclic)).toBeNull();
  });
});

// Regression (issue 9): text with U+0000 reached PostgreSQL, which cannot store it, and the
// request failed with a 500. The guard now refuses it with a 400 naming the field.
describe("refuseNul", () => {
  it("throws a bad request naming the field", () => {
    expect(() => refuseNul({ name: "a\u0000" })).toThrow(AppError);
    let thrown: unknown;
    try {
      refuseNul({ values: [{ attributes: { Wave: "\u0000" } }] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).toBody()).toEqual({
      code: "bad_request",
      message: "values.0.attributes.Wave: text cannot contain the NUL character (U+0000).",
      details: { fields: { "values.0.attributes.Wave": "text cannot contain the NUL character (U+0000)." } },
    });
    expect(() => refuseNul({ name: "fine", n: 0 })).not.toThrow();
  });
});
