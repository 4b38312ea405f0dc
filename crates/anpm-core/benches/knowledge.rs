//! Project-knowledge benchmarks, each against a baseline measured in the same run:
//!
//! - a sync of a repository with 50,000 commits in its window and 20,000 files (built with
//!   `git fast-import`), against the bare `git log --name-status` the sync runs;
//! - search over 100,000 tasks and 5,000 documents, per query, against a lookup of one task by id.
//!
//! Prints a markdown section on stdout (progress on stderr); `just bench` collects it into
//! docs/benchmarks.md. `-- search` or `-- sync` runs one part; `ANPM_BENCH_KINDS=1` also prints each
//! kind's cost for four typical queries (on stderr).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anpm_core::domain::*;
use anpm_core::{Config, Core};
use anpm_testkit::DataDir;

const COMMITS: usize = 50_000;
const FILES: usize = 20_000;
const DOCS: usize = 100;
const SYNC_RUNS: usize = 3;

const TASKS: usize = 100_000;
const SEARCH_DOCS: usize = 5_000;
const QUERIES: usize = 400;

/// A small deterministic generator, so every run builds the same repository.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below
    }
}

fn code_path(i: usize) -> String {
    format!("src/mod{:03}/file{i:05}.rs", i / 100)
}

fn git(dir: &std::path::Path, args: &[&str]) {
    let status = Command::new("git").arg("-C").arg(dir).args(args).status().expect("git");
    assert!(status.success(), "git {args:?}");
}

/// A repository whose history holds `COMMITS` commits from the last 29 days, each changing three files
/// (a few of them documents), over a tree of `FILES` code files and `DOCS` documents that name code paths.
fn big_repo() -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("anpm-bench-repo-").tempdir().expect("dir");
    git(dir.path(), &["init", "--quiet", "--initial-branch=main"]);
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir.path())
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("fast-import");
    let mut input = std::io::BufWriter::new(child.stdin.take().expect("stdin"));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let start = now - 29 * 86_400;
    let data = |out: &mut dyn Write, text: &str| {
        write!(out, "data {}\n{text}\n", text.len()).expect("write");
    };
    // The first commit: the whole tree.
    writeln!(
        input,
        "commit refs/heads/main\nmark :1\ncommitter bench <b@anpm.invalid> {start} +0000"
    )
    .expect("w");
    data(&mut input, "initial tree");
    for i in 0..FILES {
        writeln!(input, "M 100644 inline {}", code_path(i)).expect("w");
        data(&mut input, &format!("pub fn f{i}() {{}}\n"));
    }
    for d in 0..DOCS {
        writeln!(input, "M 100644 inline docs/guide{d:03}.md").expect("w");
        let mentions: Vec<String> =
            (0..5).map(|k| format!("`{}`", code_path((d * 200 + k * 37) % FILES))).collect();
        data(&mut input, &format!("# Guide {d}\n\nCovers {}.\n", mentions.join(", ")));
    }
    let mut rng = Lcg(7);
    let step = (29 * 86_400) / COMMITS as u64;
    for c in 1..COMMITS {
        writeln!(
            input,
            "commit refs/heads/main\nmark :{}\ncommitter bench <b@anpm.invalid> {} +0000",
            c + 1,
            start + c as u64 * step
        )
        .expect("w");
        data(&mut input, &format!("change {c}"));
        writeln!(input, "from :{c}").expect("w");
        for _ in 0..3 {
            let i = rng.next(FILES);
            writeln!(input, "M 100644 inline {}", code_path(i)).expect("w");
            data(&mut input, &format!("pub fn f{i}() {{ {c} }}\n"));
        }
    }
    input.flush().expect("flush");
    drop(input);
    assert!(child.wait().expect("fast-import").success());
    git(dir.path(), &["checkout", "--quiet", "-f", "main"]);
    dir
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    samples[samples.len() / 2]
}

