-- The recogniser's confidence in each word of a transcript segment, so a reloaded call dims the same unsure words
-- the live page did: space-separated numbers 0..1, one per word of text; null when unknown (older rows, or a
-- recogniser that gives none). Portable between H2 (MODE=PostgreSQL) and PostgreSQL.
alter table transcript_segments add column word_confidences text;
