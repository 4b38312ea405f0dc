-- stage and urgency: the task lifecycle and the priority order as generated columns, so a board column and
-- a page of the task list are each one range of an index instead of a sort of every row of the project.
-- `stage` mirrors `Stage::of` in the domain (a store test compares them over every combination); `urgency`
-- is the priority as a number, most urgent first. Both are VIRTUAL: computed on read and in the indexes,
-- never written, so no writer (this process, the CLI, an old binary) can leave them stale.
ALTER TABLE tasks ADD COLUMN stage TEXT GENERATED ALWAYS AS (CASE
    WHEN dispatch_status = 'running' THEN 'running'
    WHEN dispatch_status = 'queued' THEN 'queued'
    WHEN status = 'done' OR review_status = 'merged' THEN 'done'
    WHEN status = 'cancelled' OR review_status = 'discarded' THEN 'cancelled'
    WHEN review_status = 'conflict' THEN 'blocked'
    WHEN review_status = 'in_review' OR dispatch_status = 'completed' THEN 'in_review'
    WHEN dispatch_status = 'failed' THEN 'failed'
    WHEN dispatch_status = 'cancelled' THEN 'cancelled'
    ELSE 'todo' END) VIRTUAL;

ALTER TABLE tasks ADD COLUMN urgency INTEGER GENERATED ALWAYS AS (CASE priority
    WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END) VIRTUAL;

-- One index per listing order: by priority, by update time, and a board column by priority.
CREATE INDEX tasks_by_urgency ON tasks (project_id, urgency, updated_at DESC, id);
CREATE INDEX tasks_by_update ON tasks (project_id, updated_at DESC, id);
CREATE INDEX tasks_by_stage ON tasks (project_id, stage, urgency, updated_at DESC, id);

-- Backlog items page in their listing orders too.
ALTER TABLE backlog_items ADD COLUMN urgency INTEGER GENERATED ALWAYS AS (CASE priority
    WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END) VIRTUAL;
CREATE INDEX backlog_items_by_rank ON backlog_items (project_id, rank, urgency, created_at, id);
CREATE INDEX backlog_items_by_urgency ON backlog_items (project_id, urgency, rank, created_at, id);
CREATE INDEX backlog_items_by_update ON backlog_items (project_id, updated_at DESC, id);
CREATE INDEX backlog_items_by_creation ON backlog_items (project_id, created_at DESC, id);

-- Existing tasks whose dispatch moved without the operator status following it (runs claimed before the
-- lifecycle existed) take the status their stage implies, as new runs do.
UPDATE tasks SET status = 'in_progress' WHERE status = 'todo' AND stage IN ('queued', 'running', 'in_review');
UPDATE tasks SET status = 'done' WHERE review_status = 'merged' AND status <> 'done';
