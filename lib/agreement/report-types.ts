import type { Estimate, Interval } from "./types";
import type { AgreementCoding, AgreementDocument, UnitKind } from "./units";

export const MEASURES = ["percent", "cohen", "fleiss", "brennan-prediger", "alpha", "character", "segment-overlap", "unitized"] as const;
export type Measure = (typeof MEASURES)[number];

export const MEASURE_LABELS: Record<Measure, string> = {
  percent: "Percent agreement (units)",
  cohen: "Cohen's κ (units, two coders)",
  fleiss: "Fleiss' κ (units)",
  "brennan-prediger": "Brennan–Prediger κ (units)",
  alpha: "Krippendorff's α, nominal (units)",
  character: "Character level (NVivo/QualCoder)",
  "segment-overlap": "Segment overlap (MAXQDA)",
  unitized: "Unitized α (Krippendorff)",
};

/** A coder as the report knows them: a user id, or "consensus" for the consensus layer. */
export type ReportCoder = { key: string; name: string };
export type ReportCode = { id: string; name: string };

export type AgreementInput = {
  documents: readonly AgreementDocument[];
  coders: readonly ReportCoder[];
  codes: readonly ReportCode[];
  codings: readonly AgreementCoding[];
  /** Per coder key: the documents they coded (any coding in their layer, or a completed assignment). */
  codedDocuments: ReadonlyMap<string, ReadonlySet<string>>;
};

export type AgreementParams = {
  unit: UnitKind;
  measures: readonly Measure[];
  /** Segment overlap: share of the union two codings must share (MAXQDA's default 90 %). */
  threshold: number;
  /** Bootstrap seed and number of resamples for α's confidence interval. */
  seed: number;
  bootstrapSamples: number;
};

export const DEFAULT_PARAMS: AgreementParams = { unit: "paragraph", measures: MEASURES, threshold: 0.9, seed: 20_250_101, bootstrapSamples: 1000 };

/** One figure: a measure (and its variant, e.g. "including uncoded") for one code, or pooled. */
export type ReportRow = {
  codeId: string | null;
  codeName: string;
  measure: Measure;
  /** e.g. "κ, including uncoded characters", "|uα (alpha-binary)". */
  statistic: string;
  value: number | null;
  ci: Pick<Interval, "low" | "high" | "level"> | null;
  /** What the figure rests on: units, characters or segments, and how many. */
  n: number;
  nLabel: string;
  note?: string;
};

export type PairFigure = { coders: [string, string]; percent: number | null; kappa: number | null; alpha: number | null; units: number };
export type DocumentFigure = { documentId: string; title: string; units: number; alpha: number | null; perCode: Record<string, number | null>; disagreements: number };

export type AgreementReport = {
  version: 1;
  params: AgreementParams;
  coders: ReportCoder[];
  codes: ReportCode[];
  documents: { id: string; title: string }[];
  /** SHA-256 of the units and codings the figures were computed from (see dataHash). */
  dataHash: string;
  units: number;
  codings: number;
  rows: ReportRow[];
  pairs: PairFigure[];
  perDocument: DocumentFigure[];
  /** Units where the coders' values differ, per code id ("" = pooled codebook categories). */
  disagreementCounts: Record<string, number>;
  notes: string[];
};

export type { Estimate };
