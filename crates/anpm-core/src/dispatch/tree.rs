//! The processes of one agent run, found wherever they went, and stopped together.
//!
//! An agent's tools start processes that leave its process group: `setsid`, daemons, dev servers. On
//! Linux anpm is a child subreaper, so such a process, once its parent exits, is re-parented to anpm rather
//! than to init, and the run's [`Tree`] still finds it: every process whose parent chain reaches the agent
//! or a process already known to belong to the run, every member of the agent's process group or session,
//! and every orphan (a child of anpm or of init) whose environment carries the run's tag. Members are known
//! by pid *and* kernel start time, so a pid reused by an unrelated process is never signalled. The set is
//! written to a small record file as it changes, so recovery after a crash can stop the survivors even
//! when the agent itself is long gone. Elsewhere (macOS) only the process group is tracked.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, killpg, Signal};
use nix::unistd::Pid;

/// The environment variable that carries a run's tag into every process it starts.
pub const TAG_VAR: &str = "ANPM_RUN_TAG";

/// One process, as `/proc/<pid>/stat` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proc {
    pub pid: i32,
    pub ppid: i32,
    pub pgrp: i32,
    pub session: i32,
    pub state: char,
    /// Clock ticks since boot at which the process started: with the pid, its identity.
    pub start: i64,
}

impl Proc {
    fn live(&self) -> bool {
        self.state != 'Z' && self.state != 'X'
    }
}

/// A process that belongs to a run: its pid, start time and command name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub pid: i32,
    pub start: i64,
    pub name: String,
}

/// Makes this process the child subreaper of everything it starts, once. A no-op where unsupported.
pub fn become_subreaper() {
    #[cfg(target_os = "linux")]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            if let Err(e) = nix::sys::prctl::set_child_subreaper(true) {
                tracing::warn!(error = %e, "cannot become a child subreaper; escaped agent processes are found by tag only");
            }
        });
    }
}

/// Every process on the machine, keyed by pid.
pub fn snapshot() -> HashMap<i32, Proc> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return HashMap::new() };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
        .filter_map(read_proc)
        .map(|p| (p.pid, p))
        .collect()
}

/// `/proc/<pid>/stat` of one process.
pub fn read_proc(pid: i32) -> Option<Proc> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name is in parentheses and may contain spaces; the fields resume after the last ')'.
    let mut fields = stat[stat.rfind(')')? + 2..].split_whitespace();
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    let pgrp = fields.next()?.parse().ok()?;
    let session = fields.next()?.parse().ok()?;
    // Field 22 overall; the session was field 6.
    let start = fields.nth(15)?.parse().ok()?;
    Some(Proc { pid, ppid, pgrp, session, state, start })
}

/// The command name of `pid` (`/proc/<pid>/comm`), for the log.
fn name_of(pid: i32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|_| "?".into())
}

/// True when `pid`'s environment holds `ANPM_RUN_TAG=<tag>`.
fn carries_tag(pid: i32, tag: &str) -> bool {
    let Ok(environ) = std::fs::read(format!("/proc/{pid}/environ")) else { return false };
    let wanted = format!("{TAG_VAR}={tag}");
    environ.split(|b| *b == 0).any(|entry| entry == wanted.as_bytes())
}

/// The processes of one run.
#[derive(Debug)]
pub struct Tree {
    /// The agent: its pid is also its process group and session.
    root: i32,
    tag: String,
    /// Members seen so far, pid → start time; a pid whose start time changed is another process.
    known: BTreeMap<i32, (i64, String)>,
    /// Orphans already found without the tag (pid, start): their environment is not read again.
    strangers: HashSet<(i32, i64)>,
    /// Members already sent SIGTERM (pid, start): a second one can cut a graceful exit short.
    asked: HashSet<(i32, i64)>,
    me: i32,
}

impl Tree {
    pub fn new(root: i32, tag: impl Into<String>) -> Self {
        Self {
            root,
            tag: tag.into(),
            known: BTreeMap::new(),
            strangers: HashSet::new(),
            asked: HashSet::new(),
            me: std::process::id() as i32,
        }
    }

