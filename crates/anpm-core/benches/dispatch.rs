//! Dispatch benchmarks, each with a baseline measured in the same run:
//!
//! 1. pickup latency: task queued → agent process started, with the loop running in-process (baseline: the
//!    same agent started directly through the PTY runner, no queue);
//! 2. PTY capture throughput of a child writing 100 MB (baseline: the same bytes read raw from a PTY);
//! 3. kill latency of a SIGTERM-ignoring process tree over 100 runs (goal: grace + 200 ms, no survivors);
//! 4. eight agents each writing 1 MB/s for 30 s: CPU and RSS of this process.
//!
//! Prints a markdown section on stdout; `just bench` collects it into docs/benchmarks.md.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anpm_core::dispatch::pty::{self, CancelToken, Limits, SpawnSpec};
use anpm_core::domain::*;
use anpm_core::{Config, Core};
use anpm_testkit::{DataDir, FakeAgents, GitRepo};

fn percentile(samples: &mut [f64], q: f64) -> f64 {
    samples.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    samples[((samples.len() as f64 * q).ceil() as usize).saturating_sub(1).min(samples.len() - 1)]
}

fn env() -> Vec<(String, String)> {
    vec![("PATH".into(), "/usr/bin:/bin".into()), ("HOME".into(), "/tmp".into())]
}

fn now_ns() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_nanos()
}

fn spec(program: &Path, args: &[&str]) -> SpawnSpec {
    SpawnSpec {
        program: program.to_owned(),
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        cwd: std::env::temp_dir(),
        env: env(),
        stdin: None,
    }
}

struct Stats {
    p50: f64,
    p99: f64,
    max: f64,
}

fn stats(mut samples: Vec<f64>) -> Stats {
    let max = samples.iter().copied().fold(f64::MIN, f64::max);
    Stats { p50: percentile(&mut samples, 0.5), p99: percentile(&mut samples, 0.99), max }
}

fn pickup() -> (Stats, Stats, usize) {
    const TASKS: usize = 200;
    let data = DataDir::new();
    let repo = GitRepo::new();
    // The agent is `date` itself: the first thing the new process does is print the time.
    let date =
        anpm_core::dispatch::agents::locate("date", Some("/usr/bin:/bin")).expect("date on PATH");
    let core =
        Arc::new(Core::open(Config { env: Some(env()), ..Config::at(data.path()) }).expect("core"));
    let project = core.projects().add(repo.path(), None, None).expect("project");
    // The loop alone: a task's own worktree is measured by the workspaces bench.
    let in_place =
        anpm_core::api::WorkspacePatch { mode: Some(WorkspaceMode::InPlace), ..Default::default() };
    core.projects().set_workspace(project.id, &in_place).expect("in place");
    let input = NewAgentProfile::new(
        "clock",
        AgentKind::Custom,
        Some(date.to_str().unwrap()),
        vec!["+%s%N".into()],
        None,
        None,
        true,
    )
    .expect("valid");
    core.agents().add(input).expect("agent");
    core.dispatch().start_loop().expect("dispatcher");
    let items: Vec<BacklogItemId> = (0..TASKS)
        .map(|i| {
            let item = RawBacklogItem {
                title: format!("t{i}"),
                fields: RawBacklogFields {
                    status: Some(BacklogItemStatus::Ready.to_string()),
                    ..Default::default()
                },
                ..Default::default()
            }
            .parse()
            .expect("valid");
            core.backlog().add(project.id, item).expect("item").id
        })
        .collect();
    let mut samples = Vec::with_capacity(TASKS);
    for item in items {
        let queued = now_ns();
        let task = core.backlog().commit(item, Some("test-writer"), None).expect("commit").task.id;
        let deadline = Instant::now() + Duration::from_secs(10);
        while core.tasks().get(task).expect("task").task.dispatch_status != DispatchStatus::Failed {
            assert!(Instant::now() < deadline, "the agent never ran");
            std::thread::sleep(Duration::from_micros(500));
        }
        let printed: u128 =
            core.tasks().log(task, None).expect("log").text.trim().parse().expect("a timestamp");
        samples.push((printed.saturating_sub(queued)) as f64 / 1e6);
    }
    core.dispatch().stop_loop();
    // Baseline: the same agent started directly through the PTY runner, no queue.
    let mut direct = Vec::with_capacity(TASKS);
    for _ in 0..TASKS {
        let before = now_ns();
        let out = pty::run(
            &spec(&date, &["+%s%N"]),
            &Limits {
                timeout: None,
                grace: Duration::from_secs(1),
                output_cap: None,
                log_path: None,
                tree_record: None,
            },
            &CancelToken::new(),
            |_| {},
        )
        .expect("run");
        let printed: u128 =
            String::from_utf8_lossy(&out.output).trim().parse().expect("a timestamp");
        direct.push((printed.saturating_sub(before)) as f64 / 1e6);
    }
    (stats(samples), stats(direct), TASKS)
}

