-- followup schema, version 9, SQLite: the user's own words, phrase rules and letter templates,
-- and the calendar feed's secret, as rows of their job search. On one machine they are files
-- in the config directory; in the agency mode no file beside a process is anyone's own.
CREATE TABLE own_files (
    search_id INTEGER NOT NULL REFERENCES searches (id),
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (search_id, name)
);

-- The company's feedback on an interview, as the consultant records it: the interview it is
-- about, and its words under the debrief's headings (JSON).
ALTER TABLE events ADD COLUMN interview TEXT;
ALTER TABLE events ADD COLUMN feedback TEXT;

-- What the app said after a change ("Profile saved."), for the next page, which another
-- instance may answer: kept an hour, by a random token.
CREATE TABLE said (
    search_id INTEGER NOT NULL REFERENCES searches (id),
    token TEXT NOT NULL,
    text TEXT NOT NULL,
    at_utc BIGINT NOT NULL,
    PRIMARY KEY (search_id, token)
);
