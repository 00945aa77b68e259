/**
 * One binary logistic-regression classifier per code ("is this code present on this unit?"),
 * all trained together by stochastic gradient descent over the same seeded shuffle of units.
 *
 * Objective per code: mean over units of weight(y) · log-loss(y, σ(w·x + b)) + λ/2 · ‖w‖².
 * - Class weights: positives are rare (a code is on a few percent of sentences), so an unweighted
 *   model learns to say "no". A positive weighs √(negatives / positives), a negative 1: halfway (in
 *   log scale) between no weighting and full balancing, which keeps rare positives from being
 *   ignored without letting one positive make steps dozens of times larger than the rest.
 * - Learning rate η_t = η₀ / (1 + t / n) (t = steps so far, n = units): it falls to η₀/(1 + epoch)
 *   over the epochs, so the last passes refine rather than jump.
 * - L2 is exact but costs nothing per step on absent features: each code's weights are stored as
 *   scale · v (Bottou, "Stochastic Gradient Descent Tricks", 2012, §5.1). Decay multiplies the
 *   scale; a gradient step touches only the unit's features. The scale is folded back into v when
 *   it gets small, so precision is never lost.
 * - Weights start at zero (the problem is convex, no random start is needed); the bias starts at
 *   the weighted log-odds of the code, so the first epoch is not spent learning the prior.
 * - Weights are laid out feature-major (feature f's weights for all codes side by side) in a
 *   Float32Array, so a unit's pass reads and writes contiguous memory at half the bandwidth of
 *   doubles (training is memory-bound), and no objects are allocated per step. Dot products, the
 *   scales and the biases are doubles.
 * - A code whose gradient on a unit is below 0.01 in size (a negative already scored under 1 %, a
 *   positive already near 1) still has its bias and scale updated, but its weights are not
 *   touched: the step would be tiny, and skipping it makes the update loop about a third as long
 *   on a large codebook, where most codes are confidently absent from most units.
 * Codes with no positive unit are not trained at all: weights 0 and a bias of −30 (σ ≈ 1e−13),
 * so they are never proposed.
 */
import { rngFor, shuffle } from "@/lib/sampling/prng";
import type { SparseRows } from "./vectorize";

export const UNTRAINED_BIAS = -30;
const INITIAL_LEARNING_RATE = 0.5;
const CHUNKS_PER_EPOCH = 10;
/** Below this, a unit's gradient for a code does not move its weights (see the file comment). */
const NEGLIGIBLE_GRADIENT = 0.01;

export type LogisticInput = {
  rows: SparseRows;
  featureCount: number;
  codeCount: number;
  /** rows × codes, row-major: 1 when humans gave code c to row r. */
  labels: Uint8Array;
  epochs: number;
  l2: number;
  seed: number;
  /** Names this training's random streams (the evaluation and the final model shuffle apart). */
  streamLabel: string;
  /** Awaited after each chunk of steps with the share of steps done. */
  onProgress?: (share: number) => void | Promise<void>;
};

export type LogisticResult = { weights: Float32Array[]; biases: Float64Array; positives: Int32Array };

