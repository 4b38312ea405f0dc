-- task_workspaces: every dispatched task works in a git worktree of its own, and its work reaches the
-- operator's branch only through a reviewed merge.
--
-- projects.workspace_mode: `worktree` (the default, also for projects registered before this migration)
-- or `in-place`, the explicit opt-in to run agents in the operator's checkout as before.
-- projects.base_branch: the branch task branches are cut from and merged into; '' = the default branch.
-- projects.setup_copy: globs of files copied from the main checkout into a new worktree (`.env`, …).
-- projects.setup_command: run in a new worktree before its first agent ('' = none).
-- agent_profiles.permissions: `edit` (the agent may edit files in its workspace) or `full` (it may also run
-- commands there, such as the project's tests).
-- tasks.review_status: where the work of a task stands with the operator.
-- tasks.followup: review feedback waiting for the task's next attempt.
ALTER TABLE projects ADD COLUMN workspace_mode TEXT NOT NULL DEFAULT 'worktree'
    CHECK (workspace_mode IN ('worktree', 'in-place'));
ALTER TABLE projects ADD COLUMN base_branch TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN setup_copy TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(setup_copy));
ALTER TABLE projects ADD COLUMN setup_command TEXT NOT NULL DEFAULT '';
ALTER TABLE agent_profiles ADD COLUMN permissions TEXT NOT NULL DEFAULT 'edit'
    CHECK (permissions IN ('edit', 'full'));
ALTER TABLE tasks ADD COLUMN review_status TEXT NOT NULL DEFAULT 'none'
    CHECK (review_status IN ('none', 'in_review', 'merged', 'discarded', 'conflict'));
-- The operator's review feedback for the next attempt (`task followup`); cleared when an attempt ends.
ALTER TABLE tasks ADD COLUMN followup TEXT;

-- One row per task that ever had a worktree. `removed_at` is set when its folder is gone (merged, discarded,
-- pruned); the row stays as the record of the branch.
CREATE TABLE workspaces (
    task_id          TEXT PRIMARY KEY NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    project_id       TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    path             TEXT NOT NULL,
    branch           TEXT NOT NULL CHECK (length(branch) > 0),
    base             TEXT NOT NULL CHECK (length(base) > 0),
    -- The base commit the branch was cut from, and the branch's head after the latest attempt.
    base_commit      TEXT NOT NULL,
    head             TEXT NOT NULL,
    setup_done       INTEGER NOT NULL DEFAULT 0 CHECK (setup_done IN (0, 1)),
    files_changed    INTEGER NOT NULL DEFAULT 0 CHECK (files_changed >= 0),
    additions        INTEGER NOT NULL DEFAULT 0 CHECK (additions >= 0),
    deletions        INTEGER NOT NULL DEFAULT 0 CHECK (deletions >= 0),
    -- Files a merge stopped on (JSON array of paths), while review_status is `conflict`.
    conflicts        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(conflicts)),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    removed_at       TEXT
);
CREATE INDEX workspaces_project ON workspaces (project_id, removed_at);
CREATE UNIQUE INDEX workspaces_live_path ON workspaces (path) WHERE removed_at IS NULL;
CREATE INDEX tasks_in_review ON tasks (project_id) WHERE review_status IN ('in_review', 'conflict');

CREATE TRIGGER workspaces_insert_version AFTER INSERT ON workspaces
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'tasks'; END;
CREATE TRIGGER workspaces_update_version AFTER UPDATE ON workspaces
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'tasks'; END;
CREATE TRIGGER workspaces_delete_version AFTER DELETE ON workspaces
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'tasks'; END;
