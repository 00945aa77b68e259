import type { User } from "@/db/schema";
import { isOutsideRequestScope } from "./request-scope";
import { getSessionUser } from "./session";

/**
 * The session user for a JSON API read, or null. Inside Next a route handler always has a
 * request scope; outside one (integration tests and scripts calling the handlers directly)
 * next-auth's `auth()` throws because `headers()` has no request. That is "no session", so the
 * API answers 401 rather than 500. Any other failure (say, the database) still propagates.
 */
export async function getApiSessionUser(): Promise<User | null> {
  try {
    return await getSessionUser();
  } catch (error) {
    if (isOutsideRequestScope(error)) return null;
    throw error;
  }
}