export async function trainLogistic(input: LogisticInput): Promise<LogisticResult> {
  const { rows, featureCount, codeCount, labels, epochs, l2 } = input;
  const n = rows.offsets.length - 1;
  const positives = new Int32Array(codeCount);
  for (let r = 0; r < n; r++) for (let c = 0; c < codeCount; c++) positives[c]! += labels[r * codeCount + c]!;

  const active: number[] = [];
  for (let c = 0; c < codeCount; c++) if (positives[c]! > 0) active.push(c);
  const width = active.length;
  const positiveWeight = new Float64Array(width);
  const bias = new Float64Array(width);
  const scale = new Float64Array(width).fill(1);
  active.forEach((c, a) => {
    const pos = positives[c]!;
    const neg = n - pos;
    positiveWeight[a] = neg > 0 ? Math.sqrt(neg / pos) : 1;
    bias[a] = neg > 0 ? Math.log((positiveWeight[a]! * pos) / neg) : 5;
  });
  // Labels of the active codes only, row-major, so the inner loop indexes one small row.
  const target = new Uint8Array(n * width);
  for (let r = 0; r < n; r++) active.forEach((c, a) => (target[r * width + a] = labels[r * codeCount + c]!));

  const state: SgdState = {
    rows,
    width,
    featureCount,
    target,
    positiveWeight,
    bias,
    scale,
    v: new Float32Array(featureCount * width),
    dot: new Float64Array(width),
    step: new Float64Array(width),
    movingCodes: new Int32Array(width),
    l2,
    maxRate: l2 > 0 ? 0.5 / l2 : Infinity, // keeps the decay factor 1 − ηλ at ½ or more
    n,
    t: 0,
  };
  const totalSteps = Math.max(1, epochs * n);
  const chunk = Math.max(1, Math.ceil(n / CHUNKS_PER_EPOCH));
  const rowOrder = Array.from({ length: n }, (_, r) => r);
  for (let epoch = 0; epoch < epochs && width > 0; epoch++) {
    const order = Int32Array.from(shuffle(rowOrder, rngFor(input.seed, `${input.streamLabel}:epoch:${epoch}`)));
    for (let from = 0; from < n; from += chunk) {
      const to = Math.min(n, from + chunk);
      sgdSteps(state, order, from, to);
      await input.onProgress?.((epoch * n + to) / totalSteps);
    }
  }
  const { v } = state;

  const weights = Array.from({ length: codeCount }, () => new Float32Array(featureCount));
  const biases = new Float64Array(codeCount).fill(UNTRAINED_BIAS);
  active.forEach((c, a) => {
    const w = weights[c]!;
    const s = scale[a]!;
    for (let f = 0; f < featureCount; f++) w[f] = v[f * width + a]! * s;
    biases[c] = bias[a]!;
  });
  return { weights, biases, positives };
}

type SgdState = {
  rows: SparseRows;
  width: number;
  featureCount: number;
  target: Uint8Array;
  positiveWeight: Float64Array;
  bias: Float64Array;
  scale: Float64Array;
  v: Float32Array;
  dot: Float64Array;
  step: Float64Array;
  movingCodes: Int32Array;
  l2: number;
  maxRate: number;
  n: number;
  /** Steps taken so far, over all epochs. */
  t: number;
};

/** The SGD steps for the units order[from..to) — a plain synchronous loop, which the JIT optimises. */
function sgdSteps(state: SgdState, order: Int32Array, from: number, to: number): void {
  const { width, featureCount, target, positiveWeight, bias, scale, v, dot, step, movingCodes, l2, maxRate, n } = state;
  const { offsets, indices, values } = state.rows;
  let t = state.t;
  for (let i = from; i < to; i++) {
    const r = order[i]!;
    const rate = Math.min(INITIAL_LEARNING_RATE / (1 + t / n), maxRate);
    t++;
    const decay = 1 - rate * l2;
    const start = offsets[r]!;
    const end = offsets[r + 1]!;
    dot.fill(0);
    for (let k = start; k < end; k++) {
      const x = values[k]!;
      const base = indices[k]! * width;
      for (let a = 0; a < width; a++) dot[a]! += x * v[base + a]!;
    }
    const labelBase = r * width;
    let moving = 0;
    for (let a = 0; a < width; a++) {
      const z = dot[a]! * scale[a]! + bias[a]!;
      const e = Math.exp(-Math.abs(z));
      const p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      const gradient = target[labelBase + a] ? positiveWeight[a]! * (p - 1) : p;
      const newScale = scale[a]! * decay;
      scale[a] = newScale;
      bias[a]! -= rate * gradient;
      if (gradient > NEGLIGIBLE_GRADIENT || gradient < -NEGLIGIBLE_GRADIENT) {
        movingCodes[moving] = a;
        step[moving] = (-rate * gradient) / newScale;
        moving++;
      }
    }
    if (moving > 0) {
      for (let k = start; k < end; k++) {
        const x = values[k]!;
        const base = indices[k]! * width;
        for (let m = 0; m < moving; m++) v[base + movingCodes[m]!]! += step[m]! * x;
      }
    }
    for (let a = 0; a < width; a++) if (scale[a]! < 1e-9) foldScale(v, scale, a, width, featureCount);
  }
  state.t = t;
}

function foldScale(v: Float32Array, scale: Float64Array, a: number, width: number, featureCount: number): void {
  const s = scale[a]!;
  for (let f = 0; f < featureCount; f++) v[f * width + a]! *= s;
  scale[a] = 1;
}
