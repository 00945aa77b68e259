import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFObject } from "pdf-lib/dist/pdf-lib.esm.min.js";

/**
 * /ActualText for PDF.js. Word processors that fall back to another font for a script the main
 * font lacks (LibreOffice with CJK, for one) draw the glyphs with a placeholder code and put the
 * real characters in a marked-content span: `/Span <</ActualText <FEFF5BB6>>> BDC … EMC`. PDF.js
 * reads the placeholder and reports neither the span's text nor a way to get it (open upstream
 * issue). So we read the page's content streams ourselves — pdf-lib parses the file's objects and
 * decodes the streams — and list, in stream order, every marked-content section with its
 * ActualText (or null). PDF.js reports the same sections in the same order
 * (`includeMarkedContent`), so the i-th begin marker pairs with the i-th entry here.
 * This module is loaded only for PDFs whose text shows marked-content spans.
 */

export type MarkedSections = Array<string | null>;

export async function actualTextByPage(bytes: Uint8Array, pageCount: number): Promise<Array<MarkedSections | null>> {
  const doc = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  const pages = doc.getPages();
  const out: Array<MarkedSections | null> = [];
  for (let i = 0; i < pageCount; i++) {
    const page = pages[i];
    if (!page) {
      out.push(null);
      continue;
    }
    try {
      const data = streamsOf(doc, page.node.Contents());
      const sections: MarkedSections = [];
      scan(doc, data, page.node.Resources(), sections, 0);
      out.push(sections);
    } catch {
      out.push(null);
    }
  }
  return out;
}

function streamsOf(doc: PDFDocument, contents: PDFObject | undefined): Uint8Array {
  const parts: Uint8Array[] = [];
  const add = (o: PDFObject | undefined) => {
    const v = o instanceof PDFRef ? doc.context.lookup(o) : o;
    if (v instanceof PDFRawStream) parts.push(decodePDFRawStream(v).decode());
    else if (v instanceof PDFArray) for (let i = 0; i < v.size(); i++) add(v.get(i));
  };
  add(contents);
  const total = parts.reduce((n, p) => n + p.length + 1, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    all[at + p.length] = 10;
    at += p.length + 1;
  }
  return all;
}

type Value = number | string | Uint8Array | { name: string } | Value[] | Map<string, Value> | null;

