import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { queryRows } from "@/db/raw";
import { createTestDatabase } from "../helpers/db";

describe("migrations", () => {
  let handle: DatabaseHandle & { label: string };
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => handle?.close());

  it("apply on an empty database and create every table", async () => {
    const rows = await queryRows<{ table_name: string }>(
      handle.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const names = rows.map((r) => r.table_name);
    expect(names).toEqual(
      expect.arrayContaining([
        "users", "api_tokens", "auth_throttle", "projects", "memberships", "documents", "document_files",
        "document_segments", "attribute_definitions", "attribute_values", "codes", "codings", "memos",
        "assignments", "reading_positions", "events",
      ]),
    );
  });

  it("are idempotent: applying again changes nothing", async () => {
    await expect(migrateDatabase(handle)).resolves.toBeUndefined();
  });

  it("enforce the coding span check (start >= 0 and start < end)", async () => {
    const list = await queryRows<{ def: string }>(
      handle.db,
      sql`select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'codings_span'`,
    );
    expect(list[0]?.def).toMatch(/start_offset >= 0.*start_offset < end_offset/);
  });
});
