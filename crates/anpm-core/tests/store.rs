//! Store round trips against a real SQLite file: every entity is written, read back equal, and the schema's
//! own guards (append-only audit, one active planning run, one default agent profile, enum checks) hold.

use anpm_core::domain::*;
use anpm_core::store::{BacklogFilter, Store, TaskFilter};
use anpm_core::ErrorCode;
use anpm_testkit::DataDir;
use serde_json::json;

fn open(dir: &DataDir) -> Store {
    Store::open(&dir.path().join("anpm.db")).expect("opening a fresh store")
}

fn project(store: &Store) -> Project {
    let project = NewProject::new(
        Some("shop"),
        std::path::Path::new("/src/shop"),
        "main".into(),
        Some("a shop"),
    )
    .expect("valid")
    .into_project(Timestamp::now());
    store.write(|tx| tx.insert_project(&project)).expect("insert project");
    project
}

fn requirement(store: &Store, project: &Project) -> Requirement {
    let req = NewRequirement::new(
        "Export invoices",
        Some("CSV"),
        Some("monthly"),
        Some("finance"),
        Some("opens in Excel"),
    )
    .expect("valid")
    .into_requirement(project.id, Timestamp::now());
    store.write(|tx| tx.insert_requirement(&req)).expect("insert requirement");
    req
}

fn run(project: &Project, req: &Requirement) -> PlanningRun {
    let now = Timestamp::now();
    PlanningRun {
        id: PlanningRunId::new(),
        project_id: project.id,
        requirement_id: req.id,
        status: PlanningRunStatus::Queued,
        trigger_source: "manual".into(),
        provider_id: "deterministic".into(),
        model_id: "deterministic-v1".into(),
        template: PlanningTemplate::Backlog,
        context_pack_id: uuid_like(),
        error_kind: None,
        error_message: String::new(),
        started_at: None,
        completed_at: None,
        created_at: now,
        updated_at: now,
    }
}

fn uuid_like() -> String {
    PlanningRunId::new().to_string()
}

/// V6 rebuilds `agent_profiles` to admit Gemini and OpenCode: the stored profiles survive with their ids,
/// the tasks and attempts that name them still do, and the new kinds can be stored.
#[test]
fn the_agent_kinds_migration_keeps_profiles_and_the_tasks_that_name_them() {
    let dir = DataDir::new();
    let db = dir.path().join("anpm.db");
    anpm_core::store::migrate_to(&db, 5).expect("schema as of V5");
    let (profile, project, task) = (uuid_like(), uuid_like(), uuid_like());
    let now = Timestamp::now().to_string();
    {
        let conn = rusqlite::Connection::open(&db).expect("raw open");
        conn.execute_batch("PRAGMA foreign_keys = ON").expect("fk");
        conn.execute(
            "INSERT INTO agent_profiles (id, name, kind, command, output_format, created_at, updated_at) \
             VALUES (?1, 'main', 'claude', 'claude', 'claude-stream-json', ?2, ?2)",
            rusqlite::params![profile, now],
        )
        .expect("profile");
        conn.execute(
            "INSERT INTO projects (id, name, repo_path, created_at, updated_at) VALUES (?1, 'p', '/r', ?2, ?2)",
            rusqlite::params![project, now],
        )
        .expect("project");
        conn.execute(
            "INSERT INTO tasks (id, project_id, title, agent_profile_id, created_at, updated_at) \
             VALUES (?1, ?2, 't', ?3, ?4, ?4)",
            rusqlite::params![task, project, profile, now],
        )
        .expect("task");
    }
    let store = open(&dir);
    let kept = store.read(|tx| tx.agent_profile_by_name("main")).expect("read").expect("kept");
    assert_eq!(kept.id.to_string(), profile);
    let task_row =
        store.read(|tx| tx.task(task.parse().expect("id"))).expect("read").expect("task");
    assert_eq!(task_row.agent_profile_id, Some(kept.id), "the task still names its profile");
    for kind in [AgentKind::Gemini, AgentKind::OpenCode] {
        let input = NewAgentProfile::new(kind.as_str(), kind, None, vec![], None, None, false)
            .expect("valid");
        store
            .write(|tx| tx.insert_agent_profile(&input.into_profile(Timestamp::now())))
            .expect("stored");
    }
    // Deleting the profile still clears the reference, as the original foreign key did.
    store.write(|tx| tx.delete_agent_profile(kept.id)).expect("delete");
    let task_row =
        store.read(|tx| tx.task(task.parse().expect("id"))).expect("read").expect("task");
    assert_eq!(task_row.agent_profile_id, None);
}

