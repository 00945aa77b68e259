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
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sortedUnits = [...units].sort((a, b) => byText(a.documentId, b.documentId) || a.start - b.start || a.end - b.end);
  hash.update(sortedUnits.map((u) => `u\t${u.documentId}\t${u.start}\t${u.end}\n`).join(""));
  const sortedCodings = [...input.codings].sort(
    (a, b) => byText(a.documentId, b.documentId) || byText(a.coder, b.coder) || byText(a.codeId, b.codeId) || a.start - b.start || a.end - b.end,
  );
  // One update per block, not per line: the text is the same, the call overhead is not.
  hash.update(sortedCodings.map((c) => `c\t${c.documentId}\t${c.coder}\t${c.codeId}\t${c.start}\t${c.end}\n`).join(""));
  return hash.digest("hex");
}

