//! Orchestration benchmark, with its baseline measured in the same run: the pickup latency of a task
//! waiting on a dependency — the dependency is marked done (the same wake a merge gives) → the waiting task's
//! agent process started — against a plain queued → started pickup of a task with no dependency.
//!
//! Prints a markdown section on stdout; `just bench` collects it into docs/benchmarks.md.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anpm_core::domain::*;
use anpm_core::{Config, Core};
use anpm_testkit::{DataDir, GitRepo};

const RUNS: usize = 3;
const PAIRS: usize = 100;

fn now_ns() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_nanos()
}

fn p(samples: &mut [f64], q: f64) -> f64 {
    samples.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    samples[((samples.len() as f64 * q).ceil() as usize).saturating_sub(1).min(samples.len() - 1)]
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    p(&mut v, 0.5)
}

fn spread(values: &[f64]) -> String {
    let lo = values.iter().copied().fold(f64::MAX, f64::min);
    let hi = values.iter().copied().fold(f64::MIN, f64::max);
    format!("{:.2} ({lo:.2}–{hi:.2})", median(values))
}

fn task(core: &Core, project: ProjectId, title: &str, role: Option<&str>) -> TaskId {
    let mut input = NewTask::new(title, None, None, None, None).expect("valid");
    input.role = role.map(str::to_owned);
    core.tasks().add(project, input).expect("task").id
}

/// Waits for `task`'s attempt to end and returns when its agent (`date +%s%N`) started, in ns.
fn started(core: &Core, task: TaskId) -> u128 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let t = core.tasks().get(task).expect("task").task;
        if !matches!(t.dispatch_status, DispatchStatus::Queued | DispatchStatus::Running) {
            break;
        }
        assert!(Instant::now() < deadline, "the agent never ran");
        std::thread::sleep(Duration::from_micros(500));
    }
    core.tasks().log(task, None).expect("log").text.trim().parse().expect("a timestamp")
}

/// (p99 after a dependency is done, p99 of a plain pickup) in ms, for one whole run.
fn one_run() -> (f64, f64, f64, f64) {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let date = anpm_core::dispatch::agents::locate("date", Some("/usr/bin:/bin")).expect("date");
    let env = vec![("PATH".into(), "/usr/bin:/bin".into()), ("HOME".into(), "/tmp".into())];
    let core =
        Arc::new(Core::open(Config { env: Some(env), ..Config::at(data.path()) }).expect("core"));
    let project = core.projects().add(repo.path(), None, None).expect("project");
    // The loop and the gate alone: a task's own worktree is measured by the workspaces bench.
    let in_place =
        anpm_core::api::WorkspacePatch { mode: Some(WorkspaceMode::InPlace), ..Default::default() };
    core.projects().set_workspace(project.id, &in_place).expect("in place");
    let clock = NewAgentProfile::new(
        "clock",
        AgentKind::Custom,
        Some(date.to_str().unwrap()),
        vec!["+%s%N".into()],
        None,
        None,
        true,
    )
    .expect("valid");
    core.agents().add(clock).expect("agent");
    core.dispatch().start_loop().expect("loop");
    let done = TaskPatch { status: Some(TaskStatus::Done), ..Default::default() };
    let (mut gated, mut plain) = (Vec::with_capacity(PAIRS), Vec::with_capacity(PAIRS));
    for i in 0..PAIRS {
        // A dependency nobody runs, and a queued task held on it.
        let foundation = task(&core, project.id, &format!("foundation {i}"), None);
        // Queued only once it waits: queued first, the loop could claim it before the edge exists.
        let waiting = task(&core, project.id, &format!("waiting {i}"), None);
        core.dependencies().add(waiting, foundation).expect("edge");
        core.tasks().run(waiting, Some("test-writer"), None, false).expect("queue");
        std::thread::sleep(Duration::from_millis(2));
        assert_eq!(
            core.tasks().get(waiting).expect("task").task.dispatch_status,
            DispatchStatus::Queued
        );
        let before = now_ns();
        core.tasks().edit(foundation, &done).expect("done");
        gated.push(started(&core, waiting).saturating_sub(before) as f64 / 1e6);
        // Baseline: a task with no dependency, queued.
        let before = now_ns();
        let free = task(&core, project.id, &format!("free {i}"), Some("test-writer"));
        plain.push(started(&core, free).saturating_sub(before) as f64 / 1e6);
    }
    core.dispatch().stop_loop();
    let (g50, g99) = (p(&mut gated.clone(), 0.5), p(&mut gated, 0.99));
    let (b50, b99) = (p(&mut plain.clone(), 0.5), p(&mut plain, 0.99));
    (g50, g99, b50, b99)
}

fn main() {
    let runs: Vec<(f64, f64, f64, f64)> = (0..RUNS)
        .map(|r| {
            let run = one_run();
            eprintln!("orchestration bench: run {} of {RUNS} done", r + 1);
            run
        })
        .collect();
    let col = |f: fn(&(f64, f64, f64, f64)) -> f64| spread(&runs.iter().map(f).collect::<Vec<_>>());
    println!("## Orchestration\n");
    println!("Median of {RUNS} whole runs, lowest and highest in parentheses. {PAIRS} pairs per run, in the process");
    println!("that runs the dispatch loop; the agent is `date +%s%N`, so its first action prints when it started.\n");
    println!("| path | p50 (ms) | p99 (ms) |\n|---|---|---|");
    println!(
        "| dependency marked done → waiting task's agent started | {} | {} |",
        col(|r| r.0),
        col(|r| r.1)
    );
    println!(
        "| task queued → agent started, no dependency (baseline) | {} | {} |",
        col(|r| r.2),
        col(|r| r.3)
    );
    let p99 = median(&runs.iter().map(|r| r.1).collect::<Vec<_>>());
    println!(
        "\nGoal: pickup after the dependency is done (or merged: the same wake) p99 ≤ 50 ms — **{}**.\n",
        if p99 <= 50.0 { "met" } else { "NOT met" }
    );
}
