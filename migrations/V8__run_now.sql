-- run_now: "run now" on a queued task (`anpm task run T --now`, Run now in the task detail) marks it, and
-- the dispatch loop (in whichever process runs it) starts marked tasks at once, even while dispatch is
-- paused or at its concurrency limit. Claiming the task clears the mark.
ALTER TABLE tasks ADD COLUMN run_now_at TEXT;
