import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalize } from "@/lib/ingest/canonical";
import { IngestError, ingestFile, type IngestOptions, type IngestResult, type Segment } from "@/lib/ingest";
import { segmentProblems } from "@/lib/ingest/invariants";

/**
 * Every file of the shared test corpus through the real importer, checked against what
 * ../shared/corpus/README.md says it must produce. The corpus lives beside the repository, not in
 * it (its texts must not be copied in), so this suite is skipped only when that folder is absent —
 * e.g. a checkout without the shared workspace. Phrases below are short assertions, not fixtures.
 */

const repoRoot = path.resolve(import.meta.dirname, "../..");
const corpus = path.resolve(repoRoot, "../shared/corpus");
const exists = fs.existsSync(corpus);

const read = (rel: string) => new Uint8Array(fs.readFileSync(path.join(corpus, rel)));
const cps = (r: IngestResult) => Array.from(r.text);
const slice = (chars: string[], s: Segment) => chars.slice(s.start, s.end).join("");
const flat = (s: string) => s.replace(/\s+/g, " ").trim();
const ingest = (rel: string, options?: IngestOptions) => ingestFile({ bytes: read(rel), fileName: path.basename(rel), ...(options ? { options } : {}) });

type Coding = { document: string; start: number; end: number; quote: string };
function codings(document: string): Coding[] {
  return ["coder-a.jsonl", "coder-b.jsonl"]
    .flatMap((f) => fs.readFileSync(path.join(corpus, "coded", f), "utf8").split("\n"))
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Coding)
    .filter((c) => c.document === document);
}

/** The page segment holding the first occurrence of a phrase. */
function pageOf(r: IngestResult, phrase: string): number | null {
  const at = r.text.indexOf(phrase);
  if (at < 0) return null;
  const cp = Array.from(r.text.slice(0, at)).length;
  return r.segments.find((s) => s.kind === "page" && s.start <= cp && cp < s.end)?.level ?? null;
}

type Expectation =
  | { ok: true; refused?: never; check?: (r: IngestResult, file: string) => void | Promise<void> }
  | { ok?: never; refused: IngestError["code"]; message: RegExp; check?: (e: IngestError) => void };

