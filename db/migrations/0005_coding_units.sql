ALTER TABLE "codings" ADD COLUMN "paragraph_first" integer;--> statement-breakpoint
ALTER TABLE "codings" ADD COLUMN "paragraph_last" integer;--> statement-breakpoint
ALTER TABLE "codings" ADD COLUMN "sentence_first" integer;--> statement-breakpoint
ALTER TABLE "codings" ADD COLUMN "sentence_last" integer;--> statement-breakpoint
-- The paragraphs and sentences a coding touches, as ordinal ranges (see db/schema.ts). Segments
-- of one kind never overlap and their ordinals follow the text, so each end is one index probe:
-- the last segment starting before the coding ends, and the last one starting at or before it
-- starts (or the next, when the coding starts in the gap after it).
CREATE OR REPLACE FUNCTION coding_unit_first(doc uuid, unit text, pos integer) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT coalesce((
    SELECT CASE WHEN s.end_offset > pos THEN s.ordinal ELSE s.ordinal + 1 END
    FROM document_segments s
    WHERE s.document_id = doc AND s.kind = unit AND s.start_offset <= pos
    ORDER BY s.start_offset DESC LIMIT 1), 0)
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION coding_unit_last(doc uuid, unit text, pos integer) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT s.ordinal FROM document_segments s
  WHERE s.document_id = doc AND s.kind = unit AND s.start_offset < pos
  ORDER BY s.start_offset DESC LIMIT 1
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION codings_units() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.paragraph_first := coding_unit_first(NEW.document_id, 'paragraph', NEW.start_offset);
  NEW.paragraph_last := coding_unit_last(NEW.document_id, 'paragraph', NEW.end_offset);
  NEW.sentence_first := coding_unit_first(NEW.document_id, 'sentence', NEW.start_offset);
  NEW.sentence_last := coding_unit_last(NEW.document_id, 'sentence', NEW.end_offset);
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER codings_units BEFORE INSERT OR UPDATE OF document_id, start_offset, end_offset ON codings FOR EACH ROW EXECUTE FUNCTION codings_units();--> statement-breakpoint
UPDATE codings SET start_offset = start_offset;
