/**
 * A seeded synthetic project for benchmarks and tests: the same arguments give the same units on
 * every machine, so training times and results can be compared across runs.
 *
 * Shaped like a coded corpus rather than random noise:
 * - sentences of about 25 words drawn from a Zipf-like vocabulary of pseudo-words (a few words are
 *   very common, most are rare), so the vocabulary cap and min-df matter as they do on real text;
 * - about half the sentences carry a code (≈ 20,000 codings over 40,000 sentences) and some carry
 *   two; code frequencies fall off with rank (the first codes are used far more than the last);
 * - a coded sentence contains two or three of its code's cue words or cue phrases, among fillers;
 *   some uncoded sentences contain a stray cue word; and 10 % of the labels are wrong (a code
 *   dropped or a random one added), as between real coders.
 */
import { randomInt, rngFor, type Rng } from "@/lib/sampling/prng";
import type { TrainingUnit } from "./types";

export type SyntheticProjectOptions = { documents: number; sentencesPerDocument: number; codes: number; seed: number };

const SYLLABLES = "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu".split(" ");
const FILLER_WORDS = 6_000;
const CUES_PER_CODE = 8;

/** The code ids `syntheticUnits` uses for `codes` codes: "code-01", "code-02", … */
export function syntheticCodeIds(codes: number): string[] {
  const width = String(codes).length;
  return Array.from({ length: codes }, (_, c) => `code-${String(c + 1).padStart(Math.max(2, width), "0")}`);
}

export function syntheticUnits(options: SyntheticProjectOptions): TrainingUnit[] {
  const { documents, sentencesPerDocument, codes, seed } = options;
  const words = rngFor(seed, "bench-data:words");
  const used = new Set<string>();
  const filler = Array.from({ length: FILLER_WORDS }, () => pseudoWord(words, used, 2));
  const cues = Array.from({ length: codes }, () => Array.from({ length: CUES_PER_CODE }, () => pseudoWord(words, used, 3)));
  const codeIds = syntheticCodeIds(codes);
  const codeWeights = codeIds.map((_, rank) => 1 / (rank + 1) ** 0.8);
  const totalWeight = codeWeights.reduce((a, b) => a + b, 0);

  const rng = rngFor(seed, "bench-data:sentences");
  const pickCode = (): number => {
    let u = rng() * totalWeight;
    for (let c = 0; c < codes; c++) if ((u -= codeWeights[c]!) < 0) return c;
    return codes - 1;
  };
  const units: TrainingUnit[] = [];
  for (let d = 0; d < documents; d++) {
    const documentId = `doc-${String(d + 1).padStart(5, "0")}`;
    let offset = 0;
    for (let s = 0; s < sentencesPerDocument; s++) {
      const sentence: string[] = [];
      const length = 18 + randomInt(rng, 12);
      for (let w = 0; w < length; w++) sentence.push(filler[Math.floor(FILLER_WORDS * rng() ** 3)]!);
      const trueCodes = new Set<number>();
      if (codes > 0 && rng() < 0.5) {
        trueCodes.add(pickCode());
        if (rng() < 0.15) trueCodes.add(pickCode());
      }
      for (const c of trueCodes) {
        const cueCount = 2 + randomInt(rng, 2);
        for (let k = 0; k < cueCount; k++) insertAt(sentence, rng, cues[c]![randomInt(rng, CUES_PER_CODE)]!);
        // Half the time a cue phrase: two of the code's words side by side (a bigram feature).
        if (rng() < 0.5) insertAt(sentence, rng, `${cues[c]![0]} ${cues[c]![1 + randomInt(rng, CUES_PER_CODE - 1)]}`);
      }
      if (codes > 0 && trueCodes.size === 0 && rng() < 0.1) insertAt(sentence, rng, cues[pickCode()]![randomInt(rng, CUES_PER_CODE)]!);
      const given = new Set(trueCodes);
      if (codes > 0 && rng() < 0.1) {
        const first = [...given][0];
        if (first !== undefined && rng() < 0.5) given.delete(first);
        else given.add(pickCode());
      }
      const text = `${capitalize(sentence.join(" "))}.`;
      const size = [...text].length;
      units.push({ documentId, start: offset, end: offset + size, text, codeIds: [...given].sort((a, b) => a - b).map((c) => codeIds[c]!) });
      offset += size + 1;
    }
  }
  return units;
}

function pseudoWord(rng: Rng, used: Set<string>, minSyllables: number): string {
  for (;;) {
    let word = "";
    const syllables = minSyllables + randomInt(rng, 3);
    for (let i = 0; i < syllables; i++) word += SYLLABLES[randomInt(rng, SYLLABLES.length)];
    if (!used.has(word)) {
      used.add(word);
      return word;
    }
  }
}

function insertAt(sentence: string[], rng: Rng, word: string): void {
  sentence.splice(randomInt(rng, sentence.length + 1), 0, word);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