    /// Rebuilds a tree from a record file written by [`Tree::record`] (for recovery), or `None`.
    pub fn from_record(path: &Path) -> Option<Self> {
        let text = std::fs::read_to_string(path).ok()?;
        let mut lines = text.lines();
        let mut head = lines.next()?.split_whitespace();
        let (root, tag) = (head.next()?.parse().ok()?, head.next()?.to_owned());
        let mut tree = Self::new(root, tag);
        for line in lines {
            let mut parts = line.splitn(3, ' ');
            if let (Some(pid), Some(start)) = (parts.next(), parts.next()) {
                if let (Ok(pid), Ok(start)) = (pid.parse(), start.parse()) {
                    tree.known.insert(pid, (start, parts.next().unwrap_or("?").to_owned()));
                }
            }
        }
        Some(tree)
    }

    /// Writes the root, the tag and every member seen so far (written whole to a temporary file and renamed,
    /// so a crash never leaves half a record).
    pub fn record(&self, path: &Path) {
        let mut text = format!("{} {}\n", self.root, self.tag);
        for (pid, (start, name)) in &self.known {
            text.push_str(&format!("{pid} {start} {name}\n"));
        }
        let temp = path.with_extension("tmp");
        if std::fs::write(&temp, text).and_then(|()| std::fs::rename(&temp, path)).is_err() {
            tracing::warn!(path = %path.display(), "cannot record an agent's processes");
        }
    }

    /// Looks at every process and adds the run's new members; true when the set grew.
    pub fn scan(&mut self) -> bool {
        self.scan_in(&snapshot())
    }

    fn scan_in(&mut self, procs: &HashMap<i32, Proc>) -> bool {
        let before = self.known.len();
        // A known pid now held by a different process is forgotten, not followed.
        self.known.retain(|pid, (start, _)| procs.get(pid).is_none_or(|p| p.start == *start));
        let mut verdicts: HashMap<i32, bool> = HashMap::new();
        for proc in procs.values() {
            if proc.pid == self.me || !proc.live() {
                continue;
            }
            if self.belongs(proc.pid, procs, &mut verdicts) && !self.known.contains_key(&proc.pid) {
                self.known.insert(proc.pid, (proc.start, name_of(proc.pid)));
            }
        }
        self.known.len() != before
    }

    /// Whether `pid` belongs to the run: by descent, by group or session, or by tag if orphaned.
    fn belongs(&mut self, pid: i32, procs: &HashMap<i32, Proc>, seen: &mut HashMap<i32, bool>) -> bool {
        // Walk up the parent chain; every process on the way shares the answer.
        let mut chain = Vec::new();
        let mut at = pid;
        let answer = loop {
            if let Some(known) = seen.get(&at) {
                break *known;
            }
            let Some(proc) = procs.get(&at) else { break false };
            chain.push(at);
            if proc.pid == self.root
                || proc.pgrp == self.root
                || proc.session == self.root
                || self.known.get(&proc.pid).is_some_and(|(start, _)| *start == proc.start)
            {
                break true;
            }
            if proc.ppid == self.me || proc.ppid <= 1 {
                // An orphan (re-parented to anpm as subreaper, or to init): only its tag can tell.
                if self.strangers.contains(&(proc.pid, proc.start)) {
                    break false;
                }
                let tagged = carries_tag(proc.pid, &self.tag);
                if !tagged {
                    self.strangers.insert((proc.pid, proc.start));
                }
                break tagged;
            }
            if chain.len() > 4096 {
                break false;
            }
            at = proc.ppid;
        };
        for pid in chain {
            seen.insert(pid, answer);
        }
        answer
    }

    /// Members alive now (same pid, same start time), the agent itself included if alive.
    pub fn alive(&self) -> Vec<Member> {
        self.known
            .iter()
            .filter(|(pid, (start, _))| {
                read_proc(**pid).is_some_and(|p| p.live() && p.start == *start)
            })
            .map(|(pid, (start, name))| Member { pid: *pid, start: *start, name: name.clone() })
            .collect()
    }

    /// Members other than the agent.
    pub fn descendants(&self) -> Vec<Member> {
        self.alive().into_iter().filter(|m| m.pid != self.root).collect()
    }

    fn signal(&self, signal: Signal) {
        let _ = killpg(Pid::from_raw(self.root), signal);
        for member in self.alive() {
            let _ = kill(Pid::from_raw(member.pid), signal);
        }
    }

    /// SIGTERM to the group once and to each member not asked before (a process forked since).
    fn ask_to_stop(&mut self) {
        if self.asked.is_empty() {
            let _ = killpg(Pid::from_raw(self.root), Signal::SIGTERM);
        }
        for member in self.alive() {
            if self.asked.insert((member.pid, member.start)) {
                let _ = kill(Pid::from_raw(member.pid), Signal::SIGTERM);
            }
        }
    }

