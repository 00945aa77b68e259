/**
 * The model as bytes, for a bytea column, and back — exactly: every float is stored at the width it
 * has in memory (weights and idf as float32, bias, threshold and options as float64), so a loaded
 * model scores bit-identically to the one that was trained.
 *
 * Layout (little-endian; "varint" = unsigned LEB128; "string" = varint byte length + UTF-8):
 *   "QCSM"  magic
 *   u8      model version (1)
 *   f64 seed, f64 holdoutShare, u32 epochs, f64 l2, u32 minDf, u32 maxFeatures
 *   varint  V, then V strings (the vocabulary), then V × f32 (idf)
 *   varint  number of codes, then per code: string codeId, f64 bias, f64 threshold, u8 encoding,
 *           and its V weights — encoding 0: V × f32; encoding 1 (when shorter): varint count of
 *           non-zero weights, then per weight varint gap from the previous index and f32 value.
 * Codes never trained (all weights +0) take a few bytes; a trained code takes 4 bytes per feature.
 */
import type { SuggesterCode, SuggesterModel } from "./types";

const MAGIC = [0x51, 0x43, 0x53, 0x4d]; // "QCSM"
const DENSE = 0;
const SPARSE = 1;
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder("utf-8", { fatal: true });

export function serializeModel(model: SuggesterModel): Uint8Array {
  const featureCount = model.vocabulary.length;
  if (model.idf.length !== featureCount) throw new RangeError("serializeModel: idf and vocabulary differ in length.");
  const out = new ByteWriter(64 + featureCount * (12 + 4 * model.codes.length));
  out.bytes(Uint8Array.from(MAGIC));
  out.u8(model.version);
  const { options } = model;
  out.f64(options.seed);
  out.f64(options.holdoutShare);
  out.u32(options.epochs);
  out.f64(options.l2);
  out.u32(options.minDf);
  out.u32(options.maxFeatures);
  out.varint(featureCount);
  for (const term of model.vocabulary) out.string(term);
  for (let f = 0; f < featureCount; f++) out.f32(model.idf[f]!);
  out.varint(model.codes.length);
  for (const code of model.codes) {
    if (code.weights.length !== featureCount) throw new RangeError(`serializeModel: code ${code.codeId} has ${code.weights.length} weights for ${featureCount} features.`);
    out.string(code.codeId);
    out.f64(code.bias);
    out.f64(code.threshold);
    writeWeights(out, code.weights);
  }
  return out.finish();
}

function writeWeights(out: ByteWriter, weights: Float32Array): void {
  let nonZero = 0;
  for (let f = 0; f < weights.length; f++) if (!Object.is(weights[f], 0)) nonZero++;
  // A sparse entry costs at most 5 + 4 bytes against 4 dense: sparse only when under ~40 % full.
  if (nonZero * 9 >= weights.length * 4) {
    out.u8(DENSE);
    for (let f = 0; f < weights.length; f++) out.f32(weights[f]!);
    return;
  }
  out.u8(SPARSE);
  out.varint(nonZero);
  let previous = 0;
  for (let f = 0; f < weights.length; f++) {
    if (Object.is(weights[f], 0)) continue;
    out.varint(f - previous);
    out.f32(weights[f]!);
    previous = f;
  }
}

export function deserializeModel(bytes: Uint8Array): SuggesterModel {
  const input = new ByteReader(bytes);
  for (const byte of MAGIC) if (input.u8() !== byte) throw new Error("deserializeModel: these bytes are not a suggester model (bad magic).");
  const version = input.u8();
  if (version !== 1) throw new Error(`deserializeModel: model version ${version} is not supported (this build reads version 1).`);
  const options = {
    seed: input.f64(),
    holdoutShare: input.f64(),
    epochs: input.u32(),
    l2: input.f64(),
    minDf: input.u32(),
    maxFeatures: input.u32(),
  };
  const featureCount = input.varint();
  const vocabulary: string[] = [];
  for (let f = 0; f < featureCount; f++) vocabulary.push(input.string());
  const idf = new Float32Array(featureCount);
  for (let f = 0; f < featureCount; f++) idf[f] = input.f32();
  const codeCount = input.varint();
  const codes: SuggesterCode[] = [];
  for (let c = 0; c < codeCount; c++) {
    const codeId = input.string();
    const bias = input.f64();
    const threshold = input.f64();
    codes.push({ codeId, bias, threshold, weights: readWeights(input, featureCount) });
  }
  if (!input.atEnd()) throw new Error("deserializeModel: trailing bytes after the model.");
  return { version: 1, vocabulary, idf, codes, options };
}

