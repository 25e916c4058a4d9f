-- Events (issue 18, docs/events.md): gatherings with a capacity (peer
-- support sessions, festivals, community conversations, activities),
-- listed in the directory with their date and time, booked by anyone
-- signed in, with a waiting list that moves up when a booked place is
-- cancelled, and attendance recorded by the organiser.
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('peer-support', 'festival', 'community-conversation', 'activity')),
  description TEXT NOT NULL DEFAULT '',
  organization_id INTEGER REFERENCES dir_organizations(id), -- who runs it (a directory organisation)
  service_id INTEGER REFERENCES dir_services(id),           -- listed on this service's directory page
  place TEXT NOT NULL,                                      -- where, in words
  postcode TEXT NOT NULL DEFAULT '',
  starts_at TEXT NOT NULL,                                  -- UTC ISO-8601
  ends_at TEXT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
  status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'cancelled')),
  created_by INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX events_upcoming ON events(status, starts_at);
CREATE INDEX events_service ON events(service_id, starts_at) WHERE service_id IS NOT NULL;

-- One row per person and event: booked, waiting (in order of waiting_seq:
-- one more than the event's last each time someone joins the list, taken
-- under the event's lock) or cancelled (kept, so a rebooking is the same
-- row). attended: NULL until the organiser records it.
CREATE TABLE event_bookings (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  status TEXT NOT NULL CHECK (status IN ('booked', 'waiting', 'cancelled')),
  waiting_since TEXT,
  waiting_seq INTEGER,
  attended INTEGER CHECK (attended IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (event_id, user_id)
);
CREATE INDEX event_bookings_user ON event_bookings(user_id, event_id);
CREATE INDEX event_bookings_queue ON event_bookings(event_id, status, waiting_seq);
