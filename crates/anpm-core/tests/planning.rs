//! Planning end to end on a real data directory: runs, context snapshots, review, apply (also under real
//! concurrency), quality and dashboard numbers, and the notices a run raises.
//!
//! One file past 600 lines on purpose: every test starts from the same planned requirement (`world`,
//! `planned`), and a run's life from start to apply to its notice reads best in one place.

use std::sync::Arc;

use anpm_core::app::ContextView;
use anpm_core::domain::*;
use anpm_core::store::{CandidateFilter, PlanningRunFilter, TaskFilter};
use anpm_core::{Config, Core, ErrorCode};
use anpm_testkit::{DataDir, GitRepo};

struct World {
    _data: DataDir,
    _repo: GitRepo,
    core: Arc<Core>,
    project: Project,
}

fn world() -> World {
    let data = DataDir::new();
    let repo = GitRepo::new();
    std::fs::create_dir_all(repo.path().join("docs")).expect("docs");
    std::fs::write(repo.path().join("docs/architecture.md"), "# arch\n").expect("write");
    let core = Arc::new(Core::open(Config::at(data.path())).expect("core"));
    let project = core.projects().add(repo.path(), Some("shop"), None).expect("project");
    World { _data: data, _repo: repo, core, project }
}

fn requirement(w: &World, title: &str) -> Requirement {
    let input = NewRequirement::new(
        title,
        Some("CSV for finance"),
        Some("monthly, by customer"),
        None,
        None,
    )
    .expect("valid");
    w.core.requirements().add(w.project.id, input).expect("requirement")
}

fn planned(w: &World, title: &str) -> (Requirement, PlanningRun) {
    let req = requirement(w, title);
    let run = w
        .core
        .planning()
        .start(req.id, Some(ProviderKind::Deterministic), PlanningTemplate::Backlog)
        .expect("start");
    let run = w.core.planning().execute(run.id).expect("execute");
    (req, run)
}

/// The implementation draft: it builds on no other candidate, so applying it with a role queues it.
fn implementation(candidates: &[BacklogCandidate]) -> BacklogCandidateId {
    candidates.iter().find(|c| c.suggestion_type == "implementation").expect("implementation").id
}

fn approve(w: &World, id: BacklogCandidateId) {
    let patch = CandidatePatch { status: Some(CandidateStatus::Approved), ..Default::default() };
    w.core.candidates().update(id, &patch).expect("approve");
}

#[test]
fn a_deterministic_run_stores_its_context_and_three_ranked_candidates() {
    let w = world();
    w.core
        .tasks()
        .add(w.project.id, NewTask::new("Existing work", None, None, None, None).expect("valid"))
        .expect("task");
    let (req, run) = planned(&w, "Add invoice export");
    assert_eq!(run.status, PlanningRunStatus::Completed);
    assert_eq!(
        w.core.requirements().get(req.id).expect("req").status,
        RequirementStatus::Planned,
        "promoted on start"
    );

    let detail = w.core.planning().run(run.id).expect("detail");
    assert_eq!(detail.candidates.len(), 3);
    assert_eq!(detail.candidates.iter().map(|c| c.rank).collect::<Vec<_>>(), [1, 2, 3]);
    assert!(detail
        .candidates
        .iter()
        .all(|c| !c.evidence.is_empty() && c.status == CandidateStatus::Draft));
    assert!(detail.candidates.iter().all(|c| (0.0..=100.0).contains(&c.priority_score)));
    assert_eq!(detail.quality_summary.pending, 3);
    assert!(detail.remediation.is_none());

    let ContextView::Summary(summary) = w.core.planning().context(run.id, false).expect("context")
    else {
        panic!("a summary was expected");
    };
    assert!(summary.available);
    assert_eq!(summary.open_task_count, 1, "done tasks are not open work");
    assert_eq!(summary.pack_id, run.context_pack_id);
    assert_eq!(summary.schema_version, "context.v2");
    let truth: Vec<&str> = summary.source_of_truth.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(truth, ["README.md", "docs/architecture.md"]);
    let ContextView::Raw(raw) = w.core.planning().context(run.id, true).expect("raw") else {
        panic!("raw expected")
    };
    assert_eq!(raw["sources"]["open_tasks"][0]["title"], "Existing work");
    assert_eq!(raw["meta"]["dropped_counts"]["open_tasks"], 0);
}