#[test]
fn migrations_build_the_schema_on_an_empty_file_and_reopen_cleanly() {
    let dir = DataDir::new();
    drop(open(&dir));
    // A second open finds every migration applied and changes nothing.
    let store = open(&dir);
    assert!(store.read(|tx| tx.projects()).expect("read").is_empty());
    let conn = rusqlite::Connection::open(dir.path().join("anpm.db")).expect("raw open");
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("pragma");
    assert_eq!(mode, "wal");
    let applied: i64 = conn
        .query_row("SELECT count(*) FROM refinery_schema_history", [], |r| r.get(0))
        .expect("history");
    assert!(applied >= 1);
}

#[test]
fn projects_requirements_items_and_tasks_round_trip() {
    let dir = DataDir::new();
    let store = open(&dir);
    let project = project(&store);
    let req = requirement(&store, &project);

    let mut item = RawBacklogItem {
        title: "Rate-limit login".to_owned(),
        fields: RawBacklogFields {
            description: Some("per IP".to_owned()),
            status: Some(BacklogItemStatus::Ready.to_string()),
            priority: Some(Priority::Urgent.to_string()),
            labels: vec!["security".to_owned(), "auth".to_owned()],
            acceptance_criteria: Some("429 after 5 tries".to_owned()),
            ..Default::default()
        },
        ..Default::default()
    }
    .parse()
    .expect("valid");
    item.requirement_id = Some(req.id);
    let item = item.into_item(project.id, 1, Timestamp::now());
    let mut task =
        NewTask::new("Write docs", Some("for the API"), None, Some(Priority::High), Some("ana"))
            .expect("valid")
            .into_task(project.id, Timestamp::now());
    task.execution_result = Some(json!({"files": [], "files_applied": 0}));
    task.execution_role = Some("test-writer".into());

    store
        .write(|tx| {
            tx.insert_backlog_item(&item)?;
            tx.insert_task(&task)
        })
        .expect("insert");

    store
        .read(|tx| {
            assert_eq!(tx.project(project.id)?.as_ref(), Some(&project));
            assert_eq!(tx.project_by_repo_path("/src/shop")?.as_ref(), Some(&project));
            assert_eq!(tx.requirement(req.id)?.as_ref(), Some(&req));
            assert_eq!(tx.backlog_item(item.id)?.as_ref(), Some(&item));
            assert_eq!(tx.task(task.id)?.as_ref(), Some(&task));
            Ok(())
        })
        .expect("read back");
}

#[test]
fn planning_runs_snapshots_and_candidates_round_trip() {
    let dir = DataDir::new();
    let store = open(&dir);
    let project = project(&store);
    let req = requirement(&store, &project);
    let run = run(&project, &req);
    let now = Timestamp::now();
    let snapshot = ContextSnapshot {
        id: ContextSnapshotId::new(),
        planning_run_id: run.id,
        pack_id: run.context_pack_id.clone(),
        schema_version: "context.v2".into(),
        snapshot: json!({"schema_version": "context.v2", "sources": {"open_tasks": []}}),
        sources_bytes: 42,
        dropped_counts: json!({"open_tasks": 0}),
        created_at: now,
    };
    let candidate = BacklogCandidate {
        id: BacklogCandidateId::new(),
        project_id: project.id,
        requirement_id: req.id,
        planning_run_id: run.id,
        parent_candidate_id: None,
        suggestion_type: "implementation".into(),
        title: "Export invoices".into(),
        description: "Build the exporter".into(),
        status: CandidateStatus::Draft,
        rationale: "Most direct slice".into(),
        validation_criteria: String::new(),
        po_decision: String::new(),
        priority_score: 81.5,
        confidence: 77.0,
        rank: 1,
        evidence: vec!["Requirement summary: CSV".into()],
        evidence_detail: json!({"summary": ["CSV"], "score_breakdown": {"impact": 92.0}}),
        duplicate_titles: vec![],
        execution_role: Some("backend-architect".into()),
        feedback_kind: String::new(),
        feedback_note: String::new(),
        created_at: now,
        updated_at: now,
    };
    store
        .write(|tx| {
            tx.insert_planning_run(&run)?;
            tx.insert_context_snapshot(&snapshot)?;
            tx.insert_candidate(&candidate)
        })
        .expect("insert");
    store
        .read(|tx| {
            assert_eq!(tx.planning_run(run.id)?.as_ref(), Some(&run));
            assert_eq!(tx.planning_runs_of(req.id)?, vec![run.clone()]);
            assert_eq!(tx.context_snapshot_of(run.id)?.as_ref(), Some(&snapshot));
            assert_eq!(tx.candidate(candidate.id)?.as_ref(), Some(&candidate));
            assert_eq!(tx.candidates_of(run.id)?, vec![candidate.clone()]);
            Ok(())
        })
        .expect("read back");

    let mut finished = run.clone();
    finished.status = PlanningRunStatus::Completed;
    finished.started_at = Some(now);
    finished.completed_at = Some(now.plus_seconds(1));
    store.write(|tx| tx.update_planning_run(&finished)).expect("update");
    assert_eq!(store.read(|tx| tx.planning_run(run.id)).expect("read"), Some(finished));
}

