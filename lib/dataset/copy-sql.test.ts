import { describe, expect, it } from "vitest";
import { datasetCopySql, identifier, textLiteral, uuidLiteral } from "./copy-sql";

const P = "00000000-0000-4000-8000-000000000001";

describe("the COPY statement", () => {
  it("quotes every literal and identifier, and refuses anything but a uuid as an id", () => {
    expect(textLiteral("it's")).toBe("'it''s'");
    expect(identifier('attr:Bob\'s "x"')).toBe('"attr:Bob\'s ""x"""');
    expect(() => uuidLiteral("1; drop table codings")).toThrow(/not a uuid/);
    const sql = datasetCopySql({ projectId: P, layer: "both", attributes: [{ id: P, name: 'Region"; drop table codings; --' }], variant: "plain" });
    expect(sql).toContain('as "attr:Region""; drop table codings; --"');
    expect(() => datasetCopySql({ projectId: P, layer: { coderId: "x' or '1'='1" }, attributes: [], variant: "plain" })).toThrow(/not a uuid/);
  });

  it("has the writer's columns in order, neutralises formulas only for Excel, and orders like the document list", () => {
    const plain = datasetCopySql({ projectId: P, layer: "all", codeIds: [P], attributes: [], variant: "plain" });
    expect(plain).toMatch(/c\.id as "coding_id",\s+c\.project_id as "project_id",\s+p\.name as "project_name"/);
    expect(plain).toContain("c.layer = 'coder'");
    expect(plain).toContain(`c.code_id in ('${P}'::uuid)`);
    expect(plain).toContain("order by d.position, d.title, c.start_offset, c.end_offset, c.id");
    expect(plain).not.toContain("''''");
    // No header from COPY: it would cut column names at 63 bytes; csv.ts writes the header line.
    expect(plain).toMatch(/to stdout with \(format csv, header false\)$/);
    expect(datasetCopySql({ projectId: P, layer: "both", attributes: [], variant: "excel" })).toContain("then '''' || c.quote else c.quote end");
  });
});
