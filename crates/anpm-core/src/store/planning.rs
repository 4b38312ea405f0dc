//! SQL for planning runs, their context snapshots and the candidates they produce.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};

use super::select::{Key, Select};
use super::sql::{json_column, json_text, string_list, string_list_text};
use super::Tx;
use crate::domain::{
    BacklogCandidate, BacklogCandidateId, ContextSnapshot, PlanningRun, PlanningRunId,
    RequirementId,
};
use crate::{Error, Result};

pub(super) const RUN_COLUMNS: &str = "id, project_id, requirement_id, status, trigger_source, provider_id, model_id, template, \
                           context_pack_id, error_kind, error_message, started_at, completed_at, created_at, \
                           updated_at";

const SNAPSHOT_COLUMNS: &str =
    "id, planning_run_id, pack_id, schema_version, snapshot, sources_bytes, dropped_counts, created_at";

const CANDIDATE_COLUMNS: &str = "id, project_id, requirement_id, planning_run_id, parent_candidate_id, \
                                 suggestion_type, title, description, status, rationale, validation_criteria, \
                                 po_decision, priority_score, confidence, rank, evidence, evidence_detail, \
                                 duplicate_titles, execution_role, feedback_kind, feedback_note, created_at, \
                                 updated_at";

pub(super) fn run_from_row(row: &Row<'_>) -> rusqlite::Result<PlanningRun> {
    Ok(PlanningRun {
        id: row.get("id")?,
        project_id: row.get("project_id")?,
        requirement_id: row.get("requirement_id")?,
        status: row.get("status")?,
        trigger_source: row.get("trigger_source")?,
        provider_id: row.get("provider_id")?,
        model_id: row.get("model_id")?,
        template: row.get("template")?,
        context_pack_id: row.get("context_pack_id")?,
        error_kind: row.get("error_kind")?,
        error_message: row.get("error_message")?,
        started_at: row.get("started_at")?,
        completed_at: row.get("completed_at")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

fn snapshot_from_row(row: &Row<'_>) -> rusqlite::Result<ContextSnapshot> {
    Ok(ContextSnapshot {
        id: row.get("id")?,
        planning_run_id: row.get("planning_run_id")?,
        pack_id: row.get("pack_id")?,
        schema_version: row.get("schema_version")?,
        snapshot: json_column(row, "snapshot")?,
        sources_bytes: row.get("sources_bytes")?,
        dropped_counts: json_column(row, "dropped_counts")?,
        created_at: row.get("created_at")?,
    })
}

fn candidate_from_row(row: &Row<'_>) -> rusqlite::Result<BacklogCandidate> {
    Ok(BacklogCandidate {
        id: row.get("id")?,
        project_id: row.get("project_id")?,
        requirement_id: row.get("requirement_id")?,
        planning_run_id: row.get("planning_run_id")?,
        parent_candidate_id: row.get("parent_candidate_id")?,
        suggestion_type: row.get("suggestion_type")?,
        title: row.get("title")?,
        description: row.get("description")?,
        status: row.get("status")?,
        rationale: row.get("rationale")?,
        validation_criteria: row.get("validation_criteria")?,
        po_decision: row.get("po_decision")?,
        priority_score: row.get("priority_score")?,
        confidence: row.get("confidence")?,
        rank: row.get("rank")?,
        evidence: string_list(row, "evidence")?,
        evidence_detail: json_column(row, "evidence_detail")?,
        duplicate_titles: string_list(row, "duplicate_titles")?,
        execution_role: row.get("execution_role")?,
        feedback_kind: row.get("feedback_kind")?,
        feedback_note: row.get("feedback_note")?,
        created_at: row.get("created_at")?,
        updated_at: row.get("updated_at")?,
    })
}

impl Tx<'_> {
    /// Inserts a run. A second active run for the same requirement is refused by the schema's partial unique
    /// index and reported as a conflict.
    pub fn insert_planning_run(&self, r: &PlanningRun) -> Result<()> {
        let inserted = self.exec(
            &format!(
                "INSERT INTO planning_runs ({RUN_COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
            ),
            params![
                r.id,
                r.project_id,
                r.requirement_id,
                r.status,
                r.trigger_source,
                r.provider_id,
                r.model_id,
                r.template,
                r.context_pack_id,
                r.error_kind,
                r.error_message,
                r.started_at,
                r.completed_at,
                r.created_at,
                r.updated_at
            ],
        );
        match inserted {
            Err(rusqlite::Error::SqliteFailure(code, Some(message)))
                if code.code == rusqlite::ErrorCode::ConstraintViolation
                    && message.contains("planning_runs.requirement_id") =>
            {
                Err(Error::Conflict(format!(
                    "requirement `{}` already has an active planning run; wait for it or cancel it",
                    r.requirement_id
                )))
            }
            other => other.map(|_| ()).map_err(Error::from),
        }
    }

    pub fn planning_run(&self, id: PlanningRunId) -> Result<Option<PlanningRun>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {RUN_COLUMNS} FROM planning_runs WHERE id = ?1"),
                [id],
                run_from_row,
            )
            .optional()?)
    }

    /// Runs of a requirement, newest first.
    #[cfg(any(test, feature = "testing"))]
    pub fn planning_runs_of(&self, requirement_id: RequirementId) -> Result<Vec<PlanningRun>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {RUN_COLUMNS} FROM planning_runs WHERE requirement_id = ?1 ORDER BY created_at DESC, id"
        ))?;
        let rows = stmt
            .query_map([requirement_id], run_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn update_planning_run(&self, r: &PlanningRun) -> Result<()> {
        self.exec(
            "UPDATE planning_runs SET status = ?2, model_id = ?3, error_kind = ?4, error_message = ?5,
                    started_at = ?6, completed_at = ?7, updated_at = ?8
             WHERE id = ?1",
            params![r.id, r.status, r.model_id, r.error_kind, r.error_message, r.started_at, r.completed_at, r.updated_at],
        )?;
        Ok(())
    }

    pub fn insert_context_snapshot(&self, s: &ContextSnapshot) -> Result<()> {
        self.exec(
            &format!("INSERT INTO planning_context_snapshots ({SNAPSHOT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
            params![
                s.id,
                s.planning_run_id,
                s.pack_id,
                s.schema_version,
                json_text(&s.snapshot),
                s.sources_bytes,
                json_text(&s.dropped_counts),
                s.created_at
            ],
        )?;
        Ok(())
    }

    pub fn context_snapshot_of(&self, run_id: PlanningRunId) -> Result<Option<ContextSnapshot>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {SNAPSHOT_COLUMNS} FROM planning_context_snapshots WHERE planning_run_id = ?1"),
                [run_id],
                snapshot_from_row,
            )
            .optional()?)
    }

    pub fn insert_candidate(&self, c: &BacklogCandidate) -> Result<()> {
        self.exec(
            &format!(
                "INSERT INTO backlog_candidates ({CANDIDATE_COLUMNS})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                         ?20, ?21, ?22, ?23)"
            ),
            params![
                c.id,
                c.project_id,
                c.requirement_id,
                c.planning_run_id,
                c.parent_candidate_id,
                c.suggestion_type,
                c.title,
                c.description,
                c.status,
                c.rationale,
                c.validation_criteria,
                c.po_decision,
                c.priority_score,
                c.confidence,
                c.rank,
                string_list_text(&c.evidence),
                json_text(&c.evidence_detail),
                string_list_text(&c.duplicate_titles),
                c.execution_role,
                c.feedback_kind,
                c.feedback_note,
                c.created_at,
                c.updated_at
            ],
        )?;
        Ok(())
    }

    pub fn candidate(&self, id: BacklogCandidateId) -> Result<Option<BacklogCandidate>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {CANDIDATE_COLUMNS} FROM backlog_candidates WHERE id = ?1"),
                [id],
                candidate_from_row,
            )
            .optional()?)
    }

    /// Candidates of a run in review order: rank, then score, then age.
    pub fn candidates_of(&self, run_id: PlanningRunId) -> Result<Vec<BacklogCandidate>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CANDIDATE_COLUMNS} FROM backlog_candidates WHERE planning_run_id = ?1
             ORDER BY rank ASC, priority_score DESC, created_at ASC, id ASC"
        ))?;
        let rows =
            stmt.query_map([run_id], candidate_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

/// Which planning runs a listing shows (newest first).
#[derive(Debug, Clone, Default)]
pub struct PlanningRunFilter {
    pub project_id: Option<crate::domain::ProjectId>,
    pub requirement_id: Option<RequirementId>,
    pub status: Option<crate::domain::PlanningRunStatus>,
}

/// Which candidates a listing shows (review order within a run, newest runs first), and which page.
#[derive(Debug, Clone, Default)]
pub struct CandidateFilter {
    pub project_id: Option<crate::domain::ProjectId>,
    pub planning_run_id: Option<PlanningRunId>,
    pub status: Option<crate::domain::CandidateStatus>,
    pub page: crate::domain::Page<BacklogCandidateId>,
}

/// A run's candidates as they are reviewed (`backlog_candidates_by_run`).
const IN_REVIEW_ORDER: [Key; 3] = [Key::asc("rank"), Key::desc("priority_score"), Key::asc("id")];
/// A project's candidates, newest run first, each run in review order (`backlog_candidates_by_creation`).
const NEWEST_RUN_FIRST: [Key; 5] = [
    Key::desc("created_at"),
    Key::asc("planning_run_id"),
    Key::asc("rank"),
    Key::desc("priority_score"),
    Key::asc("id"),
];

impl Tx<'_> {
    /// Moves a queued run to `running`; false when it was not queued (claimed elsewhere, or finished).
    pub fn claim_planning_run(
        &self,
        id: PlanningRunId,
        now: crate::domain::Timestamp,
    ) -> Result<bool> {
        let changed = self.exec(
            "UPDATE planning_runs SET status = 'running', started_at = ?2, updated_at = ?2
             WHERE id = ?1 AND status = 'queued'",
            params![id, now],
        )?;
        Ok(changed == 1)
    }

    /// The oldest queued run, if any.
    pub fn next_queued_planning_run(&self) -> Result<Option<PlanningRunId>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM planning_runs WHERE status = 'queued' ORDER BY created_at, id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn planning_runs(&self, filter: &PlanningRunFilter) -> Result<Vec<PlanningRun>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {RUN_COLUMNS} FROM planning_runs
             WHERE (?1 IS NULL OR project_id = ?1) AND (?2 IS NULL OR requirement_id = ?2)
               AND (?3 IS NULL OR status = ?3)
             ORDER BY created_at DESC, id"
        ))?;
        let rows = stmt
            .query_map(
                params![filter.project_id, filter.requirement_id, filter.status],
                run_from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// A page of candidates: a run's in review order, else newest run first (each run in review order).
    pub fn candidates(&self, filter: &CandidateFilter) -> Result<Vec<BacklogCandidate>> {
        let (sql, params) = self.candidate_query(filter)?;
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), candidate_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// SQLite's plan for a candidate listing, one step per line.
    #[cfg(test)]
    pub(crate) fn explain_candidates(&self, filter: &CandidateFilter) -> Result<String> {
        let (sql, params) = self.candidate_query(filter)?;
        let mut stmt = self.conn.prepare_cached(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(params_from_iter(params), |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?.join("\n"))
    }

    fn candidate_query(&self, filter: &CandidateFilter) -> Result<(String, Vec<Value>)> {
        let keys: &[Key] = if filter.planning_run_id.is_some() { &IN_REVIEW_ORDER } else { &NEWEST_RUN_FIRST };
        let mut select = Select::from("backlog_candidates", CANDIDATE_COLUMNS);
        select
            .and_some("planning_run_id = ?", filter.planning_run_id.map(|r| r.to_string()))
            .and_some("project_id = ?", filter.project_id.map(|p| p.to_string()))
            .and_some("status = ?", filter.status.map(|s| s.to_string()));
        if let Some(after) = filter.page.after {
            if self.candidate(after)?.is_none() {
                return Err(Error::NotFound { entity: "backlog candidate", id: after.to_string() });
            }
            select.after(keys, after.to_string());
        }
        Ok(select.finish(keys, filter.page.limit))
    }

    pub fn update_candidate(&self, c: &BacklogCandidate) -> Result<()> {
        self.exec(
            "UPDATE backlog_candidates SET title = ?2, description = ?3, status = ?4, execution_role = ?5,
                    feedback_kind = ?6, feedback_note = ?7, updated_at = ?8
             WHERE id = ?1",
            params![
                c.id,
                c.title,
                c.description,
                c.status,
                c.execution_role,
                c.feedback_kind,
                c.feedback_note,
                c.updated_at
            ],
        )?;
        Ok(())
    }

    /// The lineage row recording that a candidate was applied, if it was.
    pub fn lineage_of_candidate(
        &self,
        id: BacklogCandidateId,
    ) -> Result<Option<crate::domain::TaskLineage>> {
        let lineage = self.lineage_where_candidate(id)?;
        Ok(lineage.into_iter().next())
    }
}

#[cfg(test)]
mod tests {
    use super::CandidateFilter;
    use crate::domain::{Page, PlanningRunId, ProjectId};
    use crate::{Config, Core};

    #[test]
    fn candidate_pages_read_along_an_index_without_sorting() {
        let dir = tempfile::tempdir().expect("dir");
        let core = Core::open(Config::at(dir.path())).expect("core");
        for (filter, index) in [
            (
                CandidateFilter { project_id: Some(ProjectId::new()), page: Page::first(200), ..Default::default() },
                "backlog_candidates_by_creation",
            ),
            (
                CandidateFilter { planning_run_id: Some(PlanningRunId::new()), page: Page::first(50), ..Default::default() },
                "backlog_candidates_by_run",
            ),
        ] {
            let plan = core.store().read(|tx| tx.explain_candidates(&filter)).expect("plan");
            assert!(plan.contains(index), "{filter:?}:\n{plan}");
            assert!(!plan.contains("TEMP B-TREE"), "{filter:?}:\n{plan}");
        }
    }
}
