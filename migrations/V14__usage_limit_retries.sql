-- Usage limits (orchestration, point 3). tasks.retry_at: a task whose attempt hit its agent's usage limit is
-- queued again for this time (the reset the agent named, else a backoff); the loop does not claim it
-- before. NULL: no wait. Claiming clears it.
ALTER TABLE tasks ADD COLUMN retry_at TEXT;

-- agent_holds: an agent profile that hit its usage limit waits until `held_until`: no task starts on it
-- before, so queued tasks for the same profile wait instead of failing one after another. `strikes` counts
-- limit hits in a row without a parsable reset time (the backoff's exponent); a finished attempt clears it.
CREATE TABLE agent_holds (
    agent_profile_id  TEXT PRIMARY KEY NOT NULL REFERENCES agent_profiles (id) ON DELETE CASCADE,
    held_until        TEXT NOT NULL,
    strikes           INTEGER NOT NULL DEFAULT 0 CHECK (strikes >= 0),
    reason            TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