#[test]
fn only_one_active_planning_run_per_requirement() {
    let dir = DataDir::new();
    let store = open(&dir);
    let project = project(&store);
    let req = requirement(&store, &project);
    let first = run(&project, &req);
    store.write(|tx| tx.insert_planning_run(&first)).expect("first run");
    let err = store
        .write(|tx| tx.insert_planning_run(&run(&project, &req)))
        .expect_err("second active run");
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(err.to_string().contains("already has an active planning run"), "{err}");

    let mut done = first.clone();
    done.status = PlanningRunStatus::Failed;
    store.write(|tx| tx.update_planning_run(&done)).expect("fail first");
    store
        .write(|tx| tx.insert_planning_run(&run(&project, &req)))
        .expect("a new run once none is active");
}

#[test]
fn lineage_audit_attempts_agents_settings_and_activity_round_trip() {
    let dir = DataDir::new();
    let store = open(&dir);
    let project = project(&store);
    let req = requirement(&store, &project);
    let task = NewTask::new("Ship", None, None, None, None)
        .expect("valid")
        .into_task(project.id, Timestamp::now());
    let now = Timestamp::now();
    let lineage = TaskLineage {
        id: TaskLineageId::new(),
        project_id: project.id,
        task_id: task.id,
        requirement_id: Some(req.id),
        planning_run_id: None,
        backlog_candidate_id: None,
        backlog_item_id: None,
        lineage_kind: LineageKind::ManualRequirement,
        created_at: now,
    };
    let audit = AuditEntry {
        id: AuditEntryId::new(),
        subject_kind: AuditSubject::Task,
        subject_id: task.id.to_string(),
        field: "execution_role".into(),
        old_value: None,
        new_value: Some("code-reviewer".into()),
        actor_kind: ActorKind::Router,
        actor_id: "router".into(),
        rationale: "review-shaped task".into(),
        confidence: Some(0.75),
        created_at: now,
    };
    let agent = AgentProfile {
        id: AgentProfileId::new(),
        name: "fake".into(),
        kind: AgentKind::Custom,
        command: "/usr/bin/true".into(),
        args: vec!["--prompt-file".into(), "{prompt_file}".into()],
        output_format: OutputFormat::Text,
        model: String::new(),
        is_default: true,
        permissions: Permissions::Edit,
        created_at: now,
        updated_at: now,
    };
    let attempt = DispatchAttempt {
        id: DispatchAttemptId::new(),
        task_id: task.id,
        attempt_no: 1,
        agent_profile_id: Some(agent.id),
        agent_name: "fake".into(),
        role: "backend-architect".into(),
        started_at: now,
        ended_at: Some(now.plus_seconds(3)),
        pid: Some(4242),
        pgid: Some(4242),
        exit_code: Some(0),
        signal: None,
        outcome: AttemptOutcome::Completed,
        error_kind: None,
        error_message: String::new(),
        output_bytes: 1024,
        truncated: false,
        cost_usd: Some(0.0123),
        input_tokens: Some(1200),
        output_tokens: Some(340),
        session_id: Some("sess-1".into()),
        log_path: Some("logs/a.log".into()),
        process_start_ticks: Some(123456),
        files_applied: 2,
    };
    let setting =
        Setting { key: "dispatch.concurrency".into(), value: "2".into(), updated_at: now };
    let activity = ActivitySnapshot {
        runner_id: "dispatch".into(),
        snapshot: json!({"phase": "idle"}),
        updated_at: now,
    };
    store
        .write(|tx| {
            tx.insert_task(&task)?;
            tx.insert_lineage(&lineage)?;
            tx.append_audit(&audit)?;
            tx.insert_agent_profile(&agent)?;
            tx.insert_attempt(&attempt)?;
            tx.put_setting(&setting)?;
            tx.put_activity_snapshot(&activity)
        })
        .expect("insert");
    store
        .read(|tx| {
            assert_eq!(tx.lineage_of_task(task.id)?, vec![lineage.clone()]);
            assert_eq!(tx.audit_of(AuditSubject::Task, &task.id.to_string())?, vec![audit.clone()]);
            assert_eq!(tx.agent_profile(agent.id)?.as_ref(), Some(&agent));
            assert_eq!(tx.agent_profile_by_name("fake")?.as_ref(), Some(&agent));
            assert_eq!(tx.attempt(attempt.id)?.as_ref(), Some(&attempt));
            assert_eq!(tx.attempts_of(task.id)?, vec![attempt.clone()]);
            assert_eq!(tx.setting("dispatch.concurrency")?.as_ref(), Some(&setting));
            assert_eq!(tx.settings()?, vec![setting.clone()]);
            assert_eq!(tx.activity_snapshots()?, vec![activity.clone()]);
            Ok(())
        })
        .expect("read back");

    // A second default profile demotes the first; a duplicate name is a conflict.
    let mut second = agent.clone();
    second.id = AgentProfileId::new();
    second.name = "other".into();
    store.write(|tx| tx.insert_agent_profile(&second)).expect("second default");
    let profiles = store.read(|tx| tx.agent_profiles()).expect("list");
    assert_eq!(
        profiles.iter().filter(|p| p.is_default).map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["other"]
    );
    let mut dup = agent.clone();
    dup.id = AgentProfileId::new();
    dup.is_default = false;
    assert_eq!(
        store.write(|tx| tx.insert_agent_profile(&dup)).expect_err("dup").code(),
        ErrorCode::Conflict
    );

    // The ledger is append-only at the schema level, whoever writes to the file.
    let conn = rusqlite::Connection::open(dir.path().join("anpm.db")).expect("raw open");
    let update = conn.execute("UPDATE actor_audit SET rationale = 'x'", []);
    assert!(update.expect_err("update refused").to_string().contains("append-only"));
    let delete = conn.execute("DELETE FROM actor_audit", []);
    assert!(delete.expect_err("delete refused").to_string().contains("append-only"));
}

