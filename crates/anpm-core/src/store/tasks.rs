//! SQL for tasks. Listings are keyset pages in one of two orders, each read along an index of the same
//! order (migration V9); `stage` and `urgency` are generated columns the writes here never name.

use rusqlite::{params, params_from_iter, OptionalExtension, Row};

use super::select::{trigram_phrase, Key, Select};
use super::sql::{json_column_opt, json_text, like_contains};
use super::Tx;
use crate::domain::{normalize_title, ProjectId, Stage, Task, TaskFilter, TaskId, TaskSort};
use crate::{Error, Result};

pub(super) const COLUMNS: &str = "id, project_id, title, description, status, priority, assignee, source, execution_role, \
                       agent_profile_id, dispatch_status, dispatch_queued_at, execution_result, created_at, \
                       updated_at, cancel_requested_at, review_status, followup, retry_at";

/// What a read selects: the written columns and the derived stage.
pub(super) const READ: &str = "id, project_id, title, description, status, priority, assignee, source, execution_role, \
                       agent_profile_id, dispatch_status, dispatch_queued_at, execution_result, created_at, \
                       updated_at, cancel_requested_at, review_status, followup, retry_at, stage";

/// Past this many matches a find reads along the listing's index rather than through the text index.
const FEW_MATCHES: u32 = 2000;

const BY_PRIORITY: [Key; 3] = [Key::asc("urgency"), Key::desc("updated_at"), Key::asc("id")];
const BY_UPDATE: [Key; 2] = [Key::desc("updated_at"), Key::asc("id")];

pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<Task> {
    Ok(Task {
        id: row.get("id")?,
        project_id: row.get("project_id")?,
        title: row.get("title")?,
        description: row.get("description")?,
        status: row.get("status")?,
        priority: row.get("priority")?,
        assignee: row.get("assignee")?,
        source: row.get("source")?,
        execution_role: row.get("execution_role")?,
        agent_profile_id: row.get("agent_profile_id")?,
        dispatch_status: row.get("dispatch_status")?,
        dispatch_queued_at: row.get("dispatch_queued_at")?,
        cancel_requested_at: row.get("cancel_requested_at")?,
        retry_at: row.get("retry_at")?,
        review_status: row.get("review_status")?,
        stage: row.get("stage")?,
        followup: row.get("followup")?,
        execution_result: json_column_opt(row, "execution_result")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

impl Tx<'_> {
    /// Writes a new task. Its status is stored settled ([`Task::settled`]) whatever the caller handed in,
    /// so a stored row never contradicts its own stage.
    pub fn insert_task(&self, t: &Task) -> Result<()> {
        let status = Stage::of_task(t).settled_status(t.status);
        self.exec(
            &format!(
                "INSERT INTO tasks ({COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"
            ),
            params![
                t.id,
                t.project_id,
                t.title,
                t.description,
                status,
                t.priority,
                t.assignee,
                t.source,
                t.execution_role,
                t.agent_profile_id,
                t.dispatch_status,
                t.dispatch_queued_at,
                t.execution_result.as_ref().map(json_text),
                t.created_at,
                t.updated_at,
                t.cancel_requested_at,
                t.review_status,
                t.followup,
                t.retry_at
            ],
        )?;
        Ok(())
    }

    pub fn task(&self, id: TaskId) -> Result<Option<Task>> {
        Ok(self
            .conn
            .query_row(&format!("SELECT {READ} FROM tasks WHERE id = ?1"), [id], from_row)
            .optional()?)
    }

    /// The tasks that came from `requirement` (through their lineage), oldest first.
    pub fn tasks_of_requirement(&self, requirement: crate::domain::RequirementId) -> Result<Vec<Task>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {READ} FROM tasks WHERE id IN (SELECT task_id FROM task_lineage WHERE requirement_id = ?1)
             ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map([requirement], from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// One page of the tasks `filter` selects, in its order.
    pub fn tasks(&self, filter: &TaskFilter) -> Result<Vec<Task>> {
        let (sql, params) = self.task_query(filter)?;
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// SQLite's plan for a listing, one step per line (tests check that pages read along an index).
    #[cfg(test)]
    pub(crate) fn explain_tasks(&self, filter: &TaskFilter) -> Result<String> {
        let (sql, params) = self.task_query(filter)?;
        let mut stmt = self.conn.prepare_cached(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(params_from_iter(params), |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?.join("\n"))
    }

    /// True when at most `bound` tasks match the trigram `phrase` (it reads no more than `bound + 1`).
    fn text_matches_at_most(&self, phrase: &str, bound: u32) -> Result<bool> {
        let found: i64 = self.conn.prepare_cached(
            "SELECT count(*) FROM (SELECT rowid FROM tasks_text WHERE tasks_text MATCH ?1 LIMIT ?2)",
        )?.query_row(rusqlite::params![phrase, bound + 1], |r| r.get(0))?;
        Ok(found <= i64::from(bound))
    }

    fn task_query(&self, filter: &TaskFilter) -> Result<(String, Vec<rusqlite::types::Value>)> {
        let keys: &[Key] = match filter.sort {
            TaskSort::Priority => &BY_PRIORITY,
            TaskSort::Updated => &BY_UPDATE,
        };
        // A find for text few tasks hold reads those few through the text index and sorts them; the `+`
        // keeps SQLite from walking the project's (or the stage's) index instead, which would test every
        // task of it against the matches. Text many tasks hold is found fastest along that index.
        let few = match filter.text.as_deref().and_then(trigram_phrase) {
            Some(phrase) => self.text_matches_at_most(&phrase, FEW_MATCHES)?,
            None => false,
        };
        let equal = |column: &str| if few { format!("+{column} = ?") } else { format!("{column} = ?") };
        let mut select = Select::from("tasks", READ);
        select
            .and_some(&equal("project_id"), filter.project_id.map(|p| p.to_string()))
            .and_some(&equal("stage"), filter.stage.map(|s| s.to_string()))
            .and_some("status = ?", filter.status.map(|s| s.to_string()))
            .and_some("priority = ?", filter.priority.map(|p| p.to_string()))
            .and_some("dispatch_status = ?", filter.dispatch_status.map(|d| d.to_string()));
        let assignee = filter.assignee.as_deref().map(str::trim).filter(|a| !a.is_empty());
        select.and_some("assignee = ?", assignee.map(str::to_owned));
        select.containing_indexed("tasks_text", filter.text.as_deref());
        if let Some(after) = filter.page.after {
            if self.task(after)?.is_none() {
                return Err(Error::NotFound { entity: "task", id: after.to_string() });
            }
            select.after(keys, after.to_string());
        }
        Ok(select.finish(keys, filter.page.limit))
    }

    /// The task list's statement before keyset pages (migration V9), capped at `limit` rows: the
    /// listing benchmark's baseline, kept so the comparison is measured, not remembered.
    #[cfg(feature = "testing")]
    pub fn legacy_task_page(&self, project_id: ProjectId, limit: u32) -> Result<usize> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {READ} FROM tasks
             WHERE (?1 IS NULL OR project_id = ?1) AND (?2 IS NULL OR status = ?2)
               AND (?3 IS NULL OR priority = ?3) AND (?4 IS NULL OR assignee = ?4)
               AND (?5 IS NULL OR dispatch_status = ?5)
               AND (?6 IS NULL OR title LIKE ?6 ESCAPE '\\' OR description LIKE ?6 ESCAPE '\\')
             ORDER BY CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END,
                      updated_at DESC, id
             LIMIT {limit}"
        ))?;
        let none: Option<String> = None;
        let rows = stmt.query_map(params![project_id, none, none, none, none, none], from_row)?;
        Ok(rows.count())
    }

    /// How many tasks of the project stand in each stage (the board's column counts).
    pub fn task_stage_counts(&self, project_id: ProjectId) -> Result<Vec<(Stage, u64)>> {
        // One index range counted per stage: half the time of a GROUP BY over the project's rows, which
        // reads the same entries and then groups them.
        let counts: Vec<String> = Stage::ALL
            .iter()
            .map(|s| format!("(SELECT count(*) FROM tasks WHERE project_id = ?1 AND stage = '{s}')"))
            .collect();
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {}", counts.join(", ")))?;
        let row = stmt.query_row([project_id], |r| {
            (0..Stage::ALL.len()).map(|i| r.get::<_, i64>(i)).collect::<rusqlite::Result<Vec<_>>>()
        })?;
        Ok(Stage::ALL
            .iter()
            .zip(row)
            .filter(|(_, n)| *n > 0)
            .map(|(stage, n)| (*stage, u64::try_from(n).unwrap_or(0)))
            .collect())
    }

    /// Per project: how many tasks are queued, running, in review and failed. Each count is a range of
    /// `tasks_by_stage`, so the sidebar's figures cost the same at 100 tasks as at 100,000.
    pub fn project_pulses(&self) -> Result<Vec<(ProjectId, [u64; 4])>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id,
                    (SELECT count(*) FROM tasks t WHERE t.project_id = p.id AND t.stage = 'queued'),
                    (SELECT count(*) FROM tasks t WHERE t.project_id = p.id AND t.stage = 'running'),
                    (SELECT count(*) FROM tasks t WHERE t.project_id = p.id AND t.stage = 'in_review'),
                    (SELECT count(*) FROM tasks t WHERE t.project_id = p.id AND t.stage = 'failed')
             FROM projects p",
        )?;
        let count = |r: &rusqlite::Row<'_>, i: usize| -> rusqlite::Result<u64> {
            Ok(u64::try_from(r.get::<_, i64>(i)?).unwrap_or(0))
        };
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, ProjectId>(0)?, [count(r, 1)?, count(r, 2)?, count(r, 3)?, count(r, 4)?]))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Writes a task's changed fields, its status settled as in [`Tx::insert_task`].
    pub fn update_task(&self, t: &Task) -> Result<()> {
        let status = Stage::of_task(t).settled_status(t.status);
        self.exec(
            "UPDATE tasks SET title = ?2, description = ?3, status = ?4, priority = ?5, assignee = ?6,
                    execution_role = ?7, agent_profile_id = ?8, dispatch_status = ?9, dispatch_queued_at = ?10,
                    execution_result = ?11, updated_at = ?12, cancel_requested_at = ?13,
                    review_status = ?14, followup = ?15, retry_at = ?16
             WHERE id = ?1",
            params![
                t.id,
                t.title,
                t.description,
                status,
                t.priority,
                t.assignee,
                t.execution_role,
                t.agent_profile_id,
                t.dispatch_status,
                t.dispatch_queued_at,
                t.execution_result.as_ref().map(json_text),
                t.updated_at,
                t.cancel_requested_at,
                t.review_status,
                t.followup,
                t.retry_at
            ],
        )?;
        Ok(())
    }

    /// An open (todo or in progress) task of the project whose normalized title equals `title`'s.
    pub fn open_task_with_title(&self, project_id: ProjectId, title: &str) -> Result<Option<Task>> {
        let wanted = normalize_title(title);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {READ} FROM tasks
             WHERE project_id = ?1 AND status IN ('todo', 'in_progress') AND lower(trim(title)) LIKE ?2
             ORDER BY created_at, id"
        ))?;
        // The LIKE narrows by first word in SQL; exact normalized equality is decided here.
        let first_word = wanted.split(' ').next().unwrap_or_default();
        let candidates = stmt
            .query_map(params![project_id, like_contains(first_word)], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(candidates.into_iter().find(|t| normalize_title(&t.title) == wanted))
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::{
        DispatchStatus, NewTask, Page, Priority, ReviewStatus, Stage, Task, TaskFilter, TaskSort,
        TaskStatus, Timestamp,
    };

    #[test]
    fn the_stored_stage_is_the_domain_stage_for_every_combination() {
        let (_dir, core, project) = crate::store::core_with_project();
        let mut expected = Vec::new();
        core.store()
            .write(|tx| {
                for status in TaskStatus::ALL {
                    for dispatch in DispatchStatus::ALL {
                        for review in ReviewStatus::ALL {
                            let mut task = NewTask::new("Combination", None, None, None, None)?
                                .into_task(project, Timestamp::now());
                            task.status = *status;
                            task.dispatch_status = *dispatch;
                            task.review_status = *review;
                            // Written raw: the generated column must agree even with unsettled rows.
                            tx.exec(
                                "INSERT INTO tasks (id, project_id, title, status, priority, source,
                                        dispatch_status, review_status, created_at, updated_at)
                                 VALUES (?1, ?2, 'x', ?3, 'medium', 'human', ?4, ?5, ?6, ?6)",
                                rusqlite::params![task.id, project, status, dispatch, review, task.created_at],
                            )?;
                            expected.push((task.id, Stage::of(*status, *dispatch, *review)));
                        }
                    }
                }
                Ok(())
            })
            .expect("rows");
        for (id, stage) in &expected {
            let stored = core.store().read(|tx| tx.task(*id)).expect("read").expect("row");
            assert_eq!(stored.stage, *stage, "{} / {} / {}", stored.status, stored.dispatch_status, stored.review_status);
        }
        // The project list's figures are the same stages, counted.
        let count = |s: Stage| expected.iter().filter(|(_, stage)| *stage == s).count() as u64;
        let pulses = core.store().read(|tx| tx.project_pulses()).expect("pulses");
        assert_eq!(
            pulses,
            [(project, [count(Stage::Queued), count(Stage::Running), count(Stage::InReview), count(Stage::Failed)])]
        );
        assert!(pulses[0].1.iter().all(|n| *n > 0), "{pulses:?}");
    }

    #[test]
    fn find_matches_title_and_description_substrings_and_follows_edits() {
        let (_dir, core, project) = crate::store::core_with_project();
        let add = |title: &str, description: Option<&str>| {
            core.tasks()
                .add(project, NewTask::new(title, description, None, None, None).expect("task"))
                .expect("add")
        };
        let keys = add("Rotate the API keys", None);
        add("Fix checkout", Some("the Checkout flow drops coupons for 100% discounts"));
        add("Say \"hi\" on login", None);
        let found = |text: &str| -> Vec<String> {
            let filter = TaskFilter { project_id: Some(project), text: Some(text.into()), ..TaskFilter::default() };
            let mut titles: Vec<String> =
                core.tasks().list(&filter).expect("list").into_iter().map(|t| t.title).collect();
            titles.sort();
            titles
        };
        assert_eq!(found("api k"), ["Rotate the API keys"], "case-insensitive, across a space");
        assert_eq!(found("checkout"), ["Fix checkout"], "title and description, one row once");
        assert_eq!(found("100% d"), ["Fix checkout"], "% is a character, not a wildcard");
        assert_eq!(found("\"hi\""), ["Say \"hi\" on login"], "quotes are characters");
        assert_eq!(found("te"), ["Rotate the API keys"], "two letters: the LIKE path");
        assert!(found("nowhere").is_empty());
        // Few matches: read through the text index, not by walking the project's tasks.
        let filter = TaskFilter { project_id: Some(project), text: Some("api k".into()), ..TaskFilter::default() };
        let plan = core.store().read(|tx| tx.explain_tasks(&filter)).expect("plan");
        assert!(plan.contains("INTEGER PRIMARY KEY") && plan.contains("tasks_text"), "{plan}");
        // The index follows an edit of the title and a removal.
        let patch = crate::domain::RawTaskPatch { title: Some("Rotate the signing secrets".into()), ..Default::default() };
        core.tasks().edit(keys.id, &patch.parse().expect("patch")).expect("edit");
        assert!(found("api k").is_empty());
        assert_eq!(found("signing"), ["Rotate the signing secrets"]);
        core.store()
            .write(|tx| {
                tx.exec("DELETE FROM actor_audit WHERE subject_id = ?1", [keys.id])?;
                tx.exec("DELETE FROM task_lineage WHERE task_id = ?1", [keys.id])?;
                tx.exec("DELETE FROM tasks WHERE id = ?1", [keys.id])?;
                Ok(())
            })
            .expect("delete");
        assert!(found("signing").is_empty());
    }

    #[test]
    fn keyset_pages_walk_the_whole_listing_once_in_order() {
        let (_dir, core, project) = crate::store::core_with_project();
        let priorities = [Priority::Low, Priority::Urgent, Priority::Medium, Priority::High];
        core.store()
            .write(|tx| {
                let base = Timestamp::now();
                for i in 0..53 {
                    let mut task = NewTask::new(&format!("Task {i}"), None, None, None, None)?
                        .into_task(project, base.plus_seconds(i % 7));
                    task.priority = priorities[(i % 4) as usize];
                    if i % 5 == 0 {
                        task.dispatch_status = DispatchStatus::Failed;
                    }
                    tx.insert_task(&task.settled())?;
                }
                Ok(())
            })
            .expect("tasks");
        for sort in TaskSort::ALL {
            for stage in [None, Some(Stage::Failed)] {
                let all = TaskFilter { project_id: Some(project), sort: *sort, stage, ..TaskFilter::default() };
                let everything: Vec<Task> = core.tasks().list(&all).expect("all");
                let mut paged = Vec::new();
                let mut after = None;
                loop {
                    let filter = TaskFilter { page: Page { limit: Some(10), after }, ..all.clone() };
                    let page = core.tasks().list(&filter).expect("page");
                    after = page.last().map(|t| t.id);
                    let done = page.len() < 10;
                    paged.extend(page);
                    if done {
                        break;
                    }
                }
                let ids = |list: &[Task]| list.iter().map(|t| t.id).collect::<Vec<_>>();
                assert_eq!(ids(&paged), ids(&everything), "{sort} {stage:?}");
                assert_eq!(everything.len(), if stage.is_some() { 11 } else { 53 });
            }
        }
        let missing = TaskFilter { page: Page { limit: Some(5), after: Some(crate::domain::TaskId::new()) }, ..TaskFilter::default() };
        let err = core.tasks().list(&missing).expect_err("unknown cursor");
        assert_eq!(err.code(), crate::ErrorCode::NotFound);
    }

    #[test]
    fn the_first_page_reads_along_an_index() {
        let (_dir, core, project) = crate::store::core_with_project();
        for (sort, stage) in [(TaskSort::Priority, None), (TaskSort::Updated, None), (TaskSort::Priority, Some(Stage::Todo))] {
            let filter = TaskFilter {
                project_id: Some(project),
                sort,
                stage,
                page: Page::first(200),
                ..TaskFilter::default()
            };
            let plan = core.store().read(|tx| tx.explain_tasks(&filter)).expect("plan");
            assert!(plan.contains("USING INDEX"), "{sort}: {plan}");
            assert!(!plan.contains("TEMP B-TREE"), "{sort} sorts without an index: {plan}");
        }
    }
}
