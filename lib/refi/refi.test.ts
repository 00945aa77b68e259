import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { QdaProject } from "./model";
import { QdpxRefused, readQdpx } from "./read";
import { writeCodebookXml, writeProjectXml, writeQdpx } from "./write";

const XSD = path.resolve(process.cwd(), "../shared/refi-qda/Project-mrt2019.xsd");
const g = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

// A fixture written here: astral characters, a ZWJ family, RTL, CJK, nested codes, two users,
// notes with markup characters, variables of several types.
const TEXT_A = "The minister said \"we will ratify\" — 𝒳 with 👨‍👩‍👧 & <flags> 🇨🇭.\nقالت الوزارة إن المعاهدة ستوقع";
const TEXT_B = "条约已经签署，压力很大。\nA second line.";
const cp = (text: string, needle: string) => {
  const start = [...text.slice(0, text.indexOf(needle))].length;
  return { start, end: start + [...needle].length };
};
const fixture: QdaProject = {
  name: "Ratification & <sovereignty>",
  origin: "Qualcode",
  createdAt: "2026-01-02T03:04:05Z",
  users: [
    { guid: g(1), name: "Ana Coder" },
    { guid: g(2), name: "بن" },
  ],
  codes: [
    { guid: g(10), name: "pressure", color: "#dc2626", description: "Outside actors push: \"hard\" & <soft>.", noteGuids: [], children: [{ guid: g(11), name: "economic", color: "#ea580c", noteGuids: [], children: [] }] },
    { guid: g(12), name: "reward", color: "#16a34a", noteGuids: [g(41)], children: [] },
  ],
  variables: [
    { guid: g(20), name: "Country", type: "Text" },
    { guid: g(21), name: "Year", type: "Integer" },
  ],
  sources: [
    {
      guid: g(30),
      name: "Minister's speech",
      text: TEXT_A,
      creatingUser: g(1),
      createdAt: "2026-01-02T03:04:05Z",
      selections: [
        { guid: g(31), ...cp(TEXT_A, "\"we will ratify\""), creatingUser: g(1), createdAt: "2026-01-02T03:04:05Z", codings: [{ guid: g(32), codeGuid: g(10), creatingUser: g(1), createdAt: "2026-01-02T03:04:05Z" }], noteGuids: [g(40)] },
        { guid: g(33), ...cp(TEXT_A, "𝒳 with 👨‍👩‍👧"), creatingUser: g(2), createdAt: "2026-01-02T03:04:05Z", codings: [{ guid: g(34), codeGuid: g(11), creatingUser: g(2), createdAt: "2026-01-02T03:04:05Z" }], noteGuids: [] },
        { guid: g(35), ...cp(TEXT_A, "المعاهدة ستوقع"), creatingUser: g(2), createdAt: "2026-01-02T03:04:05Z", codings: [{ guid: g(36), codeGuid: g(12), creatingUser: g(2), createdAt: "2026-01-02T03:04:05Z" }], noteGuids: [] },
      ],
      noteGuids: [],
      variableValues: [
        { variableGuid: g(20), value: "Côte d'Ivoire" },
        { variableGuid: g(21), value: "2021" },
      ],
    },
    { guid: g(50), name: "条约", text: TEXT_B, selections: [{ guid: g(51), ...cp(TEXT_B, "条约已经签署"), codings: [{ guid: g(52), codeGuid: g(10), creatingUser: g(1) }], noteGuids: [] }], noteGuids: [], variableValues: [] },
  ],
  notes: [
    { guid: g(40), name: "Memo on a coding", text: "Says \"soon\" & <means> it\nreally.", creatingUser: g(1), createdAt: "2026-01-02T03:04:05Z" },
    { guid: g(41), name: "Memo on reward", text: "Rewards come after pressure." },
  ],
  noteGuids: [],
};

