-- followup schema, version 10, SQLite: a letter submitted to the consultant (`waiting`, the
-- agency mode) already does its action, so a second one for the same action is refused.
DROP INDEX messages_once;
CREATE UNIQUE INDEX messages_once ON messages (application_id, once_key)
WHERE once_key IS NOT NULL AND state IN ('waiting', 'queued', 'sending', 'sent', 'uncertain');
