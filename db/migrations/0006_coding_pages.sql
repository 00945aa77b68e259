ALTER TABLE "codings" ADD COLUMN "page_first" integer;--> statement-breakpoint
ALTER TABLE "codings" ADD COLUMN "page_last" integer;--> statement-breakpoint
-- The page numbers (segment `level`) a coding starts and ends on, for exports and reports:
-- kept with the paragraph and sentence ordinals by the same trigger, so an export of a million
-- codings reads them instead of probing the pages a million times.
CREATE OR REPLACE FUNCTION coding_page_at(doc uuid, pos integer, inclusive boolean) RETURNS integer LANGUAGE sql STABLE AS $$
  SELECT s.level FROM document_segments s
  WHERE s.document_id = doc AND s.kind = 'page' AND (s.start_offset < pos OR (inclusive AND s.start_offset = pos))
  ORDER BY s.start_offset DESC LIMIT 1
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION codings_units() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.paragraph_first := coding_unit_first(NEW.document_id, 'paragraph', NEW.start_offset);
  NEW.paragraph_last := coding_unit_last(NEW.document_id, 'paragraph', NEW.end_offset);
  NEW.sentence_first := coding_unit_first(NEW.document_id, 'sentence', NEW.start_offset);
  NEW.sentence_last := coding_unit_last(NEW.document_id, 'sentence', NEW.end_offset);
  NEW.page_first := coding_page_at(NEW.document_id, NEW.start_offset, true);
  NEW.page_last := coding_page_at(NEW.document_id, NEW.end_offset, false);
  RETURN NEW;
END
$$;--> statement-breakpoint
UPDATE codings SET start_offset = start_offset;
