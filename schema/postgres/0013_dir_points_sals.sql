-- SQLite's dir_points changed format (schema/sqlite/0013); PostgreSQL has
-- no counterpart. The migration keeps both backends at the same version.
SELECT 1;
