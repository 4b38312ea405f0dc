-- backlog_item_dependencies: an item of the backlog comes after others of the same project (orchestration,
-- point 1). Committing items turns the edges into task dependencies, whichever item is committed first;
-- an item committed before its foundation is held unqueued. Both ends in one project and no cycles are
-- checked by the core; deleting either item removes the edge.
CREATE TABLE backlog_item_dependencies (
    item_id     TEXT NOT NULL REFERENCES backlog_items (id) ON DELETE CASCADE,
    depends_on  TEXT NOT NULL REFERENCES backlog_items (id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (item_id, depends_on),
    CHECK (item_id <> depends_on)
) WITHOUT ROWID;
CREATE INDEX backlog_item_dependencies_by_dependency ON backlog_item_dependencies (depends_on, item_id);

-- The backlog shows an item's order, so a new or removed edge counts as a backlog change.
CREATE TRIGGER backlog_item_dependencies_insert_version AFTER INSERT ON backlog_item_dependencies
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'backlog_items'; END;
CREATE TRIGGER backlog_item_dependencies_delete_version AFTER DELETE ON backlog_item_dependencies
BEGIN UPDATE data_versions SET version = version + 1 WHERE kind = 'backlog_items'; END;