fn throughput() -> (f64, f64) {
    const BYTES: u64 = 100_000_000;
    const ROUNDS: usize = 3;
    let agents = FakeAgents::new();
    let writer = agents.script("writer", &format!("head -c {BYTES} /dev/zero"));
    // Baseline: the same child in a PTY, read raw with nothing but a byte count.
    let raw = || {
        let pair = portable_pty::native_pty_system()
            .openpty(portable_pty::PtySize::default())
            .expect("pty");
        let mut cmd = portable_pty::CommandBuilder::new(&writer);
        cmd.env_clear();
        for (k, v) in env() {
            cmd.env(k, v);
        }
        let started = Instant::now();
        let mut child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let mut buf = vec![0u8; 64 * 1024];
        let mut total = 0u64;
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            total += n as u64;
            if total >= BYTES {
                break;
            }
        }
        child.wait().expect("wait");
        assert!(total >= BYTES, "baseline read {total}");
        BYTES as f64 / started.elapsed().as_secs_f64() / 1e6
    };
    let limits = Limits {
        timeout: None,
        grace: Duration::from_secs(1),
        output_cap: Some(5 * 1024 * 1024),
        log_path: None,
        tree_record: None,
    };
    let ours = || {
        let started = Instant::now();
        let out = pty::run(&spec(&writer, &[]), &limits, &CancelToken::new(), |_| {}).expect("run");
        assert!(out.output_bytes >= BYTES, "captured {}", out.output_bytes);
        BYTES as f64 / started.elapsed().as_secs_f64() / 1e6
    };
    // Alternate the two so that both see the same machine conditions; report the medians.
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        b.push(raw());
        a.push(ours());
    }
    (percentile(&mut a, 0.5), percentile(&mut b, 0.5))
}

fn kill_latency(grace: Duration) -> (Stats, usize) {
    const RUNS: usize = 100;
    let agents = FakeAgents::new();
    let stubborn = agents.script(
        "stubborn",
        "trap '' TERM\n(trap '' TERM; sleep 300) &\n(sleep 300) &\nwhile true; do sleep 0.05; done",
    );
    let mut samples = Vec::with_capacity(RUNS);
    let mut survivors = 0;
    for _ in 0..RUNS {
        let cancel = CancelToken::new();
        let trigger = cancel.clone();
        let fired = Arc::new(std::sync::Mutex::new(None));
        let fired_at = Arc::clone(&fired);
        let timer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            *fired_at.lock().unwrap() = Some(Instant::now());
            trigger.cancel();
        });
        let out = pty::run(
            &spec(&stubborn, &[]),
            &Limits { timeout: None, grace, output_cap: None, log_path: None, tree_record: None },
            &cancel,
            |_| {},
        )
        .expect("run");
        let done = Instant::now();
        timer.join().expect("timer");
        let fired = fired.lock().unwrap().expect("fired");
        samples.push(done.duration_since(fired).as_secs_f64() * 1000.0);
        survivors += out.survivors.len() + pty::group_members(out.pid).len();
    }
    (stats(samples), survivors)
}

fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("stat");
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0
}

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("status");
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn parallel_load() -> (f64, f64, f64, f64) {
    const AGENTS: usize = 8;
    const SECONDS: u64 = 30;
    let data = DataDir::new();
    let repo = GitRepo::new();
    let agents = FakeAgents::new();
    let chatty = agents.script("chatty", &format!("i=0\nwhile [ $i -lt {} ]; do head -c 100000 /dev/zero | tr '\\0' 'x'; echo; sleep 0.1; i=$((i+1)); done\necho '{{\"files\": []}}'", SECONDS * 10));
    let core =
        Arc::new(Core::open(Config { env: Some(env()), ..Config::at(data.path()) }).expect("core"));
    let project = core.projects().add(repo.path(), None, None).expect("project");
    core.agents()
        .add(
            NewAgentProfile::new(
                "chatty",
                AgentKind::Custom,
                Some(chatty.to_str().unwrap()),
                vec![],
                None,
                None,
                true,
            )
            .expect("valid"),
        )
        .expect("agent");
    core.dispatch().set_concurrency(AGENTS).expect("concurrency");
    core.dispatch().set_paused(true).expect("pause");
    core.dispatch().start_loop().expect("dispatcher");
    for i in 0..AGENTS {
        let item = RawBacklogItem {
            title: format!("load {i}"),
            fields: RawBacklogFields {
                status: Some(BacklogItemStatus::Ready.to_string()),
                ..Default::default()
            },
            ..Default::default()
        }
        .parse()
        .expect("valid");
        let item = core.backlog().add(project.id, item).expect("item");
        core.backlog().commit(item.id, Some("test-writer"), None).expect("commit");
    }
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    core.dispatch().set_paused(false).expect("resume");
    let mut rss = Vec::new();
    while started.elapsed() < Duration::from_secs(SECONDS) {
        std::thread::sleep(Duration::from_secs(1));
        rss.push(rss_mb());
    }
    let cpu = (cpu_seconds() - cpu_before) / started.elapsed().as_secs_f64() * 100.0;
    let running = core.dispatch().state().expect("state").running.len();
    assert_eq!(running, AGENTS, "all eight agents ran for the whole window");
    core.dispatch().stop_loop();
    let first = rss[2.min(rss.len() - 1)];
    let max = rss.iter().copied().fold(0.0, f64::max);
    let last = *rss.last().expect("samples");
    (cpu, first, max, last)
}

/// Every figure is taken from this many whole runs of its measurement (fresh setup each time).
const RUNS: usize = 3;

/// The median of `values` and their spread, as `m (lo–hi)`.
fn spread(values: &[f64], digits: usize) -> String {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    let median = sorted[sorted.len() / 2];
    format!("{median:.digits$} ({:.digits$}–{:.digits$})", sorted[0], sorted[sorted.len() - 1])
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    sorted[sorted.len() / 2]
}

