import { allocate, type StratumAllocation } from "./allocate";
import { compareIds, fnv1a32, normalizeSeed, rngFor, shuffle } from "./prng";

/**
 * Reproducible double-coding samples: which documents, and which coders code each.
 *
 * The rule, stated so a methods section can cite it and anyone can redraw it:
 * 1. Size. With `count`, n = count. With `share` s in (0, 1], n = round(s · N) (halves round
 *    up), and at least 1: a sample of a non-empty set is never empty.
 * 2. Strata. Unstratified, all documents form one stratum. Stratified (by source type or an
 *    attribute value), n is split among strata by largest remainder, every stratum getting at
 *    least one document when n allows it (see `allocate`).
 * 3. Documents. Within each stratum, its documents sorted by id are shuffled (Fisher–Yates,
 *    stream "stratum:<name>") and the first ones taken. Input order therefore does not matter.
 * 4. Coders. Documents are taken in order (strata by name, then drawn order); each gets
 *    `codersPerDocument` distinct coders, one at a time: the least-loaded coder so far, then
 *    the one paired least often with those already chosen for this document (so pairs vary),
 *    then a seeded priority (stream "coders"). Loads never differ by more than one.
 * Every stream is mulberry32 seeded with FNV-1a of seed and stream name (see ./prng).
 */

export type SampleDocument = { id: string; stratum?: string | null };

export type SampleInput = {
  documents: readonly SampleDocument[];
  /** Exactly one of `share` (0 < share ≤ 1) and `count` (1 ≤ count ≤ N). */
  share?: number;
  count?: number;
  seed: string | number;
  stratify: boolean;
  /** At least 2 (a double-coding sample) and at most the number of coders. */
  codersPerDocument: number;
  /** User ids. */
  coders: readonly string[];
};

export type DrawnDocument = { id: string; stratum: string; coders: string[] };

export type SampleDraw = {
  seed: string;
  /** Documents to draw from (N) and drawn (n). */
  population: number;
  size: number;
  strata: StratumAllocation[];
  documents: DrawnDocument[];
  /** Documents per coder, for every coder given (0 when none). */
  workload: Record<string, number>;
};

/** Input the draw cannot use; the message is written for the person who chose the numbers. */
export class SampleInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SampleInputError";
  }
}

/** The stratum of documents with no value (stratified by an attribute some lack). */
export const NO_STRATUM = "";
const ALL = "all";

/** round(x), halves up, robust to 0.15 · 10 = 1.4999999999999998 in binary floating point. */
function roundHalfUp(x: number): number {
  return Math.floor(x + 0.5 + 1e-9);
}

/** The sample size for a share or count of `population` documents (rule 1). */
export function sampleSize(population: number, { share, count }: { share?: number; count?: number }): number {
  if ((share === undefined) === (count === undefined)) throw new SampleInputError("Give either a share or a number of documents.");
  if (population === 0) throw new SampleInputError("There are no documents to draw from.");
  if (count !== undefined) {
    if (!Number.isInteger(count) || count < 1) throw new SampleInputError("The number of documents must be a whole number of at least 1.");
    if (count > population) throw new SampleInputError(`The sample cannot have more than the ${population} documents there are.`);
    return count;
  }
  if (!(share! > 0 && share! <= 1)) throw new SampleInputError("The share must be more than 0 % and at most 100 %.");
  return Math.min(population, Math.max(1, roundHalfUp(share! * population)));
}

