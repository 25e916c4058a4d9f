-- Directory search at a million services (docs/directory.md, "Search").
-- SQLite's R-tree (dir_geo) has no counterpart here: the radius uses the
-- coordinates' B-tree below.

-- The services with a taxonomy term, from the index alone (an index-only
-- scan), for the term filter.
CREATE INDEX dir_attributes_term_link ON dir_attributes(taxonomy_term_id, link_entity, link_id);
DROP INDEX dir_attributes_term;

-- The radius's bounding box on both coordinates.
CREATE INDEX dir_locations_lat_lon ON dir_locations(lat_e6, lon_e6);

-- A service's locations from the index alone, for the distances of the
-- services a search found (one lookup each).
CREATE INDEX dir_sal_service_location ON dir_service_at_locations(service_id, location_id);
DROP INDEX dir_sal_service;
