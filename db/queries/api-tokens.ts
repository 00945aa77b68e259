import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { AccessCache } from "@/lib/auth/access-cache";
import type { Role } from "@/lib/permissions";
import type { Database } from "../client";
import { apiTokens, memberships, projects, users, type ApiToken, type Project, type User } from "../schema";

const TOKEN_PREFIX = "qc_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Creates a token and returns its secret once; only the hash is stored. */
export async function createApiToken(
  db: Database,
  { userId, name, expiresAt = null }: { userId: string; name: string; expiresAt?: Date | null },
): Promise<{ token: string; record: ApiToken }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const [record] = await db
    .insert(apiTokens)
    .values({ userId, name: name.trim() || "API token", tokenHash: hashToken(token), prefix: token.slice(0, 10), expiresAt })
    .returning();
  return { token, record: record! };
}

export type ApiTokenSummary = Omit<ApiToken, "tokenHash">;

export async function getApiTokensByUserId(db: Database, { userId }: { userId: string }): Promise<ApiTokenSummary[]> {
  return db
    .select({
      id: apiTokens.id,
      userId: apiTokens.userId,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes one of the user's own tokens; false when there is no such live token. */
export async function revokeApiToken(db: Database, { userId, tokenId }: { userId: string; tokenId: string }): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  forgetTokenAccess();
  return rows.length > 0;
}

/** The user a bearer token acts as, or undefined for an unknown, revoked or expired token. */
export async function getUserByApiToken(db: Database, { token }: { token: string }): Promise<User | undefined> {
  return (await getApiTokenAccess(db, { token }))?.user;
}

/**
 * The token's user and, when `projectId` is given, their membership in that project — one
 * query, because every API call needs both and the write path is measured (bench P1). The
 * answer is kept for a second (`tokenAccessCache` below; why that is safe: lib/auth/access-cache):
 * a script's calls in that second skip the query; the expiry is still checked on every call.
 */
export async function getApiTokenAccess(
  db: Database,
  { token, projectId }: { token: string; projectId?: string },
): Promise<TokenAccess | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  const now = new Date();
  const hash = hashToken(token);
  const key = cacheKey(db, hash, projectId);
  let entry = tokenAccessCache.get(key);
  if (entry && entry.expiresAt && entry.expiresAt.getTime() <= now.getTime()) entry = undefined;
  if (!entry) {
    const begun = tokenAccessCache.begin();
    const [row] = await accessQuery(db).execute({ hash, projectId: projectId ?? NO_PROJECT });
    if (!row) return undefined;
    entry = {
      tokenId: row.tokenId,
      lastUsedAt: row.lastUsedAt,
      expiresAt: row.expiresAt,
      access: Object.freeze({
        user: Object.freeze(row.user),
        membership: row.project && row.role ? Object.freeze({ project: Object.freeze(row.project), role: row.role }) : null,
      }),
    };
    tokenAccessCache.set(key, entry, begun);
  }
  // Record use at most once a minute: a write per API call would halve write throughput.
  if (!entry.lastUsedAt || now.getTime() - entry.lastUsedAt.getTime() > 60_000) {
    entry.lastUsedAt = now;
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, entry.tokenId));
  }
  return entry.access;
}

export type TokenAccess = Readonly<{ user: User; membership: Readonly<{ project: Project; role: Role }> | null }>;
type CachedAccess = { tokenId: string; lastUsedAt: Date | null; expiresAt: Date | null; access: TokenAccess };

/**
 * Keyed by database too (tests open several in one process). Any change to tokens, memberships,
 * projects or users clears it all (`forgetTokenAccess`): such changes are rare.
 */
export const TOKEN_ACCESS_TTL_MS = 1000;
const tokenAccessCache = new AccessCache<CachedAccess>({ ttlMs: TOKEN_ACCESS_TTL_MS, maxEntries: 10_000 });
const databaseIds = new WeakMap<Database, number>();
let databasesSeen = 0;
function cacheKey(db: Database, tokenHash: string, projectId: string | undefined) {
  let id = databaseIds.get(db);
  if (id === undefined) databaseIds.set(db, (id = ++databasesSeen));
  return `${id} ${tokenHash} ${projectId ?? ""}`;
}

/** Called after every change that could make a cached token answer wrong. */
export function forgetTokenAccess(): void {
  tokenAccessCache.invalidate();
}

// No project asked for: a uuid no project has, so the membership join finds nothing.
const NO_PROJECT = "00000000-0000-0000-0000-000000000000";

/**
 * The token lookup as a drizzle prepared query, built once per database: every API call runs it,
 * and building the query each time cost about as much as running it (bench P1).
 */
const accessQueries = new WeakMap<Database, ReturnType<typeof buildAccessQuery>>();
function accessQuery(db: Database) {
  let query = accessQueries.get(db);
  if (!query) accessQueries.set(db, (query = buildAccessQuery(db)));
  return query;
}
function buildAccessQuery(db: Database) {
  return db
    .select({ user: users, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.expiresAt, project: projects, role: memberships.role })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.projectId, sql.placeholder("projectId"))))
    .leftJoin(projects, eq(projects.id, memberships.projectId))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder("hash")), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`))))
    .limit(1)
    .prepare("api_token_access");
}
