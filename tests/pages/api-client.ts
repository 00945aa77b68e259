import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import type { Credentials } from "./auth-pages";

/**
 * The JSON API as a script uses it: a token from POST /api/v1/tokens, then Bearer calls. For
 * setting up data fast where the UI is not what a test is about.
 */
export class ApiClient {
  private constructor(
    private readonly request: APIRequestContext,
    readonly token: string,
  ) {}

  static async for(request: APIRequestContext, person: Pick<Credentials, "email" | "password">, name = "e2e"): Promise<ApiClient> {
    const res = await request.post("/api/v1/tokens", { data: { email: person.email, password: person.password, name } });
    expect(res.status(), await res.text()).toBe(201);
    return new ApiClient(request, (await res.json()).token);
  }

  get headers(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  /** A call that must succeed; its JSON body. */
  async json<T = any>(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, data?: unknown): Promise<T> {
    const res = await this.send(method, path, data);
    expect(res.ok(), `${method} ${path} → ${res.status()} ${await res.text()}`).toBe(true);
    return (await res.json()) as T;
  }

  send(method: string, path: string, data?: unknown, headers: Record<string, string> = {}): Promise<APIResponse> {
    return this.request.fetch(path, { method, headers: { ...this.headers, ...headers }, ...(data === undefined ? {} : { data }) });
  }
}
