-- followup schema, version 10, PostgreSQL: letters through the consultant, and the daily
-- reminder in the agency mode.

-- A letter submitted to the consultant waits for them (`waiting`), and already does its action:
-- a second one for the same action is refused while it waits.
DROP INDEX messages_once;
CREATE UNIQUE INDEX messages_once ON messages (application_id, once_key)
WHERE once_key IS NOT NULL AND state IN ('waiting', 'queued', 'sending', 'sent', 'uncertain');

-- The daily reminder: the account's time zone (none: no reminder) and the moment its next one
-- is due. The day's reminder has one Message-ID, so whichever instance queues it first is the
-- only one: the outbox refuses the second.
ALTER TABLE accounts ADD COLUMN reminder_zone TEXT;
ALTER TABLE accounts ADD COLUMN next_reminder_utc BIGINT;
CREATE INDEX accounts_reminder ON accounts (next_reminder_utc) WHERE next_reminder_utc IS NOT NULL;

-- The agency's outbox worker asks which job searches have letters to send, then enters each one
-- (row-level security holds it there). This function, run as the tables' owner, answers with
-- the searches' numbers and nothing else.
CREATE FUNCTION followup_searches_with_mail(now_utc BIGINT) RETURNS SETOF BIGINT
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
AS $$ SELECT DISTINCT search_id FROM messages
      WHERE (state = 'queued' AND next_attempt_utc <= now_utc) OR state = 'sending' $$;

-- A consultant's day asks how far each of their candidates' searches has changed, in one
-- question, to keep what it computed from the ones that did not. The application layer has
-- decided which searches are theirs; this answers with revision numbers and nothing else.
CREATE FUNCTION followup_revisions(searches BIGINT[]) RETURNS TABLE (search_id BIGINT, n BIGINT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
AS $$ SELECT search_id, n FROM revision WHERE search_id = ANY(searches) $$;

-- A consultant's candidates, read on every page of their day: by an index, not the agency's
-- every account.
CREATE INDEX accounts_consultant ON accounts (consultant_id, name) WHERE consultant_id IS NOT NULL;
