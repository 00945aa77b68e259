import { describe, expect, it } from "vitest";
import { neutraliseFormula, restoreNeutralised } from "./formula";

describe("CSV formula neutralisation", () => {
  it.each([
    ["=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
  ])("prefixes %j with an apostrophe", (cell, expected) => {
    expect(neutraliseFormula(cell)).toBe(expected);
    expect(restoreNeutralised(neutraliseFormula(cell))).toBe(cell);
  });

  it.each(["pressure", "", " =not at the start", "a=b", "'quoted", "1-2", "<img src=x onerror=alert(1)>"])("leaves %j as it is", (cell) => {
    expect(neutraliseFormula(cell)).toBe(cell);
    expect(restoreNeutralised(cell)).toBe(cell);
  });

  it("takes off only an apostrophe it could have added", () => {
    expect(restoreNeutralised("'=x")).toBe("=x");
    expect(restoreNeutralised("'")).toBe("'");
    expect(restoreNeutralised("'plain")).toBe("'plain");
    expect(restoreNeutralised("''=x")).toBe("''=x");
  });
});
