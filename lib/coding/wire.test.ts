import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packCodings, unpackCodings, type InitialCoding } from "./wire";

const coding = fc.record({
  id: fc.uuid(),
  codeId: fc.constantFrom("7d3c3a4e-0c59-4a53-9a7e-1d2f7f0c0a01", "7d3c3a4e-0c59-4a53-9a7e-1d2f7f0c0a02", "7d3c3a4e-0c59-4a53-9a7e-1d2f7f0c0a03"),
  coderId: fc.constantFrom("0b4a9e6a-52a1-4f5e-8f39-2c1c7c1a9b01", "0b4a9e6a-52a1-4f5e-8f39-2c1c7c1a9b02"),
  start: fc.nat({ max: 2_000_000 }),
  length: fc.integer({ min: 1, max: 5_000 }),
  memo: fc.oneof(fc.constant(""), fc.string()),
  version: fc.integer({ min: 1, max: 1_000 }),
  createdAt: fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString()),
  quote: fc.option(fc.string(), { nil: undefined }),
});

describe("packed codings (page → workspace)", () => {
  it("unpack(pack(x)) is x, field for field", () => {
    fc.assert(
      fc.property(fc.array(coding, { maxLength: 60 }), (raw) => {
        const codings: InitialCoding[] = raw.map(({ length, quote, ...c }) => ({ ...c, end: c.start + length, ...(quote === undefined ? {} : { quote }) }));
        expect(unpackCodings(packCodings(codings))).toEqual(codings);
      }),
      { numRuns: 200 },
    );
  });

  it("is much smaller than the objects it replaces", () => {
    const codings: InitialCoding[] = Array.from({ length: 1000 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      codeId: "7d3c3a4e-0c59-4a53-9a7e-1d2f7f0c0a01",
      coderId: "0b4a9e6a-52a1-4f5e-8f39-2c1c7c1a9b01",
      start: 200 * i,
      end: 200 * i + 90,
      memo: "",
      version: 1,
      createdAt: "2026-12-07T06:40:52.230Z",
    }));
    const packed = JSON.stringify(packCodings(codings)).length;
    expect(packed).toBeLessThan(JSON.stringify(codings).length / 2.5);
  });

  it("refuses an id that is not a UUID rather than misaligning every id after it", () => {
    expect(() => packCodings([{ id: "short", codeId: "c", coderId: "u", start: 0, end: 1, memo: "", version: 1, createdAt: "2026-12-07T06:40:52.230Z" }])).toThrow(/not a UUID/);
  });
});
