-- task_dependencies: a task waits for the tasks it depends on (orchestration, point 1). The dispatch loop
-- claims a queued task only when each of them is done (marked done or its work merged) or, in a project
-- that stacks on review, in review. Both ends belong to the same project (checked by the core, which also
-- refuses cycles); deleting either task removes the edge.
CREATE TABLE task_dependencies (
    task_id     TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    depends_on  TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (task_id, depends_on),
    CHECK (task_id <> depends_on)
) WITHOUT ROWID;
-- "Who waits on this task": the loop looks there when a task is merged or done.
CREATE INDEX task_dependencies_by_dependency ON task_dependencies (depends_on, task_id);

-- candidate_dependencies: what a planner said about the order of its candidates (`depends_on` by index in
-- its answer), kept so applying the candidates turns it into task dependencies whichever is applied first.
CREATE TABLE candidate_dependencies (
    candidate_id  TEXT NOT NULL REFERENCES backlog_candidates (id) ON DELETE CASCADE,
    depends_on    TEXT NOT NULL REFERENCES backlog_candidates (id) ON DELETE CASCADE,
    PRIMARY KEY (candidate_id, depends_on),
    CHECK (candidate_id <> depends_on)
) WITHOUT ROWID;
CREATE INDEX candidate_dependencies_by_dependency ON candidate_dependencies (depends_on, candidate_id);

-- projects.stack_on_review: 1 lets a dependent start as soon as its dependency is in review, on a branch
-- cut from the dependency's head; 0 (the default) waits for the merge.
ALTER TABLE projects ADD COLUMN stack_on_review INTEGER NOT NULL DEFAULT 0 CHECK (stack_on_review IN (0, 1));

-- A new or removed dependency changes what the board shows ("waiting on …"), so it counts as a task change.
CREATE TRIGGER task_dependencies_insert_version AFTER INSERT ON task_dependencies
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'tasks'; END;
CREATE TRIGGER task_dependencies_delete_version AFTER DELETE ON task_dependencies
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'tasks'; END;