fn main() {
    let (mut pickups, mut directs, mut tasks) = (Vec::new(), Vec::new(), 0);
    let (mut ours, mut raws) = (Vec::new(), Vec::new());
    let grace = Duration::from_millis(200);
    let (mut kills, mut survivors) = (Vec::new(), 0);
    let mut loads = Vec::new();
    for run in 0..RUNS {
        let (pickup, direct, n) = pickup();
        pickups.push(pickup);
        directs.push(direct);
        tasks = n;
        let (a, r) = throughput();
        ours.push(a);
        raws.push(r);
        let (kill, left) = kill_latency(grace);
        kills.push(kill);
        survivors += left;
        loads.push(parallel_load());
        eprintln!("dispatch bench: run {} of {RUNS} done", run + 1);
    }
    let col = |v: &[Stats], f: fn(&Stats) -> f64, d: usize| {
        spread(&v.iter().map(f).collect::<Vec<_>>(), d)
    };

    println!("## Dispatch\n");
    println!("Each figure is the median of {RUNS} whole runs of its measurement, with the lowest and highest in");
    println!("parentheses.\n");
    println!("### Pickup latency (task queued → agent process started)\n");
    println!("{tasks} tasks queued one at a time (commit of a backlog item with a role) in the process that runs the");
    println!("dispatch loop; the agent is `date +%s%N`, so its first action prints when it started. Baseline: the same");
    println!("agent started directly through the PTY runner, no queue, in the same run.\n");
    println!("| path | p50 (ms) | p99 (ms) | max (ms) |\n|---|---|---|---|");
    println!(
        "| queued → started (dispatch loop) | {} | {} | {} |",
        col(&pickups, |s| s.p50, 2),
        col(&pickups, |s| s.p99, 2),
        col(&pickups, |s| s.max, 2)
    );
    println!(
        "| started directly (baseline) | {} | {} | {} |",
        col(&directs, |s| s.p50, 2),
        col(&directs, |s| s.p99, 2),
        col(&directs, |s| s.max, 2)
    );
    let ratios: Vec<f64> = pickups.iter().zip(&directs).map(|(p, d)| p.p99 / d.p99).collect();
    let ratio = median(&ratios);
    println!(
        "\nGoal p99 ≤ 2 × the direct start's p99 in the same run — **{}** (ratio {}). Upstream's connector \
         polled every 5 000 ms.\n",
        if ratio <= 2.0 { "met" } else { "NOT met" },
        spread(&ratios, 2)
    );
    println!(
        "### PTY capture throughput (100 MB written by the child, 3 alternating rounds per run)\n"
    );
    println!("| reader | MB/s |\n|---|---|");
    println!(
        "| anpm runner (5 MiB capture cap, log off, descendant tracking on) | {} |",
        spread(&ours, 0)
    );
    println!("| raw PTY read, count only (baseline) | {} |", spread(&raws, 0));
    let shares: Vec<f64> = ours.iter().zip(&raws).map(|(a, r)| a / r * 100.0).collect();
    let share = median(&shares);
    println!(
        "\nGoal ≥ 90 % of the baseline in the same run — **{}** ({} %).\n",
        if share >= 90.0 { "met" } else { "NOT met" },
        spread(&shares, 0)
    );
    println!(
        "### Kill latency (SIGTERM-ignoring tree with grandchildren, 100 stops per run, grace {} ms)\n",
        grace.as_millis()
    );
    println!("| p50 (ms) | p99 (ms) | max (ms) | survivors |\n|---|---|---|---|");
    println!(
        "| {} | {} | {} | {survivors} |",
        col(&kills, |s| s.p50, 0),
        col(&kills, |s| s.p99, 0),
        col(&kills, |s| s.max, 0)
    );
    let budget = grace.as_millis() as f64 + 200.0;
    let worst = kills.iter().map(|s| s.max).fold(0.0, f64::max);
    println!(
        "\nGoal ≤ grace + 200 ms = {budget:.0} ms with 0 survivors — **{}**.\n",
        if worst <= budget && survivors == 0 { "met" } else { "NOT met" }
    );
    println!("### Eight agents writing 1 MB/s each for 30 s\n");
    println!("| CPU of anpm (% of one core) | RSS at 2 s (MB) | RSS max (MB) | RSS at 30 s (MB) |\n|---|---|---|---|");
    let pick =
        |f: fn(&(f64, f64, f64, f64)) -> f64| spread(&loads.iter().map(f).collect::<Vec<_>>(), 1);
    println!("| {} | {} | {} | {} |", pick(|l| l.0), pick(|l| l.1), pick(|l| l.2), pick(|l| l.3));
    let cpu = median(&loads.iter().map(|l| l.0).collect::<Vec<_>>());
    println!("\nGoal ≤ 15 % of one core with flat RSS — **{}**. Output past the 5 MiB cap per attempt is counted and dropped, so memory stays bounded.\n", if cpu <= 15.0 { "met" } else { "NOT met" });
}