#[test]
fn whats_next_runs_plan_directions() {
    let w = world();
    let req = requirement(&w, "What's next");
    let run = w
        .core
        .planning()
        .start(req.id, Some(ProviderKind::Deterministic), PlanningTemplate::Whatsnext)
        .expect("start");
    w.core.planning().execute(run.id).expect("execute");
    let detail = w.core.planning().run(run.id).expect("detail");
    assert!(!detail.candidates.is_empty());
    assert!(detail
        .candidates
        .iter()
        .all(|c| c.title.starts_with("Invest in") && !c.po_decision.is_empty()));
}

#[test]
fn whats_next_for_a_project_plans_against_its_own_analysis_requirement() {
    let w = world();
    let (req, run) = w
        .core
        .planning()
        .start_whats_next(w.project.id, Some(ProviderKind::Deterministic))
        .expect("start");
    assert_eq!(req.source, "analysis");
    assert_eq!(req.title, "What's next for shop");
    assert_eq!(req.status, RequirementStatus::Planned);
    assert_eq!((run.requirement_id, run.template), (req.id, PlanningTemplate::Whatsnext));
    w.core.planning().execute(run.id).expect("execute");
    assert!(!w.core.planning().run(run.id).expect("detail").candidates.is_empty());

    // A provider that is not configured refuses to start and leaves no stray requirement behind.
    let before = w.core.requirements().list(&Default::default()).expect("list").len();
    let err = w
        .core
        .planning()
        .start_whats_next(w.project.id, Some(ProviderKind::OpenAiCompatible))
        .expect_err("no endpoint configured");
    assert_eq!(err.code(), ErrorCode::InvalidInput, "{err}");
    assert_eq!(w.core.requirements().list(&Default::default()).expect("list").len(), before);
}

#[test]
fn one_active_run_per_requirement_even_under_concurrent_starts() {
    let w = world();
    let req = requirement(&w, "Add invoice export");
    let data_dir = w.core.data_dir().to_owned();
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let data_dir = data_dir.clone();
            std::thread::spawn(move || {
                let core = Core::open(Config::at(data_dir)).expect("core");
                core.planning().start(
                    req.id,
                    Some(ProviderKind::Deterministic),
                    PlanningTemplate::Backlog,
                )
            })
        })
        .collect();
    let results: Vec<_> = starts.into_iter().map(|h| h.join().expect("thread")).collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    for err in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(err.code(), ErrorCode::Conflict);
    }
    let runs = w
        .core
        .planning()
        .runs(&PlanningRunFilter { requirement_id: Some(req.id), ..Default::default() })
        .expect("runs");
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, PlanningRunStatus::Queued);
}

#[test]
fn cancelled_runs_stay_cancelled_and_get_no_candidates() {
    let w = world();
    let req = requirement(&w, "Add invoice export");
    let run = w
        .core
        .planning()
        .start(req.id, Some(ProviderKind::Deterministic), PlanningTemplate::Backlog)
        .expect("start");
    let cancelled = w.core.planning().cancel(run.id).expect("cancel");
    assert_eq!(cancelled.status, PlanningRunStatus::Cancelled);
    assert_eq!(
        w.core.planning().cancel(run.id).expect_err("again").code(),
        ErrorCode::InvalidTransition
    );
    let after = w.core.planning().execute(run.id).expect("execute returns it");
    assert_eq!(after.status, PlanningRunStatus::Cancelled);
    assert!(w.core.planning().run(run.id).expect("detail").candidates.is_empty());
    // The slot is free again.
    w.core
        .planning()
        .start(req.id, Some(ProviderKind::Deterministic), PlanningTemplate::Backlog)
        .expect("new run");
}

#[test]
fn a_failed_run_keeps_its_error_and_context_but_no_candidates() {
    let w = world();
    // A port nothing listens on: the provider cannot be reached.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", closed.local_addr().expect("addr"));
    drop(closed);
    w.core.settings().set("planning.base_url", &url).expect("url");
    w.core.settings().set("planning.model", "test-model").expect("model");
    let req = requirement(&w, "Add invoice export");
    let run = w
        .core
        .planning()
        .start(req.id, Some(ProviderKind::OpenAiCompatible), PlanningTemplate::Backlog)
        .expect("start");
    let run = w.core.planning().execute(run.id).expect("execute");
    assert_eq!(run.status, PlanningRunStatus::Failed);
    assert_eq!(run.error_kind.map(|k| k.as_str()), Some("provider_unreachable"));
    assert!(run.error_message.contains(&url), "{}", run.error_message);
    let detail = w.core.planning().run(run.id).expect("detail");
    assert!(detail.candidates.is_empty());
    assert!(detail.remediation.expect("remediation").contains("planning.base_url"));
    assert!(matches!(
        w.core.planning().context(run.id, false).expect("context"),
        ContextView::Summary(_)
    ));
}