function readWeights(input: ByteReader, featureCount: number): Float32Array {
  const weights = new Float32Array(featureCount);
  const encoding = input.u8();
  if (encoding === DENSE) {
    for (let f = 0; f < featureCount; f++) weights[f] = input.f32();
  } else if (encoding === SPARSE) {
    const count = input.varint();
    let f = 0;
    for (let k = 0; k < count; k++) {
      f += input.varint();
      if (f >= featureCount) throw new Error("deserializeModel: a weight index is out of range.");
      weights[f] = input.f32();
    }
  } else {
    throw new Error(`deserializeModel: unknown weight encoding ${encoding}.`);
  }
  return weights;
}

class ByteWriter {
  private buffer: Uint8Array;
  private view: DataView;
  private size = 0;
  constructor(capacity: number) {
    this.buffer = new Uint8Array(Math.max(64, capacity));
    this.view = new DataView(this.buffer.buffer);
  }
  private reserve(n: number): number {
    if (this.size + n > this.buffer.length) {
      const bigger = new Uint8Array(Math.max(this.buffer.length * 2, this.size + n));
      bigger.set(this.buffer.subarray(0, this.size));
      this.buffer = bigger;
      this.view = new DataView(bigger.buffer);
    }
    const at = this.size;
    this.size += n;
    return at;
  }
  // `reserve` may swap the buffer, so it is called before the view is read.
  u8(value: number): void {
    const at = this.reserve(1);
    this.view.setUint8(at, value);
  }
  u32(value: number): void {
    const at = this.reserve(4);
    this.view.setUint32(at, value, true);
  }
  f32(value: number): void {
    const at = this.reserve(4);
    this.view.setFloat32(at, value, true);
  }
  f64(value: number): void {
    const at = this.reserve(8);
    this.view.setFloat64(at, value, true);
  }
  bytes(value: Uint8Array): void {
    const at = this.reserve(value.length);
    this.buffer.set(value, at);
  }
  varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`serializeModel: ${value} is not a count.`);
    let rest = value;
    while (rest >= 0x80) {
      this.u8((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.u8(rest);
  }
  string(value: string): void {
    const encoded = utf8.encode(value);
    this.varint(encoded.length);
    this.bytes(encoded);
  }
  finish(): Uint8Array {
    return this.buffer.slice(0, this.size);
  }
}

class ByteReader {
  private at = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private take(n: number): number {
    if (this.at + n > this.bytes.length) throw new Error(`deserializeModel: the model bytes end early (at byte ${this.at} of ${this.bytes.length}).`);
    const at = this.at;
    this.at += n;
    return at;
  }
  u8(): number {
    return this.view.getUint8(this.take(1));
  }
  u32(): number {
    return this.view.getUint32(this.take(4), true);
  }
  f32(): number {
    return this.view.getFloat32(this.take(4), true);
  }
  f64(): number {
    return this.view.getFloat64(this.take(8), true);
  }
  varint(): number {
    let value = 0;
    let factor = 1;
    for (;;) {
      const byte = this.u8();
      value += (byte & 0x7f) * factor;
      if (byte < 0x80) break;
      factor *= 0x80;
      if (factor > 2 ** 49) throw new Error("deserializeModel: a length is too long.");
    }
    return value;
  }
  string(): string {
    const length = this.varint();
    const at = this.take(length);
    return fromUtf8.decode(this.bytes.subarray(at, at + length));
  }
  atEnd(): boolean {
    return this.at === this.bytes.length;
  }
}
