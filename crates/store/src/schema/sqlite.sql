-- followup schema, version 1, SQLite.
-- Times are RFC 3339 text with the offset they were written with; dates are YYYY-MM-DD text;
-- value objects (expectations, an offer's terms, the debrief's lists, the settings) are JSON text.

CREATE TABLE profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT,
    email TEXT,
    phone TEXT,
    language TEXT,
    timezone TEXT,
    signature TEXT,
    settings TEXT NOT NULL
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    identity TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    title TEXT,
    email TEXT,
    phone TEXT
);

CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    company TEXT NOT NULL,
    department TEXT,
    role TEXT NOT NULL,
    applied_on TEXT,
    interest INTEGER,
    timezone TEXT,
    agency_name TEXT,
    consultant_id INTEGER REFERENCES people (id),
    expectations TEXT,
    stage TEXT
);

CREATE TABLE interviews (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    round INTEGER,
    starts_at TEXT NOT NULL,
    ends_at TEXT,
    format TEXT,
    location TEXT,
    UNIQUE (application_id, key)
);

CREATE TABLE interviewers (
    interview_id INTEGER NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people (id),
    lead BOOLEAN NOT NULL,
    PRIMARY KEY (interview_id, position)
);

CREATE TABLE debriefs (
    interview_id INTEGER PRIMARY KEY REFERENCES interviews (id) ON DELETE CASCADE,
    written_at TEXT,
    job_details TEXT,
    company_notes TEXT,
    tone TEXT,
    lists TEXT NOT NULL,
    still_interested BOOLEAN,
    said TEXT,
    first_round_ends TEXT,
    shortlist_by TEXT,
    second_round TEXT,
    decision_by TEXT
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT,
    decision_by TEXT,
    starts_at TEXT,
    offer TEXT
);
CREATE INDEX events_by_application ON events (application_id);

CREATE TABLE done (
    id INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    recipient TEXT,
    note TEXT
);
CREATE INDEX done_by_application ON done (application_id);
