-- dir_points holds every service at a location now, so that the services
-- at locations of a search (/oruk/service_at_locations) come from it too:
-- 16-byte entries (service id, service at location id, latitude and
-- longitude in millionths of a degree, little-endian), INT32_MIN for both
-- coordinates when the location has none; still in service id order (then
-- service at location), in chunks of 65,536 service ids. The old 12-byte
-- chunks are dropped and the lists marked not built: `supportnet migrate`
-- builds them again (dir_index_ready), and searches use FTS5 and the
-- R-tree until then.
DELETE FROM dir_points;
DELETE FROM dir_points_stale;
UPDATE dir_words_state SET built = 0 WHERE id = 1;