function validate(xml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qde-"));
  const file = path.join(dir, "project.qde");
  fs.writeFileSync(file, xml);
  try {
    return execFileSync("xmllint", ["--noout", "--schema", XSD, file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    throw new Error(`project.qde does not validate:\n${(error as { stderr?: string }).stderr ?? error}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const archive = (files: Record<string, string | Uint8Array>, level: 0 | 6 | 9 = 6) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === "string" ? strToU8(v) : v])), { level });
const qde = (body: string, extra = "") => `<?xml version="1.0" encoding="utf-8"?>${extra}<Project xmlns="urn:QDA-XML:project:1.0" name="P"><CodeBook><Codes><Code guid="${g(10)}" name="pressure" isCodable="true"/></Codes></CodeBook>${body}</Project>`;

describe("REFI-QDA", () => {
  // CI always has ../shared; a clone used alone has no schema to validate against.
  it.skipIf(!fs.existsSync(XSD))("writes a project.qde that validates against Project-mrt2019.xsd", () => {
    validate(writeProjectXml(fixture));
    validate(writeProjectXml({ ...fixture, codes: [], users: [], sources: [], notes: [], variables: [] }));
  });

  it("round-trips a project through a .qdpx: sources, selections, codings, users, codes, notes, variables", () => {
    const bytes = writeQdpx(fixture);
    const names = Object.keys(unzipSync(bytes)).sort();
    expect(names).toEqual(["Sources/" + g(30) + ".txt", "Sources/" + g(50) + ".txt", "project.qde"].sort());
    const { project, skipped, binarySources } = readQdpx(bytes);
    expect(skipped).toEqual([]);
    expect(binarySources).toEqual([]);
    expect(project).toEqual(fixture);
    for (const s of project.sources) for (const sel of s.selections) expect([...s.text].slice(sel.start, sel.end).join("")).not.toBe("");
  });

  it("writes the codebook alone as a .qdc", () => {
    const xml = writeCodebookXml(fixture.codes);
    expect(xml).toContain('<CodeBook xmlns="urn:QDA-XML:codebook:1.0">');
    expect(xml).toContain('name="economic"');
    expect(xml).toContain("&quot;hard&quot; &amp; &lt;soft&gt;");
  });

  it("reads inline text (XML turns its CRLF into LF) and a Sources/ file with a BOM and CRLF as given, and braces around GUIDs", () => {
    const inline = `<Sources><TextSource guid="{${g(30).toUpperCase()}}" name="Inline"><PlainTextContent>one\r\ntwo</PlainTextContent><PlainTextSelection guid="${g(31)}" startPosition="4" endPosition="7"><Coding guid="${g(32)}"><CodeRef targetGUID="{${g(10)}}"/></Coding></PlainTextSelection></TextSource></Sources>`;
    const first = readQdpx(strToU8(qde(inline)));
    expect(first.skipped).toEqual([]);
    expect(first.project.sources[0]!.guid).toBe(g(30));
    expect(first.project.sources[0]!.text).toBe("one\ntwo");
    expect(first.project.sources[0]!.selections[0]!.codings[0]!.codeGuid).toBe(g(10));
    // In a file the CR stays, and positions count it (the importer maps them: positions.ts).
    const filed = `<Sources><TextSource guid="${g(30)}" name="Filed" plainTextPath="internal://f.txt"><PlainTextSelection guid="${g(31)}" startPosition="5" endPosition="8"/></TextSource></Sources>`;
    const second = readQdpx(archive({ "project.qde": qde(filed), "Sources/f.txt": "\ufeffone\r\ntwo" }));
    expect(second.skipped).toEqual([]);
    expect(second.project.sources[0]!.text).toBe("one\r\ntwo"); // the BOM is the encoding, not content
    expect(second.project.sources[0]!.selections[0]).toMatchObject({ start: 5, end: 8 });
  });

  it("skips and reports what it cannot take, and imports the rest", () => {
    const body = `<Sources>
      <TextSource guid="${g(30)}" name="Good" plainTextPath="internal://good.txt"><PlainTextSelection guid="${g(31)}" startPosition="0" endPosition="4"><Coding guid="${g(32)}"><CodeRef targetGUID="${g(10)}"/></Coding></PlainTextSelection>
        <PlainTextSelection guid="${g(33)}" startPosition="2" endPosition="999"/>
        <PlainTextSelection guid="${g(34)}" startPosition="0" endPosition="2"><Coding guid="${g(35)}"><CodeRef targetGUID="${g(99)}"/></Coding></PlainTextSelection></TextSource>
      <TextSource guid="${g(36)}" name="Missing" plainTextPath="internal://gone.txt"/>
      <TextSource guid="${g(37)}" name="Elsewhere" plainTextPath="relative://C:/docs/x.txt"/>
      <AudioSource guid="${g(38)}" name="Interview 3" path="internal://a.mp3"/>
      <VideoSource guid="${g(39)}" name="Clip"/>
    </Sources>`;
    const { project, skipped } = readQdpx(archive({ "project.qde": qde(body), "Sources/good.txt": "Good text here" }));
    expect(project.sources.map((s) => s.name)).toEqual(["Good"]);
    expect(project.sources[0]!.selections.map((s) => s.codings.length)).toEqual([1, 0]);
    const why = skipped.map((s) => `${s.what}: ${s.why}`).join("\n");
    expect(why).toMatch(/selection in “Good” \(2–999\): its positions are outside the text/);
    expect(why).toMatch(/refers to a code that is not in the codebook/);
    expect(why).toMatch(/source “Missing”: its text file internal:\/\/gone.txt is missing/);
    expect(why).toMatch(/source “Elsewhere”: its text is outside the archive \(relative:\/\/\)/);
    expect(why).toMatch(/the audio “Interview 3”: audio sources are not supported/);
    expect(why).toMatch(/the video “Clip”/);
  });

  it("never follows an entry path out of the archive", () => {
    const body = `<Sources><TextSource guid="${g(30)}" name="Sneaky" plainTextPath="internal://../../etc/passwd"/></Sources>`;
    const { project, skipped } = readQdpx(archive({ "project.qde": qde(body), "../evil.txt": "x", "Sources/ok.txt": "fine" }));
    expect(project.sources).toEqual([]);
    expect(skipped.map((s) => s.what)).toContain("archive entry “../evil.txt”");
    expect(skipped.find((s) => s.what === "source “Sneaky”")?.why).toMatch(/missing from the archive/);
  });

  it("refuses a DOCTYPE (XXE, billion laughs) before parsing", () => {
    const xxe = qde("", `<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`).replace('name="P"', 'name="&xxe;"');
    expect(() => readQdpx(archive({ "project.qde": xxe }))).toThrow(QdpxRefused);
    expect(() => readQdpx(strToU8(xxe))).toThrow(/DOCTYPE/);
  });

  it("refuses a zip bomb on its declared sizes, a non-archive, and an archive without project.qde", () => {
    const bomb = archive({ "project.qde": qde(""), "Sources/huge.txt": new Uint8Array(20 * 1024 * 1024) }, 9);
    expect(bomb.length).toBeLessThan(100 * 1024); // 20 MB of zeros in a few kB: a 1,000-fold ratio
    expect(() => readQdpx(bomb)).toThrow(/cannot be opened: .*(inflate|limit)/);
    expect(() => readQdpx(strToU8("just some text, not XML"))).toThrow(QdpxRefused);
    expect(() => readQdpx(archive({ "readme.txt": "hello" }))).toThrow(/no project.qde/);
  });
});
