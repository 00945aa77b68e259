import { createHash } from "node:crypto";
import type { TextUnit } from "./units";
import type { AgreementInput, AgreementParams } from "./report-types";

/**
 * SHA-256 over a canonical text of what the figures were computed from: the unit kind, every
 * unit (document, start, end) and every coding (document, coder, code, start, end), sorted, one
 * per line. The same data gives the same hash whatever the order it was loaded in, so a figure in
 * a paper can be traced to the exact codings; any added, removed or moved coding changes it.
 */
export function dataHash(input: AgreementInput, params: AgreementParams, units: readonly TextUnit[]): string {
  const hash = createHash("sha256");
  hash.update(`qualcode-agreement-v1\nunit=${params.unit}\ncoders=${input.coders.map((c) => c.key).join(",")}\ncodes=${input.codes.map((c) => c.id).join(",")}\n`);
  const unitLines = units.map((u) => `u\t${u.documentId}\t${u.start}\t${u.end}`).sort();
  for (const line of unitLines) hash.update(line + "\n");
  const codingLines = input.codings.map((c) => `c\t${c.documentId}\t${c.coder}\t${c.codeId}\t${c.start}\t${c.end}`).sort();
  for (const line of codingLines) hash.update(line + "\n");
  return hash.digest("hex");
}
