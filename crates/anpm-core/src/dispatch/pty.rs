//! Running one agent CLI in a pseudo-terminal inside the safety boundary.
//!
//! The child runs in its own session (so its process group is its pid), with an explicit environment and
//! the repository as its working directory. One reader thread drains the PTY and is the only place output is
//! captured: up to the cap in memory and in the attempt's log file, with everything past the cap counted and
//! dropped, so a slow consumer can never block the child. Live chunks go to the caller through a bounded
//! channel; when the caller falls behind, chunks for the live view are dropped and counted, never the capture.
//!
//! Stopping is a ladder on every process of the run ([`super::tree`]: the group, and whatever left it):
//! SIGTERM, a grace period, SIGKILL, then a check that none is left, with survivors reported by pid. The
//! ladder runs on timeout, on cancel, and when the agent exits while processes it started linger (a dev
//! server still holding the terminal must not keep the run open); those are named in the log.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::Signal;
use portable_pty::{native_pty_system, CommandBuilder, PtySize};

use super::tree::{self, Member, Tree};
use crate::{Error, Result};

/// Default grace between SIGTERM and SIGKILL.
pub const DEFAULT_GRACE: Duration = Duration::from_secs(5);

/// How often the supervising loop checks the child, the clock and the cancel flag.
const TICK: Duration = Duration::from_millis(5);

/// Live chunks buffered for the caller; past them, bytes are coalesced in the reader.
const LIVE_CHANNEL: usize = 64;

/// Live bytes the reader holds for a caller that has fallen behind before it drops them from the live view.
const LIVE_BACKLOG: usize = 1024 * 1024;

/// How often the run's processes are looked for while the agent runs.
const SCAN_EVERY: Duration = Duration::from_secs(1);

/// How long the output reader may take to see the terminal close once every process of the run is gone.
const READER_SETTLE: Duration = Duration::from_secs(1);

/// What to run.
#[derive(Debug, Clone)]
pub struct SpawnSpec {
    pub program: PathBuf,
    pub args: Vec<String>,
    pub cwd: PathBuf,
    /// The complete environment of the child; nothing is inherited.
    pub env: Vec<(String, String)>,
    /// A file the child reads as its standard input (the prompt), or `None` for an empty stdin.
    pub stdin: Option<PathBuf>,
}

/// The safety limits of one run.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Wall-clock budget; `None` runs without one.
    pub timeout: Option<Duration>,
    /// Time between SIGTERM and SIGKILL.
    pub grace: Duration,
    /// Bytes of output kept; `None` keeps everything.
    pub output_cap: Option<usize>,
    /// Where the captured output is written as it arrives.
    pub log_path: Option<PathBuf>,
    /// Where the run's processes are recorded as they are found, for recovery after a crash.
    pub tree_record: Option<PathBuf>,
}

/// Asks a running child to stop (the operator's cancel).
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicU8>);

/// Why a token was set: the operator cancelled, or anpm is shutting down (the run is interrupted).
const OPERATOR: u8 = 1;
const SHUTDOWN: u8 = 2;

impl CancelToken {
    pub fn new() -> Self {
        Self::default()
    }

    /// The operator cancels the run.
    pub fn cancel(&self) {
        let _ = self.0.compare_exchange(0, OPERATOR, Ordering::SeqCst, Ordering::SeqCst);
    }

    /// anpm is shutting down: the run is stopped the same way, and recorded as interrupted.
    pub fn interrupt(&self) {
        let _ = self.0.compare_exchange(0, SHUTDOWN, Ordering::SeqCst, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst) != 0
    }

    /// True when the stop came from a shutdown rather than the operator.
    pub fn is_interrupted(&self) -> bool {
        self.0.load(Ordering::SeqCst) == SHUTDOWN
    }
}

/// Why the ladder was climbed, if it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The child exited by itself.
    Exited,
    /// The wall-clock budget ran out.
    TimedOut,
    /// The operator cancelled.
    Cancelled,
}

/// How a run ended.
#[derive(Debug, Clone)]
pub struct RunOutcome {
    pub pid: i32,
    pub stop: Stop,
    pub exit_code: Option<i32>,
    pub signal: Option<i32>,
    /// Captured output (at most the cap).
    pub output: Vec<u8>,
    /// Every byte the child wrote, captured or not.
    pub output_bytes: u64,
    /// True when bytes past the cap were dropped.
    pub truncated: bool,
    /// Live chunks the caller did not take in time (the capture is unaffected).
    pub live_dropped: u64,
    /// Processes of the run still alive after SIGKILL (should be empty).
    pub survivors: Vec<i32>,
    /// Processes the agent left running when it exited, which anpm then stopped.
    pub left_behind: Vec<Member>,
    pub duration: Duration,
}

