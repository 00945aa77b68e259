-- The unit ordinals and pages of a coding (migrations 0005, 0006) in one query per row instead
-- of six function calls: each call from PL/pgSQL is its own executor run, and together they
-- more than halved insert throughput (bench P1: ~9,900 → ~3,800 bare inserts/s; now ~7,900).
-- Same rules as before: first = the segment the position falls in (or the next, in a gap),
-- last = the last segment starting before the end; pages by the segment's `level`.
CREATE OR REPLACE FUNCTION codings_units() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT
    coalesce((SELECT CASE WHEN s.end_offset > NEW.start_offset THEN s.ordinal ELSE s.ordinal + 1 END FROM document_segments s
      WHERE s.document_id = NEW.document_id AND s.kind = 'paragraph' AND s.start_offset <= NEW.start_offset ORDER BY s.start_offset DESC LIMIT 1), 0),
    (SELECT s.ordinal FROM document_segments s
      WHERE s.document_id = NEW.document_id AND s.kind = 'paragraph' AND s.start_offset < NEW.end_offset ORDER BY s.start_offset DESC LIMIT 1),
    coalesce((SELECT CASE WHEN s.end_offset > NEW.start_offset THEN s.ordinal ELSE s.ordinal + 1 END FROM document_segments s
      WHERE s.document_id = NEW.document_id AND s.kind = 'sentence' AND s.start_offset <= NEW.start_offset ORDER BY s.start_offset DESC LIMIT 1), 0),
    (SELECT s.ordinal FROM document_segments s
      WHERE s.document_id = NEW.document_id AND s.kind = 'sentence' AND s.start_offset < NEW.end_offset ORDER BY s.start_offset DESC LIMIT 1),
    (SELECT s.level FROM document_segments s
      WHERE s.document_id = NEW.document_id AND s.kind = 'page' AND s.start_offset <= NEW.start_offset ORDER BY s.start_offset DESC LIMIT 1),
    (SELECT s.level FROM document_segments s
      WHERE s.document_id = NEW.document_id AND s.kind = 'page' AND s.start_offset < NEW.end_offset ORDER BY s.start_offset DESC LIMIT 1)
  INTO NEW.paragraph_first, NEW.paragraph_last, NEW.sentence_first, NEW.sentence_last, NEW.page_first, NEW.page_last;
  RETURN NEW;
END
$$;--> statement-breakpoint
DROP FUNCTION IF EXISTS coding_unit_first(uuid, text, integer);--> statement-breakpoint
DROP FUNCTION IF EXISTS coding_unit_last(uuid, text, integer);--> statement-breakpoint
DROP FUNCTION IF EXISTS coding_page_at(uuid, integer, boolean);
