-- followup schema, version 6: the plan follows the outcome.
-- Since when an application is at its stage (offered, withdrawn, closed, rejected, accepted),
-- where the data says: `keep_searching` starts when it became true, such as when the count
-- of active applications fell.
ALTER TABLE applications ADD COLUMN stage_since TEXT;

-- When an open letter lapses (its interview's first status check opens): the agenda reads
-- it as no longer open from then.
ALTER TABLE actions ADD COLUMN lapses TEXT;
ALTER TABLE actions ADD COLUMN lapses_utc BIGINT;

-- The agenda for a person: the most urgent of each span of due times, and their counts, from
-- the index alone.
CREATE INDEX actions_due ON actions (state, due_utc, not_before_utc, lapses_utc, app_key, number);