#[test]
fn finished_and_failed_runs_become_one_notice_each_and_stay_in_the_history() {
    use anpm_core::app::{NoticeKind, Notices};
    let w = world();
    let (_, mut updates) = w.core.activity().subscribe();
    let (_, finished) = planned(&w, "Add invoice export");
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", closed.local_addr().expect("addr"));
    drop(closed);
    w.core.settings().set("planning.base_url", &url).expect("url");
    w.core.settings().set("planning.model", "test-model").expect("model");
    let req = requirement(&w, "Add refunds");
    let failed = w
        .core
        .planning()
        .start(req.id, Some(ProviderKind::OpenAiCompatible), PlanningTemplate::Backlog)
        .expect("start");
    w.core.planning().execute(failed.id).expect("execute");

    let mut notices = Notices::new();
    let mut seen = Vec::new();
    while let Ok(activity) = updates.try_recv() {
        seen.extend(notices.for_activity(&w.core, &activity).expect("notice"));
    }
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].kind, NoticeKind::PlanningFinished);
    assert_eq!(seen[0].title, "Planning finished");
    assert_eq!(seen[0].subject_id, finished.id.to_string());
    assert_eq!(seen[0].body, "Add invoice export: 3 candidate(s) to review");
    assert_eq!(seen[1].kind, NoticeKind::PlanningFailed);
    assert_eq!(seen[1].title, "Planning failed: provider unreachable");
    assert!(seen[1].body.starts_with("Add refunds: "), "{}", seen[1].body);
    assert!(seen[1].body.contains("planning.base_url"), "the remediation: {}", seen[1].body);

    // Newest first, unread, linked to the run a click opens.
    let history = w.core.notifications().list(false, None).expect("history");
    let kept: Vec<(&str, &str, bool)> =
        history.iter().map(|n| (n.title.as_str(), n.link.as_str(), n.is_read)).collect();
    let finished_link = format!("planning_run:{}", finished.id);
    let failed_link = format!("planning_run:{}", failed.id);
    assert_eq!(
        kept,
        [
            ("Planning failed: provider unreachable", failed_link.as_str(), false),
            ("Planning finished", finished_link.as_str(), false)
        ]
    );
    assert_eq!(w.core.notifications().unread_count().expect("unread"), 2);
}

#[test]
fn bad_starts_are_refused_and_change_nothing() {
    let w = world();
    let req = requirement(&w, "Add invoice export");
    let err = w
        .core
        .planning()
        .start(req.id, Some(ProviderKind::OpenAiCompatible), PlanningTemplate::Backlog)
        .expect_err("unconfigured");
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("planning.base_url"), "{err}");
    w.core.settings().set("planning.base_url", "http://127.0.0.1:9").expect("url");
    w.core.settings().set("planning.model", "m").expect("model");
    w.core.settings().set("planning.api_key_env", "ANPM_TEST_KEY_THAT_IS_NOT_SET").expect("env");
    let err = w
        .core
        .planning()
        .start(req.id, Some(ProviderKind::OpenAiCompatible), PlanningTemplate::Backlog)
        .expect_err("no key");
    assert!(err.to_string().contains("ANPM_TEST_KEY_THAT_IS_NOT_SET"), "{err}");
    let unknown = w
        .core
        .planning()
        .start(RequirementId::new(), None, PlanningTemplate::Backlog)
        .expect_err("unknown");
    assert_eq!(unknown.code(), ErrorCode::NotFound);
    w.core.requirements().archive(req.id).expect("archive");
    let archived =
        w.core.planning().start(req.id, None, PlanningTemplate::Backlog).expect_err("archived");
    assert_eq!(archived.code(), ErrorCode::InvalidTransition);
    assert!(w.core.planning().runs(&PlanningRunFilter::default()).expect("runs").is_empty());
    assert_eq!(w.core.requirements().get(req.id).expect("req").status, RequirementStatus::Archived);
}

