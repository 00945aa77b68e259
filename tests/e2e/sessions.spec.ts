import type { Browser, BrowserContext } from "@playwright/test";
import { decode, encode } from "next-auth/jwt";
import { newPerson, SignInPage, SignUpPage, type Credentials } from "../pages/auth-pages";
import { expect, test } from "../pages/fixtures";

// The secret playwright.config.ts gives the server: the tests below sign session tokens with it.
const SECRET = process.env.AUTH_SECRET ?? "e2e-secret-e2e-secret-e2e-secret-e2e-secret";
const COOKIE = "authjs.session-token"; // on plain http; "__Secure-" + this behind HTTPS
const DAY = 24 * 60 * 60;

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((c) => c.name.endsWith(COOKIE));
}

/** A fresh browser (no cookies) holding the given session token; where /projects takes it. */
async function visitWith(browser: Browser, token: string): Promise<string> {
  const context = await browser.newContext();
  await context.addCookies([{ name: COOKIE, value: token, domain: "127.0.0.1", path: "/", httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  await page.goto("/projects");
  const url = new URL(page.url()).pathname;
  await context.close();
  return url;
}

test("the session cookie is HttpOnly, Secure with the __Secure- prefix behind an HTTPS proxy, and still works on plain http", async ({ browser, page, signUp }) => {
  const person = newPerson("Cora");
  await signUp.signUp(person);
  // Plain http://127.0.0.1, the one-command local start: no Secure flag (the browser would drop it), no HSTS.
  const local = await sessionCookie(page.context());
  expect(local).toMatchObject({ name: COOKIE, httpOnly: true, secure: false, sameSite: "Lax" });
  // It lasts the configured 30 days from now (SESSION_MAX_AGE_DAYS).
  expect(Math.abs(local!.expires - (Date.now() / 1000 + 30 * DAY))).toBeLessThan(120);
  expect((await page.request.get("/projects")).headers()["strict-transport-security"]).toBeUndefined();

  // Behind a TLS-terminating proxy, which says so in X-Forwarded-Proto.
  const proxied = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-proto": "https" } });
  const behind = await proxied.newPage();
  await new SignInPage(behind).signIn(person);
  const secure = await sessionCookie(proxied);
  expect(secure).toMatchObject({ name: `__Secure-${COOKIE}`, httpOnly: true, secure: true, sameSite: "Lax" });
  await behind.goto("/settings");
  await expect(behind.getByRole("heading", { name: "Account settings" })).toBeVisible();
  const hsts = (await behind.request.get("/projects")).headers()["strict-transport-security"];
  expect(hsts).toBe("max-age=63072000; includeSubDomains");
  await proxied.close();
});

test("an expired session is refused, and so is one older than the session lifetime however it was refreshed", async ({ browser, page, signUp }) => {
  await signUp.signUp(newPerson("Ezra"));
  const real = await sessionCookie(page.context());
  const claims = (await decode({ token: real!.value, secret: SECRET, salt: COOKIE }))!;
  expect(claims).toMatchObject({ uid: expect.any(String), sv: 1, authTime: expect.any(Number) });
  const now = Math.floor(Date.now() / 1000);
  const reissue = (changes: Record<string, unknown>, maxAge: number) => encode({ token: { ...claims, ...changes }, secret: SECRET, salt: COOKIE, maxAge });

  // The same claims re-signed with an hour to go: accepted (so what follows is about time alone).
  expect(await visitWith(browser, await reissue({}, 3600))).toBe("/projects");
  // Expired a minute ago (`exp` in the past): signed out.
  expect(await visitWith(browser, await reissue({}, -60))).toBe("/sign-in");
  // A fresh `exp` (as /api/auth/session re-issues it) on a sign-in 31 days old: signed out.
  expect(await visitWith(browser, await reissue({ authTime: now - 31 * DAY, iat: now - 60 }, 3600))).toBe("/sign-in");
  // The API refuses it too.
  const api = await page.request.get("/api/v1/projects", { headers: { cookie: `${COOKIE}=${await reissue({}, -60)}` } });
  expect(api.status()).toBe(401);
});

/** Posts a password to next-auth's own credentials endpoint, as a script would; how it ended. */
async function signInAttempt(request: import("@playwright/test").APIRequestContext, csrfToken: string, who: { email: string; password: string }, ip: string) {
  const res = await request.post("/api/auth/callback/credentials", {
    form: { email: who.email, password: who.password, csrfToken },
    headers: { "x-forwarded-for": ip },
    maxRedirects: 0,
  });
  const location = res.headers()["location"] ?? "";
  return location.includes("code=throttled") ? "throttled" : location.includes("code=credentials") ? "wrong" : `other: ${res.status()} ${location}`;
}

test("a burst of 40 simultaneous wrong passwords gets at most 5 checked for one account and 30 for one address; then even the right password waits", async ({ browser, page, playwright, signUp, baseURL }) => {
  test.setTimeout(90_000);
  const victim: Credentials = newPerson("Vera");
  await signUp.signUp(victim);
  const other = newPerson("Otto");
  const otherContext = await browser.newContext();
  await new SignUpPage(await otherContext.newPage()).signUp(other);
  await otherContext.close();
  // A new connection pool per burst: a pooled connection left idle past the server's keep-alive
  // timeout can be reset just as it is reused.
  const burst = async (attempts: (request: import("@playwright/test").APIRequestContext, csrfToken: string) => Promise<string>[]) => {
    const request = await playwright.request.newContext({ baseURL });
    const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
    const outcomes = await Promise.all(attempts(request, csrfToken));
    await request.dispose();
    return outcomes;
  };
  const tally = (outcomes: string[]) => outcomes.reduce<Record<string, number>>((n, o) => ({ ...n, [o]: (n[o] ?? 0) + 1 }), {});

  // One account, from 40 addresses at once (the per-address limit never comes into it).
  const one = await burst((request, csrfToken) => Array.from({ length: 40 }, (_, i) => signInAttempt(request, csrfToken, { email: victim.email, password: `guess number ${i}` }, `198.51.100.${i + 1}`)));
  expect(tally(one)).toEqual({ wrong: 5, throttled: 35 });
  const signIn = new SignInPage(page);
  await page.context().clearCookies();
  await signIn.goto();
  await signIn.fill(victim.email, victim.password);
  await signIn.submit();
  await expect(page.getByText("Too many failed sign-in attempts. Try again in 15 minutes.")).toBeVisible();

  // One address, 40 accounts at once.
  const spray = await burst((request, csrfToken) => Array.from({ length: 40 }, (_, i) => signInAttempt(request, csrfToken, { email: `nobody-${i}-${victim.email}`, password: "wrong password" }, "203.0.113.40")));
  expect(tally(spray)).toEqual({ wrong: 30, throttled: 10 });
  const fromThere = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.40" } });
  const there = await fromThere.newPage();
  const thereSignIn = new SignInPage(there);
  await thereSignIn.goto();
  await thereSignIn.fill(other.email, other.password);
  await thereSignIn.submit();
  await expect(there.getByText("Too many failed sign-in attempts. Try again in 15 minutes.")).toBeVisible();
  await fromThere.close();
  // Anyone else is not affected.
  expect(await burst((request, csrfToken) => [signInAttempt(request, csrfToken, other, "203.0.113.41")])).toEqual([expect.stringMatching(/^other: 302 /)]);
});
