-- anpm schema, version 1.
--
-- One operator, so there are no users, sessions, API keys or pairing tables. Every id is a UUID v4 string;
-- every timestamp is UTC RFC 3339 with six fractional digits, so text order is time order. JSON columns are
-- TEXT and must hold valid JSON. Enumerations are spelled out in CHECK constraints so that a bad value can never
-- be stored, whoever writes it.
--
-- This file is never edited once landed: schema changes arrive as new V<n>__<name>.sql files.

CREATE TABLE projects (
    id              TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    repo_path       TEXT NOT NULL UNIQUE,
    default_branch  TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE requirements (
    id               TEXT PRIMARY KEY NOT NULL,
    project_id       TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title            TEXT NOT NULL CHECK (length(trim(title)) > 0),
    summary          TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL DEFAULT '',
    audience         TEXT NOT NULL DEFAULT '',
    success_criteria TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'planned', 'archived')),
    source           TEXT NOT NULL DEFAULT 'human',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX requirements_project_status ON requirements (project_id, status, created_at);

CREATE TABLE planning_runs (
    id               TEXT PRIMARY KEY NOT NULL,
    project_id       TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    requirement_id   TEXT NOT NULL REFERENCES requirements (id) ON DELETE CASCADE,
    status           TEXT NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    trigger_source   TEXT NOT NULL DEFAULT 'manual',
    provider_id      TEXT NOT NULL DEFAULT 'deterministic',
    model_id         TEXT NOT NULL DEFAULT '',
    template         TEXT NOT NULL DEFAULT 'backlog' CHECK (template IN ('backlog', 'whatsnext')),
    context_pack_id  TEXT NOT NULL,
    error_kind       TEXT,
    error_message    TEXT NOT NULL DEFAULT '',
    started_at       TEXT,
    completed_at     TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
-- At most one active run per requirement, enforced here so that concurrent starts cannot both win.
CREATE UNIQUE INDEX planning_runs_one_active ON planning_runs (requirement_id)
    WHERE status IN ('queued', 'running');
CREATE INDEX planning_runs_project ON planning_runs (project_id, created_at);
CREATE INDEX planning_runs_status ON planning_runs (status, created_at);

CREATE TABLE planning_context_snapshots (
    id               TEXT PRIMARY KEY NOT NULL,
    planning_run_id  TEXT NOT NULL UNIQUE REFERENCES planning_runs (id) ON DELETE CASCADE,
    pack_id          TEXT NOT NULL,
    schema_version   TEXT NOT NULL,
    snapshot         TEXT NOT NULL CHECK (json_valid(snapshot)),
    sources_bytes    INTEGER NOT NULL DEFAULT 0 CHECK (sources_bytes >= 0),
    dropped_counts   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(dropped_counts)),
    created_at       TEXT NOT NULL
);

CREATE TABLE backlog_candidates (
    id                   TEXT PRIMARY KEY NOT NULL,
    project_id           TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    requirement_id       TEXT NOT NULL REFERENCES requirements (id) ON DELETE CASCADE,
    planning_run_id      TEXT NOT NULL REFERENCES planning_runs (id) ON DELETE CASCADE,
    parent_candidate_id  TEXT REFERENCES backlog_candidates (id) ON DELETE SET NULL,
    suggestion_type      TEXT NOT NULL DEFAULT 'implementation',
    title                TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description          TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL DEFAULT 'draft'
                         CHECK (status IN ('draft', 'approved', 'rejected', 'applied')),
    rationale            TEXT NOT NULL DEFAULT '',
    validation_criteria  TEXT NOT NULL DEFAULT '',
    po_decision          TEXT NOT NULL DEFAULT '',
    priority_score       REAL NOT NULL DEFAULT 0 CHECK (priority_score BETWEEN 0 AND 100),
    confidence           REAL NOT NULL DEFAULT 0 CHECK (confidence BETWEEN 0 AND 100),
    rank                 INTEGER NOT NULL DEFAULT 0,
    evidence             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(evidence)),
    evidence_detail      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(evidence_detail)),
    duplicate_titles     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(duplicate_titles)),
    execution_role       TEXT,
    feedback_kind        TEXT NOT NULL DEFAULT '',
    feedback_note        TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX backlog_candidates_run ON backlog_candidates (planning_run_id, rank, priority_score DESC);
