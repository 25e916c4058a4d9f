-- SQLite's dir_services_filters (schema/sqlite/0014) is for its planner;
-- PostgreSQL scans dir_services itself. Keeps both backends at the same
-- version.
SELECT 1;
