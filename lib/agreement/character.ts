import { intersectionLength, mergeRanges, totalLength } from "./ranges";
import type { Continuum, Estimate } from "./types";

export type CharacterTable = { both: number; onlyFirst: number; onlySecond: number; neither: number };
export type CharacterFigures = { percent: number | null; kappa: Estimate; characters: number };
export type CharacterAgreement = {
  table: CharacterTable;
  /** Every character of the documents counts, coded or not (NVivo's coding comparison). */
  includingUncoded: CharacterFigures;
  /** Only characters at least one coder coded with the code. */
  excludingUncoded: CharacterFigures;
};

/**
 * Character-level agreement on one code between two coders, as NVivo's coding comparison query
 * and QualCoder's coder comparison define it: every character of every document is coded or not
 * coded with the code by each coder (overlapping codings of the same code count once), and the
 * 2×2 table of characters is pooled over the documents.
 *
 *   percent = (both + neither) / N;   κ = (p_o − p_e) / (1 − p_e),
 *   p_e = p₁ p₂ + (1 − p₁)(1 − p₂),   p₁ = (both + onlyFirst) / N,  p₂ = (both + onlySecond) / N
 *
 * NVivo computes both figures over all characters of a source ("including uncoded"); reviewers
 * often ask for the figures without the characters neither coder touched, which are the same
 * formulas with neither = 0 and N = both + onlyFirst + onlySecond ("excluding uncoded"). Without
 * that cell, chance agreement is high and κ is usually near or below zero: it is shown because it
 * is asked for, labelled, not because it is a good measure.
 *
 * Works on ranges (sort, merge, two-pointer intersection), never on characters, so a 1 MB
 * document costs as much as its codings.
 */
export function characterAgreement(continua: readonly Continuum[], opts: { coders: [string, string]; code: string }): CharacterAgreement {
  const [first, second] = opts.coders;
  const table: CharacterTable = { both: 0, onlyFirst: 0, onlySecond: 0, neither: 0 };
  for (const continuum of continua) {
    const of = (coder: string) => mergeRanges(continuum.segments.filter((s) => s.coder === coder && s.code === opts.code).map((s) => ({ start: Math.max(0, s.start), end: Math.min(continuum.length, s.end) })));
    const a = of(first);
    const b = of(second);
    const both = intersectionLength(a, b);
    const lengthA = totalLength(a);
    const lengthB = totalLength(b);
    table.both += both;
    table.onlyFirst += lengthA - both;
    table.onlySecond += lengthB - both;
    table.neither += continuum.length - (lengthA + lengthB - both);
  }
  return {
    table,
    includingUncoded: figures(table),
    excludingUncoded: figures({ ...table, neither: 0 }),
  };
}

function figures({ both, onlyFirst, onlySecond, neither }: CharacterTable): CharacterFigures {
  const n = both + onlyFirst + onlySecond + neither;
  if (n === 0) return { percent: null, kappa: { value: null, units: 0, values: 0, note: "no characters to compare" }, characters: 0 };
  const po = (both + neither) / n;
  const p1 = (both + onlyFirst) / n;
  const p2 = (both + onlySecond) / n;
  const pe = p1 * p2 + (1 - p1) * (1 - p2);
  const kappa: Estimate =
    pe === 1
      ? { value: null, units: n, values: 2 * n, note: "no variation: the characters are all coded, or all uncoded, by both coders" }
      : { value: (po - pe) / (1 - pe), units: n, values: 2 * n };
  return { percent: po, kappa, characters: n };
}
