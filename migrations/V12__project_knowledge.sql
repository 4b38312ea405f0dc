-- Project knowledge (issue 13): the documents a repository holds, the links from a document to the code it
-- covers, the git sync runs that scan the repository's history, the drift signals those runs raise, the
-- stored notification history, and full-text search over everything an operator writes or reads.

-- When the project's history was last scanned; NULL = never (the first scan looks back 30 days).
ALTER TABLE projects ADD COLUMN last_sync_at TEXT;
-- The commit the last sync scanned up to; the next one scans from there when it is still an ancestor (a
-- time window alone would scan a commit made in the same second twice, or miss one with a skewed date).
ALTER TABLE projects ADD COLUMN last_sync_head TEXT;

CREATE TABLE documents (
    id               TEXT PRIMARY KEY NOT NULL,
    project_id       TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title            TEXT NOT NULL CHECK (length(trim(title)) > 0),
    -- Repository-relative, '/'-separated; never absolute, never with a '..' part.
    file_path        TEXT NOT NULL CHECK (length(file_path) > 0),
    doc_type         TEXT NOT NULL CHECK (doc_type IN ('api', 'architecture', 'guide', 'adr', 'general')),
    description      TEXT NOT NULL DEFAULT '',
    source           TEXT NOT NULL CHECK (source IN ('discovered', 'manual')),
    -- When the document's text last changed (its last commit, or "mark as updated"); NULL = unknown.
    last_updated_at  TEXT,
    staleness_days   INTEGER NOT NULL DEFAULT 0 CHECK (staleness_days >= 0),
    is_stale         INTEGER NOT NULL DEFAULT 0 CHECK (is_stale IN (0, 1)),
    -- The file's text as last read (capped), for search; '' when it is missing or not text.
    body             TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (project_id, file_path)
);

CREATE TABLE document_links (
    id           TEXT PRIMARY KEY NOT NULL,
    document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    -- Exact repository-relative path (no globs).
    code_path    TEXT NOT NULL CHECK (length(code_path) > 0),
    link_type    TEXT NOT NULL CHECK (link_type IN ('covers', 'references', 'depends_on')),
    -- 'manual' links are the operator's; 'mentioned' ones come from paths the document names and are
    -- recomputed whenever the document is read again.
    origin       TEXT NOT NULL CHECK (origin IN ('manual', 'mentioned')),
    created_at   TEXT NOT NULL,
    UNIQUE (document_id, code_path)
);
-- A sync run looks every changed path up here.
CREATE INDEX document_links_by_path ON document_links (code_path);

CREATE TABLE sync_runs (
    id               TEXT PRIMARY KEY NOT NULL,
    project_id       TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    status           TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    triggered_by     TEXT NOT NULL CHECK (triggered_by IN ('manual', 'startup', 'watch')),
    branch           TEXT NOT NULL DEFAULT '',
    commits_scanned  INTEGER NOT NULL DEFAULT 0,
    files_changed    INTEGER NOT NULL DEFAULT 0,
    signals_created  INTEGER NOT NULL DEFAULT 0,
    error_message    TEXT NOT NULL DEFAULT '',
    -- When the configured branch was missing: the branch the repository's default looks like (the repair).
    detected_branch  TEXT NOT NULL DEFAULT '',
    started_at       TEXT NOT NULL,
    completed_at     TEXT
);
CREATE INDEX sync_runs_by_project ON sync_runs (project_id, started_at DESC, id);

CREATE TABLE drift_signals (
    id              TEXT PRIMARY KEY NOT NULL,
    project_id      TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    document_id     TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    trigger_type    TEXT NOT NULL CHECK (trigger_type IN ('code_change', 'time_decay', 'manual')),
    trigger_detail  TEXT NOT NULL DEFAULT '',
    -- {"changed_files": [{"path", "change_type"}], "confidence", "days_stale"}
    trigger_meta    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(trigger_meta)),
    severity        INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
    confidence      TEXT NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
    sync_run_id     TEXT REFERENCES sync_runs (id) ON DELETE SET NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'dismissed')),
    resolved_by     TEXT NOT NULL DEFAULT '',
    resolved_at     TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX drift_signals_by_severity ON drift_signals (project_id, status, severity DESC, created_at DESC, id);
CREATE INDEX drift_signals_by_time ON drift_signals (project_id, status, created_at DESC, id);
CREATE INDEX drift_signals_by_document ON drift_signals (document_id, status);

