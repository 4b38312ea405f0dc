-- data_versions: a counter per kind of data a screen shows, bumped by triggers on every insert, update
-- and delete, so a watcher sees every committed change however its timestamps are ordered.
CREATE TABLE data_versions (
    kind    TEXT PRIMARY KEY NOT NULL,
    version INTEGER NOT NULL DEFAULT 0
);

INSERT INTO data_versions (kind) VALUES
    ('projects'), ('requirements'), ('planning_runs'), ('candidates'), ('backlog_items'), ('tasks'), ('agents'),
    ('settings');

CREATE TRIGGER projects_insert_version AFTER INSERT ON projects
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'projects'; END;
CREATE TRIGGER projects_update_version AFTER UPDATE ON projects
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'projects'; END;
CREATE TRIGGER projects_delete_version AFTER DELETE ON projects
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'projects'; END;

CREATE TRIGGER requirements_insert_version AFTER INSERT ON requirements
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'requirements'; END;
CREATE TRIGGER requirements_update_version AFTER UPDATE ON requirements
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'requirements'; END;
CREATE TRIGGER requirements_delete_version AFTER DELETE ON requirements
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'requirements'; END;

CREATE TRIGGER planning_runs_insert_version AFTER INSERT ON planning_runs
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'planning_runs'; END;
CREATE TRIGGER planning_runs_update_version AFTER UPDATE ON planning_runs
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'planning_runs'; END;
CREATE TRIGGER planning_runs_delete_version AFTER DELETE ON planning_runs
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'planning_runs'; END;

CREATE TRIGGER backlog_candidates_insert_version AFTER INSERT ON backlog_candidates
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'candidates'; END;
CREATE TRIGGER backlog_candidates_update_version AFTER UPDATE ON backlog_candidates
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'candidates'; END;
CREATE TRIGGER backlog_candidates_delete_version AFTER DELETE ON backlog_candidates
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'candidates'; END;

CREATE TRIGGER backlog_items_insert_version AFTER INSERT ON backlog_items
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'backlog_items'; END;
CREATE TRIGGER backlog_items_update_version AFTER UPDATE ON backlog_items
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'backlog_items'; END;
CREATE TRIGGER backlog_items_delete_version AFTER DELETE ON backlog_items
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'backlog_items'; END;

CREATE TRIGGER tasks_insert_version AFTER INSERT ON tasks
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'tasks'; END;
CREATE TRIGGER tasks_update_version AFTER UPDATE ON tasks
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'tasks'; END;
CREATE TRIGGER tasks_delete_version AFTER DELETE ON tasks
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'tasks'; END;

CREATE TRIGGER dispatch_attempts_insert_version AFTER INSERT ON dispatch_attempts
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'tasks'; END;
CREATE TRIGGER dispatch_attempts_update_version AFTER UPDATE ON dispatch_attempts
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'tasks'; END;
CREATE TRIGGER dispatch_attempts_delete_version AFTER DELETE ON dispatch_attempts
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'tasks'; END;

CREATE TRIGGER agent_profiles_insert_version AFTER INSERT ON agent_profiles
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'agents'; END;
CREATE TRIGGER agent_profiles_update_version AFTER UPDATE ON agent_profiles
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'agents'; END;
CREATE TRIGGER agent_profiles_delete_version AFTER DELETE ON agent_profiles
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'agents'; END;

CREATE TRIGGER settings_insert_version AFTER INSERT ON settings
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'settings'; END;
CREATE TRIGGER settings_update_version AFTER UPDATE ON settings
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'settings'; END;
CREATE TRIGGER settings_delete_version AFTER DELETE ON settings
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'settings'; END;
