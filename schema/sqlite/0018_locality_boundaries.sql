-- Each locality's area, for the directory's map (drawn without any tile
-- server): a GeoJSON geometry, a Polygon or MultiPolygon of [longitude,
-- latitude] positions in WGS84 degrees, checked before it is written
-- (geo_boundary_set). The demo area's are made up (geo_boundaries_demo).
CREATE TABLE locality_boundaries (
  locality_id INTEGER PRIMARY KEY REFERENCES localities(id) ON DELETE CASCADE,
  geojson TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
