import { describe, expect, it } from "vitest";
import { parseRetrievalParams } from "@/lib/validation/retrieval";
import { describeQuery, queryToParams, type RetrievalQuery } from "./query";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const names: Record<string, string> = { [A]: "pressure", [B]: "reward" };

describe("retrieval queries", () => {
  it("say in words what they find", () => {
    const base: RetrievalQuery = { a: A, op: "only", scope: "paragraph", within: 1, rollup: false, sort: "document" };
    const name = (id: string) => names[id]!;
    expect(describeQuery(base, name)).toBe("Every passage of “pressure”");
    expect(describeQuery({ ...base, op: "and", b: B }, name)).toBe("“pressure” AND “reward” in the same paragraph");
    expect(describeQuery({ ...base, op: "not", b: B, scope: "overlap" }, name)).toBe("“pressure” NOT “reward” in overlapping passages");
    expect(describeQuery({ ...base, op: "near", b: B, within: 0 }, name)).toBe("“pressure” within the same sentence as “reward”");
    expect(describeQuery({ ...base, op: "near", b: B, within: 2 }, name)).toBe("“pressure” within 2 sentences of “reward”");
  });

  it("round-trip through URL parameters, defaults left out", () => {
    const cases: Record<string, string>[] = [
      { a: A },
      { a: A, op: "and", b: B, scope: "overlap", rollup: "true", sort: "length" },
      { a: A, op: "near", b: B, within: "3", layer: "consensus" },
      { a: A, op: "not", b: B, attribute: "Source", value: "" },
      { a: A, attribute: "Source", value: "news", coder: B },
    ];
    for (const params of cases) {
      const parsed = parseRetrievalParams(params);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      const again = parseRetrievalParams(Object.fromEntries(queryToParams(parsed.data!)));
      expect(again.data).toEqual(parsed.data);
    }
    expect(queryToParams(parseRetrievalParams({ a: A }).data!).toString()).toBe(`a=${A}`);
    expect(queryToParams(parseRetrievalParams({ a: A, op: "only", b: B, scope: "overlap" }).data!).toString()).toBe(`a=${A}`);
  });

  it("treat empty form fields as unset, but keep an empty attribute value", () => {
    const parsed = parseRetrievalParams({ a: A, op: "only", b: "", document: "", attribute: "Source", value: "" });
    expect(parsed.data).toMatchObject({ a: A, op: "only", attribute: "Source", value: "" });
    expect(parsed.data?.b).toBeUndefined();
    expect(parsed.data?.document).toBeUndefined();
  });
});
