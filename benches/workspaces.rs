//! What a task's own worktree costs, each figure next to a baseline measured in the same run:
//!
//! 1. queued → agent started on a generated repository of 10,000 files, the worktree created on the way
//!    (the dispatch loop in this process; the agent is `date +%s%N`, so its first act prints when it
//!    started), against `git worktree add` of the same repository plus a direct start of the same agent
//!    through the PTY runner;
//! 2. `anpm task diff --json` (the release binary) of a 500-file, 20,000-line change, against `git diff` of
//!    the same two commits.
//!
//! Prints a markdown section; `just bench` collects it into docs/benchmarks.md.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anpm_core::api::*;
use anpm_core::dispatch::pty::{self, CancelToken, Limits, SpawnSpec};
use anpm_testkit::{DataDir, FakeAgents, GitRepo};

const RUNS: usize = 3;
const TASKS: usize = 15;
const REPO_FILES: usize = 10_000;
const DIFF_FILES: usize = 500;
const DIFF_LINES_PER_FILE: usize = 40;
const DIFF_ROUNDS: usize = 20;

fn now_ns() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_nanos()
}

fn env() -> Vec<(String, String)> {
    vec![("PATH".into(), "/usr/bin:/bin".into()), ("HOME".into(), "/tmp".into())]
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "bench")
        .env("GIT_AUTHOR_EMAIL", "bench@anpm.invalid")
        .env("GIT_COMMITTER_NAME", "bench")
        .env("GIT_COMMITTER_EMAIL", "bench@anpm.invalid")
        .output()
        .expect("git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn percentile(samples: &[f64], q: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    sorted[((sorted.len() as f64 * q).ceil() as usize).saturating_sub(1).min(sorted.len() - 1)]
}

fn spread(values: &[f64], digits: usize) -> String {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    format!(
        "{:.digits$} ({:.digits$}–{:.digits$})",
        sorted[sorted.len() / 2],
        sorted[0],
        sorted[sorted.len() - 1]
    )
}

/// A repository of `REPO_FILES` small files in 100 folders, one commit on `main`.
fn big_repo() -> GitRepo {
    let repo = GitRepo::new();
    for dir in 0..100 {
        let folder = repo.path().join(format!("src/m{dir:02}"));
        std::fs::create_dir_all(&folder).expect("mkdir");
        for file in 0..REPO_FILES / 100 {
            std::fs::write(
                folder.join(format!("f{file:03}.rs")),
                format!("// module {dir} file {file}\n"),
            )
            .expect("write");
        }
    }
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "--quiet", "-m", "10,000 files"]);
    repo
}

fn limits() -> Limits {
    Limits {
        timeout: None,
        grace: Duration::from_secs(1),
        output_cap: None,
        log_path: None,
        tree_record: None,
    }
}

