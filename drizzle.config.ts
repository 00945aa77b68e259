import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema.ts and applied at server start (db/migrate.ts)
// for both drivers; drizzle-kit itself never talks to a database here.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
