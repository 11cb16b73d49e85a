-- followup schema, version 2, PostgreSQL: the programme, kept beside what it is derived from.
-- The log of actions says which interview an action belonged to, and whether it was skipped.
ALTER TABLE done ADD COLUMN interview TEXT;
ALTER TABLE done ADD COLUMN skipped BOOLEAN NOT NULL DEFAULT FALSE;

-- What each application tells the rules that look across applications (followup_core::programme::AppFacts).
ALTER TABLE applications ADD COLUMN stage_now TEXT;
ALTER TABLE applications ADD COLUMN latest_end TEXT;
ALTER TABLE applications ADD COLUMN accepted_at TEXT;
-- The application's short name in action ids (`np` in `np-3`), given once and never changed.
ALTER TABLE applications ADD COLUMN short TEXT;
CREATE UNIQUE INDEX applications_short ON applications (short);

-- The open actions of each application's programme, derived again whenever the application
-- (or the profile, or the rules) change; never typed in. `*_utc` are seconds since 1970 for ordering.
CREATE TABLE actions (
    application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    -- Copied from the application so that the agenda reads one range of one table.
    app_key TEXT NOT NULL,
    app_short TEXT NOT NULL,
    company TEXT NOT NULL,
    kind TEXT NOT NULL,
    interview TEXT,
    recipient_name TEXT,
    recipient_email TEXT,
    channel TEXT NOT NULL,
    not_before TEXT NOT NULL,
    not_before_utc BIGINT NOT NULL,
    due TEXT NOT NULL,
    due_utc BIGINT NOT NULL,
    state TEXT NOT NULL,
    why TEXT NOT NULL,
    detail TEXT,
    identity TEXT NOT NULL,
    PRIMARY KEY (application_id, number)
);
CREATE INDEX actions_open ON actions (state, not_before_utc);

-- The version of the rules the stored programmes were derived with.
CREATE TABLE plan_rules (version BIGINT NOT NULL);
INSERT INTO plan_rules (version) VALUES (0);
