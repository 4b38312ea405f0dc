//! Planning benchmark: a deterministic planning run end to end (start, claim, context build, snapshot,
//! plan, store candidates) on a project holding 100k tasks and 50k candidates with every context source
//! live (200 documents discovered in its repository among 2,000 code files, open drift from a sync, the
//! sync run, agent runs), against the same run on an empty project as the baseline, with the context
//! build alone reported beside it.
//!
//! Prints a markdown section on stdout (progress on stderr); `just bench` collects it into
//! docs/benchmarks.md.

use std::time::{Duration, Instant};

use anpm_core::domain::*;
use anpm_core::{Config, Core};
use anpm_testkit::{DataDir, GitRepo};

const TASKS: usize = 100_000;
const CANDIDATES: usize = 50_000;
const CANDIDATES_PER_RUN: usize = 100;
const ITERATIONS: usize = 300;
const WARMUP: usize = 20;

struct Project {
    _data: DataDir,
    _repo: GitRepo,
    core: Core,
    requirement: Requirement,
    /// Whether every context source holds something.
    live: bool,
}

/// Documents and code files the loaded project's repository holds.
const DOCS: usize = 200;
const CODE_FILES: usize = 2_000;

/// Fills the repository with code and documents that name it, committed.
fn fill_repo(repo: &GitRepo) {
    for i in 0..CODE_FILES {
        let path = repo.path().join(format!("src/area{:02}/invoice_part{i:04}.rs", i % 40));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, format!("pub fn f{i}() {{}}\n")).expect("write");
    }
    for d in 0..DOCS {
        let path = repo.path().join(format!("docs/area{:02}/guide{d:03}.md", d % 40));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let code = format!("src/area{:02}/invoice_part{:04}.rs", d % 40, d * 10 % CODE_FILES);
        std::fs::write(path, format!("# Invoice guide {d}\n\nSee `{code}`.\n")).expect("write");
    }
    repo.git(&["add", "-A"]);
    repo.git(&["commit", "--quiet", "-m", "code and documents"]);
}