export function drawSample(input: SampleInput): SampleDraw {
  const seed = normalizeSeed(input.seed);
  if (!seed) throw new SampleInputError("Give a seed: the same seed draws the same sample.");
  const ids = new Set<string>();
  for (const d of input.documents) {
    if (ids.has(d.id)) throw new SampleInputError(`Document ${d.id} is listed twice.`);
    ids.add(d.id);
  }
  const coders = [...new Set(input.coders)].sort(compareIds);
  if (coders.length !== input.coders.length) throw new SampleInputError("A coder is listed twice.");
  const k = input.codersPerDocument;
  if (!Number.isInteger(k) || k < 2) throw new SampleInputError("A double-coding sample needs at least 2 coders per document.");
  if (k > coders.length) throw new SampleInputError(`${k} coders per document needs at least ${k} coders; ${coders.length === 1 ? "1 is" : `${coders.length} are`} chosen.`);

  const n = sampleSize(input.documents.length, input);
  const groups = new Map<string, string[]>();
  for (const d of input.documents) {
    const key = input.stratify ? (d.stratum ?? NO_STRATUM) : ALL;
    const list = groups.get(key) ?? [];
    list.push(d.id);
    groups.set(key, list);
  }
  const strata = allocate(
    [...groups].map(([stratum, list]) => ({ stratum, size: list.length })),
    n,
    rngFor(seed, "strata"),
    { atLeastOne: input.stratify },
  );

  const chosen: { id: string; stratum: string }[] = [];
  for (const { stratum, drawn } of strata) {
    const members = groups.get(stratum)!.sort(compareIds);
    for (const id of shuffle(members, rngFor(seed, `stratum:${stratum}`)).slice(0, drawn)) chosen.push({ id, stratum });
  }

  const { assigned, workload } = assignCoders(chosen.length, coders, k, seed);
  return {
    seed,
    population: input.documents.length,
    size: n,
    strata,
    documents: chosen.map((d, i) => ({ ...d, coders: assigned[i]! })),
    workload,
  };
}

/** Rule 4: `k` distinct coders for each of `count` documents, loads balanced to within one. */
function assignCoders(count: number, coders: string[], k: number, seed: string) {
  const rng = rngFor(seed, "coders");
  const load = new Map(coders.map((c) => [c, 0]));
  const pairs = new Map<string, number>();
  const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const assigned: string[][] = [];
  for (let i = 0; i < count; i++) {
    const priority = new Map(coders.map((c) => [c, rng()]));
    const picked: string[] = [];
    for (let j = 0; j < k; j++) {
      const paired = (c: string) => picked.reduce((sum, p) => sum + (pairs.get(pairKey(c, p)) ?? 0), 0);
      const next = coders
        .filter((c) => !picked.includes(c))
        .sort((a, b) => load.get(a)! - load.get(b)! || paired(a) - paired(b) || priority.get(a)! - priority.get(b)!)[0]!;
      picked.push(next);
    }
    for (const c of picked) load.set(c, load.get(c)! + 1);
    for (let a = 0; a < picked.length; a++) {
      for (let b = a + 1; b < picked.length; b++) {
        const key = pairKey(picked[a]!, picked[b]!);
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
    assigned.push(picked.sort(compareIds));
  }
  return { assigned, workload: Object.fromEntries(load) };
}

/**
 * A short fingerprint of what a draw assigns (documents and their coders), so applying a
 * previewed sample can check that nothing changed in between.
 */
export function drawFingerprint(draw: Pick<SampleDraw, "documents">): string {
  const text = draw.documents.map((d) => `${d.id}:${d.coders.join(",")}`).join(";");
  return fnv1a32(text).toString(16).padStart(8, "0");
}

function formatPercent(share: number): string {
  return `${Number((share * 100).toFixed(2))} %`;
}

/**
 * The name stored on every assignment a sample creates, so it can be recognised later:
 * "Sample 20 % · seed 42 · by source type".
 */
export function sampleLabel({ share, count, seed, stratifiedBy }: { share?: number; count?: number; seed: string | number; stratifiedBy?: string | null }): string {
  const size = count !== undefined ? `${count} document${count === 1 ? "" : "s"}` : formatPercent(share ?? 0);
  return [`Sample ${size}`, `seed ${normalizeSeed(seed)}`, ...(stratifiedBy ? [`by ${stratifiedBy}`] : [])].join(" · ");
}
