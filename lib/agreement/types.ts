/**
 * Shared shapes for agreement statistics. Everything in lib/agreement is pure: data in, numbers
 * out, no I/O, no clock, no Math.random (bootstraps take a seed).
 *
 * Two families of input:
 * - **Reliability data** (units × coders): for percent agreement, Cohen's/Fleiss'/Brennan–Prediger
 *   κ and Krippendorff's α. `null` is a missing value (the coder did not code that unit's
 *   document); missing is not disagreement.
 * - **Continua** (documents as code-point ranges with coders' segments): for character-level
 *   agreement, MAXQDA-style segment overlap and Krippendorff's unitized α.
 */

/** A category (nominal) or a number (ordinal/interval/ratio). */
export type Value = string | number;

/** `matrix[unit][coder]`; every row has one entry per coder; `null` = missing. */
export type ReliabilityMatrix = ReadonlyArray<ReadonlyArray<Value | null>>;

export type MetricLevel = "nominal" | "ordinal" | "interval" | "ratio";

/** A coefficient with the amount of data behind it. `value` is null when undefined (e.g. no variation, no pairable units). */
export interface Estimate {
  value: number | null;
  /** Units that entered the computation (for α: units with ≥ 2 values; for κ: units both coded). */
  units: number;
  /** For α: the number of pairable values n··; otherwise the number of coder judgements used. */
  values: number;
  /** Why `value` is null, or a caveat a reader needs (e.g. "no variation: every value is 'absent'"). */
  note?: string;
}

export interface Interval {
  low: number;
  high: number;
  /** e.g. 0.95 */
  level: number;
  samples: number;
  seed: number;
}

/** A coder's coded range on one continuum. Code points, half-open [start, end). */
export interface Segment {
  coder: string;
  code: string;
  start: number;
  end: number;
}

/** One document as a continuum of `length` code points with every coder's segments on it. */
export interface Continuum {
  id: string;
  length: number;
  segments: readonly Segment[];
}
