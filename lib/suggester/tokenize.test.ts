import { describe, expect, it } from "vitest";
import { featureTerms, normalizeForFeatures, textFeatures, tokenize } from "./tokenize";

describe("tokenize", () => {
  it.each([
    ["plain words, lower-cased", "The EU Demanded Reforms", ["the", "eu", "demanded", "reforms"]],
    ["inner apostrophes kept, outer ones dropped", "Don't touch the countries' rights", ["don't", "touch", "the", "countries", "rights"]],
    ["typographic apostrophes become '", "Hungary’s government", ["hungary's", "government"]],
    ["hyphens split", "non-interference in so-called affairs", ["non", "interference", "in", "so", "called", "affairs"]],
    ["NFKC folds full-width letters and ligatures", "ＦＵＬＬ ﬁnance", ["full", "finance"]],
    ["one-character tokens dropped unless CJK", "a b 7 42 x-ray", ["42", "ray"]],
    ["each Han character is a token", "中国主权 and 日本", ["中", "国", "主", "权", "and", "日", "本"]],
    ["kana and hangul characters too", "ひらがなカナ 한국", ["ひ", "ら", "が", "な", "カ", "ナ", "한", "국"]],
    ["CJK next to Latin splits", "EU欧盟", ["eu", "欧", "盟"]],
    ["accented and combining letters stay in the word", "Ankara'yı eleştirdi", ["ankara'yı", "eleştirdi"]],
    ["digits are words", "Article 7 of 2024", ["article", "of", "2024"]],
    ["empty and punctuation-only text", " ,.;— ", []],
  ])("%s", (_, text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it("lower-cases without the server's locale (İ, ß)", () => {
    expect(normalizeForFeatures("İSTANBUL STRAßE")).toBe("İSTANBUL STRAßE".toLowerCase());
    expect(tokenize("STRAßE")).toEqual(["straße"]);
  });
});

describe("featureTerms", () => {
  it("gives unigrams without stop words, then every adjacent bigram", () => {
    expect(featureTerms(["the", "trade", "deal"])).toEqual(["trade", "deal", "the trade", "trade deal"]);
  });

  it("keeps repeats, which become term frequencies", () => {
    expect(featureTerms(["aid", "aid"])).toEqual(["aid", "aid", "aid aid"]);
  });

  it("builds CJK character bigrams", () => {
    expect(textFeatures("主权")).toEqual(["主", "权", "主 权"]);
  });

  it("gives nothing for an empty text", () => {
    expect(textFeatures("")).toEqual([]);
  });
});
