/**
 * A synthetic but realistic coded project for the learning test: news-style sentences about
 * diplomatic relations, coded with "pressure", "sovereignty claim" and "reward" as a team of
 * coders would, including their mistakes.
 *
 * What makes it more than a toy:
 * - several templates per code with varied slots (actors, targets, demands, issues, times), so no
 *   single sentence repeats and the model must pick up cue words and phrases, not whole sentences;
 * - about half the sentences are uncoded, and some of those use a code's words innocently
 *   ("the aid agency published its statistics", "conditions at the border were calm");
 * - mixed sentences carry two codes ("a trade deal on condition that…" is reward and pressure);
 * - documents differ in their mix (one is mostly pressure, another mostly reward);
 * - 10 % label noise: a code left off, or a wrong one added.
 */
import { randomInt, rngFor, type Rng } from "@/lib/sampling/prng";
import type { TrainingUnit } from "./types";

export const PRESSURE = "pressure";
export const SOVEREIGNTY = "sovereignty claim";
export const REWARD = "reward";
export const TEST_CODES = [PRESSURE, SOVEREIGNTY, REWARD] as const;

const slots: Record<string, readonly string[]> = {
  actor: ["The European Commission", "Washington", "Brussels", "The German government", "The IMF", "Beijing", "Moscow", "The French president", "The council", "The US envoy"],
  target: ["Hungary", "Poland", "Serbia", "Turkey", "the government", "Belgrade", "Ankara", "Warsaw", "Budapest", "the coalition"],
  action: ["reform its judiciary", "release the detained journalists", "hold new elections", "change the media law", "stop the construction", "open the border", "drop the bill"],
  issue: ["the rule of law", "press freedom", "migration", "the judiciary", "minority rights", "the energy sector", "corruption", "the pipeline", "public procurement"],
  time: ["on Monday", "last week", "this morning", "in March", "yesterday", "on Friday", "after the summit"],
  city: ["Vienna", "Geneva", "Brussels", "Luxembourg", "Strasbourg", "Prague"],
  opener: ["", "", "", "Meanwhile, ", "According to officials, ", "On Tuesday, ", "In a statement, ", "Once again, "],
};

type Template = { text: string; codes: readonly string[] };
const t = (text: string, ...codes: string[]): Template => ({ text, codes });

const PRESSURE_TEMPLATES = [
  t("{actor} demanded that {target} {action} {time}.", PRESSURE),
  t("{actor} threatened sanctions if {target} did not {action}.", PRESSURE),
  t("{actor} sharply criticised {target} over {issue}.", PRESSURE),
  t("{actor} warned {target} that further backsliding on {issue} would have consequences.", PRESSURE),
  t("{actor} imposed new sanctions on {target} over {issue}.", PRESSURE),
  t("Funds for {target} remain frozen until the conditions on {issue} are met, {actor} said.", PRESSURE),
  t("{actor} criticised the decision and demanded an explanation {time}.", PRESSURE),
];
const SOVEREIGNTY_TEMPLATES = [
  t("{target} rejected any interference in its internal affairs.", SOVEREIGNTY),
  t("{target} said that {issue} is a matter of national sovereignty.", SOVEREIGNTY),
  t("No foreign capital may dictate to {target} on {issue}, the minister insisted.", SOVEREIGNTY),
  t("{target} will not accept outside interference, a spokesperson said {time}.", SOVEREIGNTY),
  t("These are our internal affairs and we alone decide on {issue}, the prime minister said.", SOVEREIGNTY),
  t("{target} insisted on its sovereign right to decide on {issue}.", SOVEREIGNTY),
];
const REWARD_TEMPLATES = [
  t("{actor} offered {target} a new trade deal {time}.", REWARD),
  t("{actor} pledged additional aid for {issue}.", REWARD),
  t("The partnership between {actor} and {target} will be deepened, both sides said.", REWARD),
  t("{actor} promised investment and a closer partnership with {target}.", REWARD),
  t("{actor} announced an aid package for {target} {time}.", REWARD),
  t("A trade deal would open new markets for {target}, {actor} said.", REWARD),
];
const MIXED_TEMPLATES = [
  t("{actor} demanded reforms, but {target} rejected the interference in its internal affairs.", PRESSURE, SOVEREIGNTY),
  t("{actor} offered a trade deal on the condition that {target} {action}.", PRESSURE, REWARD),
  t("{target} welcomed the aid but said {issue} remains a question of sovereignty.", REWARD, SOVEREIGNTY),
];
const NEUTRAL_TEMPLATES = [
  t("The meeting took place in {city} {time}."),
  t("{actor} and {target} discussed {issue} at length."),
  t("Journalists gathered outside the ministry in {city}."),
  t("The report on {issue} was published {time}."),
  t("Officials from {target} travelled to {city} for talks."),
  t("The talks covered {issue} and regional security."),
  t("The delegation arrived in {city} {time}."),
  // Innocent uses of the codes' words: the model must not code on one word alone.
  t("The aid agency in {city} released its annual statistics."),
  t("Trade figures for the quarter were published {time}."),
  t("Weather conditions in {city} delayed the flights."),
  t("A conference on {issue} and sovereignty in international law opened in {city}."),
];

function fill(rng: Rng, template: string): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    const choices = slots[slot]!;
    return choices[randomInt(rng, choices.length)]!;
  });
}

function capitalizeFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function syntheticCodedProject(seed: number, documents = 60, sentencesPerDocument = 30, labelNoise = 0.1): TrainingUnit[] {
  const rng = rngFor(seed, "suggester-test:project");
  const units: TrainingUnit[] = [];
  for (let d = 0; d < documents; d++) {
    // Each document leans towards one kind of sentence, as real sources do.
    const lean = [1, 1, 1].map(() => 0.5 + rng());
    const weights = [0.18 * lean[0]!, 0.12 * lean[1]!, 0.12 * lean[2]!, 0.06, 0.52];
    const groups = [PRESSURE_TEMPLATES, SOVEREIGNTY_TEMPLATES, REWARD_TEMPLATES, MIXED_TEMPLATES, NEUTRAL_TEMPLATES];
    const total = weights.reduce((a, b) => a + b, 0);
    let offset = 0;
    for (let s = 0; s < sentencesPerDocument; s++) {
      let u = rng() * total;
      let g = 0;
      while (g < groups.length - 1 && (u -= weights[g]!) >= 0) g++;
      const templates = groups[g]!;
      const template = templates[randomInt(rng, templates.length)]!;
      const opener = slots.opener![randomInt(rng, slots.opener!.length)]!;
      const body = fill(rng, template.text);
      const text = opener ? opener + body.charAt(0).toLowerCase() + body.slice(1) : capitalizeFirst(body);
      const codes = new Set(template.codes);
      if (rng() < labelNoise) {
        const present = [...codes];
        if (present.length > 0 && rng() < 0.6) codes.delete(present[randomInt(rng, present.length)]!);
        else codes.add(TEST_CODES[randomInt(rng, TEST_CODES.length)]!);
      }
      const length = [...text].length;
      units.push({ documentId: `doc-${String(d).padStart(3, "0")}`, start: offset, end: offset + length, text, codeIds: [...codes] });
      offset += length + 1;
    }
  }
  return units;
}
