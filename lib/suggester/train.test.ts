import { describe, expect, it } from "vitest";
import { shuffle, rngFor } from "@/lib/sampling/prng";
import { syntheticCodeIds, syntheticUnits } from "./bench-data";
import { UNTRAINED_BIAS } from "./logistic";
import { proposeCodes, scoreUnit, serializeModel, trainSuggester, type TrainingUnit } from "./index";

const units = syntheticUnits({ documents: 20, sentencesPerDocument: 15, codes: 5, seed: 11 });
const codeIds = syntheticCodeIds(5);

describe("trainSuggester: determinism", () => {
  it("gives identical model bytes and evaluation for the same units and seed, in any input order", async () => {
    const first = await trainSuggester(units, codeIds, { seed: 5 });
    const again = await trainSuggester(shuffle(units, rngFor(1, "test:order")), codeIds, { seed: 5 });
    expect(serializeModel(again.model)).toEqual(serializeModel(first.model));
    expect(again.evaluation).toEqual(first.evaluation);
  });

  it("splits differently for a different seed", async () => {
    const a = await trainSuggester(units, codeIds, { seed: 5, epochs: 1 });
    const b = await trainSuggester(units, codeIds, { seed: 6, epochs: 1 });
    expect(a.evaluation.heldOutDocuments).toBe(4);
    expect(b.evaluation.heldOutDocumentIds).not.toEqual(a.evaluation.heldOutDocumentIds);
    expect(serializeModel(b.model)).not.toEqual(serializeModel(a.model));
  });

  it("reports progress from 0 to 1, never going back, a bounded number of times", async () => {
    const seen: [number, string][] = [];
    await trainSuggester(units, codeIds, { seed: 5, onProgress: async (share, stage) => void seen.push([share, stage]) });
    expect(seen[0]![0]).toBe(0);
    expect(seen.at(-1)).toEqual([1, "done"]);
    for (let i = 1; i < seen.length; i++) expect(seen[i]![0]).toBeGreaterThanOrEqual(seen[i - 1]![0]);
    expect(seen.length).toBeLessThanOrEqual(300);
    expect(new Set(seen.map(([, stage]) => stage))).toContain("training the evaluation model");
  });
});

describe("trainSuggester: edge cases", () => {
  it("refuses no units, no codes and bad options with clear messages", async () => {
    await expect(trainSuggester([], codeIds, { seed: 1 })).rejects.toThrow(/no training units/);
    await expect(trainSuggester(units, [], { seed: 1 })).rejects.toThrow(/no codes/);
    await expect(trainSuggester(units, codeIds, { seed: 1, holdoutShare: 1 })).rejects.toThrow(/holdoutShare/);
    await expect(trainSuggester(units, codeIds, { seed: 1, epochs: 0 })).rejects.toThrow(/epochs/);
  });

  it("never proposes a code with no positive unit", async () => {
    const { model, evaluation } = await trainSuggester(units, [...codeIds, "never-used"], { seed: 2 });
    const unused = model.codes.find((code) => code.codeId === "never-used")!;
    expect(unused.weights.every((w) => w === 0)).toBe(true);
    expect(unused.bias).toBe(UNTRAINED_BIAS);
    for (const unit of units) expect(proposeCodes(model, unit.text).map((s) => s.codeId)).not.toContain("never-used");
    expect(evaluation.perCode.find((c) => c.codeId === "never-used")).toMatchObject({ support: 0, predicted: 0, trainSupport: 0, precision: null, recall: null, f1: null, kappa: null });
  });

  it("ignores codes on units that are not among the codes to learn", async () => {
    const extra = units.map((unit) => ({ ...unit, codeIds: [...unit.codeIds, "not-in-codebook"] }));
    const withExtra = await trainSuggester(extra, codeIds, { seed: 3, epochs: 1 });
    const without = await trainSuggester(units, codeIds, { seed: 3, epochs: 1 });
    expect(serializeModel(withExtra.model)).toEqual(serializeModel(without.model));
  });

  it("handles units with empty text, and scores an empty text", async () => {
    const withEmpty: TrainingUnit[] = [...units, { documentId: "doc-00001", start: 9000, end: 9001, text: "", codeIds: ["code-01"] }];
    const { model } = await trainSuggester(withEmpty, codeIds, { seed: 4, epochs: 1 });
    const scores = scoreUnit(model, "");
    expect(scores.map((s) => s.codeId).sort()).toEqual([...codeIds].sort());
    for (const { confidence } of scores) expect(confidence).toBeGreaterThan(0), expect(confidence).toBeLessThan(1);
    expect(Array.isArray(proposeCodes(model, "   "))).toBe(true);
  });

  it("with one document trains a model but holds nothing out, and says so", async () => {
    const single = units.filter((unit) => unit.documentId === units[0]!.documentId);
    const { model, evaluation } = await trainSuggester(single, codeIds, { seed: 1 });
    expect(model.codes).toHaveLength(codeIds.length);
    expect(evaluation).toMatchObject({ heldOutUnits: 0, heldOutDocuments: 0, trainDocuments: 1, trainUnits: single.length, microF1: null, baselineMicroF1: null });
    expect(evaluation.notes.join(" ")).toMatch(/one document/i);
  });

  it("with two documents holds one out and trains on the other", async () => {
    const two = units.filter((unit) => unit.documentId <= "doc-00002");
    const { evaluation } = await trainSuggester(two, codeIds, { seed: 1 });
    expect(evaluation).toMatchObject({ trainDocuments: 1, heldOutDocuments: 1, trainUnits: 15, heldOutUnits: 15 });
  });

  it("scores every code, highest first, and proposes only those at or above their threshold", async () => {
    const { model } = await trainSuggester(units, codeIds, { seed: 7 });
    for (const unit of units.slice(0, 30)) {
      const scores = scoreUnit(model, unit.text);
      for (let i = 1; i < scores.length; i++) expect(scores[i]!.confidence).toBeLessThanOrEqual(scores[i - 1]!.confidence);
      const thresholds = new Map(model.codes.map((code) => [code.codeId, code.threshold]));
      expect(proposeCodes(model, unit.text)).toEqual(scores.filter((s) => s.confidence >= thresholds.get(s.codeId)!));
    }
  });
});