CREATE TABLE notifications (
    id          TEXT PRIMARY KEY NOT NULL,
    project_id  TEXT REFERENCES projects (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN (
                    'task_completed', 'task_failed', 'task_in_review', 'planning_finished', 'planning_failed',
                    'drift_found', 'sync_failed')),
    level       TEXT NOT NULL CHECK (level IN ('info', 'warning', 'error')),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '' CHECK (length(body) <= 280),
    -- What a click brings into view: 'task:<id>', 'planning_run:<id>', 'drift:<project id>', … or ''.
    link        TEXT NOT NULL DEFAULT '',
    is_read     INTEGER NOT NULL DEFAULT 0 CHECK (is_read IN (0, 1)),
    created_at  TEXT NOT NULL
);
CREATE INDEX notifications_by_time ON notifications (created_at DESC, id);
CREATE INDEX notifications_unread ON notifications (is_read, created_at DESC);

-- A planning context lists the project's latest planning runs among its agent runs.
CREATE INDEX planning_runs_by_start ON planning_runs (project_id, started_at DESC, id);

-- Search: one external-content FTS5 table per kind, keyed on its table's rowid (the text lives once), kept
-- in step by triggers, and read with bm25. Anything that vacuums must rebuild them (see V11).
CREATE VIRTUAL TABLE tasks_search USING fts5(
    title, description, content = 'tasks', content_rowid = 'rowid', prefix = '2 3 4'
);
INSERT INTO tasks_search (tasks_search) VALUES ('rebuild');
CREATE TRIGGER tasks_search_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO tasks_search (rowid, title, description) VALUES (new.rowid, new.title, new.description);
END;
CREATE TRIGGER tasks_search_delete AFTER DELETE ON tasks BEGIN
    INSERT INTO tasks_search (tasks_search, rowid, title, description)
    VALUES ('delete', old.rowid, old.title, old.description);
END;
CREATE TRIGGER tasks_search_update AFTER UPDATE OF title, description ON tasks BEGIN
    INSERT INTO tasks_search (tasks_search, rowid, title, description)
    VALUES ('delete', old.rowid, old.title, old.description);
    INSERT INTO tasks_search (rowid, title, description) VALUES (new.rowid, new.title, new.description);
END;

CREATE VIRTUAL TABLE backlog_items_search USING fts5(
    title, description, acceptance_criteria, content = 'backlog_items', content_rowid = 'rowid',
    prefix = '2 3 4'
);
INSERT INTO backlog_items_search (backlog_items_search) VALUES ('rebuild');
CREATE TRIGGER backlog_items_search_insert AFTER INSERT ON backlog_items BEGIN
    INSERT INTO backlog_items_search (rowid, title, description, acceptance_criteria)
    VALUES (new.rowid, new.title, new.description, new.acceptance_criteria);
END;
CREATE TRIGGER backlog_items_search_delete AFTER DELETE ON backlog_items BEGIN
    INSERT INTO backlog_items_search (backlog_items_search, rowid, title, description, acceptance_criteria)
    VALUES ('delete', old.rowid, old.title, old.description, old.acceptance_criteria);
END;
CREATE TRIGGER backlog_items_search_update AFTER UPDATE OF title, description, acceptance_criteria
ON backlog_items BEGIN
    INSERT INTO backlog_items_search (backlog_items_search, rowid, title, description, acceptance_criteria)
    VALUES ('delete', old.rowid, old.title, old.description, old.acceptance_criteria);
    INSERT INTO backlog_items_search (rowid, title, description, acceptance_criteria)
    VALUES (new.rowid, new.title, new.description, new.acceptance_criteria);
END;

CREATE VIRTUAL TABLE requirements_search USING fts5(
    title, summary, description, success_criteria, content = 'requirements', content_rowid = 'rowid',
    prefix = '2 3 4'
);
INSERT INTO requirements_search (requirements_search) VALUES ('rebuild');
CREATE TRIGGER requirements_search_insert AFTER INSERT ON requirements BEGIN
    INSERT INTO requirements_search (rowid, title, summary, description, success_criteria)
    VALUES (new.rowid, new.title, new.summary, new.description, new.success_criteria);
END;
CREATE TRIGGER requirements_search_delete AFTER DELETE ON requirements BEGIN
    INSERT INTO requirements_search (requirements_search, rowid, title, summary, description, success_criteria)
    VALUES ('delete', old.rowid, old.title, old.summary, old.description, old.success_criteria);
