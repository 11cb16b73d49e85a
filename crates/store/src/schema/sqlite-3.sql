-- followup schema, version 3: the outbox, and the record of what was sent and called.
-- How a call went (answered, voicemail).
ALTER TABLE done ADD COLUMN outcome TEXT;

-- Every letter followup sends, saved before it leaves and kept after as the record. The
-- columns hold where it stands; `letter` holds what it says, as JSON, fixed when it was queued.
-- `*_utc` are milliseconds since 1970. A message without an application is a reminder to the user.
CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    application_id INTEGER REFERENCES applications (id) ON DELETE CASCADE,
    queued_at TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_utc INTEGER NOT NULL,
    -- When a worker took it to send: after a while with no word back, it is uncertain.
    claimed_utc INTEGER,
    sent_at TEXT,
    error TEXT,
    letter TEXT NOT NULL
);
-- What a worker asks: the queued messages whose time has come, and the ones left sending.
CREATE INDEX messages_due ON messages (state, next_attempt_utc, queued_at, id);
CREATE INDEX messages_application ON messages (application_id);