fn project(tasks: usize, candidates: usize) -> Project {
    let data = DataDir::new();
    let repo = GitRepo::new();
    if tasks > 0 {
        fill_repo(&repo);
    }
    let core = Core::open(Config::at(data.path())).expect("core");
    let project = core.projects().add(repo.path(), Some("bench"), None).expect("project");
    let requirement = core
        .requirements()
        .add(
            project.id,
            NewRequirement::new("Add invoice export", Some("CSV for finance"), None, None, None)
                .expect("valid"),
        )
        .expect("requirement");
    let started = Instant::now();
    core.store()
        .write(|tx| {
            let base = Timestamp::now().plus_seconds(-(tasks as i64));
            let statuses =
                [TaskStatus::Todo, TaskStatus::InProgress, TaskStatus::Done, TaskStatus::Cancelled];
            for i in 0..tasks {
                let mut task = NewTask::new(
                    &format!("Task {i}: tidy module {}", i % 977),
                    None,
                    None,
                    None,
                    None,
                )
                .expect("valid")
                .into_task(project.id, base.plus_seconds(i as i64));
                task.status = statuses[i % statuses.len()];
                tx.insert_task(&task)?;
            }
            for r in 0..candidates / CANDIDATES_PER_RUN {
                let req =
                    NewRequirement::new(&format!("Old requirement {r}"), None, None, None, None)
                        .expect("valid")
                        .into_requirement(project.id, base);
                tx.insert_requirement(&req)?;
                let run = PlanningRun {
                    id: PlanningRunId::new(),
                    project_id: project.id,
                    requirement_id: req.id,
                    status: PlanningRunStatus::Completed,
                    trigger_source: "manual".into(),
                    provider_id: "deterministic".into(),
                    model_id: "deterministic-v1".into(),
                    template: PlanningTemplate::Backlog,
                    context_pack_id: PlanningRunId::new().to_string(),
                    error_kind: None,
                    error_message: String::new(),
                    started_at: Some(base),
                    completed_at: Some(base),
                    created_at: base,
                    updated_at: base,
                };
                tx.insert_planning_run(&run)?;
                for c in 0..CANDIDATES_PER_RUN {
                    tx.insert_candidate(&BacklogCandidate {
                        id: BacklogCandidateId::new(),
                        project_id: project.id,
                        requirement_id: req.id,
                        planning_run_id: run.id,
                        parent_candidate_id: None,
                        suggestion_type: "implementation".into(),
                        title: format!("Candidate {r}-{c}"),
                        description: "Generated for the benchmark".into(),
                        status: CandidateStatus::Draft,
                        rationale: String::new(),
                        validation_criteria: String::new(),
                        po_decision: String::new(),
                        priority_score: 50.0,
                        confidence: 50.0,
                        rank: c as i64 + 1,
                        evidence: vec!["Requirement title: x".into()],
                        evidence_detail: serde_json::json!({}),
                        duplicate_titles: vec![],
                        execution_role: None,
                        feedback_kind: String::new(),
                        feedback_note: String::new(),
                        created_at: base,
                        updated_at: base,
                    })?;
                }
            }
            Ok(())
        })
        .expect("seeding");
    if tasks > 0 {
        // Every source live: the sync raises drift (the documents' linked code was just added) and records
        // a run; dispatch attempts and planning runs are already among the agent runs.
        let run = core.sync_runs().run(project.id, SyncTrigger::Manual).expect("sync");
        assert!(run.signals_created > 0, "the sync raised no drift");
    }
    // The bulk load leaves a write-ahead log of hundreds of megabytes; folded now, the background
    // checkpoint of it does not run during the measurements (a user's runs do not follow a bulk load).
    core.store().checkpoint().expect("checkpoint");
    eprintln!(
        "seeded {tasks} tasks and {candidates} candidates in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Project { _data: data, _repo: repo, core, requirement, live: tasks > 0 }
}

fn full_run(p: &Project) -> Duration {
    let started = Instant::now();
    let run = p
        .core
        .planning()
        .start(p.requirement.id, Some(ProviderKind::Deterministic), PlanningTemplate::Backlog)
        .expect("start");
    let run = p.core.planning().execute(run.id).expect("execute");
    let elapsed = started.elapsed();
    assert_eq!(run.status, PlanningRunStatus::Completed);
    elapsed
}

fn context_only(p: &Project) -> Duration {
    let started = Instant::now();
    let context = p
        .core
        .planning()
        .preview_context(p.requirement.id, PlanningTemplate::Backlog)
        .expect("context");
    let elapsed = started.elapsed();
    assert!(context.sources.open_tasks.len() <= 100);
    if p.live {
        let s = &context.sources;
        assert!(
            !s.recent_documents.is_empty()
                && !s.open_drift_signals.is_empty()
                && s.latest_sync_run.is_some()
                && !s.recent_agent_runs.is_empty()
                && !s.related_files.is_empty(),
            "a source is empty"
        );
    }
    elapsed
}

struct Stats {
    p50: f64,
    p99: f64,
    max: f64,
}

fn measure(mut f: impl FnMut() -> Duration) -> Stats {
    for _ in 0..WARMUP {
        f();
    }
    let mut samples: Vec<f64> = (0..ITERATIONS).map(|_| f().as_secs_f64() * 1000.0).collect();
    samples.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    let at = |q: f64| {
        samples
            [((samples.len() as f64 * q).ceil() as usize).saturating_sub(1).min(samples.len() - 1)]
    };
    Stats { p50: at(0.50), p99: at(0.99), max: *samples.last().expect("samples") }
}

fn main() {
    let empty = project(0, 0);
    let loaded = project(TASKS, CANDIDATES);
    let baseline_run = measure(|| full_run(&empty));
    let baseline_context = measure(|| context_only(&empty));
    let loaded_run = measure(|| full_run(&loaded));
    let loaded_context = measure(|| context_only(&loaded));
    let verdict = if loaded_run.p99 <= 20.0 { "met" } else { "NOT met" };
    println!("## Planning: deterministic run end to end\n");
    println!(
        "{ITERATIONS} runs after {WARMUP} warm-up runs, each `start_planning_run` + `execute_planning_run` (claim, context \
         build, snapshot, plan, three candidates stored) through the real store on a real SQLite file. The loaded \
         project has every context source live: {DOCS} documents discovered among {CODE_FILES} code files in its \
         repository, open drift and a sync run from a real sync, agent runs (the earlier runs), related files \
         (`git ls-files` per run). Baseline: the same run on an empty project, measured in the same process.\n"
    );
    println!("| project | measured | p50 (ms) | p99 (ms) | max (ms) |");
    println!("|---|---|---|---|---|");
    for (name, what, s) in [
        ("empty (baseline)", "full run", &baseline_run),
        ("empty (baseline)", "context build", &baseline_context),
        (&*format!("{TASKS} tasks, {CANDIDATES} candidates, all sources"), "full run", &loaded_run),
        (
            &*format!("{TASKS} tasks, {CANDIDATES} candidates, all sources"),
            "context build",
            &loaded_context,
        ),
    ] {
        println!("| {name} | {what} | {:.2} | {:.2} | {:.2} |", s.p50, s.p99, s.max);
    }
    println!(
        "\nGoal: p99 of the full run on the loaded project ≤ 20 ms — **{verdict}** ({:.2} ms).\n",
        loaded_run.p99
    );
}
