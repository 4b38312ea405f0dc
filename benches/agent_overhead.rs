//! What the boundary costs around a real agent: `anpm dispatch next --wait` (the release binary: process
//! start, store, claim, prompt, PTY, descendant tracking, whole-capture verdict, records) running the real
//! Claude Code CLI against the testkit's fake Anthropic Messages API, against the same CLI run directly on
//! the same prompt. A third path runs the same task through an already open core in this process
//! (`dispatch().run_next_here()`), which is the boundary without the binary's start. Each round runs the
//! three in a rotating order; the figure is over `ANPM_BENCH_PAIRS` rounds (20).
//!
//! Needs the CLI `scripts/dev` installs (`ANPM_TEST_AGENTS_BIN`, or the default cache folder). Prints a
//! markdown section; `just bench` collects it into docs/benchmarks.md.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anpm_core::api::{Config, Core, DispatchStatus};
use anpm_testkit::anthropic::FakeAnthropicApi;
use anpm_testkit::model_api::Turn;
use anpm_testkit::{DataDir, GitRepo};
use serde_json::Value;

const RESULT: &str = "Done.\n\n```json\n{\"files\": [], \"not_tested\": [\"nothing\"]}\n```";

fn agents_bin() -> PathBuf {
    anpm_testkit::agent_clis(&["claude"])
}

fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

struct Bench {
    data: DataDir,
    repo: GitRepo,
    _home: tempfile::TempDir,
    env: Vec<(String, String)>,
    claude: PathBuf,
}

