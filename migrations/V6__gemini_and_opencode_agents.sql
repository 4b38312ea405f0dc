-- gemini_and_opencode_agents: agent profiles may run Gemini CLI and OpenCode, each with its own structured
-- output format. SQLite cannot change a CHECK constraint in place, so the table is rebuilt with the same
-- rows; migrations run before foreign keys are switched on, so the rows of tasks and attempts that name a
-- profile keep pointing at it (same ids, same table name).
CREATE TABLE agent_profiles_new (
    id             TEXT PRIMARY KEY NOT NULL,
    name           TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    kind           TEXT NOT NULL CHECK (kind IN ('claude', 'codex', 'gemini', 'opencode', 'custom')),
    command        TEXT NOT NULL CHECK (length(trim(command)) > 0),
    args           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(args)),
    output_format  TEXT NOT NULL CHECK (output_format IN ('claude-stream-json', 'codex-json', 'gemini-stream-json',
                                                          'opencode-json', 'text')),
    model          TEXT NOT NULL DEFAULT '',
    is_default     INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

INSERT INTO agent_profiles_new (id, name, kind, command, args, output_format, model, is_default, created_at, updated_at)
SELECT id, name, kind, command, args, output_format, model, is_default, created_at, updated_at FROM agent_profiles;

DROP TABLE agent_profiles;
ALTER TABLE agent_profiles_new RENAME TO agent_profiles;

CREATE UNIQUE INDEX agent_profiles_one_default ON agent_profiles (is_default) WHERE is_default = 1;

CREATE TRIGGER agent_profiles_insert_version AFTER INSERT ON agent_profiles
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'agents'; END;
CREATE TRIGGER agent_profiles_update_version AFTER UPDATE ON agent_profiles
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'agents'; END;
CREATE TRIGGER agent_profiles_delete_version AFTER DELETE ON agent_profiles
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'agents'; END;
