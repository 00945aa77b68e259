import fc from "fast-check";
import type { RouteCall } from "./recipe";

/**
 * Arbitraries for fuzzing the JSON API: start from a valid request (a matrix recipe) and break
 * it in one to three ways — a field, a path parameter or a query parameter set to a random or
 * boundary value, a field dropped or added, the whole body replaced, a malformed or huge body,
 * a wrong content type or Authorization header.
 */
export type FuzzRequest = RouteCall & { rawBody?: string; token?: string | null; note: string[] };

/** 3 MB, over the API's 2 MB JSON limit. Built once: a fresh one per run would dominate the run time. */
const HUGE = "x".repeat(3 * 1024 * 1024);
const LARGE_UNICODE = "Ωμέγα 漢字 🧪 \u0301e\u200b".repeat(20_000);

/** Query keys the API reads somewhere, so random values reach real parsers. */
export const QUERY_KEYS = [
  "kind", "format", "layer", "q", "mode", "documents", "codes", "coders", "limit", "offset", "before", "after", "documentId",
  "codeId", "coderId", "segments", "duplicates", "dehyphenate", "sort", "direction", "search", "sourceType", "threshold",
  "seed", "samples", "measure", "unit", "rollup", "normalise", "by", "period", "chart", "attribute", "value", "entityType",
  "type", "actorId", "codings", "targetCodeId", "case", "attr.Wave", "attr.", "limit",
];

/** Body fields the API's schemas read somewhere (lib/validation), so a field a recipe leaves out is fuzzed too. */
export const BODY_KEYS = [
  "attribute", "attributes", "author", "case", "choices", "codeId", "codersPerDocument", "color", "count", "definition", "description",
  "documentId", "documentIds", "documents", "email", "end", "examples", "exclude", "extent", "hits", "include", "language", "memo",
  "mode", "name", "parentId", "position", "preview", "publishedOn", "q", "revealed", "role", "sample", "seed", "share", "sourceType",
  "start", "stratifyBy", "text", "title", "type", "url", "userIds", "value", "version",
];

const BOUNDARY_STRINGS = [
  "", " ", "0", "-1", "1", "1.5", "1e309", "-1e309", "NaN", "Infinity", "-0", "0x10", "1e3", " 7 ", "null", "undefined", "true",
  "[]", "{}", "%00", "%E0%A4%A", "\u0000", "\uFEFF", "\uD800", "../../etc/passwd", "'; drop table codings; --", "<script>alert(1)</script>",
  "a\u0000b", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "00000000-0000-4000-8000-00000000000g",
  "9".repeat(40), "2147483648", "9223372036854775808", "-2147483649", "１２３", "١٢٣", "𝟙𝟚𝟛", "consensus", "all", "both", "sample",
  "code-attribute", "regex", "(a+)+$", "[", "\\", "*", "a".repeat(1001), "a,".repeat(5000),
];

const BOUNDARY_NUMBERS = [0, -1, 1, -0, 0.5, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER, 1e308, -1e308, 1e-308, 100_000_001];

export function fuzzArbitraries(idPool: readonly string[]) {
  const ids = idPool.length ? fc.constantFrom(...idPool) : fc.uuid();
  const text = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...BOUNDARY_STRINGS) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 3, arbitrary: ids },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constant(LARGE_UNICODE) },
  );
  const number = fc.oneof(fc.constantFrom(...BOUNDARY_NUMBERS), fc.integer(), fc.double({ noNaN: true }));
  const scalar = fc.oneof(text, number, fc.boolean(), fc.constant(null));
  const value: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 6, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.array(fc.record({ documentId: ids, attributes: fc.dictionary(fc.constantFrom("Wave", "wave", "", "Nope"), scalar) }), { maxLength: 3 }) },
  );
  return { ids, text, number, scalar, value };
}

