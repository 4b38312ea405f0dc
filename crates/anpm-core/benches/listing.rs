//! Listing benchmarks at scale: 100,000 tasks and 10,000 backlog items in one project, in a real SQLite
//! file. Measured: the first page (200 rows) of the task list sorted by priority and by update time, a
//! board column (one stage), a page deep in the list (after the 50,000th task), and the first page of
//! the backlog. Baseline in the same run: the query the task list ran before keyset pages (every row of
//! the project through `(?1 IS NULL OR …)` filters and a `CASE priority` sort), limited to 200 rows.
//!
//! Prints a markdown section on stdout; `just bench` collects it into docs/benchmarks.md.

use std::time::Instant;

use anpm_core::domain::*;
use anpm_core::{Config, Core};
use anpm_testkit::{DataDir, GitRepo};

const TASKS: i64 = 100_000;
const ITEMS: usize = 10_000;
const SAMPLES: usize = 200;

fn percentile(samples: &mut [f64], q: f64) -> f64 {
    samples.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    samples[((samples.len() as f64 * q).ceil() as usize).saturating_sub(1).min(samples.len() - 1)]
}

fn time<T>(mut run: impl FnMut() -> T) -> (f64, f64) {
    let mut samples: Vec<f64> = (0..SAMPLES)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(run());
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    (percentile(&mut samples, 0.5), percentile(&mut samples, 0.99))
}

fn main() {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let core = Core::open(Config::at(data.path())).expect("core");
    let project = core.projects().add(repo.path(), Some("scale"), None).expect("project").id;
    let seeded = Instant::now();
    let priorities = [Priority::Low, Priority::Medium, Priority::High, Priority::Urgent];
    let dispatches = [DispatchStatus::None, DispatchStatus::Completed, DispatchStatus::Failed];
    let base = Timestamp::now();
    core.store()
        .write(|tx| {
            for i in 0..TASKS {
                let mut task = NewTask::new(
                    &format!("Task number {i}"),
                    Some("Scale seed"),
                    None,
                    None,
                    None,
                )?
                .into_task(project, base.plus_seconds(-i));
                task.priority = priorities[(i % 4) as usize];
                task.dispatch_status = dispatches[(i % 3) as usize];
                tx.insert_task(&task.settled())?;
            }
            Ok(())
        })
        .expect("tasks");
    for i in 0..ITEMS {
        let raw = RawBacklogItem { title: format!("Item {i}"), ..Default::default() };
        core.backlog().add(project, raw.parse().expect("item")).expect("item");
    }
    eprintln!(
        "listing bench: seeded {TASKS} tasks and {ITEMS} items in {:.1} s",
        seeded.elapsed().as_secs_f64()
    );

    let page = |sort: TaskSort, stage: Option<Stage>, after: Option<TaskId>| TaskFilter {
        project_id: Some(project),
        sort,
        stage,
        page: Page { limit: Some(200), after },
        ..TaskFilter::default()
    };
    let middle = core
        .tasks()
        .list(&TaskFilter {
            page: Page { limit: Some(50_000), after: None },
            ..page(TaskSort::Priority, None, None)
        })
        .expect("half")
        .last()
        .expect("a middle task")
        .id;
    let rows = |f: &TaskFilter| core.tasks().list(f).expect("page").len();
    assert_eq!(rows(&page(TaskSort::Priority, None, None)), 200);
    let cases: Vec<(&str, TaskFilter)> = vec![
        ("tasks, first page by priority", page(TaskSort::Priority, None, None)),
        ("tasks, first page by update time", page(TaskSort::Updated, None, None)),
        (
            "board column (stage in_review), first page",
            page(TaskSort::Priority, Some(Stage::InReview), None),
        ),
        ("tasks, the page after the 50,000th", page(TaskSort::Priority, None, Some(middle))),
    ];
    let backlog = BacklogFilter { page: Page::first(200), ..BacklogFilter::project(project) };

    // Baseline: the pre-V9 statement, same row cap, on the same file.
    let baseline =
        time(|| core.store().read(|tx| tx.legacy_task_page(project, 200)).expect("baseline"));

    println!("## Listings at 100,000 tasks (`cargo bench -p anpm-core --bench listing`)");
    println!();
    println!(
        "{TASKS} tasks and {ITEMS} backlog items in one project, real SQLite file (WAL); {SAMPLES} reads each, \
         200 rows per page. Goal: first page p99 ≤ 5 ms."
    );
    println!();
    println!("| listing | p50 ms | p99 ms |");
    println!("|---|---:|---:|");
    for (name, filter) in &cases {
        let (p50, p99) = time(|| rows(filter));
        println!("| {name} | {p50:.2} | {p99:.2} |");
    }
    let (p50, p99) = time(|| core.backlog().list(&backlog).expect("backlog").len());
    println!("| backlog, first page by rank | {p50:.2} | {p99:.2} |");
    let counts = time(|| core.tasks().stage_counts(project).expect("counts").len());
    println!("| board column counts (all stages) | {:.2} | {:.2} |", counts.0, counts.1);
    println!(
        "| baseline: the pre-V9 task query (`?1 IS NULL OR …` filters, `CASE priority` sort), first 200 | {:.2} | {:.2} |",
        baseline.0, baseline.1
    );
    println!();
}
