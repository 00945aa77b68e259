/**
 * The evaluation: the model trained without the held-out documents, against the human codes on
 * them, next to the simplest rival worth beating.
 *
 * The baseline "always propose the most frequent code" proposes, on every held-out unit, the code
 * with the most positive training units (ties: smallest id), and nothing else. So for that code
 * everything is proposed (precision = its share of units, recall 1 when humans used it, κ 0 or
 * null), and for every other code nothing is (precision null, recall 0, κ 0 or null; see
 * `metrics.ts` for when each is null). A suggester that does not clearly beat it on micro-F1 is
 * not worth showing to coders.
 */
import { rowProbabilities } from "./score";
import { addConfusion, emptyConfusion, f1Of, metricsOf, type Confusion } from "./metrics";
import type { CodeEvaluation, Evaluation, SuggesterModel } from "./types";
import type { SparseRows } from "./vectorize";
import { compareIds } from "@/lib/sampling/prng";

export type EvaluationInput = {
  seed: number;
  /** Trained on the training side only; `null` when nothing was held out. */
  model: SuggesterModel | null;
  codeIds: readonly string[];
  /** Positive training-side units per code (index as `codeIds`). */
  trainPositives: Int32Array;
  /** Held-out units under the evaluation model's vocabulary, and their labels (rows × codes). */
  heldOut: SparseRows;
  heldOutLabels: Uint8Array;
  trainUnits: number;
  trainDocuments: number;
  heldOutDocumentIds: string[];
  notes: string[];
};

export function mostFrequentCode(codeIds: readonly string[], positives: Int32Array): string | null {
  let best: string | null = null;
  let bestCount = 0;
  codeIds.forEach((codeId, c) => {
    const count = positives[c]!;
    if (count > bestCount || (count === bestCount && count > 0 && best !== null && compareIds(codeId, best) < 0)) {
      best = codeId;
      bestCount = count;
    }
  });
  return best;
}

export function evaluate(input: EvaluationInput): Evaluation {
  const { codeIds, heldOut, heldOutLabels, model } = input;
  const units = heldOut.offsets.length - 1;
  const codeCount = codeIds.length;
  const mostFrequentCodeId = mostFrequentCode(codeIds, input.trainPositives);
  const modelCounts = codeIds.map(() => emptyConfusion());
  const baselineCounts = codeIds.map(() => emptyConfusion());
  codeIds.forEach((codeId, c) => {
    const code = model?.codes[c];
    const probabilities = code ? rowProbabilities(code, heldOut) : null;
    for (let r = 0; r < units; r++) {
      const human = heldOutLabels[r * codeCount + c] === 1;
      tally(modelCounts[c]!, probabilities !== null && probabilities[r]! >= code!.threshold, human);
      tally(baselineCounts[c]!, codeId === mostFrequentCodeId, human);
    }
  });
  const modelTotal = emptyConfusion();
  const baselineTotal = emptyConfusion();
  const perCode: CodeEvaluation[] = codeIds.map((codeId, c) => {
    const counts = modelCounts[c]!;
    addConfusion(modelTotal, counts);
    addConfusion(baselineTotal, baselineCounts[c]!);
    return {
      codeId,
      support: counts.truePositives + counts.falseNegatives,
      predicted: counts.truePositives + counts.falsePositives,
      trainSupport: input.trainPositives[c]!,
      ...metricsOf(counts),
      baseline: metricsOf(baselineCounts[c]!),
    };
  });
  return {
    seed: input.seed,
    trainUnits: input.trainUnits,
    heldOutUnits: units,
    trainDocuments: input.trainDocuments,
    heldOutDocuments: input.heldOutDocumentIds.length,
    heldOutDocumentIds: input.heldOutDocumentIds,
    mostFrequentCodeId,
    perCode,
    microF1: f1Of(modelTotal),
    baselineMicroF1: f1Of(baselineTotal),
    notes: input.notes,
  };
}

function tally(counts: Confusion, proposed: boolean, human: boolean): void {
  if (proposed && human) counts.truePositives++;
  else if (proposed) counts.falsePositives++;
  else if (human) counts.falseNegatives++;
  else counts.trueNegatives++;
}
