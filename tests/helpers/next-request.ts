/**
 * `next/headers` for code run outside a Next request (integration tests): every call sees a
 * request from localhost with no cookies, and cookies set on it are dropped, like a client that
 * keeps none. So next-auth's `auth()` finds no session — an anonymous caller — and `signIn`
 * and `signOut` run for real without a request scope. Use it with
 * `vi.mock("next/headers", () => import("../helpers/next-request"))`.
 */
export async function headers(): Promise<Headers> {
  return new Headers({ host: "localhost:3000", "x-forwarded-proto": "http" });
}

type Cookie = { name: string; value: string };

export async function cookies() {
  const jar = new Map<string, Cookie>();
  return {
    get: (name: string) => jar.get(name),
    getAll: () => [...jar.values()],
    has: (name: string) => jar.has(name),
    set: (name: string, value: string) => void jar.set(name, { name, value }),
    delete: (name: string) => void jar.delete(name),
    toString: () => "",
  };
}

export async function draftMode() {
  return { isEnabled: false, enable() {}, disable() {} };
}
