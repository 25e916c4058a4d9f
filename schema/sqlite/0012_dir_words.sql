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
-- `supportnet migrate` or `demo` builds it, and during a bulk load),
-- bm25's totals: the services in dir_search and their words in all, and
-- a number raised after every change to the lists (dir_points and
-- dir_names chunks are cached in the server while it stays the same).
CREATE TABLE dir_words_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  built INTEGER NOT NULL,
  docs INTEGER NOT NULL,
  tokens INTEGER NOT NULL,
  gen INTEGER NOT NULL DEFAULT 0
);
INSERT INTO dir_words_state (id, built, docs, tokens) VALUES (1, 0, 0, 0);

-- Where each service is, for searches near a point: the coordinates of
-- each of its locations (dir_geo's points) as 12-byte entries (service
-- id, latitude and longitude in millionths of a degree, little-endian),
-- in service id order, in chunks of 65,536 service ids. A search reads
-- the chunks its candidates are in, one blob each, instead of a lookup or
-- an R-tree row per candidate. Built with dir_words (the same `built`).
CREATE TABLE dir_points (
  chunk INTEGER PRIMARY KEY,
  n INTEGER NOT NULL,
  points BLOB NOT NULL
);

-- Services whose points may have changed since dir_points was written:
-- kept by triggers, whoever writes a location or a service at a
-- location. Searches work out these services' distances from the tables;
-- dir_index_service rewrites their points and empties it.
CREATE TABLE dir_points_stale (service_id INTEGER PRIMARY KEY);
-- (NOT EXISTS rather than INSERT OR IGNORE: an upsert that fires a
-- trigger overrides the trigger's own conflict clause.)
CREATE TRIGGER dir_points_sal_insert AFTER INSERT ON dir_service_at_locations BEGIN
  INSERT INTO dir_points_stale (service_id) SELECT NEW.service_id
    WHERE NOT EXISTS (SELECT 1 FROM dir_points_stale WHERE service_id = NEW.service_id);
END;
CREATE TRIGGER dir_points_sal_update AFTER UPDATE OF service_id, location_id
  ON dir_service_at_locations BEGIN
  INSERT INTO dir_points_stale (service_id) SELECT OLD.service_id
    WHERE NOT EXISTS (SELECT 1 FROM dir_points_stale WHERE service_id = OLD.service_id);
  INSERT INTO dir_points_stale (service_id) SELECT NEW.service_id
    WHERE NOT EXISTS (SELECT 1 FROM dir_points_stale WHERE service_id = NEW.service_id);
END;
CREATE TRIGGER dir_points_sal_delete AFTER DELETE ON dir_service_at_locations BEGIN
  INSERT INTO dir_points_stale (service_id) SELECT OLD.service_id
    WHERE NOT EXISTS (SELECT 1 FROM dir_points_stale WHERE service_id = OLD.service_id);
END;
CREATE TRIGGER dir_points_location_update AFTER UPDATE OF lat_e6, lon_e6 ON dir_locations BEGIN
  INSERT INTO dir_points_stale (service_id)
    SELECT DISTINCT x.service_id FROM dir_service_at_locations x WHERE x.location_id = NEW.id
    AND NOT EXISTS (SELECT 1 FROM dir_points_stale p WHERE p.service_id = x.service_id);
END;

-- The order of published services by name (then id), for ranking ties
-- without reading names: for each service id, a number that sorts as its
-- (name, id) does among published services, 0 when it is not published;
-- 4 bytes each (little-endian), dense by id, 65,536 a chunk. Numbers are
-- spread out when built, so a renamed or new service takes the middle of
-- its neighbours' (dir_index_service), and all are numbered again when
-- there is no room. Built with dir_words (the same `built`).
CREATE TABLE dir_names (
  chunk INTEGER PRIMARY KEY,
  ords BLOB NOT NULL
);
