-- Each locality's area, for the directory's map: the same table as
-- schema/sqlite/0018_locality_boundaries.sql, in PostgreSQL's dialect.
CREATE TABLE locality_boundaries (
  locality_id BIGINT PRIMARY KEY REFERENCES localities(id) ON DELETE CASCADE,
  geojson TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