#[test]
fn the_schema_refuses_values_outside_the_enumerations() {
    let dir = DataDir::new();
    let store = open(&dir);
    let project = project(&store);
    let conn = rusqlite::Connection::open(dir.path().join("anpm.db")).expect("raw open");
    let inserted = conn.execute(
        "INSERT INTO tasks (id, project_id, title, priority, created_at, updated_at)
         VALUES ('t1', ?1, 'x', 'critical', '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')",
        [project.id.to_string()],
    );
    assert!(inserted.expect_err("check constraint").to_string().contains("CHECK"));
}

#[test]
fn backlog_filters_sort_by_urgency_and_hide_archived() {
    let dir = DataDir::new();
    let store = open(&dir);
    let project = project(&store);
    let make =
        |title: &str, priority: Priority, status: BacklogItemStatus, rank: i64, labels: &[&str]| {
            let labels: Vec<String> = labels.iter().map(|l| (*l).to_owned()).collect();
            RawBacklogItem {
                title: title.to_owned(),
                fields: RawBacklogFields {
                    description: Some("details".to_owned()),
                    status: Some(status.to_string()),
                    priority: Some(priority.to_string()),
                    rank: Some(rank),
                    labels: labels.to_vec(),
                    ..Default::default()
                },
                ..Default::default()
            }
            .parse()
            .expect("valid")
            .into_item(project.id, 0, Timestamp::now())
        };
    let items = [
        make("low one", Priority::Low, BacklogItemStatus::Triage, 1, &["ui"]),
        make("urgent one", Priority::Urgent, BacklogItemStatus::Ready, 4, &["Security"]),
        make("high one", Priority::High, BacklogItemStatus::Blocked, 2, &[]),
        make("medium 100% done_ish", Priority::Medium, BacklogItemStatus::Triage, 3, &["ui"]),
        make("archived one", Priority::Urgent, BacklogItemStatus::Archived, 0, &[]),
    ];
    store.write(|tx| items.iter().try_for_each(|i| tx.insert_backlog_item(i))).expect("insert");
    let titles = |filter: BacklogFilter| -> Vec<String> {
        store
            .read(|tx| tx.backlog_items(&filter))
            .expect("list")
            .into_iter()
            .map(|i| i.title)
            .collect()
    };

    let by_rank = titles(BacklogFilter::project(project.id));
    assert_eq!(by_rank, ["low one", "high one", "medium 100% done_ish", "urgent one"]);

    let by_priority =
        titles(BacklogFilter { sort: BacklogSort::Priority, ..BacklogFilter::project(project.id) });
    assert_eq!(by_priority, ["urgent one", "high one", "medium 100% done_ish", "low one"]);

    let with_archived =
        titles(BacklogFilter { include_archived: true, ..BacklogFilter::project(project.id) });
    assert_eq!(with_archived.first().map(String::as_str), Some("archived one"));
    let archived_only = titles(BacklogFilter {
        status: Some(BacklogItemStatus::Archived),
        ..BacklogFilter::project(project.id)
    });
    assert_eq!(archived_only, ["archived one"]);

    let labelled = titles(BacklogFilter {
        label: Some("security".into()),
        ..BacklogFilter::project(project.id)
    });
    assert_eq!(labelled, ["urgent one"]);
    // LIKE wildcards in the query are matched literally.
    let percent =
        titles(BacklogFilter { text: Some("100%".into()), ..BacklogFilter::project(project.id) });
    assert_eq!(percent, ["medium 100% done_ish"]);
    let underscore =
        titles(BacklogFilter { text: Some("m_d".into()), ..BacklogFilter::project(project.id) });
    assert!(underscore.is_empty(), "`_` must not match any character: {underscore:?}");
    assert_eq!(store.read(|tx| tx.next_backlog_rank(project.id)).expect("rank"), 5);
}

