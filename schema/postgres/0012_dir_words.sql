-- SQLite's word index (dir_words, docs/directory.md "How it is fast") has
-- no counterpart here: PostgreSQL searches its tsvector column with GIN.
-- The migration keeps both backends at the same version.
SELECT 1;