export type Mutation = (request: FuzzRequest) => FuzzRequest;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A value near a valid one, of its own type: the edges a random value rarely hits (a number
 * off by one or out of range, the same text with a NUL or in another case or normal form, an id
 * of something else, an array with duplicates or nothing in it).
 */
function nearby(value: unknown, ids: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  if (typeof value === "number") return fc.constantFrom(value + 1, value - 1, -value, value * 1000, value + 0.5, 0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER, String(value));
  if (typeof value === "boolean") return fc.constantFrom(!value, String(value), 1, null);
  if (typeof value === "string" && UUID.test(value)) return fc.oneof(ids, fc.constantFrom(value.toUpperCase(), value.slice(0, 35), ` ${value}`, `${value},${value}`, value.replace(/-/g, "")));
  if (typeof value === "string")
    return fc.constantFrom(`${value}\u0000`, value.toUpperCase(), ` ${value} `, "", value.repeat(200), `${value}\u0301`, value.normalize("NFD"), `${value}/x`, `${value}\n${value}`, Number(value) ? String(Number(value) * 1e20) : `${value}1`);
  if (Array.isArray(value)) return fc.constantFrom([], [...value, ...value], value.slice(0, 1), [...value, null], value.map(() => "00000000-0000-4000-8000-000000000000"));
  if (isPlainObject(value)) return fc.constantFrom({}, [value], { ...value, extra: 1 });
  return fc.constant(null);
}

const RAW_BODIES = [
  "{", "[", '{"name": }', "nul", "\u0000", "'single'", "{}{}", "[1,]", '{"a":1,"a":2}', '"just a string"', "123", "true",
  "[".repeat(20_000) + "]".repeat(20_000),
  '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000),
];
const CONTENT_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz", "application/json; charset=latin1", "", "application/xml"];
// Only values HTTP can carry (no NUL, CR or LF): anything else never reaches a server.
const AUTH_HEADERS = ["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer qc_", "Bearer qc_" + "a".repeat(500), "Bearer qc_\u00e9\u00e8", "Token abc", "Bearer a b"];

/** A multipart body: the file field with random bytes, as text, missing, or beside odd fields. */
function formMutation(a: ReturnType<typeof fuzzArbitraries>): fc.Arbitrary<Mutation> {
  return fc
    .record({
      bytes: fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.constant(new TextEncoder().encode("PK\u0003\u0004 not really a zip")), fc.constant(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]))),
      fileName: fc.oneof(fc.constantFrom("a.txt", "a.pdf", "a.docx", "a.qdpx", "a.html", "", "../../x", "a\u0000.txt", "x".repeat(300)), a.text),
      field: fc.constantFrom("file", "File", "upload", ""),
      asText: fc.boolean(),
      title: fc.option(a.text),
      attributes: fc.option(fc.oneof(a.text, a.value.map((v) => JSON.stringify(v)))),
    })
    .map((f): Mutation => (r) => {
      const form = new FormData();
      if (f.asText) form.set(f.field, new TextDecoder().decode(f.bytes));
      else form.set(f.field, new File([f.bytes as Uint8Array<ArrayBuffer>], f.fileName));
      if (f.title !== null) form.set("title", f.title);
      if (f.attributes !== null) form.set("attributes", f.attributes);
      return { ...r, body: undefined, rawBody: undefined, form, headers: omitKey(r.headers, "content-type"), note: [...r.note, `multipart ${f.field}${f.asText ? " (text)" : ""} ${preview(f.fileName)} ${f.bytes.length} bytes`] };
    });
}

const omitKey = (headers: Record<string, string> | undefined, key: string) => Object.fromEntries(Object.entries(headers ?? {}).filter(([k]) => k !== key));

export type BreakOptions = { multipart?: boolean; /** GET and HEAD requests cannot carry a body. */ bodyless?: boolean };

