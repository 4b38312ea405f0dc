//! The PTY runner with real child processes: capture, prompt delivery, the environment, and the kill ladder
//! on timeout and cancel, including children that ignore SIGTERM and leave grandchildren behind.

use std::time::{Duration, Instant};

use anpm_core::dispatch::pty::{self, CancelToken, Limits, SpawnSpec, Stop};
use anpm_testkit::FakeAgents;

fn spec(
    program: std::path::PathBuf,
    args: &[&str],
    stdin: Option<std::path::PathBuf>,
) -> SpawnSpec {
    SpawnSpec {
        program,
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        cwd: std::env::temp_dir(),
        env: vec![("PATH".into(), "/usr/bin:/bin".into()), ("HOME".into(), "/tmp".into())],
        stdin,
    }
}

fn limits(timeout: Option<Duration>, cap: Option<usize>) -> Limits {
    Limits {
        timeout,
        grace: Duration::from_secs(1),
        output_cap: cap,
        log_path: None,
        tree_record: None,
    }
}

fn text(out: &pty::RunOutcome) -> String {
    String::from_utf8_lossy(&out.output).replace('\r', "")
}

#[test]
fn captures_output_and_the_exit_code() {
    let agents = FakeAgents::new();
    let ok = agents.script("ok", "echo hello; echo world >&2; exit 0");
    let out = pty::run(
        &spec(ok, &[], None),
        &limits(Some(Duration::from_secs(10)), None),
        &CancelToken::new(),
        |_| {},
    )
    .expect("run");
    assert_eq!((out.stop, out.exit_code), (Stop::Exited, Some(0)));
    assert_eq!(text(&out), "hello\nworld\n");
    assert!(!out.truncated && out.survivors.is_empty());

    let failing = agents.script("fail", "echo broken; exit 3");
    let out = pty::run(&spec(failing, &[], None), &limits(None, None), &CancelToken::new(), |_| {})
        .expect("run");
    assert_eq!(out.exit_code, Some(3));
}

#[test]
fn arguments_reach_the_child_verbatim_and_the_prompt_comes_on_stdin() {
    let agents = FakeAgents::new();
    let echo = agents.script("echo-args", "printf '%s\\n' \"$1\"; wc -c | tr -d ' '");
    // 300 KiB: more than one command-line argument may hold.
    let prompt_file = agents.dir().join("prompt.md");
    std::fs::write(&prompt_file, "p".repeat(300 * 1024)).expect("prompt");
    let hostile = "$(rm -rf /); echo `whoami`";
    let out = pty::run(
        &spec(echo, &[hostile], Some(prompt_file)),
        &limits(None, None),
        &CancelToken::new(),
        |_| {},
    )
    .expect("run");
    assert_eq!(text(&out), format!("{hostile}\n{}\n", 300 * 1024));
}

#[test]
fn the_environment_is_exactly_what_was_given() {
    std::env::set_var("ANPM_TEST_SECRET_THAT_MUST_NOT_LEAK", "leak");
    let agents = FakeAgents::new();
    let env =
        agents.script("env", "env | sort | grep -v '^PWD=' | grep -v '^SHLVL=' | grep -v '^_='");
    let out = pty::run(&spec(env, &[], None), &limits(None, None), &CancelToken::new(), |_| {})
        .expect("run");
    let seen = text(&out);
    assert!(!seen.contains("ANPM_TEST_SECRET"), "{seen}");
    assert!(seen.contains("HOME=/tmp") && seen.contains("PATH=/usr/bin:/bin"), "{seen}");
}

#[test]
fn a_sigterm_ignoring_tree_is_killed_at_the_timeout_with_no_survivors() {
    let agents = FakeAgents::new();
    let stubborn = agents.script(
        "stubborn",
        "trap '' TERM\n(trap '' TERM; while true; do sleep 0.1; done) &\n(sleep 300) &\nwhile true; do echo tick; sleep 0.1; done",
    );
    let started = Instant::now();
    let out = pty::run(
        &spec(stubborn, &[], None),
        &limits(Some(Duration::from_secs(1)), None),
        &CancelToken::new(),
        |_| {},
    )
    .expect("run");
    let elapsed = started.elapsed();
    assert_eq!(out.stop, Stop::TimedOut);
    assert!(out.survivors.is_empty(), "survivors: {:?}", out.survivors);
    assert!(pty::group_members(out.pid).is_empty());
    assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
    assert!(
        elapsed <= Duration::from_secs(1) + Duration::from_secs(1) + Duration::from_secs(3),
        "{elapsed:?}"
    );
    assert!(text(&out).contains("tick"));
}