#[test]
fn task_filters_and_open_title_lookup() {
    let dir = DataDir::new();
    let store = open(&dir);
    let project = project(&store);
    let task = |title: &str, status: TaskStatus, priority: Priority| {
        NewTask::new(title, None, Some(status), Some(priority), None)
            .expect("valid")
            .into_task(project.id, Timestamp::now())
    };
    let tasks = [
        task("Add  Login page", TaskStatus::Todo, Priority::Medium),
        task("Fix crash", TaskStatus::Done, Priority::Urgent),
        task("Write tests", TaskStatus::InProgress, Priority::High),
    ];
    store.write(|tx| tasks.iter().try_for_each(|t| tx.insert_task(t))).expect("insert");
    let listed = store
        .read(|tx| tx.tasks(&TaskFilter { project_id: Some(project.id), ..Default::default() }))
        .expect("list");
    assert_eq!(
        listed.iter().map(|t| t.title.as_str()).collect::<Vec<_>>(),
        ["Fix crash", "Write tests", "Add  Login page"]
    );
    let done = store
        .read(|tx| tx.tasks(&TaskFilter { status: Some(TaskStatus::Done), ..Default::default() }))
        .expect("list");
    assert_eq!(done.len(), 1);

    let found = store
        .read(|tx| tx.open_task_with_title(project.id, "  add login   PAGE "))
        .expect("lookup");
    assert_eq!(found.map(|t| t.id), Some(tasks[0].id));
    let closed = store.read(|tx| tx.open_task_with_title(project.id, "fix crash")).expect("lookup");
    assert!(closed.is_none(), "done tasks are not open work");
}
