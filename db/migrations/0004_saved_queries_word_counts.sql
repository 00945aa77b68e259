CREATE TABLE "saved_queries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text NOT NULL,
	"query" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saved_queries_name_not_blank" CHECK (length(btrim("saved_queries"."name")) > 0)
);
--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "word_count" integer;--> statement-breakpoint
ALTER TABLE "saved_queries" ADD CONSTRAINT "saved_queries_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "saved_queries" ADD CONSTRAINT "saved_queries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "saved_queries_project_name_idx" ON "saved_queries" USING btree ("project_id","name");--> statement-breakpoint
-- Documents imported before word counts existed: PostgreSQL's \w runs approximate the
-- count new imports store (lib/ingest/words.ts); the same for alphabetic scripts, lower for CJK.
UPDATE "documents" SET "word_count" = regexp_count("text", '\w+') WHERE "word_count" IS NULL;
