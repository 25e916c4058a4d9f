-- Keeping the directory current: every version of a service's details,
-- the changes partners propose for a moderator to approve, and the merging
-- of duplicates. "details" is the editable part of a service as one JSON
-- object (docs/directory.md, "Editing and moderation").

CREATE TABLE dir_service_versions (
  id INTEGER PRIMARY KEY,
  service_id INTEGER NOT NULL REFERENCES dir_services(id) ON DELETE CASCADE,
  version INTEGER NOT NULL CHECK (version >= 1),
  details TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('recorded', 'created', 'edited', 'approved',
                                         'restored', 'merged', 'checked')),
  actor TEXT NOT NULL,              -- user uuid, or 'system'
  actor_name TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (service_id, version)
);

CREATE TABLE dir_changes (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  organization_id INTEGER NOT NULL REFERENCES dir_organizations(id) ON DELETE CASCADE,
  service_id INTEGER REFERENCES dir_services(id) ON DELETE CASCADE, -- NULL: a new service
  kind TEXT NOT NULL CHECK (kind IN ('edit', 'new', 'restore')),
  details TEXT NOT NULL,
  base_version INTEGER,             -- the version the proposal started from
  note TEXT NOT NULL DEFAULT '',    -- the partner's note to the moderator
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
  submitted_by INTEGER NOT NULL REFERENCES users(id),
  submitted_at TEXT NOT NULL,
  decided_by INTEGER REFERENCES users(id),
  decided_at TEXT,
  reason TEXT NOT NULL DEFAULT ''   -- the moderator's reason
);
CREATE INDEX dir_changes_status ON dir_changes(status, submitted_at);
CREATE INDEX dir_changes_org ON dir_changes(organization_id, status);
-- At most one proposal waits for each service.
CREATE UNIQUE INDEX dir_changes_one_pending ON dir_changes(service_id)
  WHERE status = 'pending' AND service_id IS NOT NULL;

-- A merged duplicate is archived and points at the service it became.
ALTER TABLE dir_services ADD COLUMN merged_into INTEGER REFERENCES dir_services(id);

-- Pairs a moderator has said are not duplicates (a_id < b_id).
CREATE TABLE dir_not_duplicates (
  a_id INTEGER NOT NULL REFERENCES dir_services(id) ON DELETE CASCADE,
  b_id INTEGER NOT NULL REFERENCES dir_services(id) ON DELETE CASCADE,
  decided_by INTEGER NOT NULL REFERENCES users(id),
  decided_at TEXT NOT NULL,
  PRIMARY KEY (a_id, b_id)
);
