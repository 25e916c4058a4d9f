-- Co-production (issue 19, docs/coproduction.md): community conversations
-- (World Café, Open Space), each one event of kind 'community-conversation';
-- notes captured as they happen (no personal data; published only when the
-- organiser says so), themes tagged, actions with owners, due dates and a
-- history of status updates, and the published "what we heard, what we
-- did" page.
CREATE TABLE cp_conversations (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  event_id BIGINT NOT NULL UNIQUE REFERENCES events(id),
  format TEXT NOT NULL CHECK (format IN ('world-cafe', 'open-space', 'other')),
  locality_id BIGINT REFERENCES localities(id),
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL
);

-- Themes are shared by name across conversations (name_key: the name in
-- lower case, spaces collapsed); each conversation has its own small
-- vocabulary of them.
CREATE TABLE cp_themes (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL UNIQUE
);
CREATE TABLE cp_conversation_themes (
  conversation_id BIGINT NOT NULL REFERENCES cp_conversations(id),
  theme_id BIGINT NOT NULL REFERENCES cp_themes(id),
  PRIMARY KEY (conversation_id, theme_id)
);

-- A note as it was heard: short, from a table or space (optional), by whom
-- and when; shown on the public page only when published = 1.
CREATE TABLE cp_notes (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  conversation_id BIGINT NOT NULL REFERENCES cp_conversations(id),
  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 500),
  space TEXT NOT NULL DEFAULT '',
  captured_by BIGINT NOT NULL REFERENCES users(id),
  captured_at TEXT NOT NULL,
  published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
  updated_at TEXT NOT NULL
);
CREATE INDEX cp_notes_conversation ON cp_notes(conversation_id, id);
CREATE TABLE cp_note_themes (
  note_id BIGINT NOT NULL REFERENCES cp_notes(id),
  theme_id BIGINT NOT NULL REFERENCES cp_themes(id),
  PRIMARY KEY (note_id, theme_id)
);
CREATE INDEX cp_note_themes_theme ON cp_note_themes(theme_id);

-- What we will do: the status is the last update's (kept here to list
-- quickly); every change of status is a row of cp_action_updates, which
-- is append-only (the triggers below).
CREATE TABLE cp_actions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  conversation_id BIGINT NOT NULL REFERENCES cp_conversations(id),
  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 300),
  owner TEXT NOT NULL CHECK (length(owner) BETWEEN 1 AND 120),
  due_on TEXT NOT NULL,                                     -- YYYY-MM-DD
  status TEXT NOT NULL CHECK (status IN ('planned', 'in-progress', 'done', 'dropped')),
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX cp_actions_conversation ON cp_actions(conversation_id, id);
CREATE TABLE cp_action_themes (
  action_id BIGINT NOT NULL REFERENCES cp_actions(id),
  theme_id BIGINT NOT NULL REFERENCES cp_themes(id),
  PRIMARY KEY (action_id, theme_id)
);
CREATE TABLE cp_action_updates (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  action_id BIGINT NOT NULL REFERENCES cp_actions(id),
  status TEXT NOT NULL CHECK (status IN ('planned', 'in-progress', 'done', 'dropped')),
  note TEXT NOT NULL DEFAULT '',
  made_by BIGINT NOT NULL REFERENCES users(id),
  made_on TEXT NOT NULL,                                    -- YYYY-MM-DD: the date it changed
  made_at TEXT NOT NULL
);
CREATE INDEX cp_action_updates_action ON cp_action_updates(action_id, id);
CREATE FUNCTION cp_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'action updates are kept as they were written';
END $$;
CREATE TRIGGER cp_action_updates_no_update BEFORE UPDATE OR DELETE ON cp_action_updates
  FOR EACH ROW EXECUTE FUNCTION cp_append_only();
CREATE TRIGGER cp_action_updates_no_truncate BEFORE TRUNCATE ON cp_action_updates
  FOR EACH STATEMENT EXECUTE FUNCTION cp_append_only();
