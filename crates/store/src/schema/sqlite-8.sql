-- followup schema, version 8, SQLite: many job searches in one database, each one a tenant.
-- Every table carries the search it belongs to; keys, short names, people and message ids are
-- unique within a search. What was kept before becomes search 1, the single user's.
-- Three tables are built again, since SQLite cannot change a table's unique constraints; the
-- migration runs with foreign keys off and checks them all before it commits.
CREATE TABLE searches (
    id INTEGER PRIMARY KEY,
    created_at TEXT
);
INSERT INTO searches (id) VALUES (1);

CREATE TABLE profile_v8 (
    search_id INTEGER PRIMARY KEY,
    name TEXT,
    email TEXT,
    phone TEXT,
    language TEXT,
    timezone TEXT,
    signature TEXT,
    settings TEXT NOT NULL
);
INSERT INTO profile_v8 (search_id, name, email, phone, language, timezone, signature, settings)
SELECT 1, name, email, phone, language, timezone, signature, settings FROM profile;
DROP TABLE profile;
ALTER TABLE profile_v8 RENAME TO profile;

CREATE TABLE people_v8 (
    id INTEGER PRIMARY KEY,
    search_id INTEGER NOT NULL,
    identity TEXT NOT NULL,
    name TEXT NOT NULL,
    title TEXT,
    email TEXT,
    phone TEXT,
    UNIQUE (search_id, identity)
);
INSERT INTO people_v8 (id, search_id, identity, name, title, email, phone)
SELECT id, 1, identity, name, title, email, phone FROM people;
DROP TABLE people;
ALTER TABLE people_v8 RENAME TO people;

CREATE TABLE applications_v8 (
    id INTEGER PRIMARY KEY,
    search_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    company TEXT NOT NULL,
    department TEXT,
    role TEXT NOT NULL,
    applied_on TEXT,
    interest INTEGER,
    timezone TEXT,
    agency_name TEXT,
    consultant_id INTEGER REFERENCES people (id),
    expectations TEXT,
    stage TEXT,
    stage_now TEXT,
    latest_end TEXT,
    accepted_at TEXT,
    short TEXT,
    stage_since TEXT,
    UNIQUE (search_id, key)
);
INSERT INTO applications_v8 (id, search_id, key, company, department, role, applied_on, interest,
    timezone, agency_name, consultant_id, expectations, stage, stage_now, latest_end, accepted_at,
    short, stage_since)
SELECT id, 1, key, company, department, role, applied_on, interest, timezone, agency_name,
    consultant_id, expectations, stage, stage_now, latest_end, accepted_at, short, stage_since
FROM applications;
DROP TABLE applications;
ALTER TABLE applications_v8 RENAME TO applications;
CREATE UNIQUE INDEX applications_short ON applications (search_id, short);
CREATE INDEX applications_stage ON applications (search_id, stage_now);

CREATE TABLE messages_v8 (
    search_id INTEGER NOT NULL,
    id TEXT NOT NULL,
    application_id INTEGER REFERENCES applications (id) ON DELETE CASCADE,
    queued_at TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_utc INTEGER NOT NULL,
    claimed_utc INTEGER,
    sent_at TEXT,
    error TEXT,
    letter TEXT NOT NULL,
    once_key TEXT,
    PRIMARY KEY (search_id, id)
);
INSERT INTO messages_v8 (search_id, id, application_id, queued_at, state, attempts,
    next_attempt_utc, claimed_utc, sent_at, error, letter, once_key)
SELECT 1, id, application_id, queued_at, state, attempts, next_attempt_utc, claimed_utc, sent_at,
    error, letter, once_key
FROM messages;
DROP TABLE messages;
ALTER TABLE messages_v8 RENAME TO messages;
CREATE INDEX messages_due ON messages (search_id, state, next_attempt_utc, queued_at, id);
CREATE INDEX messages_application ON messages (application_id);
CREATE UNIQUE INDEX messages_once ON messages (application_id, once_key)
WHERE once_key IS NOT NULL AND state IN ('queued', 'sending', 'sent', 'uncertain');

-- The rows under an application belong to its search.
ALTER TABLE interviews ADD COLUMN search_id INTEGER NOT NULL DEFAULT 1;
ALTER TABLE interviewers ADD COLUMN search_id INTEGER NOT NULL DEFAULT 1;
ALTER TABLE debriefs ADD COLUMN search_id INTEGER NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN search_id INTEGER NOT NULL DEFAULT 1;
ALTER TABLE done ADD COLUMN search_id INTEGER NOT NULL DEFAULT 1;
ALTER TABLE actions ADD COLUMN search_id INTEGER NOT NULL DEFAULT 1;
CREATE INDEX interviews_search ON interviews (search_id, application_id);
CREATE INDEX interviewers_search ON interviewers (search_id);
CREATE INDEX debriefs_search ON debriefs (search_id);
DROP INDEX events_by_application;
CREATE INDEX events_by_application ON events (search_id, application_id);
DROP INDEX done_by_application;
CREATE INDEX done_by_application ON done (search_id, application_id);
DROP INDEX actions_open;
CREATE INDEX actions_open ON actions (search_id, state, lapses_utc, not_before_utc, due_utc);
DROP INDEX actions_due;
CREATE INDEX actions_due ON actions (search_id, state, due_utc, not_before_utc, lapses_utc, app_key, number);

-- Each search counts its own changes.
ALTER TABLE revision ADD COLUMN search_id INTEGER NOT NULL DEFAULT 1;
CREATE UNIQUE INDEX revision_search ON revision (search_id);
ANALYZE;
