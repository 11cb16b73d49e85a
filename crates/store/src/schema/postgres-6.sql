-- followup schema, version 6: the plan follows the outcome.
-- When an application stopped being active (withdrawn, closed, rejected, accepted), where the
-- data says: `keep_searching` starts when the count of active applications fell.
ALTER TABLE applications ADD COLUMN ended_at TEXT;

-- When an open letter lapses (its interview's first status check opens): the agenda reads
-- it as no longer open from then.
ALTER TABLE actions ADD COLUMN lapses TEXT;
ALTER TABLE actions ADD COLUMN lapses_utc BIGINT;
