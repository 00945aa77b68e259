import type { Segment } from "./types";

/**
 * The promises segments make, as a checkable list: every range lies inside the text and slices it
 * (in code points) to trimmed, non-empty text; block-level segments do not overlap; sentences lie
 * inside a block; pages are in order and do not overlap. Returns the problems found (none = ok).
 * The tests run it over every import; a caller may run it before storing a document.
 */
export function segmentProblems(text: string, segments: Segment[]): string[] {
  const problems: string[] = [];
  const cps = Array.from(text);
  const slice = (s: Segment) => cps.slice(s.start, s.end).join("");
  const blockKinds = new Set(["paragraph", "heading", "list_item", "table_row"]);
  const blocks = segments.filter((s) => blockKinds.has(s.kind)).sort((a, b) => a.start - b.start);
  for (const s of segments) {
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= cps.length)) {
      problems.push(`${s.kind} #${s.ordinal} [${s.start}, ${s.end}) is outside the text (length ${cps.length})`);
      continue;
    }
    const body = slice(s);
    if (s.kind !== "page" && !/\S/u.test(body)) problems.push(`${s.kind} #${s.ordinal} is empty`);
    if (s.kind !== "table_row" && body !== body.trim()) problems.push(`${s.kind} #${s.ordinal} is not trimmed: ${JSON.stringify(body.slice(0, 40))}`);
  }
  for (let i = 1; i < blocks.length; i++) {
    if (blocks[i]!.start < blocks[i - 1]!.end) problems.push(`${blocks[i]!.kind} #${blocks[i]!.ordinal} overlaps ${blocks[i - 1]!.kind} #${blocks[i - 1]!.ordinal}`);
  }
  for (const s of segments.filter((x) => x.kind === "sentence")) {
    if (!blocks.some((b) => b.start <= s.start && s.end <= b.end)) problems.push(`sentence #${s.ordinal} [${s.start}, ${s.end}) is not inside one block`);
  }
  const pages = segments.filter((s) => s.kind === "page");
  for (let i = 1; i < pages.length; i++) {
    if (pages[i]!.start < pages[i - 1]!.end || pages[i]!.level! <= pages[i - 1]!.level!) problems.push(`page ${pages[i]!.level} overlaps or precedes page ${pages[i - 1]!.level}`);
  }
  const ordinals = new Map<string, number>();
  for (const s of segments) {
    const expected = ordinals.get(s.kind) ?? 0;
    if (s.ordinal !== expected) problems.push(`${s.kind} ordinals are not 0, 1, 2, … (found ${s.ordinal}, expected ${expected})`);
    ordinals.set(s.kind, expected + 1);
  }
  return problems.slice(0, 20);
}
