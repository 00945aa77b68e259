import type { ReliabilityMatrix, Value } from "./types";

/**
 * Published reliability data with the coefficients their sources print, in the shapes the
 * sources use, and the converters to units × coders. The unit tests check the calculators
 * against them; anyone doubting a figure can rerun them. Each set names where it was checked.
 */

/** Coders as rows, as the papers print reliability data → units × coders. */
export function fromCoderRows(coders: readonly (readonly (Value | null)[])[]): (Value | null)[][] {
  return coders[0]!.map((_, unit) => coders.map((row) => row[unit]!));
}

/** A two-coder contingency table (rows: first coder, columns: second) → units × 2 coders. */
export function fromContingency(table: readonly (readonly number[])[], categories: readonly Value[]): Value[][] {
  return table.flatMap((row, i) => row.flatMap((count, j) => Array.from({ length: count }, () => [categories[i]!, categories[j]!])));
}

/** Fleiss-style counts (units × categories: how many raters chose it) → one row of ratings per unit. */
export function fromCategoryCounts(counts: readonly (readonly number[])[], categories: readonly Value[]): Value[][] {
  return counts.map((row) => row.flatMap((n, j) => Array<Value>(n).fill(categories[j]!)));
}

/**
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with four
 * observers, twelve units, values 1–5 and missing data (reproduced in Krippendorff 2004/2019,
 * Content Analysis, ch. 12, and in the irr R package's kripp.alpha help). Printed: nominal .743,
 * ordinal .815, interval .849, ratio .797; n·· = 40 pairable values (unit 12 has one value),
 * coincidence totals n_c = 9, 13, 10, 5, 3 for the values 1–5.
 */
export const KRIPPENDORFF_2011_MISSING: ReliabilityMatrix = fromCoderRows([
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
]);

/** Krippendorff (2011), binary data, two observers, ten units, no missing data: α = .095. */
export const KRIPPENDORFF_2011_BINARY: ReliabilityMatrix = fromCoderRows([
  [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
  [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
]);

/** Krippendorff (2011), nominal data, two observers (Ben, Gerry), twelve units, values a–e: α = .692. */
export const KRIPPENDORFF_2011_TWO_OBSERVERS: ReliabilityMatrix = fromCoderRows([
  ["a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"],
  ["b", "a", "b", "b", "b", "c", "c", "c", "e", "d", "d", "d"],
]);

/**
 * Wikipedia, "Krippendorff's alpha", the computational example: three coders, fifteen units,
 * values 1–4 with many missing. α nominal = 0.691, interval = 0.811 (0.691358 and 0.810845 in
 * the tests of the `krippendorff` Python package, pln-fing-udelar/fast-krippendorff).
 */
export const WIKIPEDIA_ALPHA_EXAMPLE: ReliabilityMatrix = fromCoderRows([
  [null, null, null, null, null, 3, 4, 1, 2, 1, 1, 3, 3, null, 3],
  [1, null, 2, 1, 3, 3, 4, 3, null, null, null, null, null, null, null],
  [null, null, 2, 1, 3, 4, 4, null, 2, 1, 1, 3, 3, null, 4],
]);

/**
 * Artstein & Poesio (2008), "Inter-Coder Agreement for Computational Linguistics",
 * Computational Linguistics 34(4): two coders, 100 utterances, categories STAT, IREQ, CHCK
 * (rows: coder A, columns: coder B). A_o = 0.88, π = 0.7995, S = 0.82 as printed there; Cohen's
 * κ = 0.8013 and α = 0.8005 as NLTK's AnnotationTask computes them on the same data
 * (nltk/metrics/artstein_poesio_example.txt).
 */
export const ARTSTEIN_POESIO: ReliabilityMatrix = fromContingency(
  [
    [46, 0, 0],
    [6, 32, 6],
    [0, 0, 10],
  ],
  ["stat", "ireq", "chck"],
);

/**
 * Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories; κ = 0.210
 * (also asserted by statsmodels' test_inter_rater.py). Counts per subject and category.
 */
export const WIKIPEDIA_FLEISS_COUNTS = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

/**
 * Fleiss (1971), Table 1: psychiatric diagnoses of 30 patients by 6 psychiatrists each
 * (1 depression, 2 personality disorder, 3 schizophrenia, 4 neurosis, 5 other); κ = .430.
 * The ratings are the R irr package's `diagnoses` data set as copied into statsmodels'
 * test_inter_rater.py, where kappam.fleiss gives 0.4302445 and the category totals are
 * 26, 26, 30, 55, 43.
 */
export const FLEISS_1971_DIAGNOSES: ReliabilityMatrix = [
  [4, 4, 4, 4, 4, 4],
  [2, 2, 2, 5, 5, 5],
  [2, 3, 3, 3, 3, 5],
  [5, 5, 5, 5, 5, 5],
  [2, 2, 2, 4, 4, 4],
  [1, 1, 3, 3, 3, 3],
  [3, 3, 3, 3, 5, 5],
  [1, 1, 3, 3, 3, 4],
  [1, 1, 4, 4, 4, 4],
  [5, 5, 5, 5, 5, 5],
  [1, 4, 4, 4, 4, 4],
  [1, 2, 4, 4, 4, 4],
  [2, 2, 2, 3, 3, 3],
  [1, 4, 4, 4, 4, 4],
  [2, 2, 4, 4, 4, 5],
  [3, 3, 3, 3, 3, 5],
  [1, 1, 1, 4, 5, 5],
  [1, 1, 1, 1, 1, 2],
  [2, 2, 4, 4, 4, 4],
  [1, 3, 3, 5, 5, 5],
  [5, 5, 5, 5, 5, 5],
  [2, 4, 4, 4, 4, 4],
  [2, 2, 4, 5, 5, 5],
  [1, 1, 4, 4, 4, 4],
  [1, 4, 4, 4, 4, 5],
  [2, 2, 2, 2, 2, 4],
  [1, 1, 1, 1, 5, 5],
  [2, 2, 4, 4, 4, 4],
  [1, 3, 3, 3, 3, 3],
  [5, 5, 5, 5, 5, 5],
];