#[test]
fn apply_creates_one_task_with_lineage_and_replays_idempotently() {
    let w = world();
    let (req, run) = planned(&w, "Add invoice export");
    let candidates = w.core.planning().run(run.id).expect("detail").candidates;
    let target = &candidates[0];

    let draft = w.core.candidates().apply(target.id, None, None).expect_err("draft");
    assert_eq!(draft.code(), ErrorCode::InvalidTransition);
    assert!(draft.to_string().contains("approve it first"), "{draft}");
    let reject = CandidatePatch {
        status: Some(CandidateStatus::Rejected),
        feedback_kind: Some("too_broad".into()),
        ..Default::default()
    };
    w.core.candidates().update(candidates[1].id, &reject).expect("reject");
    assert_eq!(
        w.core.candidates().apply(candidates[1].id, None, None).expect_err("rejected").code(),
        ErrorCode::InvalidTransition
    );
    assert!(
        w.core.tasks().list(&TaskFilter::default()).expect("tasks").is_empty(),
        "refusals created nothing"
    );

    approve(&w, target.id);
    let first = w.core.candidates().apply(target.id, None, None).expect("apply");
    assert!(!first.already_applied);
    assert_eq!(first.task.status, TaskStatus::Todo);
    assert_eq!(first.task.dispatch_status, DispatchStatus::None);
    assert_eq!(first.task.title, target.title);
    assert_eq!(first.candidate.status, CandidateStatus::Applied);
    assert_eq!(first.lineage.lineage_kind, LineageKind::AppliedCandidate);
    assert_eq!(
        (first.lineage.requirement_id, first.lineage.planning_run_id),
        (Some(req.id), Some(run.id))
    );

    let replay = w.core.candidates().apply(target.id, Some("test-writer"), None).expect("replay");
    assert!(replay.already_applied);
    assert_eq!(replay.task.id, first.task.id);
    assert_eq!(w.core.tasks().get(first.task.id).expect("task").lineage.len(), 1);
    let edit = CandidatePatch { title: Some("Other".into()), ..Default::default() };
    assert_eq!(
        w.core.candidates().update(target.id, &edit).expect_err("immutable").code(),
        ErrorCode::InvalidTransition
    );

    let quality = w.core.planning().run(run.id).expect("detail").quality_summary;
    assert_eq!((quality.applied, quality.rejected, quality.pending), (1, 1, 1));
    assert_eq!(quality.acceptance_rate, Some(0.5));
    assert_eq!(quality.feedback_distribution.get("too_broad"), Some(&1));
}

#[test]
fn apply_with_a_role_queues_the_task_and_audits_the_role() {
    let w = world();
    let (_, run) = planned(&w, "Add invoice export");
    let candidates = w.core.planning().run(run.id).expect("detail").candidates;
    let target = implementation(&candidates);
    approve(&w, target);
    for bad in ["Backend-Architect", "dispatcher", "nope"] {
        assert_eq!(
            w.core.candidates().apply(target, Some(bad), None).expect_err(bad).code(),
            ErrorCode::InvalidInput,
            "{bad}"
        );
    }
    let applied =
        w.core.candidates().apply(target, Some("backend-architect"), None).expect("apply");
    assert_eq!(applied.task.dispatch_status, DispatchStatus::Queued);
    assert_eq!(applied.task.execution_role.as_deref(), Some("backend-architect"));
    assert!(applied.task.dispatch_queued_at.is_some());
    let detail = w.core.candidates().get(target).expect("candidate");
    let authoring = detail.execution_role_authoring.expect("audited");
    assert_eq!(
        (authoring.actor_kind, authoring.new_value.as_deref()),
        (ActorKind::User, Some("backend-architect"))
    );
    assert_eq!(detail.applied_task_id, Some(applied.task.id));

    // Review can set a role too, validated and audited the same way.
    let other = candidates.iter().find(|c| c.id != target).expect("another").id;
    let set = CandidatePatch { execution_role: Some("code-reviewer".into()), ..Default::default() };
    assert_eq!(
        w.core.candidates().update(other, &set).expect("role").candidate.execution_role.as_deref(),
        Some("code-reviewer")
    );
    let bad = CandidatePatch { execution_role: Some("Code-Reviewer".into()), ..Default::default() };
    assert_eq!(
        w.core.candidates().update(other, &bad).expect_err("case").code(),
        ErrorCode::InvalidInput
    );
}

