-- Email: an outbox that `supportnet mail` (or `serve --smtp`) sends by
-- SMTP, and the review reminders queued into it (docs/operations.md,
-- "Email"; docs/directory.md, "Reviews").

CREATE TABLE email_outbox (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The same reminder is never queued twice: "review:<service uuid>:<due
  -- date>:<recipient>". NULL for a message that may repeat.
  dedup_key TEXT UNIQUE,
  -- What the message is about, for reports: "review:<service uuid>:<due date>".
  topic TEXT,
  recipient TEXT NOT NULL,          -- one address, lower case
  subject TEXT NOT NULL,            -- UTF-8, no line breaks
  body TEXT NOT NULL,               -- UTF-8 plain text, "\n" line ends
  message_id TEXT NOT NULL,         -- "<uuid@domain>", kept across retries
  created_at TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,    -- not tried again before this (backoff)
  locked_until TEXT,                -- a sender has it until then
  last_error TEXT NOT NULL DEFAULT '',
  sent_at TEXT
);
CREATE INDEX email_outbox_due ON email_outbox(status, next_attempt_at);
CREATE INDEX email_outbox_topic ON email_outbox(topic);

-- The overdue report and the reminders read published services by due date.
CREATE INDEX dir_services_review_due ON dir_services(moderation, review_due);
