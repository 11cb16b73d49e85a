-- followup schema, version 5: one letter per action.
-- `once_key` names the action a letter does (kind, interview, recipient): while one letter for
-- it is queued, on its way, sent or uncertain, the database refuses a second, whoever queues
-- it. A letter sent again on purpose (`send --again`) or imported as a record has none.
ALTER TABLE messages ADD COLUMN once_key TEXT;

UPDATE messages
SET once_key = json_extract(letter, '$.kind') || char(31)
    || coalesce(json_extract(letter, '$.interview'), '') || char(31)
    || lower(json_extract(letter, '$.to.email'))
WHERE application_id IS NOT NULL
    AND json_extract(letter, '$.kind') IS NOT NULL
    AND state IN ('queued', 'sending', 'sent', 'uncertain');
-- Letters that went twice before this version: the first keeps the key.
UPDATE messages
SET once_key = NULL
WHERE once_key IS NOT NULL AND EXISTS (
    SELECT 1 FROM messages m
    WHERE m.application_id = messages.application_id AND m.once_key = messages.once_key
        AND m.id < messages.id
        AND m.state IN ('queued', 'sending', 'sent', 'uncertain')
);

CREATE UNIQUE INDEX messages_once ON messages (application_id, once_key)
WHERE once_key IS NOT NULL AND state IN ('queued', 'sending', 'sent', 'uncertain');
