-- What the dispatch loop needs at run time beyond the first schema.
--
-- cancel_requested_at: a cancel asked for by another process (the CLI while the app runs the task); the
-- process running the task watches it and stops the agent.
-- process_start_ticks: the kernel start time of the agent's process-group leader, so that recovery after a
-- crash kills the recorded group only if it is still the same process and not a reused pid.
ALTER TABLE tasks ADD COLUMN cancel_requested_at TEXT;
ALTER TABLE dispatch_attempts ADD COLUMN process_start_ticks INTEGER;
ALTER TABLE dispatch_attempts ADD COLUMN files_applied INTEGER NOT NULL DEFAULT 0 CHECK (files_applied >= 0);
CREATE INDEX dispatch_attempts_task_outcome ON dispatch_attempts (task_id, outcome);