/// Bytes kept up to a cap; bytes past it are counted and dropped. A cap of `None` keeps everything.
#[derive(Debug)]
pub struct BoundedCapture {
    cap: Option<usize>,
    kept: Vec<u8>,
    seen: u64,
}

impl BoundedCapture {
    pub fn new(cap: Option<usize>) -> Self {
        Self { cap, kept: Vec::new(), seen: 0 }
    }

    /// Takes `bytes`, returning the part that was kept. Always accepts the whole chunk.
    pub fn write<'a>(&mut self, bytes: &'a [u8]) -> &'a [u8] {
        self.seen += bytes.len() as u64;
        let room = match self.cap {
            Some(cap) => cap.saturating_sub(self.kept.len()),
            None => bytes.len(),
        };
        let kept = &bytes[..room.min(bytes.len())];
        self.kept.extend_from_slice(kept);
        kept
    }

    pub fn truncated(&self) -> bool {
        self.seen > self.kept.len() as u64
    }

    pub fn seen(&self) -> u64 {
        self.seen
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.kept
    }
}

/// Runs `spec` under `limits`, handing each output chunk to `on_output` as it arrives.
pub fn run(
    spec: &SpawnSpec,
    limits: &Limits,
    cancel: &CancelToken,
    on_output: impl FnMut(&[u8]),
) -> Result<RunOutcome> {
    run_with(spec, limits, cancel, |_| {}, on_output)
}

