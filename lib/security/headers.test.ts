import { describe, expect, it } from "vitest";
import { API_CSP, newNonce, pageCsp, STATIC_HEADERS } from "./headers";

const directives = (csp: string) => new Map(csp.split(/;\s*/).map((d) => { const [name, ...values] = d.trim().split(/\s+/); return [name!, values]; }));

describe("page CSP", () => {
  const csp = directives(pageCsp({ nonce: "abc123==" }));

  it("runs scripts only with this response's nonce, or loaded by one ('strict-dynamic'): no inline, no eval", () => {
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(pageCsp({ nonce: "n" })).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });

  it("allows eval only under next dev, where React's debugging needs it", () => {
    expect(directives(pageCsp({ nonce: "n", dev: true })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("forbids plugins, <base>, framing and posting forms elsewhere", () => {
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
  });

  it("lets the chart PNG be drawn from a blob: SVG, and inline styles (React style attributes) apply", () => {
    expect(csp.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(csp.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });
});

describe("static headers", () => {
  it("gives JSON a policy under which nothing loads and nothing frames it", () => {
    expect(API_CSP).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("turns off sniffing and framing and keeps paths out of other sites' referrers", () => {
    const byKey = Object.fromEntries(STATIC_HEADERS.map((h) => [h.key, h.value]));
    expect(byKey).toMatchObject({ "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin" });
  });
});

describe("newNonce", () => {
  it("is 128 random bits in base64, different every time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    for (const n of nonces) expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
