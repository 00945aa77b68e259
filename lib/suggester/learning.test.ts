import { describe, expect, it } from "vitest";
import { proposeCodes, trainSuggester } from "./index";
import { PRESSURE, REWARD, SOVEREIGNTY, syntheticCodedProject, TEST_CODES } from "./test-project";

describe("the suggester learns a realistic coded project", () => {
  // 60 documents × 30 sentences, about half coded, 10 % label noise (see test-project.ts).
  const units = syntheticCodedProject(2024);

  it("beats the most-frequent-code baseline by a clear margin on held-out documents", async () => {
    const { evaluation } = await trainSuggester(units, TEST_CODES, { seed: 2024 });
    expect(evaluation.heldOutDocuments).toBe(12);
    expect(evaluation.mostFrequentCodeId).toBe(PRESSURE);
    // The baseline proposes "pressure" everywhere: its micro-F1 is bounded by that code's share of
    // the coded units (~0.3 here). A model that learnt "pressure" perfectly and nothing else would
    // reach ~0.58, i.e. +0.3; the 10 % label noise caps a perfect model near 0.9, i.e. +0.6. So a
    // margin of 0.4 demands that more than one code was learnt, and leaves room for the seed
    // (over seeds 1–12 the margin was 0.57–0.66).
    expect(evaluation.baselineMicroF1!).toBeLessThan(0.4);
    expect(evaluation.microF1! - evaluation.baselineMicroF1!).toBeGreaterThanOrEqual(0.4);
    for (const codeId of TEST_CODES) {
      const code = evaluation.perCode.find((c) => c.codeId === codeId)!;
      expect(code.support).toBeGreaterThan(20);
      expect(code.kappa!, codeId).toBeGreaterThan(0.5);
      expect(code.baseline.kappa).toBe(0); // a constant answer agrees only by chance
    }
  });

  it("proposes the right codes for new sentences and not for neutral ones", async () => {
    const { model } = await trainSuggester(units, TEST_CODES, { seed: 7 });
    const proposed = (text: string) => proposeCodes(model, text).map((s) => s.codeId);
    expect(proposed("Brussels threatened sanctions and demanded that Sofia reform its judiciary.")).toEqual([PRESSURE]);
    expect(proposed("Sofia rejected the interference in its internal affairs.")).toEqual([SOVEREIGNTY]);
    expect(proposed("Washington offered Sofia a trade deal and more aid.")).toEqual([REWARD]);
    expect(proposed("The delegation arrived in Geneva on Monday.")).toEqual([]);
  });
});