CREATE INDEX backlog_candidates_project_status ON backlog_candidates (project_id, status);
CREATE INDEX backlog_candidates_requirement ON backlog_candidates (requirement_id);

CREATE TABLE agent_profiles (
    id             TEXT PRIMARY KEY NOT NULL,
    name           TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    kind           TEXT NOT NULL CHECK (kind IN ('claude', 'codex', 'custom')),
    command        TEXT NOT NULL CHECK (length(trim(command)) > 0),
    args           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(args)),
    output_format  TEXT NOT NULL CHECK (output_format IN ('claude-stream-json', 'codex-json', 'text')),
    model          TEXT NOT NULL DEFAULT '',
    is_default     INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX agent_profiles_one_default ON agent_profiles (is_default) WHERE is_default = 1;

CREATE TABLE tasks (
    id                  TEXT PRIMARY KEY NOT NULL,
    project_id          TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title               TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description         TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL DEFAULT 'todo'
                        CHECK (status IN ('todo', 'in_progress', 'done', 'cancelled')),
    priority            TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    assignee            TEXT NOT NULL DEFAULT '',
    source              TEXT NOT NULL DEFAULT 'human',
    execution_role      TEXT,
    agent_profile_id    TEXT REFERENCES agent_profiles (id) ON DELETE SET NULL,
    dispatch_status     TEXT NOT NULL DEFAULT 'none'
                        CHECK (dispatch_status IN ('none', 'queued', 'running', 'completed', 'failed', 'cancelled')),
    dispatch_queued_at  TEXT,
    execution_result    TEXT CHECK (execution_result IS NULL OR json_valid(execution_result)),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX tasks_project_status ON tasks (project_id, status, updated_at);
CREATE INDEX tasks_project_priority ON tasks (project_id, priority);
-- The dispatch loop claims the oldest queued task; this index keeps that a lookup.
CREATE INDEX tasks_dispatch_queue ON tasks (dispatch_status, dispatch_queued_at);
CREATE INDEX tasks_project_title ON tasks (project_id, title COLLATE NOCASE);

CREATE TABLE backlog_items (
    id                    TEXT PRIMARY KEY NOT NULL,
    project_id            TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    requirement_id        TEXT REFERENCES requirements (id) ON DELETE SET NULL,
    planning_run_id       TEXT REFERENCES planning_runs (id) ON DELETE SET NULL,
    backlog_candidate_id  TEXT UNIQUE REFERENCES backlog_candidates (id) ON DELETE SET NULL,
    task_id               TEXT UNIQUE REFERENCES tasks (id) ON DELETE SET NULL,
    title                 TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description           TEXT NOT NULL DEFAULT '',
    status                TEXT NOT NULL DEFAULT 'triage'
                          CHECK (status IN ('triage', 'ready', 'blocked', 'committed', 'archived')),
    priority              TEXT NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
    source                TEXT NOT NULL DEFAULT 'human'
                          CHECK (source IN ('human', 'planning_run', 'backlog_candidate', 'agent')),
    rank                  INTEGER NOT NULL DEFAULT 0,
    labels                TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(labels)),
    acceptance_criteria   TEXT NOT NULL DEFAULT '',
    blocked_reason        TEXT NOT NULL DEFAULT '',
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);
CREATE INDEX backlog_items_project_status_rank ON backlog_items (project_id, status, rank);
CREATE INDEX backlog_items_project_priority ON backlog_items (project_id, priority);
CREATE INDEX backlog_items_project_updated ON backlog_items (project_id, updated_at);

