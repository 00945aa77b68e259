import { describe, expect, it } from "vitest";
import { CodebookFileError, codesFromCsv, planCodebookMerge, withoutControls, type ExistingCode } from "./import";

const existing: ExistingCode[] = [
  { id: "p", name: "pressure", path: "pressure", color: "#e03131", definition: "Outside demands." },
  { id: "e", name: "economic", path: "pressure/economic", color: "#123456", definition: "" },
  { id: "r", name: "reward", path: "reward", color: "#2f9e44", definition: "Benefits." },
];

describe("codebook import", () => {
  it("reads this tool's codebook CSV and simpler sheets with a name and parent column", () => {
    const ours = codesFromCsv('code_id,name,path,parent_path,colour,description\r\nx,economic,pressure/economic,pressure,#123456,"Money, markets"\r\n');
    expect(ours).toEqual([{ path: ["pressure", "economic"], color: "#123456", description: "Money, markets" }]);
    const simple = codesFromCsv("\uFEFFName,Parent_Path,Color\nreward,,#2F9E44\ntrade,reward,\n");
    expect(simple).toEqual([
      { path: ["reward"], color: "#2f9e44", description: undefined },
      { path: ["reward", "trade"], color: undefined, description: undefined },
    ]);
    expect(() => codesFromCsv("a,b\n1,2\n")).toThrow(CodebookFileError);
    // Our export neutralises formula-like cells for spreadsheets; reading it back restores them.
    const neutralised = codesFromCsv("name,path,description\r\n'-x,'=a/-x,'+1\r\n'@y,,\r\n");
    expect(neutralised).toEqual([
      { path: ["=a", "-x"], color: undefined, description: "+1" },
      { path: ["@y"], color: undefined, description: undefined },
    ]);
    expect(() => codesFromCsv("")).toThrow(/no codes/);
  });

  it("plans: same by path, update when colour or description differ, create what is new (parents first), match a top-level name", () => {
    const plan = planCodebookMerge(existing, [
      { path: ["pressure", "economic"], color: "#123456" },
      { path: ["Reward"], description: "Benefits, tangible or not." },
      { path: ["sovereignty claim", "non-interference"], color: "#1c7ed6" },
      { path: ["pressure"], color: "#e03131", description: "Outside demands." },
    ]);
    expect(plan.map((p) => [p.path.join("/"), p.action, p.matchedBy ?? null, p.changes])).toEqual([
      ["pressure", "same", "path", []],
      ["Reward", "update", "path", ["description"]],
      ["sovereignty claim", "create", null, []],
      ["pressure/economic", "same", "path", []],
      ["sovereignty claim/non-interference", "create", null, []],
    ]);
  });

  // Regression (issue 9): a NUL in an imported code name reached PostgreSQL, which cannot store
  // U+0000, and the import failed with a 500.
  it("drops control characters from names and descriptions, and codes left without a name", () => {
    const codes = withoutControls([
      ...codesFromCsv('path,description\nRe\u0000ward / Cash\u0007,"Line one\nline\u0000 two\tend"\n'),
      { path: ["\u0000\u0001"] },
    ]);
    expect(codes).toEqual([{ path: ["Reward", "Cash"], description: "Line one\nline two\tend", color: undefined }]);
  });
});
