import { newPerson } from "../pages/auth-pages";
import { ApiClient } from "../pages/api-client";
import { expect, test } from "../pages/fixtures";

/**
 * The headers as a browser receives them from the production server: pages get a nonce CSP
 * from proxy.ts (a new nonce each time, on every script), everything else fixed headers from
 * next.config.ts — and the proxy never runs for the JSON API or static files.
 */
const FIXED = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
};
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

test("pages carry a nonce CSP without unsafe-inline or unsafe-eval scripts, a new nonce per response, on every script", async ({ request }) => {
  const nonces = new Set<string>();
  for (const path of ["/sign-in", "/sign-in", "/", "/no-such-page"]) {
    const res = await request.get(path);
    const headers = res.headers();
    expect(headers).toMatchObject(FIXED);
    const csp = headers["content-security-policy"]!;
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce, `${path}: ${csp}`).toBeTruthy();
    nonces.add(nonce!);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"]) expect(csp).toContain(directive);
    // Every script Next wrote into the page carries this response's nonce (the 404 page too:
    // prerendered at build time, its scripts would have none, and would not run).
    const html = await res.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
  }
  expect(nonces.size).toBe(4);
});

test("the JSON API and static files get fixed headers and a JSON CSP, with no proxy run; HSTS only over HTTPS", async ({ request }) => {
  const ping = await request.get("/api/ping");
  expect(ping.headers()).toMatchObject({ ...FIXED, "content-security-policy": API_CSP });
  expect(ping.headers()["strict-transport-security"]).toBeUndefined();
  const unauthorized = await request.get("/api/v1/projects");
  expect(unauthorized.status()).toBe(401);
  expect(unauthorized.headers()).toMatchObject({ ...FIXED, "content-security-policy": API_CSP });

  const page = await (await request.get("/sign-in")).text();
  const chunk = /<script src="(\/_next\/static\/[^"]+\.js)"/.exec(page)![1]!;
  const js = await request.get(chunk);
  expect(js.status()).toBe(200);
  expect(js.headers()).toMatchObject(FIXED);
  // The proxy, had it run, would have added a page CSP with a nonce.
  expect(js.headers()["content-security-policy"]).toBeUndefined();

  const overHttps = await request.get("/api/ping", { headers: { "x-forwarded-proto": "https" } });
  expect(overHttps.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
});

test("the original-file download and the chart SVG keep their own sandboxing CSP", async ({ page, signUp, projects }) => {
  const person = newPerson("Sandra");
  await signUp.signUp(person);
  const projectId = await projects.createProject("Headers study");
  const api = await ApiClient.for(page.request, person);
  const upload = await page.request.post(`/api/v1/projects/${projectId}/documents`, {
    headers: api.headers,
    multipart: { file: { name: "page.html", mimeType: "text/html", buffer: Buffer.from("<html><body><article><p>The committee met on Monday and talked at length.</p></article></body></html>") } },
  });
  expect(upload.status(), await upload.text()).toBe(201);
  const { id: documentId } = await upload.json();

  const original = await page.request.get(`/api/v1/projects/${projectId}/documents/${documentId}/original`, { headers: api.headers });
  expect(original.status()).toBe(200);
  expect(original.headers()).toMatchObject({ "content-security-policy": "sandbox; default-src 'none'", "content-type": "application/octet-stream", "x-content-type-options": "nosniff" });
  expect(original.headers()["content-disposition"]).toMatch(/^attachment;/);

  const svg = await page.request.get(`/api/v1/projects/${projectId}/matrix?kind=code-document&format=svg`, { headers: api.headers });
  expect(svg.status()).toBe(200);
  expect(svg.headers()).toMatchObject({ "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox", "content-type": "image/svg+xml; charset=utf-8", "x-frame-options": "DENY" });
  // The JSON answer of the same route has the API's.
  const json = await page.request.get(`/api/v1/projects/${projectId}/matrix?kind=code-document`, { headers: api.headers });
  expect(json.headers()["content-security-policy"]).toBe(API_CSP);
});