impl Bench {
    fn anpm(&self, args: &[&str]) -> Value {
        let out = Command::new(env!("CARGO_BIN_EXE_anpm"))
            .arg("--data-dir")
            .arg(self.data.path())
            .args(args)
            .arg("--json")
            .env_clear()
            .envs(self.env.iter().cloned())
            .output()
            .expect("running anpm");
        assert!(out.status.success(), "anpm {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("json")
    }

    /// Queues one test-writer task for the claude profile.
    fn queue(&self, project: &str, n: usize) {
        let title = format!("Cover part {n} with a test");
        let item = self.anpm(&["backlog", "add", "--project", project, "--title", &title]);
        let item = item["id"].as_str().expect("id").to_owned();
        self.anpm(&["backlog", "commit", &item, "--role", "test-writer", "--agent", "claude"]);
    }

    /// `anpm dispatch next --wait`: seconds, and the task it ran.
    fn through_anpm(&self) -> (f64, Value) {
        let started = Instant::now();
        let task = self.anpm(&["dispatch", "next", "--wait"]);
        let took = started.elapsed().as_secs_f64();
        assert_eq!(task["dispatch_status"], "completed", "{task}");
        (took, task)
    }

    /// The same CLI, same flags, same prompt, in the repository, directly.
    fn direct(&self, prompt: &Path) -> f64 {
        let started = Instant::now();
        let out = Command::new(&self.claude)
            .args(["-p", "--output-format", "stream-json", "--verbose", "--model", "claude-fake"])
            // The flag anpm gives Claude Code so that it may edit its working directory.
            .args(["--permission-mode", "acceptEdits"])
            .current_dir(self.repo.path())
            .stdin(std::fs::File::open(prompt).expect("prompt"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .env_clear()
            .envs(self.env.iter().cloned())
            .output()
            .expect("running claude");
        let took = started.elapsed().as_secs_f64();
        assert!(out.status.success());
        let last =
            String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or_default().to_owned();
        assert!(last.contains("\"subtype\":\"success\""), "{last}");
        took
    }
}

/// One whole run: fresh data, fresh fake API, a warm-up, then `pairs` rounds.
fn measure(pairs: usize) -> Figures {
    let api = FakeAnthropicApi::start(Turn { write: None, final_text: RESULT.into(), call: None });
    let bin = agents_bin();
    let home = tempfile::tempdir().expect("home");
    let env = vec![
        ("PATH".to_owned(), format!("{}:/usr/local/bin:/usr/bin:/bin", bin.display())),
        ("HOME".to_owned(), home.path().display().to_string()),
        ("ANTHROPIC_BASE_URL".to_owned(), api.base_url().to_owned()),
        ("ANTHROPIC_API_KEY".to_owned(), "sk-ant-fake".to_owned()),
        ("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC".to_owned(), "1".to_owned()),
    ];
    let bench = Bench {
        data: DataDir::new(),
        repo: GitRepo::new(),
        _home: home,
        env,
        claude: bin.join("claude"),
    };
    let project = bench.anpm(&["project", "add", bench.repo.path().to_str().expect("utf-8")]);
    let project = project["id"].as_str().expect("id").to_owned();
    // The boundary alone, in the same folder as the direct run: the worktree a task gets by default is
    // measured by the dispatch bench (`workspaces`).
    bench.anpm(&["project", "edit", &project, "--workspace-mode", "in-place"]);
    bench.anpm(&["agent", "add", "claude", "--kind", "claude", "--model", "claude-fake"]);

    // A warm-up of each (the CLI's first start fills its caches), which also yields anpm's rendered prompt.
    bench.queue(&project, 0);
    let (_, task) = bench.through_anpm();
    let log = task["last_attempt"]["log_path"].as_str().expect("log path");
    let prompt = Path::new(log).with_file_name("prompt.md");
    let kept = bench.data.path().join("bench-prompt.md");
    std::fs::copy(&prompt, &kept).expect("keeping the prompt");
    bench.direct(&kept);

    // The same data directory, opened in this process, for the in-process path.
    let config = Config { env: Some(bench.env.clone()), ..Config::at(bench.data.path()) };
    let core = Core::open(config).expect("core");
    let in_process = || {
        let started = Instant::now();
        let task = core.dispatch().run_next_here().expect("run").expect("a queued task");
        let took = started.elapsed().as_secs_f64();
        assert_eq!(task.dispatch_status, DispatchStatus::Completed);
        took
    };

    let (mut anpm, mut inside, mut direct, mut ratios, mut paired) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for round in 0..pairs {
        bench.queue(&project, 2 * round + 1);
        bench.queue(&project, 2 * round + 2);
        let (mut a, mut i, mut d) = (0.0, 0.0, 0.0);
        for step in 0..3 {
            match (round + step) % 3 {
                0 => a = bench.through_anpm().0,
                1 => i = in_process(),
                _ => d = bench.direct(&kept),
            }
        }
        anpm.push(a * 1000.0);
        inside.push(i * 1000.0);
        direct.push(d * 1000.0);
        ratios.push(a / d);
        paired.push((a - d) * 1000.0);
        eprintln!(
            "round {round}: anpm {:.0} ms, in-process {:.0} ms, direct {:.0} ms",
            a * 1e3,
            i * 1e3,
            d * 1e3
        );
    }
    let mi = median(&inside);
    let start = {
        let mut starts = Vec::new();
        for _ in 0..10 {
            let started = Instant::now();
            bench.anpm(&["dispatch", "status"]);
            starts.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        median(&starts)
    };
    let version = String::from_utf8_lossy(
        &Command::new(&bench.claude).arg("--version").output().expect("version").stdout,
    )
    .trim()
    .to_owned();
    Figures {
        anpm: median(&anpm),
        inside: mi,
        direct: median(&direct),
        pair_ratio: median(&ratios),
        paired,
        start,
        version,
    }
}

/// The medians of one whole run.
struct Figures {
    anpm: f64,
    inside: f64,
    direct: f64,
    pair_ratio: f64,
    /// anpm minus direct in each round, in ms.
    paired: Vec<f64>,
    start: f64,
    version: String,
}

/// The median of `values` with the lowest and highest, as `m (lo–hi)`.
fn spread(values: &[f64], digits: usize) -> String {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    format!(
        "{:.digits$} ({:.digits$}–{:.digits$})",
        median(values),
        sorted[0],
        sorted[sorted.len() - 1]
    )
}

fn main() {
    const RUNS: usize = 3;
    let pairs: usize =
        std::env::var("ANPM_BENCH_PAIRS").ok().and_then(|n| n.parse().ok()).unwrap_or(20);
    let runs: Vec<Figures> = (0..RUNS).map(|_| measure(pairs)).collect();
    let of = |f: fn(&Figures) -> f64| runs.iter().map(f).collect::<Vec<f64>>();
    let (ma, mi, md) =
        (median(&of(|r| r.anpm)), median(&of(|r| r.inside)), median(&of(|r| r.direct)));
    let ratios = of(|r| r.anpm / r.direct);
    let diffs = of(|r| r.anpm - r.direct);
    let (ratio, diff) = (median(&ratios), median(&diffs));
    let start = median(&of(|r| r.start));
    let version = runs[0].version.clone();
    println!("## The boundary around a real agent\n");
    println!(
        "`anpm dispatch next --wait` (release binary) running the real Claude Code {version} against the testkit's fake"
    );
    println!("Anthropic Messages API on 127.0.0.1, against the same CLI run directly (same flags, same prompt, same");
    println!("folder), and the same task run through an already open core (no process start). {RUNS} whole runs of");
    println!("{pairs} rounds each (the three paths in a rotating order, after one warm-up); each cell is the median of");
    println!("the runs' medians, with the lowest and highest run in parentheses. Descendant tracking and whole-capture");
    println!("verdicts on.\n");
    println!("| path | median (ms) |\n|---|---|");
    println!("| anpm dispatch next --wait | {} |", spread(&of(|r| r.anpm), 0));
    println!("| the same, in an open core | {} |", spread(&of(|r| r.inside), 0));
    println!("| claude directly (baseline) | {} |", spread(&of(|r| r.direct), 0));
    println!(
        "\nRatio {} (median of per-round ratios {}), difference {} ms. Goal ratio ≤ 1.05 and difference ≤ 40 ms — \
         **{}**.\n",
        spread(&ratios, 3),
        spread(&of(|r| r.pair_ratio), 3),
        spread(&diffs, 0),
        if ratio <= 1.05 && diff <= 40.0 { "met" } else { "NOT met" }
    );
    let all_paired: Vec<f64> = runs.iter().flat_map(|r| r.paired.iter().copied()).collect();
    println!(
        "Paired within each round (anpm minus direct, all {} rounds): median {:.0} ms. In an open core the \
         boundary costs {:.0} ms over the direct run (ratio {:.3}). Starting `anpm` alone (`anpm dispatch \
         status`, median of 10 per run) takes {start:.0} ms: the command links no desktop library \
         (docs/adr/0006-the-command-and-the-window.md).\n",
        all_paired.len(),
        median(&all_paired),
        mi - md,
        mi / md
    );
    let _ = ma;
}