export function mutations(valid: FuzzRequest, idPool: readonly string[], options_: BreakOptions = {}): fc.Arbitrary<Mutation> {
  const a = fuzzArbitraries(idPool);
  const bodyKeys = valid.body && typeof valid.body === "object" && !Array.isArray(valid.body) ? Object.keys(valid.body) : [];
  const paramKeys = Object.keys(valid.params ?? {});
  const queryKeys = [...new Set([...new URLSearchParams(valid.query ?? "").keys(), ...QUERY_KEYS])];
  const note = (r: FuzzRequest, what: string): FuzzRequest => ({ ...r, note: [...r.note, what] });
  const withBody = (r: FuzzRequest, body: unknown): FuzzRequest => ({ ...r, body, rawBody: undefined, form: undefined });
  const bodyFields = valid.body !== undefined && !valid.form ? pathsIn(valid.body) : [];
  const queryFields = [...new URLSearchParams(valid.query ?? "")];
  const bodyOptions: fc.Arbitrary<Mutation>[] = [
    // A field of the body set to a value near its valid one.
    ...(bodyFields.length
      ? [fc.constantFrom(...bodyFields).chain(([path, v]) => nearby(v, a.ids).map((near): Mutation => (r) => note(withBody(r, setPath(r.body, path, near)), `body.${path.join(".")}≈${preview(near)}`)))]
      : []),
    // A field of the body set to anything (or a field it does not have).
    fc.tuple(fc.oneof(bodyKeys.length ? fc.constantFrom(...bodyKeys) : fc.constantFrom("name"), fc.constantFrom(...BODY_KEYS, "unknownField", "__proto__", "constructor")), a.value).map(
      ([key, v]) => (r) => note(withBody(r, { ...(isPlainObject(r.body) ? r.body : {}), [key]: v }), `body.${key}=${preview(v)}`),
    ),
    // A field dropped.
    ...(bodyKeys.length ? [fc.constantFrom(...bodyKeys).map((key): Mutation => (r) => note(withBody(r, omit(r.body, key)), `body without ${key}`))] : []),
    // The whole body replaced by another JSON value.
    a.value.map((v): Mutation => (r) => note(withBody(r, v), `body=${preview(v)}`)),
    // A body that is not JSON, or too large, or nested too deep.
    fc.constantFrom(...RAW_BODIES).map((raw): Mutation => (r) => note({ ...r, body: undefined, form: undefined, rawBody: raw }, `raw body ${preview(raw)}`)),
    fc.constantFrom(...(bodyKeys.length ? bodyKeys : ["name"])).map((key): Mutation => (r) => note(withBody(r, { ...(isPlainObject(r.body) ? r.body : {}), [key]: HUGE }), `body.${key}=<3 MB>`)),
  ];
  const options: fc.Arbitrary<Mutation>[] = [
    ...(options_.bodyless ? [] : bodyOptions),
    // The wrong content type.
    fc.constantFrom(...CONTENT_TYPES).map((type): Mutation => (r) => note({ ...r, headers: { ...r.headers, "content-type": type } }, `content-type ${type}`)),
    // A query parameter set to a value near its valid one.
    ...(queryFields.length
      ? [fc.constantFrom(...queryFields).chain(([key, v]) => nearby(v, a.ids).map((near): Mutation => (r) => note({ ...r, query: setQuery(r.query, key, String(near)) }, `?${key}≈${preview(near)}`)))]
      : []),
    // A query parameter set to anything (known to some route, or not).
    fc.tuple(fc.constantFrom(...queryKeys), a.text).map(([key, v]): Mutation => (r) => note({ ...r, query: setQuery(r.query, key, v) }, `?${key}=${preview(v)}`)),
    // A path parameter set to anything: malformed, unknown, or an id from another project.
    ...(paramKeys.length ? [fc.tuple(fc.constantFrom(...paramKeys), a.text).map(([key, v]): Mutation => (r) => note({ ...r, params: { ...r.params, [key]: v } }, `:${key}=${preview(v)}`))] : []),
    // Someone else's token, or a broken Authorization header.
    fc.constantFrom(...AUTH_HEADERS).map((h): Mutation => (r) => note({ ...r, token: null, headers: { ...r.headers, authorization: h } }, `authorization: ${preview(h)}`)),
    ...(!options_.bodyless && (options_.multipart || valid.form) ? [formMutation(a), formMutation(a)] : []),
  ];
  return fc.oneof(...options);
}

