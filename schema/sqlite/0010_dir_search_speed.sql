-- Directory search at a million services (docs/directory.md, "Search").

-- Where services are, for searches near a point: an R-tree over the
-- coordinates of every service at a location (a point: min = max). The
-- service's id is a third dimension (min = max) rather than an auxiliary
-- column, because reading an auxiliary column costs a lookup per row (5 s
-- for a box of a million locations, against 0.15 s for the coordinates).
-- 32-bit like the coordinates: ids past 2^31 would not fit, and no
-- directory comes near. Triggers keep it in step with the two tables.
CREATE VIRTUAL TABLE dir_geo USING rtree_i32(id, lat_min, lat_max, lon_min, lon_max,
  service_min, service_max);
INSERT INTO dir_geo (id, lat_min, lat_max, lon_min, lon_max, service_min, service_max)
  SELECT x.id, l.lat_e6, l.lat_e6, l.lon_e6, l.lon_e6, x.service_id, x.service_id
  FROM dir_service_at_locations x JOIN dir_locations l ON l.id = x.location_id
  WHERE l.lat_e6 IS NOT NULL AND l.lon_e6 IS NOT NULL;
CREATE TRIGGER dir_geo_sal_insert AFTER INSERT ON dir_service_at_locations BEGIN
  INSERT INTO dir_geo (id, lat_min, lat_max, lon_min, lon_max, service_min, service_max)
    SELECT NEW.id, l.lat_e6, l.lat_e6, l.lon_e6, l.lon_e6, NEW.service_id, NEW.service_id
    FROM dir_locations l WHERE l.id = NEW.location_id
    AND l.lat_e6 IS NOT NULL AND l.lon_e6 IS NOT NULL;
END;
CREATE TRIGGER dir_geo_sal_update AFTER UPDATE OF service_id, location_id
  ON dir_service_at_locations BEGIN
  DELETE FROM dir_geo WHERE id = OLD.id;
  INSERT INTO dir_geo (id, lat_min, lat_max, lon_min, lon_max, service_min, service_max)
    SELECT NEW.id, l.lat_e6, l.lat_e6, l.lon_e6, l.lon_e6, NEW.service_id, NEW.service_id
    FROM dir_locations l WHERE l.id = NEW.location_id
    AND l.lat_e6 IS NOT NULL AND l.lon_e6 IS NOT NULL;
END;
CREATE TRIGGER dir_geo_sal_delete AFTER DELETE ON dir_service_at_locations BEGIN
  DELETE FROM dir_geo WHERE id = OLD.id;
END;
CREATE TRIGGER dir_geo_location_update AFTER UPDATE OF lat_e6, lon_e6 ON dir_locations BEGIN
  DELETE FROM dir_geo WHERE id IN (SELECT x.id FROM dir_service_at_locations x
    WHERE x.location_id = NEW.id);
  INSERT INTO dir_geo (id, lat_min, lat_max, lon_min, lon_max, service_min, service_max)
    SELECT x.id, NEW.lat_e6, NEW.lat_e6, NEW.lon_e6, NEW.lon_e6, x.service_id, x.service_id
    FROM dir_service_at_locations x WHERE x.location_id = NEW.id
    AND NEW.lat_e6 IS NOT NULL AND NEW.lon_e6 IS NOT NULL;
END;

-- The services with a taxonomy term, read straight from the index (no
-- table lookups) and in id order, for the term filter.
CREATE INDEX dir_attributes_term_link ON dir_attributes(taxonomy_term_id, link_entity, link_id);
DROP INDEX dir_attributes_term;

-- A service's locations from the index alone, for the distances of the
-- services a search found (one lookup each).
CREATE INDEX dir_sal_service_location ON dir_service_at_locations(service_id, location_id);
DROP INDEX dir_sal_service;