CREATE TABLE task_lineage (
    id                    TEXT PRIMARY KEY NOT NULL,
    project_id            TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    task_id               TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    -- RESTRICT: a requirement that produced work cannot be deleted (archive it instead).
    requirement_id        TEXT REFERENCES requirements (id) ON DELETE RESTRICT,
    planning_run_id       TEXT REFERENCES planning_runs (id) ON DELETE SET NULL,
    backlog_candidate_id  TEXT REFERENCES backlog_candidates (id) ON DELETE SET NULL,
    backlog_item_id       TEXT REFERENCES backlog_items (id) ON DELETE SET NULL,
    lineage_kind          TEXT NOT NULL
                          CHECK (lineage_kind IN ('applied_candidate', 'manual_requirement', 'merged_requirement',
                                                  'backlog_item')),
    created_at            TEXT NOT NULL
);
CREATE INDEX task_lineage_task ON task_lineage (task_id);
CREATE INDEX task_lineage_requirement ON task_lineage (requirement_id);
CREATE INDEX task_lineage_candidate ON task_lineage (backlog_candidate_id);
CREATE INDEX task_lineage_item ON task_lineage (backlog_item_id);
CREATE INDEX task_lineage_project ON task_lineage (project_id, created_at);

-- Append-only authoring ledger. No foreign key on subject_id: history outlives what it describes.
CREATE TABLE actor_audit (
    id            TEXT PRIMARY KEY NOT NULL,
    subject_kind  TEXT NOT NULL CHECK (subject_kind IN ('backlog_candidate', 'task', 'planning_run', 'backlog_item')),
    subject_id    TEXT NOT NULL,
    field         TEXT NOT NULL,
    old_value     TEXT,
    new_value     TEXT,
    actor_kind    TEXT NOT NULL CHECK (actor_kind IN ('user', 'router', 'system', 'agent')),
    actor_id      TEXT NOT NULL,
    rationale     TEXT NOT NULL DEFAULT '',
    confidence    REAL CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
    created_at    TEXT NOT NULL,
    -- Only the router speaks with a confidence.
    CHECK ((actor_kind = 'router') = (confidence IS NOT NULL))
);
CREATE INDEX actor_audit_subject ON actor_audit (subject_kind, subject_id, created_at);
CREATE TRIGGER actor_audit_no_update BEFORE UPDATE ON actor_audit
BEGIN
    SELECT RAISE(ABORT, 'actor_audit is append-only');
END;
CREATE TRIGGER actor_audit_no_delete BEFORE DELETE ON actor_audit
BEGIN
    SELECT RAISE(ABORT, 'actor_audit is append-only');
END;

-- One row per run of a task through an agent CLI.
CREATE TABLE dispatch_attempts (
    id                TEXT PRIMARY KEY NOT NULL,
    task_id           TEXT NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    attempt_no        INTEGER NOT NULL CHECK (attempt_no >= 1),
    agent_profile_id  TEXT REFERENCES agent_profiles (id) ON DELETE SET NULL,
    agent_name        TEXT NOT NULL DEFAULT '',
    role              TEXT NOT NULL,
    started_at        TEXT NOT NULL,
    ended_at          TEXT,
    pid               INTEGER,
    pgid              INTEGER,
    exit_code         INTEGER,
    signal            INTEGER,
    outcome           TEXT NOT NULL DEFAULT 'running'
                      CHECK (outcome IN ('running', 'completed', 'failed', 'cancelled', 'interrupted')),
    error_kind        TEXT,
    error_message     TEXT NOT NULL DEFAULT '',
    output_bytes      INTEGER NOT NULL DEFAULT 0 CHECK (output_bytes >= 0),
    truncated         INTEGER NOT NULL DEFAULT 0 CHECK (truncated IN (0, 1)),
    cost_usd          REAL,
    input_tokens      INTEGER,
    output_tokens     INTEGER,
    session_id        TEXT,
    log_path          TEXT,
    UNIQUE (task_id, attempt_no)
);
CREATE INDEX dispatch_attempts_outcome ON dispatch_attempts (outcome);

CREATE TABLE settings (
    key         TEXT PRIMARY KEY NOT NULL CHECK (length(trim(key)) > 0),
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- The latest activity snapshot per runner, restored when the app starts.
CREATE TABLE activity_snapshots (
    runner_id   TEXT PRIMARY KEY NOT NULL,
    snapshot    TEXT NOT NULL CHECK (json_valid(snapshot)),
    updated_at  TEXT NOT NULL
);
