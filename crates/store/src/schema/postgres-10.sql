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