#[test]
fn an_output_flood_is_capped_and_counted_without_blocking_the_child() {
    let agents = FakeAgents::new();
    let flood =
        agents.script("flood", "head -c 10000000 /dev/zero | tr '\\0' 'x'; echo; echo done");
    let out = pty::run(
        &spec(flood, &[], None),
        &limits(Some(Duration::from_secs(60)), Some(1024)),
        &CancelToken::new(),
        |_| {},
    )
    .expect("run");
    assert_eq!(
        (out.stop, out.exit_code),
        (Stop::Exited, Some(0)),
        "the child finished: it was never blocked"
    );
    assert!(out.truncated);
    assert_eq!(out.output.len(), 1024);
    assert!(out.output_bytes >= 10_000_000, "{}", out.output_bytes);
}

#[test]
fn timeout_wins_over_truncation_for_an_endless_flood() {
    let agents = FakeAgents::new();
    let endless = agents.script(
        "endless",
        "trap '' TERM\nwhile true; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done",
    );
    let out = pty::run(
        &spec(endless, &[], None),
        &limits(Some(Duration::from_secs(1)), Some(1024)),
        &CancelToken::new(),
        |_| {},
    )
    .expect("run");
    assert_eq!(out.stop, Stop::TimedOut);
    assert!(out.truncated);
    assert!(out.survivors.is_empty());
}

#[test]
fn cancel_stops_a_slow_child() {
    let agents = FakeAgents::new();
    let slow = agents.script("slow", "echo started; sleep 30; echo never");
    let cancel = CancelToken::new();
    let trigger = cancel.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        trigger.cancel();
    });
    let started = Instant::now();
    let out = pty::run(&spec(slow, &[], None), &limits(None, None), &cancel, |_| {}).expect("run");
    assert_eq!(out.stop, Stop::Cancelled);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(!text(&out).contains("never"));
}

#[test]
fn processes_left_behind_by_an_exited_leader_are_stopped() {
    let agents = FakeAgents::new();
    let marker = agents.dir().join("grandchild.pid");
    let leaver = agents.script(
        "leaver",
        &format!("sleep 300 &\necho $! > {}\necho bye\nexit 0", marker.display()),
    );
    let out = pty::run(
        &spec(leaver, &[], None),
        &limits(Some(Duration::from_secs(10)), None),
        &CancelToken::new(),
        |_| {},
    )
    .expect("run");
    assert_eq!((out.stop, out.exit_code), (Stop::Exited, Some(0)));
    assert!(out.survivors.is_empty());
    let grandchild: i32 =
        std::fs::read_to_string(&marker).expect("pid").trim().parse().expect("number");
    assert!(
        !std::path::Path::new(&format!("/proc/{grandchild}")).exists()
            || pty::group_members(out.pid).is_empty()
    );
}

#[test]
fn live_chunks_and_the_log_file_carry_the_output() {
    let agents = FakeAgents::new();
    let ok = agents.script("ok", "echo one; echo two");
    let log = agents.dir().join("attempt.log");
    let mut live = Vec::new();
    let limits = Limits { log_path: Some(log.clone()), ..limits(None, None) };
    let out = pty::run(&spec(ok, &[], None), &limits, &CancelToken::new(), |chunk| {
        live.extend_from_slice(chunk)
    })
    .expect("run");
    assert_eq!(String::from_utf8_lossy(&live).replace('\r', ""), "one\ntwo\n");
    assert_eq!(std::fs::read(&log).expect("log"), out.output);
}

/// Issue 10, point 1: a correct Claude stream of several MiB, printed as fast as the pipe takes it, is
/// judged from its whole capture, not from the live channel that drops chunks when it falls behind.
#[test]
fn a_megabytes_long_stream_is_judged_from_the_whole_capture_not_the_lossy_live_channel() {
    use anpm_core::dispatch::run::run_agent;
    use anpm_core::dispatch::verdict::Verdict;
    use anpm_core::domain::OutputFormat;

    let agents = FakeAgents::new();
    let line = r#"{"type":"assistant","message":{"content":[{"type":"text","text":"PADDING"}]}}"#
        .replace("PADDING", &"x".repeat(1000));
    let result =
        r#"{"type":"result","subtype":"success","is_error":false,"result":"{\"files\":[]}"}"#;
    // About 3 MiB of events, then the result line.
    let script =
        format!("i=0; while [ $i -lt 3000 ]; do echo '{line}'; i=$((i+1)); done; echo '{result}'");
    let loud = agents.script("loud-claude", &script);
    let mut live_chunks = 0usize;
    let run = run_agent(
        OutputFormat::ClaudeStreamJson,
        &spec(loud, &[], None),
        &limits(Some(Duration::from_secs(60)), Some(16 * 1024 * 1024)),
        &CancelToken::new(),
        |_| {},
        |_, _, _| {
            live_chunks += 1;
            // A slow consumer, as the window is when the machine is busy.
            std::thread::sleep(Duration::from_micros(200));
        },
    )
    .expect("run");
    assert!(run.outcome.output_bytes > 3_000_000, "{} bytes", run.outcome.output_bytes);
    assert_eq!(run.verdict, Verdict::Finished, "{:?}", run.report.terminal);
    assert_eq!(run.report.final_text.as_deref(), Some("{\"files\":[]}"));
    assert!(live_chunks > 0);
}

