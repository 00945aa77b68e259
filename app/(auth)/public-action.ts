import "server-only";
import type { z } from "zod";
import { toErrorBody } from "@/lib/server/guard";
import { registerEndpoint } from "@/lib/server/registry";
import type { Result } from "@/lib/errors";

/**
 * For the only actions that run without a signed-in user (sign up, sign in, sign out):
 * validate with zod and answer with a typed Result, like the guard's wrappers, and register as
 * public so the authorization test sees them.
 */
export function publicAction<S extends z.ZodType, R>(
  name: string,
  schema: S,
  run: (input: z.output<S>) => Promise<R>,
): (input: z.input<S>) => Promise<Result<R>> {
  registerEndpoint({ name, kind: "action", access: "public" });
  return async (input) => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) return { ok: false, error: toErrorBody(parsed.error, name) };
    try {
      return { ok: true, data: await run(parsed.data) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error, name) };
    }
  };
}
