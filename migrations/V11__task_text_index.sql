-- The Tasks screen's find box at scale (the window redesign, point 10): a trigram index over each task's
-- title and description, so "contains this text" reads the index instead of every row of a stage. It is
-- an external-content FTS5 table (the text lives once, in `tasks`), kept in step by triggers. It keys on
-- `tasks`' rowid, which a VACUUM may renumber (the id is TEXT): anything that vacuums must follow with
-- INSERT INTO tasks_text (tasks_text) VALUES ('rebuild').
CREATE VIRTUAL TABLE tasks_text USING fts5(
    title, description, content = 'tasks', content_rowid = 'rowid', tokenize = 'trigram'
);
INSERT INTO tasks_text (rowid, title, description) SELECT rowid, title, description FROM tasks;

CREATE TRIGGER tasks_text_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO tasks_text (rowid, title, description) VALUES (new.rowid, new.title, new.description);
END;
CREATE TRIGGER tasks_text_delete AFTER DELETE ON tasks BEGIN
    INSERT INTO tasks_text (tasks_text, rowid, title, description)
    VALUES ('delete', old.rowid, old.title, old.description);
END;
CREATE TRIGGER tasks_text_update AFTER UPDATE OF title, description ON tasks BEGIN
    INSERT INTO tasks_text (tasks_text, rowid, title, description)
    VALUES ('delete', old.rowid, old.title, old.description);
    INSERT INTO tasks_text (rowid, title, description) VALUES (new.rowid, new.title, new.description);
END;
