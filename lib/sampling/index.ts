export { allocate, type StratumAllocation, type StratumSize } from "./allocate";
export {
  drawFingerprint,
  drawSample,
  NO_STRATUM,
  SampleInputError,
  sampleLabel,
  sampleSize,
  type DrawnDocument,
  type SampleDocument,
  type SampleDraw,
  type SampleInput,
} from "./draw";
export { compareIds, fnv1a32, mulberry32, normalizeSeed, randomInt, rngFor, shuffle, type Rng } from "./prng";
