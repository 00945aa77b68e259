import { describe, expect, it } from "vitest";
import { assembleBlocks } from "../structure";
import { readHtmlString } from "./html";

const article = Array.from({ length: 6 }, (_, i) => `<p>Paragraph ${i + 1} of the story says that the partnership was upgraded and that rights groups criticised the silence on human rights.</p>`).join("\n");
const page = `<!DOCTYPE html><html lang="en-GB"><head>
<title>Upgrade Story – The Daily Site</title>
<meta name="author" content="Jane Reporter"><meta property="article:published_time" content="2024-04-24T08:00:00Z">
<link rel="canonical" href="https://news.example/upgrade">
<style>.nav{color:red}</style><script>window.track = "SECRET-SCRIPT";</script></head>
<body><header><nav><a href="/">Home</a><a href="/world">World News Menu</a></nav></header>
<main><article><h1>Upgrade Story</h1><p class="byline">by Jane Reporter · 3 comments · 99 views</p>${article}
<h2>Reactions</h2><ul><li>First reaction</li><li>Second reaction</li></ul>
<table><tr><th>Assessment</th><th>Indicator</th></tr><tr><td><b>Strong</b></td><td>Peer review</td></tr></table></article>
<aside><h3>You may also like</h3><ul><li><a href="/a">Related sidebar story</a></li></ul></aside></main>
<footer><p>Copyright footer boilerplate</p></footer><script>gtag("FOOTER-SCRIPT")</script></body></html>`;

describe("readHtmlString", () => {
  const out = readHtmlString(page);
  const { text } = assembleBlocks(out.blocks);

  it("keeps the article and drops navigation, sidebar, footer, scripts and styles", () => {
    expect(text).toContain("Paragraph 1 of the story");
    expect(text).toContain("Paragraph 6 of the story");
    for (const gone of ["World News Menu", "Related sidebar story", "Copyright footer", "SECRET-SCRIPT", "FOOTER-SCRIPT", "color:red", "99 views"]) expect(text).not.toContain(gone);
  });

  it("keeps headings, list items and table rows as structure", () => {
    expect(text.startsWith("Upgrade Story\n\n")).toBe(true);
    expect(out.blocks.filter((b) => b.kind === "list_item").map((b) => b.text)).toEqual(["First reaction", "Second reaction"]);
    expect(out.blocks.filter((b) => b.kind === "table_row").map((b) => b.text)).toEqual(["Assessment\tIndicator", "Strong\tPeer review"]);
  });

  it("takes title, author, date, URL and language from the page", () => {
    expect(out.meta).toMatchObject({ title: "Upgrade Story", author: "Jane Reporter", publishedOn: "2024-04-24", url: "https://news.example/upgrade", language: "en" });
  });

  it("reads markup as text only: escaped tags stay literal text, real tags and handlers vanish", () => {
    const hostile = readHtmlString(
      '<html><body><h1 onclick="alert(1)">Report on <img src=x onerror="alert(2)"> pressure</h1><p>Literal &lt;script&gt;alert(3)&lt;/script&gt; stays.</p><svg><script>alert(4)</script></svg><iframe src="https://evil.invalid"></iframe></body></html>',
    );
    const t = assembleBlocks(hostile.blocks).text;
    expect(t).toBe("Report on pressure\n\nLiteral <script>alert(3)</script> stays.");
    expect(t).not.toMatch(/alert\((1|2|4)\)|onerror|onclick|iframe/);
  });
});