/// Queued → started through the loop (worktree included), and the baseline; milliseconds.
fn pickup(repo: &GitRepo) -> (Vec<f64>, Vec<f64>) {
    let data = DataDir::new();
    let date = anpm_core::dispatch::agents::locate("date", Some("/usr/bin:/bin")).expect("date");
    let core =
        Arc::new(Core::open(Config { env: Some(env()), ..Config::at(data.path()) }).expect("core"));
    let project = core.projects().add(repo.path(), None, None).expect("project");
    assert_eq!(project.workspace.mode, WorkspaceMode::Worktree);
    let input = RawAgentProfile {
        name: "clock".into(),
        kind: "custom".into(),
        command: Some(date.display().to_string()),
        args: vec!["+%s%N".into()],
        is_default: true,
        ..Default::default()
    };
    core.agents().add(input.parse().expect("valid")).expect("agent");
    core.dispatch().start_loop().expect("loop");
    let folders = tempfile::tempdir().expect("folders");
    let (mut through, mut direct) = (Vec::new(), Vec::new());
    // The two paths alternate, so the file cache and the disk treat both alike.
    for i in 0..TASKS {
        let item = RawBacklogItem {
            title: format!("job {i}"),
            fields: RawBacklogFields { status: Some("ready".into()), ..Default::default() },
            ..Default::default()
        };
        let item = core.backlog().add(project.id, item.parse().expect("valid")).expect("item");
        let queued = now_ns();
        let task =
            core.backlog().commit(item.id, Some("test-writer"), None).expect("commit").task.id;
        let deadline = Instant::now() + Duration::from_secs(60);
        while core.tasks().get(task).expect("task").task.dispatch_status.is_active() {
            assert!(Instant::now() < deadline, "the agent never ran");
            std::thread::sleep(Duration::from_micros(500));
        }
        let printed: u128 =
            core.tasks().log(task, None).expect("log").text.trim().parse().expect("a time");
        through.push(printed.saturating_sub(queued) as f64 / 1e6);

        // Baseline: the same worktree made by git itself, then the same agent started in it directly.
        let folder = folders.path().join(format!("w{i}"));
        let before = now_ns();
        let branch = format!("baseline-{i}");
        git(
            repo.path(),
            &["worktree", "add", "--quiet", "-b", &branch, &folder.to_string_lossy(), "main"],
        );
        let spec = SpawnSpec {
            program: date.clone(),
            args: vec!["+%s%N".into()],
            cwd: folder,
            env: env(),
            stdin: None,
        };
        let out = pty::run(&spec, &limits(), &CancelToken::new(), |_| {}).expect("run");
        let printed: u128 = String::from_utf8_lossy(&out.output).trim().parse().expect("a time");
        direct.push(printed.saturating_sub(before) as f64 / 1e6);
    }
    core.shutdown();
    // Leave the repository as it was for the next run: no worktree, no branch but `main`.
    drop(folders);
    drop(data);
    git(repo.path(), &["worktree", "prune"]);
    let branches = Command::new("git")
        .arg("-C")
        .arg(repo.path())
        .args(["for-each-ref", "--format=%(refname:short)", "refs/heads/"])
        .output()
        .expect("branches");
    for branch in String::from_utf8_lossy(&branches.stdout).lines().filter(|b| *b != "main") {
        git(repo.path(), &["branch", "-D", "--quiet", branch]);
    }
    (through, direct)
}