/// Like [`run`], calling `on_start` with the child's pid (= its process group) as soon as it runs, so the
/// caller can record it for crash recovery before any output arrives.
pub fn run_with(
    spec: &SpawnSpec,
    limits: &Limits,
    cancel: &CancelToken,
    on_start: impl FnOnce(i32),
    mut on_output: impl FnMut(&[u8]),
) -> Result<RunOutcome> {
    let started = Instant::now();
    let pty = native_pty_system()
        .openpty(PtySize { rows: 50, cols: 200, pixel_width: 0, pixel_height: 0 })
        .map_err(|e| pty_error("opening a pseudo-terminal", e))?;

    // The child reads its prompt from a file: wrap it in `sh -c 'exec … < file'` so that stdin is the file
    // while stdout and stderr stay on the terminal. `exec` keeps the child's pid, and so its group.
    let stdin = spec.stdin.clone().unwrap_or_else(|| PathBuf::from("/dev/null"));
    let mut command = CommandBuilder::new("/bin/sh");
    command.arg("-c");
    command.arg("exec \"$0\" \"$@\" < \"$ANPM_STDIN\"");
    command.arg(&spec.program);
    for arg in &spec.args {
        command.arg(arg);
    }
    command.cwd(&spec.cwd);
    command.env_clear();
    for (key, value) in &spec.env {
        command.env(key, value);
    }
    command.env("ANPM_STDIN", &stdin);
    // Every process the agent starts inherits the tag, which is how one that escaped is still recognised.
    let tag = uuid::Uuid::new_v4().to_string();
    command.env(tree::TAG_VAR, &tag);
    tree::become_subreaper();

    let mut child =
        pty.slave.spawn_command(command).map_err(|e| pty_error("starting the agent", e))?;
    // The parent must not hold the slave side, or the reader never sees end-of-file.
    drop(pty.slave);
    let pid = child
        .process_id()
        .map(|p| p as i32)
        .ok_or_else(|| Error::io("starting the agent", std::io::Error::other("no pid")))?;
    let mut reader =
        pty.master.try_clone_reader().map_err(|e| pty_error("reading the pseudo-terminal", e))?;
    let mut processes = Tree::new(pid, tag);
    if let Some(path) = &limits.tree_record {
        processes.record(path);
    }
    on_start(pid);

    let capture = Arc::new(Mutex::new(BoundedCapture::new(limits.output_cap)));
    let live_dropped = Arc::new(AtomicU64::new(0));
    let (live_tx, live_rx) = sync_channel::<Vec<u8>>(LIVE_CHANNEL);
    // Unbuffered: every chunk is one write, so the log is complete even if the reader is left waiting on
    // a terminal that something unknown still holds.
    let mut log = match &limits.log_path {
        // Appended: a workspace's setup command writes the first lines of an attempt's log.
        Some(path) => Some(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| Error::io(format!("creating {}", path.display()), e))?,
        ),
        None => None,
    };
    let reader_capture = Arc::clone(&capture);
    let reader_dropped = Arc::clone(&live_dropped);
    let reader_thread = std::thread::Builder::new()
        .name(format!("anpm-pty-{pid}"))
        .spawn(move || {
            let mut buf = vec![0u8; 64 * 1024];
            // Live bytes not yet taken by the caller: coalesced while the channel is full, so a fast agent
            // costs one hand-over per tick rather than one per read, up to a backlog past which they are
            // dropped from the live view (never from the capture).
            let mut pending: Vec<u8> = Vec::new();
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let chunk = &buf[..n];
                let kept =
                    reader_capture.lock().unwrap_or_else(|p| p.into_inner()).write(chunk).len();
                if let Some(log) = log.as_mut() {
                    // A full disk must not stop the child; the in-memory capture still has the bytes.
                    let _ = log.write_all(&chunk[..kept]);
                }
                pending.extend_from_slice(chunk);
                match live_tx.try_send(std::mem::take(&mut pending)) {
                    Ok(()) => {}
                    Err(TrySendError::Full(back)) => {
                        pending = back;
                        if pending.len() > LIVE_BACKLOG {
                            reader_dropped.fetch_add(1, Ordering::Relaxed);
                            pending.clear();
                        }
                    }
                    Err(TrySendError::Disconnected(_)) => pending.clear(),
                }
            }
            // The tail (often the line that says what went wrong) is worth a short wait for room.
            let until = Instant::now() + Duration::from_millis(200);
            while !pending.is_empty() {
                match live_tx.try_send(std::mem::take(&mut pending)) {
                    Ok(()) | Err(TrySendError::Disconnected(_)) => break,
                    Err(TrySendError::Full(back)) if Instant::now() < until => {
                        pending = back;
                        std::thread::sleep(Duration::from_millis(2));
                    }
                    Err(TrySendError::Full(_)) => {
                        reader_dropped.fetch_add(1, Ordering::Relaxed);
                        break;
                    }
                }
            }
        })
        .map_err(|e| Error::io("starting the output reader", e))?;

    // `checked_add`: a budget too large for the clock is no budget, never a panic.
    let deadline = limits.timeout.and_then(|t| started.checked_add(t));
    let mut stop = Stop::Exited;
    let mut exit_status = None;
    let mut last_scan = Instant::now();
    loop {
        drain(&live_rx, &mut on_output, TICK);
        if let Some(status) = child.try_wait().map_err(|e| Error::io("waiting for the agent", e))? {
            exit_status = Some(status);
            break;
        }
        if cancel.is_cancelled() {
            stop = Stop::Cancelled;
            break;
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            stop = Stop::TimedOut;
            break;
        }
        if last_scan.elapsed() >= SCAN_EVERY {
            last_scan = Instant::now();
            if processes.scan() {
                if let Some(path) = &limits.tree_record {
                    processes.record(path);
                }
            }
        }
    }
    if processes.scan() {
        if let Some(path) = &limits.tree_record {
            processes.record(path);
        }
    }
    let left_behind = if stop == Stop::Exited { processes.descendants() } else { Vec::new() };
    let survivors = if stop != Stop::Exited || !left_behind.is_empty() {
        processes
            .stop(limits.grace, || child.try_wait().ok().flatten().is_some())
            .into_iter()
            .map(|m| m.pid)
            .collect()
    } else {
        Vec::new()
    };
    let status = match exit_status {
        Some(status) => status,
        None => child.wait().map_err(|e| Error::io("reaping the agent", e))?,
    };
    // Every process of the run is gone, so the terminal hangs up and the reader ends. Something anpm could
    // not attribute may still hold it: the reader is then left to finish on its own, and the run ends anyway.
    drop(pty.master);
    let settle = Instant::now() + READER_SETTLE;
    while !reader_thread.is_finished() && Instant::now() < settle {
        drain(&live_rx, &mut on_output, Duration::from_millis(10));
    }
    if reader_thread.is_finished() {
        let _ = reader_thread.join();
    } else {
        tracing::warn!(pid, "an unknown process still holds the agent's terminal; its output is no longer read");
    }
    drain_all(&live_rx, &mut on_output);
    if !left_behind.is_empty() {
        let names: Vec<String> =
            left_behind.iter().map(|m| format!("{} ({})", m.pid, m.name)).collect();
        tracing::warn!(pid, left_behind = %names.join(", "), "stopped processes the agent left running");
        if let Some(path) = &limits.log_path {
            let note = format!(
                "\r\n[anpm] the agent exited and left {} process(es) running; stopped: {}\r\n",
                names.len(),
                names.join(", ")
            );
            let _ = std::fs::OpenOptions::new()
                .append(true)
                .open(path)
                .and_then(|mut f| f.write_all(note.as_bytes()));
        }
    }

    let capture =
        Arc::try_unwrap(capture).map(|m| m.into_inner().unwrap_or_else(|p| p.into_inner()));
    let capture = capture.unwrap_or_else(|shared| {
        let mut guard = shared.lock().unwrap_or_else(|p| p.into_inner());
        std::mem::replace(&mut *guard, BoundedCapture::new(None))
    });
    let (code, signal) = decode_status(&status);
    Ok(RunOutcome {
        pid,
        stop,
        exit_code: code,
        signal,
        output_bytes: capture.seen(),
        truncated: capture.truncated(),
        output: capture.into_bytes(),
        live_dropped: live_dropped.load(Ordering::Relaxed),
        survivors,
        left_behind,
        duration: started.elapsed(),
    })
}

