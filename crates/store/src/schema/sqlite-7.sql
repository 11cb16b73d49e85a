-- followup schema, version 7: the agenda decides from one index which open actions have not
-- lapsed and may start now, and reads only those rows. An action that never lapses keeps the
-- largest moment there is, so that "not lapsed" is one range of the index.
UPDATE actions SET lapses_utc = 9223372036854775807 WHERE lapses_utc IS NULL;
DROP INDEX actions_open;
CREATE INDEX actions_open ON actions (state, lapses_utc, not_before_utc, due_utc);
-- The planner weighs the two indexes of the agenda by their statistics: a new index without
-- them would be taken for the agenda's spans of due times too, at six times the cost.
ANALYZE actions;
