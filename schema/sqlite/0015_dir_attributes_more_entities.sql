-- Attributes (taxonomy term links) on contacts and addresses too
-- (docs/directory.md, "Import and export"): an ORUK file's contacts and
-- addresses carry attributes as its services, organisations and locations
-- do, and the importer keeps them and the API answers them.
--
-- SQLite cannot change a CHECK constraint: the table is made again with the
-- wider one, its rows copied (ids kept), the old table dropped and the new
-- one renamed (nothing refers to dir_attributes, so nothing else moves).
-- Then its indexes are made again: dir_attributes_link (0006) and
-- dir_attributes_term_link (0010, which dropped 0006's dir_attributes_term).
CREATE TABLE dir_attributes_new (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  link_entity TEXT NOT NULL CHECK (link_entity IN ('service', 'organization', 'location',
    'contact', 'address')),
  link_id INTEGER NOT NULL,
  taxonomy_term_id INTEGER NOT NULL REFERENCES dir_taxonomy_terms(id) ON DELETE CASCADE,
  link_type TEXT, value TEXT
);
INSERT INTO dir_attributes_new (id, uuid, link_entity, link_id, taxonomy_term_id, link_type, value)
  SELECT id, uuid, link_entity, link_id, taxonomy_term_id, link_type, value FROM dir_attributes;
DROP TABLE dir_attributes;
ALTER TABLE dir_attributes_new RENAME TO dir_attributes;
CREATE INDEX dir_attributes_link ON dir_attributes(link_entity, link_id);
CREATE INDEX dir_attributes_term_link ON dir_attributes(taxonomy_term_id, link_entity, link_id);

-- A contact's or an address's attributes go with it, however it goes (an
-- import's replacing, its service's or location's cascade): link_id is no
-- foreign key, and SQLite may give a new row the id of a deleted one, so
-- they would otherwise turn up on a stranger.
CREATE TRIGGER dir_attributes_contact_delete AFTER DELETE ON dir_contacts BEGIN
  DELETE FROM dir_attributes WHERE link_entity = 'contact' AND link_id = OLD.id;
END;
CREATE TRIGGER dir_attributes_address_delete AFTER DELETE ON dir_addresses BEGIN
  DELETE FROM dir_attributes WHERE link_entity = 'address' AND link_id = OLD.id;
END;