END;
CREATE TRIGGER requirements_search_update AFTER UPDATE OF title, summary, description, success_criteria
ON requirements BEGIN
    INSERT INTO requirements_search (requirements_search, rowid, title, summary, description, success_criteria)
    VALUES ('delete', old.rowid, old.title, old.summary, old.description, old.success_criteria);
    INSERT INTO requirements_search (rowid, title, summary, description, success_criteria)
    VALUES (new.rowid, new.title, new.summary, new.description, new.success_criteria);
END;

CREATE VIRTUAL TABLE candidates_search USING fts5(
    title, description, rationale, content = 'backlog_candidates', content_rowid = 'rowid',
    prefix = '2 3 4'
);
INSERT INTO candidates_search (candidates_search) VALUES ('rebuild');
CREATE TRIGGER candidates_search_insert AFTER INSERT ON backlog_candidates BEGIN
    INSERT INTO candidates_search (rowid, title, description, rationale)
    VALUES (new.rowid, new.title, new.description, new.rationale);
END;
CREATE TRIGGER candidates_search_delete AFTER DELETE ON backlog_candidates BEGIN
    INSERT INTO candidates_search (candidates_search, rowid, title, description, rationale)
    VALUES ('delete', old.rowid, old.title, old.description, old.rationale);
END;
CREATE TRIGGER candidates_search_update AFTER UPDATE OF title, description, rationale
ON backlog_candidates BEGIN
    INSERT INTO candidates_search (candidates_search, rowid, title, description, rationale)
    VALUES ('delete', old.rowid, old.title, old.description, old.rationale);
    INSERT INTO candidates_search (rowid, title, description, rationale)
    VALUES (new.rowid, new.title, new.description, new.rationale);
END;

CREATE VIRTUAL TABLE documents_search USING fts5(
    title, file_path, body, content = 'documents', content_rowid = 'rowid', prefix = '2 3 4'
);
CREATE TRIGGER documents_search_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_search (rowid, title, file_path, body)
    VALUES (new.rowid, new.title, new.file_path, new.body);
END;
CREATE TRIGGER documents_search_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_search (documents_search, rowid, title, file_path, body)
    VALUES ('delete', old.rowid, old.title, old.file_path, old.body);
END;
CREATE TRIGGER documents_search_update AFTER UPDATE OF title, file_path, body ON documents BEGIN
    INSERT INTO documents_search (documents_search, rowid, title, file_path, body)
    VALUES ('delete', old.rowid, old.title, old.file_path, old.body);
    INSERT INTO documents_search (rowid, title, file_path, body)
    VALUES (new.rowid, new.title, new.file_path, new.body);
END;

-- Change counters for the new kinds (see V5).
INSERT INTO data_versions (kind) VALUES ('documents'), ('sync_runs'), ('drift_signals'), ('notifications');

CREATE TRIGGER documents_insert_version AFTER INSERT ON documents
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'documents'; END;
CREATE TRIGGER documents_update_version AFTER UPDATE ON documents
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'documents'; END;
CREATE TRIGGER documents_delete_version AFTER DELETE ON documents
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'documents'; END;
CREATE TRIGGER document_links_insert_version AFTER INSERT ON document_links
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'documents'; END;
CREATE TRIGGER document_links_delete_version AFTER DELETE ON document_links
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'documents'; END;

CREATE TRIGGER sync_runs_insert_version AFTER INSERT ON sync_runs
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'sync_runs'; END;
CREATE TRIGGER sync_runs_update_version AFTER UPDATE ON sync_runs
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'sync_runs'; END;

CREATE TRIGGER drift_signals_insert_version AFTER INSERT ON drift_signals
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'drift_signals'; END;
CREATE TRIGGER drift_signals_update_version AFTER UPDATE ON drift_signals
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'drift_signals'; END;
CREATE TRIGGER drift_signals_delete_version AFTER DELETE ON drift_signals
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'drift_signals'; END;

CREATE TRIGGER notifications_insert_version AFTER INSERT ON notifications
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'notifications'; END;
CREATE TRIGGER notifications_update_version AFTER UPDATE ON notifications
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'notifications'; END;
CREATE TRIGGER notifications_delete_version AFTER DELETE ON notifications
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'notifications'; END;
