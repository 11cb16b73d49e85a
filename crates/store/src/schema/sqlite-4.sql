-- followup schema, version 4: the revision, and the applications by stage.
-- The revision: every transaction that writes adds one to it, so a reader (the web app, which
-- keeps its busiest pages) can tell with one small query whether anything changed since it
-- last looked, whoever wrote: this process, the command line, or another app instance.
CREATE TABLE revision (n INTEGER NOT NULL);
INSERT INTO revision (n) VALUES (0);

-- What the agenda counts on every reading: the active applications (a scan of every row before).
CREATE INDEX applications_stage ON applications (stage_now);
