-- Keyset pages for candidates (the window redesign, point 10): each listing's sort ends in the id, and an
-- index holds that whole sort, so a page starts inside the index. (A task's attempts page along the
-- UNIQUE (task_id, attempt_no) index V1 already has.)
-- A run's candidates in review order: rank, score, id (the old run index is its prefix without the id).
CREATE INDEX backlog_candidates_by_run ON backlog_candidates (planning_run_id, rank, priority_score DESC, id);
DROP INDEX backlog_candidates_run;
-- A project's candidates, newest run first, each run in review order.
CREATE INDEX backlog_candidates_by_creation
    ON backlog_candidates (project_id, created_at DESC, planning_run_id, rank, priority_score DESC, id);