/** A content-stream tokenizer just big enough to find BDC/BMC/EMC, their dictionaries and `Do`. */
function scan(doc: PDFDocument, s: Uint8Array, resources: PDFDict | undefined, out: MarkedSections, depth: number): void {
  if (depth > 8) return;
  let i = 0;
  const n = s.length;
  const stack: Value[] = [];
  const isWs = (c: number) => c === 0 || c === 9 || c === 10 || c === 12 || c === 13 || c === 32;
  const isDelim = (c: number) => c === 40 || c === 41 || c === 60 || c === 62 || c === 91 || c === 93 || c === 123 || c === 125 || c === 47 || c === 37;

  const skipWs = () => {
    while (i < n) {
      const c = s[i]!;
      if (isWs(c)) i++;
      else if (c === 37) while (i < n && s[i] !== 10 && s[i] !== 13) i++;
      else break;
    }
  };
  const regular = () => {
    const start = i;
    while (i < n && !isWs(s[i]!) && !isDelim(s[i]!)) i++;
    return String.fromCharCode(...s.subarray(start, i));
  };
  const literal = (): Uint8Array => {
    i++; // (
    const bytes: number[] = [];
    let level = 1;
    while (i < n) {
      const c = s[i++]!;
      if (c === 92) {
        const e = s[i++]!;
        const map: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12, 40: 40, 41: 41, 92: 92 };
        if (e in map) bytes.push(map[e]!);
        else if (e >= 48 && e <= 55) {
          let v = e - 48;
          for (let k = 0; k < 2 && s[i]! >= 48 && s[i]! <= 55; k++) v = v * 8 + (s[i++]! - 48);
          bytes.push(v & 0xff);
        } else if (e === 13) {
          if (s[i] === 10) i++;
        } else if (e !== 10) bytes.push(e);
      } else if (c === 40) {
        level++;
        bytes.push(c);
      } else if (c === 41) {
        if (--level === 0) break;
        bytes.push(c);
      } else bytes.push(c);
    }
    return Uint8Array.from(bytes);
  };
  const hex = (): Uint8Array => {
    i++; // <
    let digits = "";
    while (i < n && s[i] !== 62) {
      const c = s[i++]!;
      if (!isWs(c)) digits += String.fromCharCode(c);
    }
    i++; // >
    if (digits.length % 2) digits += "0";
    const bytes = new Uint8Array(digits.length / 2);
    for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(digits.slice(2 * k, 2 * k + 2), 16) || 0;
    return bytes;
  };
  const value = (): Value | undefined => {
    skipWs();
    if (i >= n) return undefined;
    const c = s[i]!;
    if (c === 40) return literal();
    if (c === 60 && s[i + 1] === 60) {
      i += 2;
      const dict = new Map<string, Value>();
      for (;;) {
        skipWs();
        if (i >= n) break;
        if (s[i] === 62 && s[i + 1] === 62) {
          i += 2;
          break;
        }
        const key = value();
        const v = value();
        if (key && typeof key === "object" && "name" in key) dict.set(key.name, v ?? null);
        else if (key === undefined) break;
      }
      return dict;
    }
    if (c === 60) return hex();
    if (c === 91) {
      i++;
      const arr: Value[] = [];
      for (;;) {
        skipWs();
        if (i >= n || s[i] === 93) {
          i++;
          break;
        }
        const v = value();
        if (v === undefined) break;
        arr.push(v);
      }
      return arr;
    }
    if (c === 47) {
      i++;
      return { name: regular() };
    }
    if (c === 41 || c === 62 || c === 93 || c === 123 || c === 125) {
      i++;
      return null;
    }
    const word = regular();
    if (word === "") {
      i++;
      return null;
    }
    const num = Number(word);
    return Number.isNaN(num) ? `op:${word}` : num;
  };

  while (i < n) {
    const v = value();
    if (v === undefined) break;
    if (typeof v === "string" && v.startsWith("op:")) {
      const op = v.slice(3);
      if (op === "BDC") {
        const props = stack[stack.length - 1];
        out.push(props instanceof Map ? textOf(props.get("ActualText")) : null);
      } else if (op === "BMC") out.push(null);
      else if (op === "Do") {
        const name = stack[stack.length - 1];
        if (name && typeof name === "object" && "name" in name) form(doc, resources, name.name, out, depth);
      } else if (op === "BI") {
        // Inline image: skip its binary data up to "EI".
        while (i < n && !(s[i] === 73 && s[i + 1] === 68 && isWs(s[i + 2] ?? 32))) i++;
        i += 3;
        while (i < n && !(isWs(s[i - 1]!) && s[i] === 69 && s[i + 1] === 73 && (i + 2 >= n || isWs(s[i + 2]!)))) i++;
        i += 2;
      }
      stack.length = 0;
    } else stack.push(v);
  }
}

function form(doc: PDFDocument, resources: PDFDict | undefined, name: string, out: MarkedSections, depth: number): void {
  const xobjects = resources?.lookupMaybe(PDFName.of("XObject"), PDFDict);
  const x = xobjects?.lookup(PDFName.of(name));
  if (!(x instanceof PDFRawStream)) return;
  if (x.dict.lookupMaybe(PDFName.of("Subtype"), PDFName)?.asString() !== "/Form") return;
  const own = x.dict.lookupMaybe(PDFName.of("Resources"), PDFDict) ?? resources;
  scan(doc, decodePDFRawStream(x).decode(), own, out, depth + 1);
}

function textOf(v: Value | undefined): string | null {
  if (!(v instanceof Uint8Array)) return null;
  if (v[0] === 0xfe && v[1] === 0xff) return new TextDecoder("utf-16be").decode(v.subarray(2));
  if (v[0] === 0xff && v[1] === 0xfe) return new TextDecoder("utf-16le").decode(v.subarray(2));
  if (v[0] === 0xef && v[1] === 0xbb && v[2] === 0xbf) return new TextDecoder().decode(v.subarray(3));
  return new TextDecoder("latin1").decode(v); // PDFDocEncoding: Latin-1 for everything text uses
}
