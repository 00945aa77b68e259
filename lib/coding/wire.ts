/**
 * A coding as the page sends it: offsets in code points; the quote only when it does NOT match
 * the text at its offsets (checked on the server), so a 5,000-coding document does not ship
 * every quote twice.
 */
export type InitialCoding = {
  id: string;
  codeId: string;
  coderId: string;
  start: number;
  end: number;
  memo: string;
  version: number;
  createdAt: string;
  quote?: string;
};

/**
 * The codings of a document as the page ships them to the workspace: columns instead of one
 * object per coding. A 1 MB document with 5,000 codings sent them as 1.1 MB of JSON objects
 * (three UUIDs, key names and an ISO time each), more than the text itself; every byte is
 * escaped into the HTML on the server and parsed again in the browser (bench P2). Packed, the
 * same codings take about a third of that.
 */
export type PackedCodings = {
  /** The coding ids, 36 characters each, concatenated. */
  ids: string;
  /** Distinct code and coder ids; rows refer to them by index. */
  codeIds: string[];
  coderIds: string[];
  /** Per coding, ROW_WIDTH numbers: code index, coder index, start, end, version, created (ms since 1970). */
  rows: number[];
  /** Non-empty memos, and quotes that differ from the text (drift), by coding index. */
  memos: Record<number, string>;
  quotes: Record<number, string>;
};

const ROW_WIDTH = 6;
const ID_LENGTH = 36;

export function packCodings(codings: readonly InitialCoding[]): PackedCodings {
  const codeIndex = new Map<string, number>();
  const coderIndex = new Map<string, number>();
  const indexOf = (map: Map<string, number>, id: string) => {
    let at = map.get(id);
    if (at === undefined) map.set(id, (at = map.size));
    return at;
  };
  const rows: number[] = [];
  const memos: Record<number, string> = {};
  const quotes: Record<number, string> = {};
  let ids = "";
  codings.forEach((c, i) => {
    if (c.id.length !== ID_LENGTH) throw new Error(`coding id ${c.id} is not a UUID`);
    ids += c.id;
    rows.push(indexOf(codeIndex, c.codeId), indexOf(coderIndex, c.coderId), c.start, c.end, c.version, Date.parse(c.createdAt));
    if (c.memo) memos[i] = c.memo;
    if (c.quote !== undefined) quotes[i] = c.quote;
  });
  return { ids, codeIds: [...codeIndex.keys()], coderIds: [...coderIndex.keys()], rows, memos, quotes };
}

export function unpackCodings(packed: PackedCodings): InitialCoding[] {
  const count = packed.rows.length / ROW_WIDTH;
  const out: InitialCoding[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const r = i * ROW_WIDTH;
    const coding: InitialCoding = {
      id: packed.ids.slice(i * ID_LENGTH, (i + 1) * ID_LENGTH),
      codeId: packed.codeIds[packed.rows[r]!]!,
      coderId: packed.coderIds[packed.rows[r + 1]!]!,
      start: packed.rows[r + 2]!,
      end: packed.rows[r + 3]!,
      version: packed.rows[r + 4]!,
      createdAt: new Date(packed.rows[r + 5]!).toISOString(),
      memo: packed.memos[i] ?? "",
    };
    const quote = packed.quotes[i];
    if (quote !== undefined) coding.quote = quote;
    out[i] = coding;
  }
  return out;
}
