import { describe, expect, it } from "vitest";
import { publishedOnSchema } from "./documents";

// Regression (issue 9): "0000-01-01" passed the date check but not PostgreSQL's date type: a 500.
describe("publishedOnSchema", () => {
  it("refuses year 0, which no calendar (and no PostgreSQL date) has", () => {
    expect(publishedOnSchema.safeParse("0000-01-01").success).toBe(false);
    expect(publishedOnSchema.safeParse("0001-01-01").success).toBe(true);
    expect(publishedOnSchema.safeParse("2024-02-30").success).toBe(false);
  });
});
