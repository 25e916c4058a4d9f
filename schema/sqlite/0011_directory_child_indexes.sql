-- A service's nested objects by their parent, for /oruk/services/{id} and
-- `supportnet export` (oruk_service_full): without these each service read
-- scanned every phone and every accessibility row, so exporting 100,000
-- services took 17 minutes (10 ms a service) instead of seconds.
CREATE INDEX dir_phones_contact ON dir_phones(contact_id);
CREATE INDEX dir_phones_location ON dir_phones(location_id);
CREATE INDEX dir_accessibility_location ON dir_accessibility(location_id);
CREATE INDEX dir_fundings_service ON dir_fundings(service_id);
CREATE INDEX dir_org_identifiers_org ON dir_org_identifiers(organization_id);
CREATE INDEX dir_languages_phone ON dir_languages(phone_id);