const EXPECTED: Record<string, Expectation> = {
  "partnership-upgrade-news.txt": {
    ok: true,
    check: (r, file) => {
      expect(r.text).toBe(new TextDecoder().decode(read(file))); // already canonical: kept byte for byte
      expect(r).toMatchObject({ title: "Vietnam, US Upgrade Partnership; Activists Critique Silence on Human Rights", author: "Koby John", publishedOn: "2024-04-24", sourceType: "news", language: "en" });
    },
  },
  "rethinking-human-rights-dialogue.txt": {
    ok: true,
    check: (r) => {
      expect(r.title).toBe("Rethinking Human Rights: How the United States Can Foster a Constructive Dialogue with Vietnam");
      const headings = r.segments.filter((s) => s.kind === "heading").map((s) => slice(cps(r), s));
      expect(headings).toContain("Why U.S. Human Rights Conversations with Vietnam Do Not Work");
    },
  },
  "us-vietnam-human-rights-ocr.txt": {
    ok: true,
    check: async (r) => {
      expect(r.report.looksOcr).toBe(true);
      expect(r.report.dehyphenated).toBe(0); // off by default for text: the file stays as uploaded
      const joined = await ingest("us-vietnam-human-rights-ocr.txt", { dehyphenate: true });
      expect(joined.report.dehyphenated).toBeGreaterThan(50);
      expect(joined.text).toContain("foreign policy");
      expect(joined.text).not.toMatch(/for-\s*eign/);
      expect(joined.text).toContain("pro-democracy dissidents");
      expect(joined.text).toContain("Vietnamese Communist Party");
      expect(segmentProblems(joined.text, joined.segments)).toEqual([]);
    },
  },
  "sovereignty-fears-cat-ratification.md": {
    ok: true,
    check: (r) => {
      expect(r.title).toMatch(/^Did ‘Sovereignty Fears’ Hinder Socialist State’s Ratification/);
      for (const line of ["国家主権侵害の恐れは社会主義国家が市民", "及び政治的権利に関する国際条約の批准を妨げたのか？", "—拷問禁止等条約に関するベトナムの事例—", "ハン トウオン ヴォ*"]) expect(r.text).toContain(line);
      expect(r.text).toContain("Huan Tuong Vo*");
      expect(r.text).not.toMatch(/<\/?sup>|\*\*|^#/m);
      expect(r.sourceType).toBe("academic_article");
      const headings = r.segments.filter((s) => s.kind === "heading").map((s) => slice(cps(r), s));
      expect(headings).toEqual(expect.arrayContaining(["Abstract", "References", "2.1 Theoretical frameworks of state behavior"]));
    },
  },
  "r2p-vietnam-assessment-2022.md": {
    ok: true,
    check: (r) => {
      const rows = r.segments.filter((s) => s.kind === "table_row").map((s) => slice(cps(r), s));
      expect(rows.length).toBeGreaterThan(50);
      expect(rows).toContain("Strong\tProtection of populations from atrocity crimes");
      expect(rows).toContain("Very Weak\tAppoint national R2P Focal Point");
      expect(rows).toContain("\tParticipate in international peer review processes, including the Universal Periodic Review (UPR) of the UN Human Rights Council");
      expect(r.text).not.toMatch(/<\/?(b|sup|p|i)>/);
      expect(r.sourceType).toBe("ngo_report");
    },
  },
  "formats/partnership-upgrade-news.html": {
    ok: true,
    check: (r) => {
      expect(r).toMatchObject({ title: "Vietnam, US Upgrade Partnership; Activists Critique Silence on Human Rights", author: "Koby John", publishedOn: "2024-04-24", language: "en", sourceType: "news" });
      expect(r.text).toContain("Deputy Asia Director of Human Rights Watch Phil Robertson said human rights were treated as an “afterthought” during the visit.");
      expect(r.text).toContain("Civil society");
      for (const gone of ["Subscribe", "Politics", "You may also like", "Related story one", "Soledad is the Best Newspaper", "All Right Reserved", "dataLayer", "gtag", "font-family", "54 views"]) {
        expect(r.text, gone).not.toContain(gone);
      }
    },
  },
  "formats/rethinking-human-rights-dialogue.docx": {
    ok: true,
    check: (r) => {
      expect(r.title).toBe("Rethinking Human Rights: How the United States Can Foster a Constructive Dialogue with Vietnam");
      expect(r.text).toContain("Flawed dialogue mechanisms and deepening distrust from the Vietnamese government");
    },
  },
  "formats/r2p-vietnam-assessment-2022.docx": {
    ok: true,
    check: (r) => {
      expect(r.text).toContain("Vietnam continues to confront several challenges when it comes to implementation of R2P.");
      expect(r.text).not.toMatch(/<[a-z/][^>]*>/);
    },
  },
  "formats/sovereignty-fears-cat-ratification.pdf": {
    ok: true,
    check: (r) => {
      expect(r.title).toMatch(/^Did ‘Sovereignty Fears’ Hinder Socialist State’s Ratification/);
      // The Japanese title is drawn with substitute glyphs and /ActualText; every line must survive.
      for (const line of ["国家主権侵害の恐れは社会主義国家が市民", "及び政治的権利に関する国際条約の批准を妨げたのか？", "—拷問禁止等条約に関するベトナムの事例—", "ハン トウオン ヴォ*"]) expect(r.text).toContain(line);
      expect(r.report.pages).toBe(17);
      expect(r.segments.filter((s) => s.kind === "page").map((s) => s.level)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
      // Pages checked against `pdftotext -layout -f N -l N`.
      expect(pageOf(r, "国家主権侵害")).toBe(1);
      expect(pageOf(r, "On November 7th 2013, Ambassador to the United Nations")).toBe(2);
      expect(pageOf(r, "4.2 Human Rights and Western states’ foreign policy")).toBe(7);
      expect(pageOf(r, "Switzerland) and Australia that caused Vietnam")).toBe(10);
      expect(pageOf(r, "6. Conclusion")).toBe(13);
      expect(pageOf(r, "Wendland, L. (2002)")).toBe(17);
      expect(r.text).toContain("it seems to be “ill-founded” for the explanation"); // a real hyphen at a line end stays
      expect(r).toMatchObject({ language: "en", sourceType: "academic_article" });
      expect(r.report.dehyphenation).toBe(true);
    },
  },
  "hostile/empty.txt": { refused: "empty", message: /the file has no text/ },
  "hostile/invalid-utf8.txt": {
    refused: "encoding",
    message: /offset 19/,
    check: (e) => expect(e.details.byteOffset).toBe(19),
  },
  "hostile/windows-1252.txt": {
    ok: true,
    check: (r) => {
      expect(r.text).toBe("Vietnam’s “sovereignty” claim — café naïve résumé.\nSecond line with CRLF.\n");
      expect(r.report).toMatchObject({ encoding: "windows-1252", lineEndingsNormalized: 2 });
    },
  },
  "hostile/utf16-bom.txt": {
    ok: true,
    check: (r) => {
      expect(r.text).toBe("Pressure from the U.S. Congress — UTF-16 with a BOM.\n国家主権 and an emoji 🇻🇳.\n");
      expect(r.report.encoding).toBe("utf-16le");
    },
  },
  "hostile/nul-and-controls.txt": {
    ok: true,
    check: (r) => {
      expect(r.text).toBe("Rewardbased approach. Bell and NUL inside. ANSI red.\n");
      expect(r.report.removedControls).toEqual({ "U+0000": 1, "U+0007": 1, "U+001B": 2 });
      expect(r.report.warnings.join(" ")).toMatch(/control character/);
    },
  },
  "hostile/unicode-edge-cases.txt": {
    ok: true,
    check: (r, file) => {
      expect(r.text).toBe(new TextDecoder().decode(read(file)).normalize("NFC"));
      expect(r.text).toContain("😀 👨‍👩‍👧");
      expect(r.text).toContain("Việt Nam (decomposed) vs Việt Nam (composed)");
      expect(r.report.normalized).toBe(true);
      const sentence = r.segments.find((s) => s.kind === "sentence" && slice(cps(r), s).startsWith("Emoji"))!;
      expect(slice(cps(r), sentence)).toBe("Emoji and astral characters: 😀 👨‍👩‍👧 (a ZWJ family), flags 🇻🇳.");
    },
  },
  "hostile/script-injection.html": {
    ok: true,
    check: (r) => {
      expect(r.text).toContain("Report on pressure");
      expect(r.text).toContain('Literal markup that must stay text: <script>alert("escaped")</script> and {{7*7}} and ${7*7}.');
      expect(r.text).toContain("Closing sovereignty claim paragraph.");
      for (const gone of ['alert("title")', "document.cookie", "alert(1)", "onerror", "alert('img')", "javascript:", 'alert("svg")', "background:url", "<img", "<iframe"]) {
        expect(r.text, gone).not.toContain(gone);
      }
    },
  },
  "hostile/truncated.pdf": { refused: "damaged", message: /“truncated\.pdf”.*cut short/ },
  "hostile/not-really.pdf": { refused: "mislabelled", message: /“not-really\.pdf” is named \.pdf but is not a PDF: it looks like an HTML web page/ },
  "hostile/not-really.docx": { refused: "mislabelled", message: /“not-really\.docx” is named \.docx but is not a Word document: it looks like plain text/ },
  "hostile/zip-bomb.docx": {
    refused: "too_large",
    message: /“zip-bomb\.docx”.*word\/document\.xml would inflate to 1\.0 GiB/,
  },
};

function corpusFiles(): string[] {
  if (!exists) return [];
  const list = (dir: string) =>
    fs
      .readdirSync(path.join(corpus, dir))
      .filter((f) => fs.statSync(path.join(corpus, dir, f)).isFile() && f !== "README.md")
      .map((f) => (dir ? `${dir}/${f}` : f));
  return [...list(""), ...list("formats"), ...list("hostile")];
}

// Skipped only when ../shared/corpus is absent (a clone on its own); CI always has it.
describe.skipIf(!exists)("shared corpus", () => {
  const files = corpusFiles();

  it("has an expectation for every file (and a file for every expectation)", () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(files)("%s", (file) => {
    const expected = EXPECTED[file];

    it(expected?.refused ? `is refused (${expected.refused})` : "imports with exact, canonical structure", async () => {
      let result: IngestResult | undefined;
      let error: unknown;
      const before = process.memoryUsage();
      try {
        result = await ingest(file);
      } catch (e) {
        error = e;
      }
      const grown = process.memoryUsage().arrayBuffers - before.arrayBuffers;
      expect(grown, "bounded memory").toBeLessThan(256 * 1024 * 1024);

      if (!expected || expected.ok) {
        if (error) throw error;
        const r = result!;
        expect(r.sha256).toBe(createHash("sha256").update(read(file)).digest("hex"));
        expect(canonicalize(r.text).text).toBe(r.text);
        expect(r.length).toBe(Array.from(r.text).length);
        expect(segmentProblems(r.text, r.segments)).toEqual([]);
        expect(r.segments.some((s) => s.kind === "sentence")).toBe(true);
        expect(r.title.length).toBeGreaterThan(0);
        await expected?.check?.(r, file);
      } else {
        expect(result, "should have been refused").toBeUndefined();
        expect(error).toBeInstanceOf(IngestError);
        const e = error as IngestError;
        expect(e.code).toBe(expected.refused);
        expect(e.message).toMatch(expected.message);
        expected.check?.(e);
      }
    });
  });

  describe("coded quotes (coded/coder-*.jsonl) against the imported texts", () => {
    const plain = ["rethinking-human-rights-dialogue.txt", "partnership-upgrade-news.txt", "us-vietnam-human-rights-ocr.txt"];
    it.each(plain)("%s: every coding's quote sits at its offsets (plain text is kept as stored)", async (file) => {
      const r = await ingest(file);
      const chars = cps(r);
      const list = codings(file);
      expect(list.length).toBeGreaterThan(0);
      for (const c of list) expect(chars.slice(c.start, c.end).join("")).toBe(c.quote);
    });

    it.each([
      ["sovereignty-fears-cat-ratification.md", "sovereignty-fears-cat-ratification.md"],
      ["r2p-vietnam-assessment-2022.md", "r2p-vietnam-assessment-2022.md"],
      ["partnership-upgrade-news.txt", "formats/partnership-upgrade-news.html"],
      ["rethinking-human-rights-dialogue.txt", "formats/rethinking-human-rights-dialogue.docx"],
    ])("%s: quotes free of markup are found intact in %s", async (document, file) => {
      const r = await ingest(file);
      const text = flat(r.text);
      const quotes = codings(document).filter((c) => !/[<>*\\[\]]/.test(c.quote));
      expect(quotes.length).toBeGreaterThan(10);
      const missing = quotes.filter((c) => !text.includes(flat(c.quote))).map((c) => c.quote);
      expect(missing).toEqual([]);
    });
  });
});