/** One to three ways to break a request like `valid` (same fields); apply them with `applyAll`. */
export function breakages(valid: FuzzRequest, idPool: readonly string[], options: BreakOptions = {}): fc.Arbitrary<Mutation[]> {
  return fc.array(mutations(valid, idPool, options), { minLength: 1, maxLength: 3 });
}

export const applyAll = (valid: FuzzRequest, ms: readonly Mutation[]): FuzzRequest => ms.reduce((r, m) => m(r), valid);

function setQuery(query: string | undefined, key: string, value: string): string {
  const params = new URLSearchParams(query ?? "");
  params.set(key, value);
  return params.toString();
}

type Path = (string | number)[];

/** Every value in a JSON value with its path (objects and arrays too, not only leaves), a few levels deep. */
function pathsIn(value: unknown, path: Path = [], out: [Path, unknown][] = []): [Path, unknown][] {
  if (path.length) out.push([path, value]);
  if (path.length >= 4) return out;
  if (Array.isArray(value)) value.slice(0, 3).forEach((v, i) => pathsIn(v, [...path, i], out));
  else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) pathsIn(v, [...path, k], out);
  return out;
}

/** A copy of `root` with the value at `path` replaced (made where missing). */
function setPath(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root) && typeof head === "number") return root.map((v, i) => (i === head ? setPath(v, rest, value) : v));
  const base = isPlainObject(root) ? root : {};
  return { ...base, [head!]: setPath(base[head as string], rest, value) };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function omit(body: unknown, key: string): unknown {
  if (!isPlainObject(body)) return body;
  const { [key]: _dropped, ...rest } = body;
  return rest;
}

function preview(v: unknown): string {
  const s = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…(${s.length})` : s;
}

export type InputMutation = { apply: (input: unknown) => unknown; note: string };

/** One to three ways to break a server action's input (an object, as the form sends it). */
export function inputBreakages(valid: unknown, idPool: readonly string[]): fc.Arbitrary<InputMutation[]> {
  const a = fuzzArbitraries(idPool);
  const keys = isPlainObject(valid) ? Object.keys(valid) : [];
  const anyKey = fc.oneof(keys.length ? fc.constantFrom(...keys) : fc.constant("name"), fc.constantFrom(...BODY_KEYS, "unknownField", "__proto__"));
  const fields = pathsIn(valid).filter(([path]) => path[0] !== "projectId");
  const options: fc.Arbitrary<InputMutation>[] = [
    ...(fields.length ? [fc.constantFrom(...fields).chain(([path, v]) => nearby(v, a.ids).map((near) => ({ apply: (i: unknown) => setPath(i, path, near), note: `${path.join(".")}≈${preview(near)}` })))] : []),
    fc.tuple(anyKey, a.value).map(([key, v]) => ({ apply: (i: unknown) => ({ ...(isPlainObject(i) ? i : {}), [key]: v }), note: `${key}=${preview(v)}` })),
    ...(keys.length ? [fc.constantFrom(...keys).map((key) => ({ apply: (i: unknown) => omit(i, key), note: `without ${key}` }))] : []),
    fc.constantFrom(...(keys.length ? keys : ["name"])).map((key) => ({ apply: (i: unknown) => ({ ...(isPlainObject(i) ? i : {}), [key]: HUGE }), note: `${key}=<3 MB>` })),
    a.value.map((v) => ({ apply: () => v, note: `input=${preview(v)}` })),
  ];
  return fc.array(fc.oneof(...options), { minLength: 1, maxLength: 3 });
}
