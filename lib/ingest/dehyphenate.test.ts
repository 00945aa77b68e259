import { describe, expect, it } from "vitest";
import { buildVocabulary, dehyphenateText, joinLines, keepHyphen, looksLikeOcr } from "./dehyphenate";

describe("dehyphenateText (OCR text keeps its lines)", () => {
  it.each([
    ["US for-\neign policy", "US foreign policy"],
    ["US for-\n\neign policy", "US foreign policy"], // a column break between the halves
    ["pro-de-\nmocracy dissidents", "pro-democracy dissidents"],
    ["the Indo-\nPacific region", "the Indo-Pacific region"],
    ["all-\nsided development", "all-sided development"],
    ["a well-\nknown fact", "a well-known fact"],
    ["ends with a dash -\nnext", "ends with a dash -\nnext"],
    ["2019-\n2020", "2019-\n2020"],
  ])("%j → %j", (input, expected) => {
    expect(dehyphenateText(input).text).toBe(expected);
  });

  it("lets the document decide: a closed spelling elsewhere removes the hyphen, a hyphenated one keeps it", () => {
    expect(dehyphenateText("co-\noperation and cooperation").text).toBe("cooperation and cooperation");
    expect(dehyphenateText("ill-\nfounded, as ill-founded claims are").text).toBe("ill-founded, as ill-founded claims are");
  });

  it("counts the words it joined", () => {
    expect(dehyphenateText("Viet-\nnamese re-\ngarding\nplain").joined).toBe(2);
  });
});

describe("joinLines (PDF paragraphs)", () => {
  const vocab = buildVocabulary("foreign policy");
  it("joins a broken word when de-hyphenation is on, keeps the hyphen (no space) when off", () => {
    expect(joinLines("US for-", "eign policy", true, vocab)).toEqual({ text: "US foreign policy", joined: true });
    expect(joinLines("US for-", "eign policy", false, vocab)).toEqual({ text: "US for-eign policy", joined: false });
  });
  it("joins CJK lines without a space and other lines with one", () => {
    expect(joinLines("社会主義国家が市民", "及び政治的権利", true, vocab).text).toBe("社会主義国家が市民及び政治的権利");
    expect(joinLines("end of line", "next line", true, vocab).text).toBe("end of line next line");
  });
  it("keeps the hyphen before a capital", () => {
    expect(keepHyphen("Indo", "Pacific", vocab)).toBe(true);
  });
});

describe("looksLikeOcr", () => {
  const ocr = [
    "gained more importance in US for-",
    "eign policy. The 2015 National Se-",
    "curity Strategy highlighted US part-",
    "nerships with Vietnam and other",
    "Southeast Asian countries.! The 2017",
    "National Security Strategy named",
    "Vietnam, Indonesia, Malaysia, and",
    "Singapore as growing security and",
    "economic partners.2 The 2019 Indo-",
    "Pacific Report viewed Vietnam as one",
    "of the key players in the region and",
    "1mplements the objectives of affluent",
  ].join("\n");
  it("flags hard-wrapped text with broken words and stray OCR marks", () => {
    const r = looksLikeOcr(ocr);
    expect(r.looksOcr).toBe(true);
    expect(r.signals).toContain("words broken across line ends");
  });
  it("does not flag ordinary prose", () => {
    const prose = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} is an ordinary paragraph of a policy brief, with a well-known compound and full sentences that end properly.`).join("\n\n");
    expect(looksLikeOcr(prose).looksOcr).toBe(false);
  });
});
