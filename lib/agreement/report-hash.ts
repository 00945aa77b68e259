import { createHash } from "node:crypto";
import type { TextUnit } from "./units";
import type { AgreementInput, AgreementParams } from "./report-types";

/**
 * SHA-256 over a canonical text of what the figures were computed from: a header (format
 * version, unit kind, coders, codes), then every unit as `u\t<document>\t<start>\t<end>\n` and
 * every coding as `c\t<document>\t<coder>\t<code>\t<start>\t<end>\n`, sorted by document, coder
 * and code id (as strings) and then start and end (as numbers). The same data gives the same
 * hash whatever order it was loaded in, so a figure in a paper can be traced to the exact
 * codings; any added, removed or moved coding changes it.
 */
export function dataHash(input: AgreementInput, params: AgreementParams, units: readonly TextUnit[]): string {
  const hash = createHash("sha256");
  hash.update(`qualcode-agreement-v1\nunit=${params.unit}\ncoders=${input.coders.map((c) => c.key).join(",")}\ncodes=${input.codes.map((c) => c.id).join(",")}\n`);
  // The lines are written group by group in sorted order (documents, then coders, then codes, each
  // sorted as strings; within a group by start and end): the same text as sorting every line, but
  // the ids are compared once per group and written once per group, not once per line.
  const unitGroups = new Map<string, number[]>();
  for (const u of units) push(unitGroups, u.documentId, u.start, u.end);
  hash.update([...sortedKeys(unitGroups)].map((document) => rangeLines(`u\t${document}\t`, unitGroups.get(document)!)).join(""));
  const codingGroups = new Map<string, Map<string, Map<string, number[]>>>();
  for (const c of input.codings) {
    const byCoder = codingGroups.get(c.documentId) ?? codingGroups.set(c.documentId, new Map()).get(c.documentId)!;
    const byCode = byCoder.get(c.coder) ?? byCoder.set(c.coder, new Map()).get(c.coder)!;
    push(byCode, c.codeId, c.start, c.end);
  }
  // One update per group, not per line: the text is the same, the call overhead is not.
  for (const document of sortedKeys(codingGroups)) {
    const byCoder = codingGroups.get(document)!;
    for (const coder of sortedKeys(byCoder)) {
      const byCode = byCoder.get(coder)!;
      for (const code of sortedKeys(byCode)) hash.update(rangeLines(`c\t${document}\t${coder}\t${code}\t`, byCode.get(code)!));
    }
  }
  return hash.digest("hex");
}

/** Appends a range to a group's flat [start, end, start, end, …] list. */
function push(groups: Map<string, number[]>, key: string, start: number, end: number): void {
  const list = groups.get(key);
  if (list) list.push(start, end);
  else groups.set(key, [start, end]);
}

function sortedKeys(groups: Map<string, unknown>): string[] {
  return [...groups.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `<prefix><start>\t<end>\n` for each range of a flat list, sorted by start and then end. */
function rangeLines(prefix: string, flat: readonly number[]): string {
  const order = Array.from({ length: flat.length / 2 }, (_, i) => 2 * i).sort((a, b) => flat[a]! - flat[b]! || flat[a + 1]! - flat[b + 1]!);
  let text = "";
  for (const i of order) text += `${prefix}${flat[i]}\t${flat[i + 1]}\n`;
  return text;
}