#[test]
fn apply_refuses_a_duplicate_open_title_and_names_the_task() {
    let w = world();
    let (_, run) = planned(&w, "Add invoice export");
    let target = w.core.planning().run(run.id).expect("detail").candidates[0].clone();
    let existing = w
        .core
        .tasks()
        .add(
            w.project.id,
            NewTask::new(&format!("  {}  ", target.title.to_uppercase()), None, None, None, None)
                .expect("valid"),
        )
        .expect("task");
    approve(&w, target.id);
    let err = w.core.candidates().apply(target.id, None, None).expect_err("duplicate");
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(err.to_string().contains(&existing.id.to_string()), "{err}");
    assert_eq!(w.core.tasks().list(&TaskFilter::default()).expect("tasks").len(), 1);
}

#[test]
fn concurrent_applies_create_exactly_one_task() {
    let w = world();
    let (_, run) = planned(&w, "Add invoice export");
    let target = w.core.planning().run(run.id).expect("detail").candidates[0].id;
    approve(&w, target);
    let data_dir = w.core.data_dir().to_owned();
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let data_dir = data_dir.clone();
            std::thread::spawn(move || {
                Core::open(Config::at(data_dir))
                    .expect("core")
                    .candidates()
                    .apply(target, None, None)
                    .expect("apply")
            })
        })
        .collect();
    let outcomes: Vec<_> = handles.into_iter().map(|h| h.join().expect("thread")).collect();
    assert_eq!(outcomes.iter().filter(|o| !o.already_applied).count(), 1);
    assert_eq!(outcomes[0].task.id, outcomes[1].task.id);
    assert_eq!(w.core.tasks().list(&TaskFilter::default()).expect("tasks").len(), 1);
}

