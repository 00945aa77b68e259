import { describe, expect, it } from "vitest";
import { syntheticCodeIds, syntheticUnits } from "./bench-data";
import { deserializeModel, scoreUnit, serializeModel, trainSuggester, type SuggesterModel } from "./index";

describe("serializeModel / deserializeModel", () => {
  it("round-trips a trained model exactly, with identical scores", async () => {
    const units = syntheticUnits({ documents: 12, sentencesPerDocument: 15, codes: 4, seed: 21 });
    const { model } = await trainSuggester(units, [...syntheticCodeIds(4), "unused"], { seed: 1 });
    const bytes = serializeModel(model);
    const loaded = deserializeModel(bytes);
    expect(loaded).toEqual(model);
    expect(serializeModel(loaded)).toEqual(bytes);
    for (const unit of units.slice(0, 40)) expect(scoreUnit(loaded, unit.text)).toEqual(scoreUnit(model, unit.text));
    // The untrained code is stored sparsely: a few bytes, not 4 per feature.
    expect(bytes.length).toBeLessThan(model.vocabulary.length * (4 * 4 + 4 + 20));
  });

  it("keeps every float exactly, including −0, extreme and non-ASCII values", () => {
    const model: SuggesterModel = {
      version: 1,
      vocabulary: ["主 权", "aid", "sovereignty"],
      idf: Float32Array.from([1.5, 2.25, 1e-30]),
      codes: [
        { codeId: "código-1", weights: Float32Array.from([-0, 3.4028234663852886e38, 1.401298464324817e-45]), bias: -1 / 3, threshold: 0.2 },
        { codeId: "sparse", weights: Float32Array.from([0, 0, -2.5]), bias: -30, threshold: 0.5 },
      ],
      options: { seed: 0.1 + 0.2, holdoutShare: 0.2, epochs: 5, l2: 1e-5, minDf: 2, maxFeatures: 50_000 },
    };
    const loaded = deserializeModel(serializeModel(model));
    expect(loaded).toEqual(model);
    expect(Object.is(loaded.codes[0]!.weights[0], -0)).toBe(true);
    expect(loaded.options.seed).toBe(0.1 + 0.2);
  });

  it("refuses bytes that are not a model, or are cut short, with a clear message", () => {
    const bytes = serializeModel({
      version: 1,
      vocabulary: ["aid"],
      idf: Float32Array.from([1]),
      codes: [{ codeId: "reward", weights: Float32Array.from([1]), bias: 0, threshold: 0.5 }],
      options: { seed: 1, holdoutShare: 0.2, epochs: 5, l2: 1e-5, minDf: 2, maxFeatures: 10 },
    });
    expect(() => deserializeModel(new TextEncoder().encode("not a model"))).toThrow(/not a suggester model/);
    expect(() => deserializeModel(bytes.subarray(0, bytes.length - 3))).toThrow(/end early/);
    expect(() => deserializeModel(Uint8Array.from([...bytes, 0]))).toThrow(/trailing bytes/);
    const future = bytes.slice();
    future[4] = 2;
    expect(() => deserializeModel(future)).toThrow(/version 2/);
  });

  it("reads from a view into a larger buffer (as database drivers hand out)", async () => {
    const units = syntheticUnits({ documents: 6, sentencesPerDocument: 10, codes: 2, seed: 2 });
    const { model } = await trainSuggester(units, syntheticCodeIds(2), { seed: 1, epochs: 1 });
    const bytes = serializeModel(model);
    const padded = new Uint8Array(bytes.length + 16);
    padded.set(bytes, 8);
    expect(deserializeModel(padded.subarray(8, 8 + bytes.length))).toEqual(model);
  });
});
