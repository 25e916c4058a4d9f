-- The asset map: a directory of services in the Open Referral UK 3.0 model
-- (the UK profile of HSDS 3.0), with SupportNet's own additions (the
-- locality, moderation status, review dates, where a record came from).
-- Every exported id is a UUID kept stable; money is integer pence;
-- coordinates are integer millionths of a degree (WGS84).

-- Postcode centroids, imported by an admin (`supportnet import
-- --postcodes FILE`) or generated for the demo area.
CREATE TABLE postcodes (
  postcode TEXT PRIMARY KEY,        -- normalised: "AB1 2CD"
  lat_e6 INTEGER NOT NULL CHECK (lat_e6 BETWEEN -90000000 AND 90000000),
  lon_e6 INTEGER NOT NULL CHECK (lon_e6 BETWEEN -180000000 AND 180000000),
  locality_id BIGINT REFERENCES localities(id)
);

CREATE TABLE dir_organizations (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  email TEXT, website TEXT, logo TEXT, uri TEXT,
  parent_uuid TEXT,
  source TEXT NOT NULL DEFAULT 'local', -- 'local', or the file or feed it was imported from
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Who may edit an organisation's entries (partner staff).
CREATE TABLE dir_org_members (
  organization_id BIGINT NOT NULL REFERENCES dir_organizations(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX dir_org_members_user ON dir_org_members(user_id);

CREATE TABLE dir_org_identifiers (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  organization_id BIGINT NOT NULL REFERENCES dir_organizations(id) ON DELETE CASCADE,
  identifier_scheme TEXT, identifier_type TEXT NOT NULL, identifier TEXT NOT NULL
);

CREATE TABLE dir_services (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  organization_id BIGINT NOT NULL REFERENCES dir_organizations(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  url TEXT, email TEXT,
  status TEXT NOT NULL CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
  fees_description TEXT, eligibility_description TEXT, application_process TEXT,
  minimum_age INTEGER CHECK (minimum_age BETWEEN 0 AND 150),
  maximum_age INTEGER CHECK (maximum_age BETWEEN 0 AND 150),
  assured_date TEXT, assurer_email TEXT, alert TEXT,
  -- SupportNet's own
  locality_id BIGINT REFERENCES localities(id),
  moderation TEXT NOT NULL DEFAULT 'published'
    CHECK (moderation IN ('draft', 'pending', 'published', 'archived')),
  last_reviewed TEXT,               -- date
  review_due TEXT,                  -- date
  source TEXT NOT NULL DEFAULT 'local',
  last_modified TEXT NOT NULL,      -- "2026-11-29T10:00:00.000Z"
  created_at TEXT NOT NULL
);
CREATE INDEX dir_services_org ON dir_services(organization_id);
CREATE INDEX dir_services_modified ON dir_services(last_modified);
CREATE INDEX dir_services_moderation ON dir_services(moderation, name);

CREATE TABLE dir_locations (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  location_type TEXT NOT NULL CHECK (location_type IN ('physical', 'postal', 'virtual')),
  name TEXT, description TEXT,
  lat_e6 INTEGER, lon_e6 INTEGER,
  external_identifier TEXT, external_identifier_type TEXT,
  transportation TEXT
);
CREATE INDEX dir_locations_lat ON dir_locations(lat_e6);

CREATE TABLE dir_addresses (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  location_id BIGINT NOT NULL REFERENCES dir_locations(id) ON DELETE CASCADE,
  attention TEXT,
  address_1 TEXT NOT NULL, address_2 TEXT,
  city TEXT NOT NULL, region TEXT, state_province TEXT NOT NULL,
  postal_code TEXT NOT NULL, country TEXT NOT NULL DEFAULT 'GB',
  address_type TEXT NOT NULL CHECK (address_type IN ('physical', 'postal', 'virtual'))
);
CREATE INDEX dir_addresses_location ON dir_addresses(location_id);
CREATE INDEX dir_addresses_postcode ON dir_addresses(postal_code);

CREATE TABLE dir_accessibility (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  location_id BIGINT NOT NULL REFERENCES dir_locations(id) ON DELETE CASCADE,
  description TEXT, details TEXT, url TEXT
);

CREATE TABLE dir_service_at_locations (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  service_id BIGINT NOT NULL REFERENCES dir_services(id) ON DELETE CASCADE,
  location_id BIGINT NOT NULL REFERENCES dir_locations(id) ON DELETE CASCADE,
  description TEXT
);
CREATE INDEX dir_sal_service ON dir_service_at_locations(service_id);
CREATE INDEX dir_sal_location ON dir_service_at_locations(location_id);

CREATE TABLE dir_taxonomies (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL, description TEXT NOT NULL,
  uri TEXT, version TEXT
);

CREATE TABLE dir_taxonomy_terms (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  taxonomy_id BIGINT REFERENCES dir_taxonomies(id) ON DELETE CASCADE,
  parent_id BIGINT REFERENCES dir_taxonomy_terms(id),
  code TEXT,                        -- the scheme's own code ("befriending", "579")
  name TEXT NOT NULL, description TEXT NOT NULL,
  term_uri TEXT
);
CREATE INDEX dir_terms_taxonomy ON dir_taxonomy_terms(taxonomy_id);
CREATE INDEX dir_terms_code ON dir_taxonomy_terms(code);

-- A taxonomy term on a service, organisation or location: link_type says
-- what the term describes (a service type, an eligibility, an audience).
CREATE TABLE dir_attributes (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  link_entity TEXT NOT NULL CHECK (link_entity IN ('service', 'organization', 'location')),
  link_id BIGINT NOT NULL,
  taxonomy_term_id BIGINT NOT NULL REFERENCES dir_taxonomy_terms(id) ON DELETE CASCADE,
  link_type TEXT, value TEXT
);
CREATE INDEX dir_attributes_link ON dir_attributes(link_entity, link_id);
CREATE INDEX dir_attributes_term ON dir_attributes(taxonomy_term_id, link_entity);

CREATE TABLE dir_contacts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  service_id BIGINT NOT NULL REFERENCES dir_services(id) ON DELETE CASCADE,
  name TEXT, title TEXT, department TEXT, email TEXT
);
CREATE INDEX dir_contacts_service ON dir_contacts(service_id);

CREATE TABLE dir_phones (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  service_id BIGINT REFERENCES dir_services(id) ON DELETE CASCADE,
  contact_id BIGINT REFERENCES dir_contacts(id) ON DELETE CASCADE,
  location_id BIGINT REFERENCES dir_locations(id) ON DELETE CASCADE,
  number TEXT NOT NULL, extension INTEGER, type TEXT, description TEXT,
  languages TEXT                    -- JSON array of language names
);
CREATE INDEX dir_phones_service ON dir_phones(service_id);
CREATE INDEX dir_phones_number ON dir_phones(number);

-- Opening times: the HSDS RRULE subset (see docs/directory.md).
CREATE TABLE dir_schedules (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  service_id BIGINT REFERENCES dir_services(id) ON DELETE CASCADE,
  service_at_location_id BIGINT REFERENCES dir_service_at_locations(id) ON DELETE CASCADE,
  valid_from TEXT, valid_to TEXT, dtstart TEXT, until TEXT,
  freq TEXT CHECK (freq IN ('WEEKLY', 'MONTHLY')),
  every INTEGER CHECK (every BETWEEN 1 AND 52), -- HSDS "interval"
  byday TEXT, bymonthday TEXT,
  opens_at TEXT, closes_at TEXT,    -- "HH:MM", London local time
  description TEXT, schedule_link TEXT, attending_type TEXT, notes TEXT
);
CREATE INDEX dir_schedules_service ON dir_schedules(service_id);

-- Closures (ours): dates a service is shut although its schedules say open.
CREATE TABLE dir_closures (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  service_id BIGINT NOT NULL REFERENCES dir_services(id) ON DELETE CASCADE,
  from_date TEXT NOT NULL, to_date TEXT NOT NULL, reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dir_closures_service ON dir_closures(service_id);

CREATE TABLE dir_cost_options (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  service_id BIGINT NOT NULL REFERENCES dir_services(id) ON DELETE CASCADE,
  valid_from TEXT, valid_to TEXT, option TEXT,
  amount_pence BIGINT CHECK (amount_pence >= 0),
  amount_description TEXT, currency TEXT NOT NULL DEFAULT 'GBP'
);
CREATE INDEX dir_cost_service ON dir_cost_options(service_id);

CREATE TABLE dir_languages (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  service_id BIGINT REFERENCES dir_services(id) ON DELETE CASCADE,
  phone_id BIGINT REFERENCES dir_phones(id) ON DELETE CASCADE,
  name TEXT, code TEXT, note TEXT
);
CREATE INDEX dir_languages_service ON dir_languages(service_id);

CREATE TABLE dir_service_areas (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  service_id BIGINT NOT NULL REFERENCES dir_services(id) ON DELETE CASCADE,
  name TEXT, description TEXT, extent TEXT, extent_type TEXT, uri TEXT
);
CREATE INDEX dir_areas_service ON dir_service_areas(service_id);

CREATE TABLE dir_fundings (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  service_id BIGINT NOT NULL REFERENCES dir_services(id) ON DELETE CASCADE,
  source TEXT
);

-- Free-text search: a tsvector kept by the code that writes services
-- (the same feature function as SQLite's FTS5; see docs/directory.md).
CREATE TABLE dir_search (
  service_id BIGINT PRIMARY KEY REFERENCES dir_services(id) ON DELETE CASCADE,
  doc tsvector NOT NULL
);
CREATE INDEX dir_search_doc ON dir_search USING GIN (doc);