#[test]
fn concurrent_applies_of_same_titled_candidates_conflict() {
    let w = world();
    let (_, first_run) = planned(&w, "Add invoice export");
    // A second requirement with the same title yields a candidate with the same title.
    let (_, second_run) = planned(&w, "Add invoice export");
    let pick = |run: PlanningRunId| {
        w.core
            .planning()
            .run(run)
            .expect("detail")
            .candidates
            .into_iter()
            .find(|c| c.suggestion_type == "implementation")
            .expect("implementation")
    };
    let (a, b) = (pick(first_run.id), pick(second_run.id));
    assert_eq!(a.title, b.title);
    approve(&w, a.id);
    approve(&w, b.id);
    let data_dir = w.core.data_dir().to_owned();
    let handles: Vec<_> = [a.id, b.id]
        .into_iter()
        .map(|id| {
            let data_dir = data_dir.clone();
            std::thread::spawn(move || {
                Core::open(Config::at(data_dir)).expect("core").candidates().apply(id, None, None)
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().expect("thread")).collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    let err = results.into_iter().find_map(Result::err).expect("one conflict");
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert_eq!(w.core.tasks().list(&TaskFilter::default()).expect("tasks").len(), 1);
}

#[test]
fn backlog_items_committed_with_a_role_are_queued() {
    let w = world();
    let item = RawBacklogItem {
        title: "Harden login".to_owned(),
        fields: RawBacklogFields {
            status: Some(BacklogItemStatus::Ready.to_string()),
            ..Default::default()
        },
        ..Default::default()
    }
    .parse()
    .expect("valid");
    let item = w.core.backlog().add(w.project.id, item).expect("item");
    assert_eq!(
        w.core.backlog().commit(item.id, Some("nope"), None).expect_err("role").code(),
        ErrorCode::InvalidInput
    );
    let outcome = w.core.backlog().commit(item.id, Some("test-writer"), None).expect("commit");
    assert_eq!(outcome.task.dispatch_status, DispatchStatus::Queued);
    assert_eq!(outcome.task.execution_role.as_deref(), Some("test-writer"));
}

#[test]
fn dashboard_counts_reflect_review_and_work() {
    let w = world();
    let (_, run) = planned(&w, "Add invoice export");
    let candidates = w.core.planning().run(run.id).expect("detail").candidates;
    let applied = implementation(&candidates);
    approve(&w, applied);
    w.core.candidates().apply(applied, Some("backend-architect"), None).expect("apply");
    let reject = CandidatePatch { status: Some(CandidateStatus::Rejected), ..Default::default() };
    let other = candidates.iter().find(|c| c.id != applied).expect("another").id;
    w.core.candidates().update(other, &reject).expect("reject");
    let urgent = RawBacklogItem {
        title: "Fix outage".to_owned(),
        fields: RawBacklogFields {
            priority: Some(Priority::Urgent.to_string()),
            ..Default::default()
        },
        ..Default::default()
    }
    .parse()
    .expect("valid");
    w.core.backlog().add(w.project.id, urgent).expect("item");

    let d = w.core.dashboard(Some(w.project.id)).expect("dashboard");
    // Queued for an agent: the operator status follows the pipeline.
    assert_eq!(d.tasks_by_status.get("in_progress"), Some(&1));
    assert_eq!(d.tasks_by_dispatch_status.get("queued"), Some(&1));
    assert_eq!(d.pending_review, 1);
    assert_eq!(d.planning_acceptance_rate_7d, Some(0.5));
    assert_eq!(d.planning_runs_reviewed_7d, 1);
    assert_eq!(d.backlog_focus.urgent_open, 1);
    assert_eq!(d.health_score, 0.3);
    assert_eq!(d.trend.len(), 14, "two weeks, quiet days included");
    assert!(d.trend[..13].iter().all(|day| day.acceptance_rate.is_none() && day.completed == 0));
    let today = d.trend.last().expect("today");
    assert_eq!((today.accepted, today.rejected, today.acceptance_rate), (1, 1, Some(0.5)));
    assert_eq!(today.day, Timestamp::now().to_string()[..10]);
    assert_eq!(
        w.core.dashboard(Some(ProjectId::new())).expect_err("unknown").code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        w.core
            .candidates()
            .list(&CandidateFilter { status: Some(CandidateStatus::Applied), ..Default::default() })
            .expect("list")
            .len(),
        1
    );
}

#[test]
fn the_worker_executes_runs_queued_here_and_by_other_processes() {
    let w = world();
    w.core.start_planning_worker();
    let wait_for = |run: PlanningRunId| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            let status = w.core.planning().run(run).expect("detail").run.status;
            if status == PlanningRunStatus::Completed || std::time::Instant::now() > deadline {
                return status;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    };
    let here = requirement(&w, "Add invoice export");
    let run = w.core.planning().start(here.id, None, PlanningTemplate::Backlog).expect("start");
    assert_eq!(wait_for(run.id), PlanningRunStatus::Completed);

    let other_process = Core::open(Config::at(w.core.data_dir())).expect("second core");
    let there = requirement(&w, "Add refunds");
    let run = other_process
        .planning()
        .start(there.id, None, PlanningTemplate::Backlog)
        .expect("start elsewhere");
    assert_eq!(wait_for(run.id), PlanningRunStatus::Completed);
    assert_eq!(w.core.planning().run(run.id).expect("detail").candidates.len(), 3);
    w.core.shutdown();
}

/// Issue 10, point 10: a planning run whose process died (its lease is free) is failed `interrupted` by
/// the next reconcile, and no longer blocks its requirement; a run whose lease is held is left alone.
#[test]
fn runs_abandoned_by_a_dead_process_are_failed_as_interrupted() {
    let w = world();
    let req = requirement(&w, "Add invoice export");
    let run = w.core.planning().start(req.id, None, PlanningTemplate::Backlog).expect("start");
    assert!(w
        .core
        .store()
        .write(|tx| tx.claim_planning_run(run.id, Timestamp::now()))
        .expect("claim"));
    let fresh = requirement(&w, "Add refunds");
    let fresh_run =
        w.core.planning().start(fresh.id, None, PlanningTemplate::Backlog).expect("start");
    assert!(w
        .core
        .store()
        .write(|tx| tx.claim_planning_run(fresh_run.id, Timestamp::now()))
        .expect("claim"));
    // The live run's process holds its lease.
    let path =
        anpm_core::dispatch::lease::planning_path(w.core.data_dir(), &fresh_run.id.to_string());
    let held = anpm_core::dispatch::lease::Lease::take(&path, std::time::Duration::ZERO)
        .expect("lease")
        .expect("free");

    assert_eq!(w.core.reconcile_orphans().expect("reconcile"), 1);
    let detail = w.core.planning().run(run.id).expect("detail");
    assert_eq!(detail.run.status, PlanningRunStatus::Failed);
    assert_eq!(detail.run.error_kind.map(|k| k.as_str()), Some("interrupted"));
    assert!(detail.remediation.expect("remediation").contains("Start the run again"));
    assert_eq!(
        w.core.planning().run(fresh_run.id).expect("fresh").run.status,
        PlanningRunStatus::Running,
        "a live run is left alone"
    );
    drop(held);
    w.core
        .planning()
        .start(req.id, None, PlanningTemplate::Backlog)
        .expect("the requirement is free");
}