fn bench_sync() {
    let started = Instant::now();
    let repo = big_repo();
    eprintln!(
        "built {COMMITS} commits over {FILES} files in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let data = DataDir::new();
    let core = Core::open(Config::at(data.path())).expect("core");
    let project = core.projects().add(repo.path(), Some("big"), None).expect("project");
    let since = format!("--since={}", Timestamp::now().plus_seconds(-30 * 86_400));
    let mut bare = Vec::new();
    let mut sync = Vec::new();
    let mut last = None;
    for _ in 0..SYNC_RUNS {
        let t = Instant::now();
        let status = Command::new("git")
            .arg("-C")
            .arg(repo.path())
            .args([
                "log",
                "-z",
                "-M",
                "--name-status",
                "--diff-filter=ADMR",
                "--format=",
                &since,
                "main",
                "--",
            ])
            .env("LC_ALL", "C")
            .stdout(Stdio::null())
            .status()
            .expect("git log");
        assert!(status.success());
        bare.push(t.elapsed().as_secs_f64());

        core.store().write(|tx| tx.forget_last_sync(project.id)).expect("forget");
        core.drift().resolve_all(project.id).expect("resolve");
        let t = Instant::now();
        let run = core.sync_runs().run(project.id, SyncTrigger::Manual).expect("sync");
        sync.push(t.elapsed().as_secs_f64());
        assert_eq!(run.status, SyncStatus::Completed, "{}", run.error_message);
        last = Some(run);
    }
    let run = last.expect("a run");
    let (b, s) = (median(bare.clone()), median(sync.clone()));
    let ratio = s / b;
    let verdict = if ratio <= 1.5 { "met" } else { "NOT met" };
    println!("## Knowledge: git sync of a large history\n");
    println!(
        "A repository built with `git fast-import`: {COMMITS} commits in the last 29 days, each changing three of \
         {FILES} code files, and {DOCS} documents naming code paths. Each of {SYNC_RUNS} rounds runs the bare \
         `git log -z -M --name-status --diff-filter=ADMR --since=… main` (output discarded) and then a full sync \
         from a forgotten baseline (`core.sync_runs().run`: branch, rev-list count, the same git log parsed, \
         `git ls-files`, document discovery and last-change walk, links, signals, one transaction).\n"
    );
    println!("| measured | median (s) | runs (s) |");
    println!("|---|---|---|");
    let list = |v: &[f64]| v.iter().map(|x| format!("{x:.2}")).collect::<Vec<_>>().join(", ");
    println!("| bare `git log --name-status` (baseline) | {b:.2} | {} |", list(&bare));
    println!("| anpm sync | {s:.2} | {} |", list(&sync));
    println!(
        "\nThe sync scanned {} commits and {} files and raised {} signals. Goal: sync ≤ 1.5 × the bare git log — \
         **{verdict}** ({ratio:.2}×).\n",
        run.commits_scanned, run.files_changed, run.signals_created
    );
}

fn bench_search() {
    let data = DataDir::new();
    let repo = anpm_testkit::GitRepo::new();
    let core = Core::open(Config::at(data.path())).expect("core");
    let project = core.projects().add(repo.path(), Some("search"), None).expect("project");
    let words = [
        "invoice", "export", "ledger", "billing", "login", "session", "cache", "report", "upload",
        "queue", "render", "parser", "schema", "refund", "payout", "tenant", "audit", "webhook",
        "retry", "quota",
    ];
    let started = Instant::now();
    let mut rng = Lcg(11);
    core.store()
        .write(|tx| {
            let base = Timestamp::now().plus_seconds(-(TASKS as i64));
            for i in 0..TASKS {
                let (a, b) = (words[rng.next(words.len())], words[rng.next(words.len())]);
                let task = NewTask::new(
                    &format!("{a} {b} task {i}"),
                    Some(&format!("Make the {a} path handle {b} cases; module {}", i % 977)),
                    None,
                    None,
                    None,
                )
                .expect("valid")
                .into_task(project.id, base.plus_seconds(i as i64));
                tx.insert_task(&task)?;
            }
            for d in 0..SEARCH_DOCS {
                let a = words[rng.next(words.len())];
                let body: String =
                    (0..200).map(|k| format!("{} ", words[(d + k * 7) % words.len()])).collect();
                let doc = Document {
                    id: DocumentId::new(),
                    project_id: project.id,
                    title: format!("{a} guide {d}"),
                    file_path: format!("docs/{a}/guide{d}.md"),
                    doc_type: DocType::Guide,
                    description: String::new(),
                    source: DocumentSource::Manual,
                    last_updated_at: None,
                    staleness_days: 0,
                    is_stale: false,
                    created_at: base,
                    updated_at: base,
                };
                tx.insert_document(&doc, &body)?;
            }
            Ok(())
        })
        .expect("seeding");
    eprintln!(
        "seeded {TASKS} tasks and {SEARCH_DOCS} documents in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let queries: Vec<String> = (0..QUERIES)
        .map(|q| match q % 4 {
            0 => words[q % words.len()].to_owned(),
            1 => words[q % words.len()][..3].to_owned(),
            2 => format!("{} {}", words[q % words.len()], words[(q * 3 + 1) % words.len()]),
            _ => format!("task {}", q * 97),
        })
        .collect();
    let probe = core.tasks().list(&anpm_core::store::TaskFilter::default()).expect("list");
    let some_task = probe.first().expect("a task").id;
    let time = |f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        t.elapsed()
    };
    for q in queries.iter().take(20) {
        core.search().query(q, Some(project.id), &[]).expect("warm");
    }
    if std::env::var_os("ANPM_BENCH_KINDS").is_some() {
        for q in ["invoice", "inv", "invoice export", "task 97"] {
            for kind in SearchKind::ALL {
                let t = Instant::now();
                for _ in 0..5 {
                    core.search().query(q, Some(project.id), &[*kind]).expect("search");
                }
                let scoped = t.elapsed().as_secs_f64() * 200.0;
                let t = Instant::now();
                for _ in 0..5 {
                    core.search().query(q, None, &[*kind]).expect("search");
                }
                eprintln!(
                    "{q:>16} {kind:>14}: {scoped:.2} ms in the project, {:.2} ms anywhere",
                    t.elapsed().as_secs_f64() * 200.0
                );
            }
        }
    }
    let mut per_query: Vec<Duration> = Vec::new();
    let mut baseline: Vec<Duration> = Vec::new();
    for q in &queries {
        per_query.push(time(&mut || {
            let found = core.search().query(q, Some(project.id), &[]).expect("search");
            assert!(found.hits.len() <= 250);
        }));
        baseline.push(time(&mut || {
            core.tasks().get(some_task).expect("task");
        }));
    }
    let stats = |v: &mut Vec<Duration>| {
        v.sort();
        let at = |q: f64| {
            v[((v.len() as f64 * q).ceil() as usize).saturating_sub(1)].as_secs_f64() * 1000.0
        };
        (at(0.5), at(0.99), v.last().expect("samples").as_secs_f64() * 1000.0)
    };
    let (bp50, bp99, bmax) = stats(&mut baseline);
    let (p50, p99, max) = stats(&mut per_query);
    let verdict = if p99 <= 20.0 { "met" } else { "NOT met" };
    println!("## Knowledge: full-text search\n");
    println!(
        "{TASKS} tasks (two of 20 domain words in each title and description) and {SEARCH_DOCS} documents (200 \
         words of text each) in one project. {QUERIES} queries through `core.search().query` over every kind \
         (tasks, backlog items, requirements, candidates, documents; at most 50 hits per kind): a common \
         word, a 3-letter prefix, two words, and a rare word with a number, in turn. Baseline: reading one task \
         by id through `core.tasks().get`, measured between the queries.\n"
    );
    println!("| measured | p50 (ms) | p99 (ms) | max (ms) |");
    println!("|---|---|---|---|");
    println!("| one task by id (baseline) | {bp50:.2} | {bp99:.2} | {bmax:.2} |");
    println!("| search, per query | {p50:.2} | {p99:.2} | {max:.2} |");
    println!("\nGoal: p99 ≤ 20 ms per query — **{verdict}** ({p99:.2} ms).\n");
}

fn main() {
    // `cargo bench --bench knowledge -- search` (or `sync`) runs one part.
    let only: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let wanted = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    if wanted("search") {
        bench_search();
    }
    if wanted("sync") {
        bench_sync();
    }
}
