-- Attributes (taxonomy term links) on contacts and addresses too
-- (docs/directory.md, "Import and export"): an ORUK file's contacts and
-- addresses carry attributes as its services, organisations and locations
-- do, and the importer keeps them and the API answers them. The CHECK of
-- 0006 had PostgreSQL's default name (table_column_check).
ALTER TABLE dir_attributes DROP CONSTRAINT dir_attributes_link_entity_check;
ALTER TABLE dir_attributes ADD CONSTRAINT dir_attributes_link_entity_check
  CHECK (link_entity IN ('service', 'organization', 'location', 'contact', 'address'));

-- A contact's or an address's attributes go with it, however it goes (an
-- import's replacing, its service's or location's cascade): link_id is no
-- foreign key. The trigger's argument is the link_entity.
CREATE FUNCTION dir_attributes_owner_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM dir_attributes WHERE link_entity = TG_ARGV[0] AND link_id = OLD.id;
  RETURN NULL;
END $$;
CREATE TRIGGER dir_attributes_contact_delete AFTER DELETE ON dir_contacts
  FOR EACH ROW EXECUTE FUNCTION dir_attributes_owner_gone('contact');
CREATE TRIGGER dir_attributes_address_delete AFTER DELETE ON dir_addresses
  FOR EACH ROW EXECUTE FUNCTION dir_attributes_owner_gone('address');