/// `anpm task diff --json` and `git diff` of the same change; milliseconds per call.
fn diff() -> (Vec<f64>, Vec<f64>, usize) {
    let data = DataDir::new();
    let repo = GitRepo::new();
    let agents = FakeAgents::new();
    // 500 new files of 40 lines each: a 20,000-line change, made by the agent in its worktree.
    let script = agents.script(
        "writer",
        &format!(
            "cat > /dev/null\nmkdir -p gen\nfor f in $(seq 1 {DIFF_FILES}); do seq -f \"line %g of file $f\" 1 {DIFF_LINES_PER_FILE} > gen/file_$f.txt; done\necho '{{}}'"
        ),
    );
    let anpm = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_anpm"))
            .arg("--data-dir")
            .arg(data.path())
            .args(args)
            .arg("--json")
            .output()
            .expect("anpm");
        assert!(out.status.success(), "anpm {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let json =
        |bytes: Vec<u8>| -> serde_json::Value { serde_json::from_slice(&bytes).expect("json") };
    anpm(&[
        "agent",
        "add",
        "writer",
        "--kind",
        "custom",
        "--command",
        script.to_str().unwrap(),
        "--default",
    ]);
    let project = json(anpm(&["project", "add", repo.path().to_str().unwrap()]));
    let project = project["id"].as_str().expect("id").to_owned();
    let item = json(anpm(&["backlog", "add", "--project", &project, "--title", "Generate"]));
    let task =
        json(anpm(&["backlog", "commit", item["id"].as_str().unwrap(), "--role", "test-writer"]));
    let task = task["task"]["id"].as_str().expect("task").to_owned();
    let ran = json(anpm(&["dispatch", "next", "--wait"]));
    assert_eq!(ran["review_status"], "in_review", "{ran}");
    let first = json(anpm(&["task", "diff", &task]));
    let lines: u64 = first["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["additions"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(
        (first["files"].as_array().unwrap().len(), lines),
        (DIFF_FILES, (DIFF_FILES * DIFF_LINES_PER_FILE) as u64)
    );
    let range = format!("{}..{}", first["from"].as_str().unwrap(), first["to"].as_str().unwrap());
    let (mut ours, mut raw) = (Vec::new(), Vec::new());
    for _ in 0..DIFF_ROUNDS {
        let started = Instant::now();
        let out = anpm(&["task", "diff", &task]);
        ours.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(out.len() > 1_000_000, "the whole diff came back");
        let started = Instant::now();
        let out = Command::new("git")
            .arg("-C")
            .arg(repo.path())
            .args(["diff", "--find-renames", &range])
            .output()
            .expect("git diff");
        raw.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(out.status.success());
    }
    (ours, raw, anpm(&["task", "diff", &task]).len())
}

fn main() {
    let repo = big_repo();
    let (mut through_p99, mut direct_p99, mut through_p50, mut direct_p50, mut ratios) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut diff_p99, mut diff_p50, mut git_p50, mut json_bytes) =
        (Vec::new(), Vec::new(), Vec::new(), 0);
    for run in 0..RUNS {
        let (through, direct) = pickup(&repo);
        let (a, b) = (percentile(&through, 0.99), percentile(&direct, 0.99));
        through_p99.push(a);
        direct_p99.push(b);
        through_p50.push(percentile(&through, 0.5));
        direct_p50.push(percentile(&direct, 0.5));
        ratios.push(a / b);
        let (ours, raw, bytes) = diff();
        diff_p99.push(percentile(&ours, 0.99));
        diff_p50.push(percentile(&ours, 0.5));
        git_p50.push(percentile(&raw, 0.5));
        json_bytes = bytes;
        eprintln!("workspaces bench: run {} of {RUNS} done", run + 1);
    }
    let ratio = percentile(&ratios, 0.5);
    let diff99 = percentile(&diff_p99, 0.5);
    println!("## Task workspaces\n");
    println!("`cargo bench --locked -q --bench workspaces`. Each figure is the median of {RUNS} whole runs, with the");
    println!("lowest and highest run in parentheses.\n");
    println!("### Queued → agent started, worktree included ({REPO_FILES} files)\n");
    println!("{TASKS} tasks queued one at a time in the process running the dispatch loop (alternating with the baseline); each gets a new worktree of a");
    println!("generated {REPO_FILES}-file repository before its agent (`date +%s%N`) starts. Baseline: `git worktree add`");
    println!("of the same repository, then the same agent started directly through the PTY runner in it.\n");
    println!("| path | p50 (ms) | p99 (ms) |\n|---|---|---|");
    println!(
        "| queued → started (dispatch loop, new worktree) | {} | {} |",
        spread(&through_p50, 1),
        spread(&through_p99, 1)
    );
    println!(
        "| git worktree add + direct start (baseline) | {} | {} |",
        spread(&direct_p50, 1),
        spread(&direct_p99, 1)
    );
    println!(
        "\np99 ratio {} — goal ≤ 1.25: **{}**.\n",
        spread(&ratios, 2),
        if ratio <= 1.25 { "met" } else { "NOT met" }
    );
    println!(
        "### `anpm task diff --json` of a {DIFF_FILES}-file, {}-line change\n",
        DIFF_FILES * DIFF_LINES_PER_FILE
    );
    println!("The release `anpm` binary, {DIFF_ROUNDS} calls per run ({} KB of JSON each); baseline: `git diff` of the same", json_bytes / 1024);
    println!("two commits (text only, no parsing).\n");
    println!("| path | p50 (ms) | p99 (ms) |\n|---|---|---|");
    println!("| anpm task diff --json | {} | {} |", spread(&diff_p50, 1), spread(&diff_p99, 1));
    println!("| git diff (baseline, p50) | {} | |", spread(&git_p50, 1));
    println!("\nGoal p99 ≤ 200 ms: **{}**.\n", if diff99 <= 200.0 { "met" } else { "NOT met" });
}
