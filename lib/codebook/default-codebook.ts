/**
 * The codebook every new project starts with (docs/domain.md): the three mechanisms the first
 * users study in treaty ratification. Editable like any other code once seeded.
 */
export type CodeSeed = {
  name: string;
  color: string;
  definition: string;
  include: string;
  exclude: string;
  examples: string;
};

export const DEFAULT_CODEBOOK: readonly CodeSeed[] = [
  {
    name: "pressure",
    color: "#e03131",
    definition:
      "Demands, criticism, conditions or coercion from outside actors aimed at a state's human-rights conduct.",
    include:
      "Foreign legislatures' bills and resolutions, governments' statements and reports, conditions attached to trade, aid or partnership, UN and NGO criticism, requests to change domestic law.",
    exclude:
      "Offers of cooperation with no demand attached (→ reward); the state's own answer to criticism (→ sovereignty claim).",
    examples: "",
  },
  {
    name: "sovereignty claim",
    color: "#1c7ed6",
    definition:
      "The state, or actors speaking for it, asserting that human rights fall under its own jurisdiction and that outside involvement is interference.",
    include:
      "\"Cannot be imposed from one country to another\", \"hostile forces\", \"peaceful evolution\", non-interference, independence and sovereignty as the precondition of rights, rejecting criticism as slander.",
    exclude: "Neutral descriptions of sovereignty as a theory (code only claims made by or for an actor).",
    examples: "",
  },
  {
    name: "reward",
    color: "#2f9e44",
    definition:
      "Tangible or intangible benefits a state expects from ratifying, complying or cooperating on human rights.",
    include:
      "Trade deals, partnership upgrades, aid, security ties, legitimacy and reputation, seats on international bodies, support against criticism.",
    exclude: "Benefits mentioned with no link to human-rights conduct.",
    examples: "",
  },
];

/** Colours offered for new codes: distinguishable, readable as highlights on white. */
export const CODE_PALETTE = [
  "#e03131", "#1c7ed6", "#2f9e44", "#f08c00", "#9c36b5", "#0c8599",
  "#c2255c", "#5c940d", "#3b5bdb", "#e8590c", "#6741d9", "#087f5b",
] as const;

export function nextPaletteColor(used: readonly string[]): string {
  const free = CODE_PALETTE.find((c) => !used.includes(c));
  return free ?? CODE_PALETTE[used.length % CODE_PALETTE.length]!;
}
