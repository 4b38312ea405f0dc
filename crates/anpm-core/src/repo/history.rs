//! A repository's history as data for the sync: which branch to scan (with a repair hint when the
//! configured one is gone), the files changed on it since an instant (renames under their new path), the
//! tracked files, and when each of some files last changed. Every answer comes from one `git` process
//! read as it streams, so a 50,000-commit window costs about what `git log` itself costs.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::Stdio;

use super::git_command;
use crate::domain::{ChangeType, Timestamp};
use crate::{Error, Result};

/// One distinct changed path in a scan window, under its newest name, with the change git reported for
/// it most recently; `renamed_from` holds the old path of a rename.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathChange {
    pub path: String,
    pub change_type: ChangeType,
    pub renamed_from: Option<String>,
}

/// What a scan found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    /// The commit the scan reached (the branch's head), '' for an empty repository.
    pub head: String,
    pub commits: u64,
    /// Each changed path once, in the order git first reported it (newest commit first).
    pub changes: Vec<PathChange>,
}

/// Why a branch could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BranchProblem {
    /// The configured branch does not exist; `detected` is what the repository's default looks like.
    Missing { configured: String, detected: String },
}

/// Whether the repository has no commit at all.
pub fn is_empty(root: &Path) -> Result<bool> {
    Ok(run(root, &["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])?.is_none())
}

/// The branch the sync scans: `configured` when set and present; else the detected default (`origin/HEAD`,
/// then the checked-out branch); else `HEAD` (a detached checkout).
pub fn resolve_branch(root: &Path, configured: &str) -> Result<std::result::Result<String, BranchProblem>> {
    let detected = detect_branch(root)?;
    let configured = configured.trim();
    if configured.is_empty() {
        return Ok(Ok(detected));
    }
    let exists = run(root, &["rev-parse", "--verify", "--quiet", &format!("{configured}^{{commit}}")])?
        .is_some();
    if exists {
        Ok(Ok(configured.to_owned()))
    } else {
        Ok(Err(BranchProblem::Missing { configured: configured.to_owned(), detected }))
    }
}

fn detect_branch(root: &Path) -> Result<String> {
    if let Some(remote) = run(root, &["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"])? {
        let remote = remote.trim();
        if run(root, &["rev-parse", "--verify", "--quiet", &format!("{remote}^{{commit}}")])?.is_some() {
            return Ok(remote.strip_prefix("origin/").unwrap_or(remote).to_owned());
        }
    }
    if let Some(head) = run(root, &["symbolic-ref", "--quiet", "--short", "HEAD"])? {
        return Ok(head.trim().to_owned());
    }
    Ok("HEAD".to_owned())
}

/// The commits on `branch` after `after` (the head the previous scan reached) when that commit is still
/// one of its ancestors, else those committed after `since`; and every path they added, modified, deleted
/// or renamed.
pub fn changes_since(root: &Path, branch: &str, after: Option<&str>, since: Timestamp) -> Result<Scan> {
    let head = run(root, &["rev-parse", "--verify", "--quiet", &format!("{branch}^{{commit}}")])?
        .ok_or_else(|| git_failed(root, &["rev-parse", "--verify", branch]))?
        .trim()
        .to_owned();
    let continued = match after.filter(|a| !a.is_empty()) {
        Some(after) => run(root, &["merge-base", "--is-ancestor", after, &head])?.is_some().then_some(after),
        None => None,
    };
    let window: Vec<String> = match continued {
        Some(after) => vec![format!("{after}..{head}")],
        None => vec![format!("--since={since}"), head.clone()],
    };
    let window: Vec<&str> = window.iter().map(String::as_str).collect();
    let mut count_args = vec!["rev-list", "--count"];
    count_args.extend(&window);
    count_args.push("--");
    let commits = run(root, &count_args)?
        .ok_or_else(|| git_failed(root, &count_args))?
        .trim()
        .parse::<u64>()
        .map_err(|e| Error::Storage(format!("git rev-list printed no count: {e}")))?;
    if commits == 0 {
        return Ok(Scan { head, ..Scan::default() });
    }
    let mut child = git_command(root)
        .args(["log", "-z", "-M", "--name-status", "--diff-filter=ADMR", "--format="])
        .args(&window)
        .arg("--")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::io("running git log", e))?;
    let stdout = child.stdout.take().expect("invariant: stdout is piped");
    let mut stderr = child.stderr.take().expect("invariant: stderr is piped");
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let changes = parse_name_status(BufReader::with_capacity(1 << 16, stdout))?;
    let status = child.wait().map_err(|e| Error::io("waiting for git log", e))?;
    let errors = errors.join().unwrap_or_default();
    if !status.success() {
        return Err(Error::Conflict(format!("git log failed: {}", errors.trim())));
    }
    Ok(Scan { head, commits, changes })
}

/// Reads `git log -z --name-status --format=` output: records `STATUS\0path\0`, or `Rnnn\0old\0new\0`.
fn parse_name_status(mut reader: impl BufRead) -> Result<Vec<PathChange>> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut changes: Vec<PathChange> = Vec::new();
    let mut field = Vec::with_capacity(256);
    let next = |reader: &mut dyn BufRead, field: &mut Vec<u8>| -> Result<Option<String>> {
        field.clear();
        let n = reader.read_until(0, field).map_err(|e| Error::io("reading git log", e))?;
        if n == 0 {
            return Ok(None);
        }
        if field.last() == Some(&0) {
            field.pop();
        }
        Ok(Some(String::from_utf8_lossy(field).into_owned()))
    };
    while let Some(status) = next(&mut reader, &mut field)? {
        // Between commits git prints an empty line (a bare newline before the next status).
        let status = status.trim_start_matches('\n');
        if status.is_empty() {
            continue;
        }
        let change_type = match status.as_bytes()[0] {
            b'A' => ChangeType::Added,
            b'M' => ChangeType::Modified,
            b'D' => ChangeType::Deleted,
            b'R' => ChangeType::Renamed,
            _ => {
                // Another status (never asked for): skip its path.
                next(&mut reader, &mut field)?;
                continue;
            }
        };
        let Some(first) = next(&mut reader, &mut field)? else { break };
        let (path, renamed_from) = if change_type == ChangeType::Renamed {
            let Some(new) = next(&mut reader, &mut field)? else { break };
            (new, Some(first))
        } else {
            (first, None)
        };
        // Newest commits come first: the first report of a path is its latest state.
        if !seen.contains_key(&path) {
            seen.insert(path.clone(), changes.len());
            changes.push(PathChange { path, change_type, renamed_from });
        }
    }
    Ok(changes)
}

/// Every tracked file of the checkout, repository-relative.
pub fn tracked_files(root: &Path) -> Result<Vec<String>> {
    let out = git_command(root)
        .args(["ls-files", "-z", "--cached"])
        .output()
        .map_err(|e| Error::io("running git ls-files", e))?;
    if !out.status.success() {
        return Err(Error::Conflict(format!(
            "git ls-files failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out
        .stdout
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect())
}

/// The tracked files of work trees, read again only when a work tree's index file changed (git rewrites
/// it whenever the tracked set or a tracked file's stat changes), so a planning context does not spawn
/// git each time. A work tree whose `.git` is not a folder (a linked worktree) is always read afresh.
#[derive(Debug, Default)]
pub struct TrackedFiles {
    known: std::sync::Mutex<HashMap<std::path::PathBuf, Known>>,
}

/// A work tree's file list, and the index file's time it was read at.
type Known = (std::time::SystemTime, std::sync::Arc<Vec<String>>);

impl TrackedFiles {
    /// The tracked files of the work tree at `root`; none in a repository without an index yet.
    pub fn of(&self, root: &Path) -> Result<std::sync::Arc<Vec<String>>> {
        let git = root.join(".git");
        if !git.is_dir() {
            return Ok(std::sync::Arc::new(tracked_files(root)?));
        }
        let Ok(stamp) = git.join("index").metadata().and_then(|m| m.modified()) else {
            return Ok(std::sync::Arc::default());
        };
        if let Some((seen, files)) = self.known.lock().unwrap_or_else(|p| p.into_inner()).get(root) {
            if *seen == stamp {
                return Ok(std::sync::Arc::clone(files));
            }
        }
        let files = std::sync::Arc::new(tracked_files(root)?);
        self.known
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(root.to_path_buf(), (stamp, std::sync::Arc::clone(&files)));
        Ok(files)
    }
}

/// When each of `paths` last changed in the checked-out history (its newest commit's time). Paths never
/// committed are absent. One `git log` walk, stopped as soon as every path has been seen.
pub fn last_changed(root: &Path, paths: &[String]) -> Result<HashMap<String, Timestamp>> {
    let mut found = HashMap::new();
    if paths.is_empty() || is_empty(root)? {
        return Ok(found);
    }
    let wanted: HashSet<&str> = paths.iter().map(String::as_str).collect();
    let mut child = git_command(root)
        .args(["log", "-z", "--no-renames", "--name-only", "--format=%x01%cI", "HEAD", "--"])
        .args(paths)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Error::io("running git log", e))?;
    let stdout = child.stdout.take().expect("invariant: stdout is piped");
    let mut reader = BufReader::new(stdout);
    let mut field = Vec::new();
    let mut current: Option<Timestamp> = None;
    loop {
        field.clear();
        let n = reader.read_until(0, &mut field).map_err(|e| Error::io("reading git log", e))?;
        if n == 0 {
            break;
        }
        if field.last() == Some(&0) {
            field.pop();
        }
        let text = String::from_utf8_lossy(&field);
        let text = text.trim_start_matches('\n');
        // A commit header is "\x01<date>\n" followed (same field) by its first path.
        let rest = if let Some(header) = text.strip_prefix('\u{1}') {
            let (date, rest) = header.split_once('\n').unwrap_or((header, ""));
            current = date.trim().parse().ok();
            rest
        } else {
            text
        };
        let path = rest.trim_start_matches('\n');
        if path.is_empty() {
            continue;
        }
        if let (Some(at), true) = (current, wanted.contains(path)) {
            found.entry(path.to_owned()).or_insert(at);
            if found.len() == wanted.len() {
                break;
            }
        }
    }
    // Stopping early closes the pipe; git ends on SIGPIPE, which is expected here.
    drop(reader);
    let _ = child.kill();
    let _ = child.wait();
    Ok(found)
}

fn run(root: &Path, args: &[&str]) -> Result<Option<String>> {
    let out = git_command(root)
        .args(args)
        .output()
        .map_err(|e| Error::io("running git (is git installed and on PATH?)", e))?;
    Ok(out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned()))
}

fn git_failed(root: &Path, args: &[&str]) -> Error {
    let stderr = git_command(root)
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stderr).trim().to_owned())
        .unwrap_or_default();
    Error::Conflict(format!("git {} failed: {stderr}", args.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_status_keeps_the_newest_state_and_new_names() {
        let raw = b"M\0src/a.rs\0R087\0docs/old.md\0docs/new.md\0\nA\0src/a.rs\0D\0gone.txt\0";
        let changes = parse_name_status(&raw[..]).expect("parsed");
        assert_eq!(
            changes,
            [
                PathChange { path: "src/a.rs".into(), change_type: ChangeType::Modified, renamed_from: None },
                PathChange {
                    path: "docs/new.md".into(),
                    change_type: ChangeType::Renamed,
                    renamed_from: Some("docs/old.md".into())
                },
                PathChange { path: "gone.txt".into(), change_type: ChangeType::Deleted, renamed_from: None },
            ]
        );
    }
}