/// Issue 10, point 13: an agent killed by SIGSEGV is recorded with its signal, not with neither an exit
/// code nor a signal.
#[test]
fn a_death_by_sigsegv_records_the_signal() {
    let agents = FakeAgents::new();
    let crash = agents.script("segfault", "kill -SEGV $$");
    let out = pty::run(
        &spec(crash, &[], None),
        &limits(Some(Duration::from_secs(10)), None),
        &CancelToken::new(),
        |_| {},
    )
    .expect("run");
    assert_eq!(out.stop, Stop::Exited);
    assert_eq!((out.exit_code, out.signal), (None, Some(11)), "SIGSEGV is signal 11");
}

/// Reads a pid a fake agent wrote, waiting for it to appear.
fn pid_from(path: &std::path::Path) -> i32 {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(pid) = std::fs::read_to_string(path).ok().and_then(|s| s.trim().parse().ok()) {
            return pid;
        }
        assert!(Instant::now() < deadline, "{} never written", path.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// True while `pid` is a live process (not gone, not a zombie).
fn alive(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| !matches!(s[s.rfind(')').expect("stat") + 2..].chars().next(), Some('Z' | 'X')))
        .unwrap_or(false)
}

/// Issue 10, point 2: an agent that exits leaving a `setsid` process holding the terminal (a dev server)
/// ends within the grace period; the process is stopped (it ignores SIGTERM, so SIGKILL), reaped, and
/// named in the log.
#[test]
fn an_agent_leaving_a_setsid_process_on_the_terminal_ends_within_the_grace() {
    let agents = FakeAgents::new();
    let pidfile = agents.dir().join("daemon.pid");
    let leaver = agents.script(
        "leaver",
        &format!(
            "setsid sh -c 'trap \"\" TERM; echo $$ > {}; while :; do echo serving; sleep 1; done' &\n\
             sleep 0.5\necho done\nexit 0",
            pidfile.display()
        ),
    );
    let dir = tempfile::tempdir().expect("dir");
    let log = dir.path().join("output.log");
    let limits = Limits {
        log_path: Some(log.clone()),
        tree_record: Some(dir.path().join("processes")),
        ..limits(Some(Duration::from_secs(60)), None)
    };
    let started = Instant::now();
    let out =
        pty::run(&spec(leaver, &[], None), &limits, &CancelToken::new(), |_| {}).expect("run");
    let took = started.elapsed();
    let daemon = pid_from(&pidfile);
    assert_eq!((out.stop, out.exit_code), (Stop::Exited, Some(0)));
    assert!(took < Duration::from_secs(6), "the run took {took:?}");
    assert!(out.survivors.is_empty(), "{:?}", out.survivors);
    assert!(out.left_behind.iter().any(|m| m.pid == daemon), "{:?}", out.left_behind);
    assert!(
        !std::path::Path::new(&format!("/proc/{daemon}")).exists(),
        "not stopped and reaped: {:?}",
        std::fs::read_to_string(format!("/proc/{daemon}/stat"))
    );
    let logged = std::fs::read_to_string(&log).expect("log");
    assert!(logged.contains(&format!("stopped: {daemon} (sh)")), "{logged}");
    let record = std::fs::read_to_string(dir.path().join("processes")).expect("record");
    assert!(record.lines().any(|l| l.starts_with(&format!("{daemon} "))), "{record}");
}

/// Issue 10, point 2: timeout and cancel stop a run whose agent is alive and has a double-forked daemon
/// (re-parented away from the agent, in its own session): nothing survives.
#[test]
fn timeout_and_cancel_stop_double_forked_daemons_too() {
    let agents = FakeAgents::new();
    for cancel_it in [false, true] {
        let pidfile = agents.dir().join(format!("daemon-{cancel_it}.pid"));
        let agent = agents.script(
            &format!("forker-{cancel_it}"),
            &format!(
                "(setsid sh -c 'echo $$ > {}; exec sleep 300' &)\nsleep 300",
                pidfile.display()
            ),
        );
        let cancel = CancelToken::new();
        let timeout = if cancel_it { None } else { Some(Duration::from_secs(1)) };
        if cancel_it {
            let token = cancel.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_secs(1));
                token.cancel();
            });
        }
        let started = Instant::now();
        let out = pty::run(&spec(agent, &[], None), &limits(timeout, None), &cancel, |_| {})
            .expect("run");
        let daemon = pid_from(&pidfile);
        let expected = if cancel_it { Stop::Cancelled } else { Stop::TimedOut };
        assert_eq!(out.stop, expected);
        assert!(started.elapsed() < Duration::from_secs(6), "{:?}", started.elapsed());
        assert!(out.survivors.is_empty(), "{:?}", out.survivors);
        assert!(!alive(daemon), "the double-forked daemon {daemon} escaped");
    }
}