    /// Collects members that died as anpm's children (re-parented orphans), so no zombie is left behind.
    /// The agent itself is reaped by whoever spawned it.
    fn reap(&self) {
        for pid in self.known.keys().filter(|pid| **pid != self.root) {
            if read_proc(*pid).is_some_and(|p| p.ppid == self.me && !p.live()) {
                let _ = nix::sys::wait::waitpid(
                    Pid::from_raw(*pid),
                    Some(nix::sys::wait::WaitPidFlag::WNOHANG),
                );
            }
        }
    }

    /// The ladder on every member at once: SIGTERM, up to `grace` for all to go (new forks are found and
    /// signalled too), SIGKILL, then the members still alive (should be none).
    pub fn stop(&mut self, grace: Duration, mut leader_exited: impl FnMut() -> bool) -> Vec<Member> {
        stop_all(std::slice::from_mut(self), grace, &mut leader_exited)
    }
}

/// Stops several trees in parallel: one ladder over all of them, so N trees cost one grace period, not N.
pub fn stop_all(
    trees: &mut [Tree],
    grace: Duration,
    leader_exited: &mut dyn FnMut() -> bool,
) -> Vec<Member> {
    let rescan = |trees: &mut [Tree]| {
        let procs = snapshot();
        for tree in trees.iter_mut() {
            tree.scan_in(&procs);
            tree.reap();
        }
    };
    rescan(trees);
    trees.iter_mut().for_each(Tree::ask_to_stop);
    let deadline = Instant::now().checked_add(grace).unwrap_or_else(Instant::now);
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
        let leader_done = leader_exited();
        rescan(trees);
        if leader_done && trees.iter().all(|t| t.alive().is_empty()) {
            trees.iter().for_each(Tree::reap);
            return Vec::new();
        }
        // A process forked after the first signal gets its own, once.
        trees.iter_mut().for_each(Tree::ask_to_stop);
    }
    let settle = Instant::now() + Duration::from_secs(2);
    loop {
        trees.iter().for_each(|t| t.signal(Signal::SIGKILL));
        std::thread::sleep(Duration::from_millis(10));
        leader_exited();
        rescan(trees);
        let left: Vec<Member> = trees.iter().flat_map(Tree::alive).collect();
        if left.is_empty() || Instant::now() >= settle {
            trees.iter().for_each(Tree::reap);
            return left;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proc(pid: i32, ppid: i32, pgrp: i32, session: i32) -> Proc {
        Proc { pid, ppid, pgrp, session, state: 'S', start: 1000 + pid as i64 }
    }

    #[test]
    fn members_by_descent_group_and_session_never_strangers() {
        let me = std::process::id() as i32;
        let procs: HashMap<i32, Proc> = [
            proc(100, me, 100, 100),   // the agent
            proc(101, 100, 100, 100),  // its child
            proc(102, 101, 102, 102),  // a grandchild that called setsid
            proc(103, 102, 102, 102),  // its child, by descent
            proc(200, 1, 200, 200),    // a stranger re-parented to init, without the tag
            proc(201, 200, 200, 200),  // the stranger's child
        ]
        .into_iter()
        .map(|p| (p.pid, p))
        .collect();
        let mut tree = Tree { me, ..Tree::new(100, "no-such-tag") };
        assert!(tree.scan_in(&procs));
        assert_eq!(tree.known.keys().copied().collect::<Vec<_>>(), [100, 101, 102, 103]);

        // The setsid grandchild's parent exits: it is re-parented to anpm and still known (by pid + start).
        let mut later = procs.clone();
        later.remove(&101);
        later.insert(102, Proc { ppid: me, ..procs[&102] });
        assert!(!tree.scan_in(&later));
        assert!(tree.known.contains_key(&102));

        // Its pid reused by another process (another start time): forgotten, not followed.
        later.insert(102, Proc { start: 9, ppid: 1, ..procs[&102] });
        tree.scan_in(&later);
        assert!(!tree.known.contains_key(&102));
    }

    #[test]
    fn a_record_round_trips() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("processes");
        let mut tree = Tree::new(100, "tag-1");
        tree.known.insert(100, (5, "agent".into()));
        tree.known.insert(102, (7, "node server".into()));
        tree.record(&path);
        let back = Tree::from_record(&path).expect("record");
        assert_eq!(back.root, 100);
        assert_eq!(back.tag, "tag-1");
        assert_eq!(back.known, tree.known);
    }
}
