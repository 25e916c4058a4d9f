-- The directory's own word index (src/directory/dir_index.c and
-- docs/directory.md, "How it is fast"): for each word as dir_search's
-- tokenizer cuts and stems it, the published services that have it, in id
-- order, with the word's count in each and each one's word count (8 bytes
-- a posting), cut into chunks of 65,536 ids. Written only by
-- dir_index.c; searches use it instead of FTS5 while it is built.
CREATE TABLE dir_words (
  word TEXT NOT NULL,
  chunk INTEGER NOT NULL,
  n INTEGER NOT NULL,
  postings BLOB NOT NULL,
  PRIMARY KEY (word, chunk)
);

-- One row: whether dir_words is in step with dir_search (0 until
-- `supportnet migrate` or `demo` builds it, and during a bulk load), and
-- bm25's totals: the services in dir_search and their words in all.
CREATE TABLE dir_words_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  built INTEGER NOT NULL,
  docs INTEGER NOT NULL,
  tokens INTEGER NOT NULL
);
INSERT INTO dir_words_state (id, built, docs, tokens) VALUES (1, 0, 0, 0);