/// Hands pending live chunks to the caller, waiting at most `wait` for the first.
/// Hands pending live chunks to the caller after `wait`. Sleeping rather than blocking on the channel means
/// the reader never has to wake this thread: at high output rates that wake-up per read, not the copying,
/// is what the capture would pay for.
fn drain(rx: &Receiver<Vec<u8>>, on_output: &mut impl FnMut(&[u8]), wait: Duration) {
    std::thread::sleep(wait);
    while let Ok(chunk) = rx.try_recv() {
        on_output(&chunk);
    }
}

fn drain_all(rx: &Receiver<Vec<u8>>, on_output: &mut impl FnMut(&[u8])) {
    while let Ok(chunk) = rx.try_recv() {
        on_output(&chunk);
    }
}

/// portable-pty reports exit codes only; a death by signal shows as 128 + signal from the wrapping shell's
/// point of view, or as a failure with no code.
fn decode_status(status: &portable_pty::ExitStatus) -> (Option<i32>, Option<i32>) {
    let code = status.exit_code() as i32;
    if let Some(name) = status.signal() {
        let signal = signal_number(name);
        return (None, signal);
    }
    (Some(code), None)
}

/// The number of a signal named the way portable-pty reports it (the C library's description, such as
/// "Segmentation fault", or an abbreviation such as "SIGTERM").
fn signal_number(name: &str) -> Option<i32> {
    let name = name.trim().to_uppercase();
    let short = name.strip_prefix("SIG").unwrap_or(&name);
    [
        (Signal::SIGTERM, "TERM", "TERMINATED"),
        (Signal::SIGKILL, "KILL", "KILLED"),
        (Signal::SIGINT, "INT", "INTERRUPT"),
        (Signal::SIGHUP, "HUP", "HANGUP"),
        (Signal::SIGQUIT, "QUIT", "QUIT"),
        (Signal::SIGSEGV, "SEGV", "SEGMENTATION FAULT"),
        (Signal::SIGABRT, "ABRT", "ABORTED"),
        (Signal::SIGBUS, "BUS", "BUS ERROR"),
        (Signal::SIGILL, "ILL", "ILLEGAL INSTRUCTION"),
        (Signal::SIGFPE, "FPE", "FLOATING POINT EXCEPTION"),
        (Signal::SIGPIPE, "PIPE", "BROKEN PIPE"),
        (Signal::SIGALRM, "ALRM", "ALARM CLOCK"),
        (Signal::SIGUSR1, "USR1", "USER DEFINED SIGNAL 1"),
        (Signal::SIGUSR2, "USR2", "USER DEFINED SIGNAL 2"),
    ]
    .into_iter()
    .find(|(_, abbreviation, description)| short == *abbreviation || name.starts_with(description))
    .map(|(signal, _, _)| signal as i32)
}

/// Live (non-zombie) processes whose process group is `pgid` (tests check that none is left).
#[cfg(any(test, feature = "testing"))]
pub fn group_members(pgid: i32) -> Vec<i32> {
    tree::snapshot()
        .into_values()
        .filter(|p| p.pgrp == pgid && p.state != 'Z' && p.state != 'X')
        .map(|p| p.pid)
        .collect()
}

/// The kernel start time (clock ticks since boot) of `pid`, which tells a live process from a later one
/// that reused its pid.
pub fn start_ticks(pid: i32) -> Option<i64> {
    tree::read_proc(pid).map(|p| p.start)
}

fn pty_error(context: &str, e: impl std::fmt::Display) -> Error {
    Error::io(context.to_owned(), std::io::Error::other(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_capture_under_and_at_the_cap() {
        let mut under = BoundedCapture::new(Some(100));
        assert_eq!(under.write(b"hello"), b"hello");
        assert!(!under.truncated());
        assert_eq!(under.into_bytes(), b"hello");

        let mut at = BoundedCapture::new(Some(5));
        assert_eq!(at.write(b"hellobye"), b"hello");
        assert!(at.truncated());
        assert_eq!(at.write(b"more"), b"");
        assert_eq!(at.seen(), 12);
        assert_eq!(at.into_bytes(), b"hello");
    }

    #[test]
    fn no_cap_keeps_everything() {
        let mut all = BoundedCapture::new(None);
        let ten_mb = vec![b'x'; 10 * 1024 * 1024];
        all.write(&ten_mb);
        assert!(!all.truncated());
        assert_eq!(all.into_bytes().len(), ten_mb.len());
    }
}
