-- Open tasks, most recently updated first, are what every planning context starts from. A partial index in
-- that order lets SQLite read the first hundred directly instead of sorting every open task of the project.
CREATE INDEX tasks_open_by_recency ON tasks (project_id, updated_at DESC, id)
    WHERE status IN ('todo', 'in_progress');

-- Recent dispatch attempts, newest first, feed the context's "recent agent runs"; reading them in start order
-- avoids walking every task of a large project to find the few that ran.
CREATE INDEX dispatch_attempts_by_start ON dispatch_attempts (started_at DESC, id);
