//! A task's change as data: `git diff` between two commits, parsed into files, hunks and lines for the
//! review screen and `task diff --json`. Binary files and files past a size guard keep their counts but
//! carry no lines, so one generated file cannot make a review unreadable.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::worktree::{git, text};
use crate::Result;

/// Lines of one file past which its hunks are left out (its counts stay).
pub const MAX_FILE_LINES: usize = 5_000;

/// What happened to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FileChange {
    Added,
    Modified,
    Deleted,
    Renamed,
    Copied,
}

/// The kind of one line of a hunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Context,
    Added,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DiffLine {
    pub kind: LineKind,
    /// The line's number before the change (none for an added line).
    pub old_no: Option<u32>,
    /// The line's number after the change (none for a removed line).
    pub new_no: Option<u32>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Hunk {
    /// The `@@ … @@` line, with the function context git found.
    pub header: String,
    pub old_start: u32,
    pub old_lines: u32,
    pub new_start: u32,
    pub new_lines: u32,
    pub lines: Vec<DiffLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FileDiff {
    pub change: FileChange,
    /// The path before the change (none for an added file).
    pub old_path: Option<String>,
    /// The path after the change (none for a deleted file).
    pub new_path: Option<String>,
    pub additions: u32,
    pub deletions: u32,
    pub binary: bool,
    /// True when the file's lines were left out for size ([`MAX_FILE_LINES`]).
    pub too_large: bool,
    /// True when the hunks were left out of this answer to keep it small; ask for the file alone.
    pub hunks_omitted: bool,
    pub hunks: Vec<Hunk>,
}

impl FileDiff {
    /// The path to show: the new one, else the old one.
    pub fn path(&self) -> &str {
        self.new_path.as_deref().or(self.old_path.as_deref()).unwrap_or_default()
    }
}

/// Diffs kept in memory, newest last: a diff between two commits never changes, and the review screen asks
/// for the same one again (opening a task, unfolding its files).
const CACHED_DIFFS: usize = 8;
/// Changed lines past which a diff is not kept.
const CACHED_LINES: usize = 200_000;

type Cached = ((std::path::PathBuf, String, String), std::sync::Arc<Vec<FileDiff>>);
static CACHE: std::sync::Mutex<std::collections::VecDeque<Cached>> =
    std::sync::Mutex::new(std::collections::VecDeque::new());

/// The change from `from` to `to` in `repo` (commit ids; kept for the next asker).
pub fn between(repo: &Path, from: &str, to: &str) -> Result<Vec<FileDiff>> {
    let key = (repo.to_path_buf(), from.to_owned(), to.to_owned());
    {
        let cache = CACHE.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, files)) = cache.iter().find(|(k, _)| *k == key) {
            return Ok(files.as_ref().clone());
        }
    }
    let files = compute(repo, from, to)?;
    let lines: usize = files.iter().map(|f| (f.additions + f.deletions) as usize).sum();
    // Only commit ids name a fixed change; anything else (a branch name) may move.
    let fixed = [from, to].iter().all(|r| r.len() == 40 && r.bytes().all(|b| b.is_ascii_hexdigit()));
    if fixed && lines <= CACHED_LINES {
        let mut cache = CACHE.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() == CACHED_DIFFS {
            cache.pop_front();
        }
        cache.push_back((key, std::sync::Arc::new(files.clone())));
    }
    Ok(files)
}

fn compute(repo: &Path, from: &str, to: &str) -> Result<Vec<FileDiff>> {
    let out = git(
        repo,
        &[
            "-c",
            "core.quotePath=false",
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--find-renames",
            "--unified=3",
            &format!("{from}..{to}"),
        ],
        &[],
    )?;
    Ok(parse(&String::from_utf8_lossy(&out.stdout)))
}

/// The commit `a` and `b` share.
pub fn merge_base(repo: &Path, a: &str, b: &str) -> Result<String> {
    Ok(text(&git(repo, &["merge-base", a, b], &[])?))
}

/// Parses `git diff` output (unified format, `--no-color`).
pub fn parse(diff: &str) -> Vec<FileDiff> {
    let mut files: Vec<FileDiff> = Vec::new();
    let mut old_no = 0u32;
    let mut new_no = 0u32;
    for line in diff.lines() {
        if let Some(rest) = line.strip_prefix("diff --git ") {
            let (old, new) = split_paths(rest);
            files.push(FileDiff {
                change: FileChange::Modified,
                old_path: Some(old),
                new_path: Some(new),
                additions: 0,
                deletions: 0,
                binary: false,
                too_large: false,
                hunks_omitted: false,
                hunks: Vec::new(),
            });
            continue;
        }
        let Some(file) = files.last_mut() else { continue };
        if file.hunks.is_empty() && !line.starts_with("@@") {
            if line.starts_with("new file mode") {
                file.change = FileChange::Added;
                file.old_path = None;
            } else if line.starts_with("deleted file mode") {
                file.change = FileChange::Deleted;
                file.new_path = None;
            } else if let Some(from) = line.strip_prefix("rename from ") {
                file.change = FileChange::Renamed;
                file.old_path = Some(unquote(from));
            } else if let Some(to) = line.strip_prefix("rename to ") {
                file.new_path = Some(unquote(to));
            } else if let Some(from) = line.strip_prefix("copy from ") {
                file.change = FileChange::Copied;
                file.old_path = Some(unquote(from));
            } else if let Some(to) = line.strip_prefix("copy to ") {
                file.new_path = Some(unquote(to));
            } else if line.starts_with("Binary files ") || line == "GIT binary patch" {
                file.binary = true;
            }
            continue;
        }
        if let Some(header) = line.strip_prefix("@@ ") {
            let Some((old, new)) = hunk_ranges(header) else { continue };
            old_no = old.0;
            new_no = new.0;
            file.hunks.push(Hunk {
                header: line.to_owned(),
                old_start: old.0,
                old_lines: old.1,
                new_start: new.0,
                new_lines: new.1,
                lines: Vec::new(),
            });
            continue;
        }
        let Some(hunk) = file.hunks.last_mut() else { continue };
        let (kind, body) = match line.as_bytes().first() {
            Some(b'+') => (LineKind::Added, &line[1..]),
            Some(b'-') => (LineKind::Removed, &line[1..]),
            Some(b' ') => (LineKind::Context, &line[1..]),
            // "\ No newline at end of file", and an empty context line some tools trim.
            Some(b'\\') => continue,
            None => (LineKind::Context, ""),
            Some(_) => continue,
        };
        let (o, n) = match kind {
            LineKind::Added => {
                file.additions += 1;
                new_no += 1;
                (None, Some(new_no - 1))
            }
            LineKind::Removed => {
                file.deletions += 1;
                old_no += 1;
                (Some(old_no - 1), None)
            }
            LineKind::Context => {
                old_no += 1;
                new_no += 1;
                (Some(old_no - 1), Some(new_no - 1))
            }
        };
        hunk.lines.push(DiffLine { kind, old_no: o, new_no: n, text: body.to_owned() });
    }
    for file in &mut files {
        let lines: usize = file.hunks.iter().map(|h| h.lines.len()).sum();
        if lines > MAX_FILE_LINES {
            file.too_large = true;
            file.hunks.clear();
        }
    }
    files
}

/// `a/x b/y` of a `diff --git` line; with spaces in names the halves are split where `b/` repeats `a/`'s
/// path (true for everything but renames, whose paths come again on their own lines).
fn split_paths(rest: &str) -> (String, String) {
    let rest = rest.trim();
    if rest.starts_with('"') {
        // Quoted names: "a/x" "b/y".
        let parts: Vec<&str> = rest.splitn(2, "\" ").collect();
        if parts.len() == 2 {
            let old = unquote(&format!("{}\"", parts[0]));
            let new = unquote(parts[1]);
            return (strip_side(&old), strip_side(&new));
        }
    }
    let half = rest.len() / 2;
    if rest.len() % 2 == 1 && rest.as_bytes().get(half) == Some(&b' ') {
        let (a, b) = (&rest[..half], &rest[half + 1..]);
        if a.get(2..) == b.get(2..) {
            return (strip_side(a), strip_side(b));
        }
    }
    match rest.split_once(" b/") {
        Some((a, b)) => (strip_side(a), b.to_owned()),
        None => (strip_side(rest), strip_side(rest)),
    }
}

fn strip_side(path: &str) -> String {
    path.strip_prefix("a/").or_else(|| path.strip_prefix("b/")).unwrap_or(path).to_owned()
}

/// Undoes git's C-style quoting of unusual file names.
fn unquote(name: &str) -> String {
    let Some(inner) = name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) else {
        return name.to_owned();
    };
    let mut bytes = Vec::new();
    let mut chars = inner.bytes().peekable();
    while let Some(b) = chars.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match chars.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(b'"') => bytes.push(b'"'),
            Some(b'\\') => bytes.push(b'\\'),
            Some(d @ b'0'..=b'7') => {
                let mut value = u32::from(d - b'0');
                for _ in 0..2 {
                    if let Some(&n @ b'0'..=b'7') = chars.peek() {
                        value = value * 8 + u32::from(n - b'0');
                        chars.next();
                    }
                }
                bytes.push(value as u8);
            }
            Some(other) => bytes.push(other),
            None => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `-a,b +c,d @@ …` → ((a, b), (c, d)); a missing count is 1.
fn hunk_ranges(header: &str) -> Option<((u32, u32), (u32, u32))> {
    let mut parts = header.split_whitespace();
    let old = range(parts.next()?.strip_prefix('-')?)?;
    let new = range(parts.next()?.strip_prefix('+')?)?;
    Some((old, new))
}

fn range(text: &str) -> Option<(u32, u32)> {
    match text.split_once(',') {
        Some((start, count)) => Some((start.parse().ok()?, count.parse().ok()?)),
        None => Some((text.parse().ok()?, 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
diff --git a/src/lib.rs b/src/lib.rs
index 1111111..2222222 100644
--- a/src/lib.rs
+++ b/src/lib.rs
@@ -1,3 +1,4 @@ fn main() {
 one
-two
+deux
+three
 four
diff --git a/new file.txt b/new file.txt
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/new file.txt
@@ -0,0 +1 @@
+hello
\\ No newline at end of file
diff --git a/old.txt b/renamed.txt
similarity index 90%
rename from old.txt
rename to renamed.txt
diff --git a/logo.png b/logo.png
deleted file mode 100644
index 4444444..0000000
Binary files a/logo.png and /dev/null differ
diff --git \"a/tab\\there.txt\" \"b/tab\\there.txt\"
index 5555555..6666666 100644
--- \"a/tab\\there.txt\"
+++ \"b/tab\\there.txt\"
@@ -2 +2 @@
-x
+y
";

    #[test]
    fn parses_files_hunks_and_line_numbers() {
        let files = parse(SAMPLE);
        assert_eq!(files.len(), 5);
        let lib = &files[0];
        assert_eq!((lib.change, lib.path(), lib.additions, lib.deletions), (FileChange::Modified, "src/lib.rs", 2, 1));
        let hunk = &lib.hunks[0];
        assert_eq!((hunk.old_start, hunk.old_lines, hunk.new_start, hunk.new_lines), (1, 3, 1, 4));
        let numbers: Vec<(Option<u32>, Option<u32>)> = hunk.lines.iter().map(|l| (l.old_no, l.new_no)).collect();
        assert_eq!(numbers, [(Some(1), Some(1)), (Some(2), None), (None, Some(2)), (None, Some(3)), (Some(3), Some(4))]);
        assert_eq!(hunk.lines[2].text, "deux");

        let added = &files[1];
        assert_eq!((added.change, added.old_path.as_deref(), added.path()), (FileChange::Added, None, "new file.txt"));
        assert_eq!(added.hunks[0].lines.len(), 1, "the no-newline marker is not a line");

        let renamed = &files[2];
        assert_eq!(renamed.change, FileChange::Renamed);
        assert_eq!((renamed.old_path.as_deref(), renamed.new_path.as_deref()), (Some("old.txt"), Some("renamed.txt")));

        let binary = &files[3];
        assert!(binary.binary && binary.hunks.is_empty());
        assert_eq!((binary.change, binary.path()), (FileChange::Deleted, "logo.png"));

        assert_eq!(files[4].path(), "tab\there.txt");
        assert_eq!((files[4].hunks[0].old_start, files[4].hunks[0].old_lines), (2, 1));
    }

    #[test]
    fn a_diff_between_two_commits_is_computed_once_and_a_moving_name_never_cached() {
        let repo = anpm_testkit::GitRepo::new();
        let rev = |r: &str| {
            let out = super::super::git_command(repo.path()).args(["rev-parse", r]).output().expect("git");
            String::from_utf8_lossy(&out.stdout).trim().to_owned()
        };
        let first = rev("HEAD");
        std::fs::write(repo.path().join("a.txt"), "one\n").expect("write");
        repo.git(&["add", "a.txt"]);
        repo.git(&["commit", "--quiet", "-m", "a"]);
        let second = rev("HEAD");
        let fresh = between(repo.path(), &first, &second).expect("diff");
        assert_eq!(fresh[0].path(), "a.txt");
        assert_eq!(between(repo.path(), &first, &second).expect("again"), fresh, "the kept answer");
        // A branch name moves: asked by name, the diff is computed from the repository every time.
        let by_name = between(repo.path(), &first, "main").expect("by name");
        std::fs::write(repo.path().join("b.txt"), "two\n").expect("write");
        repo.git(&["add", "b.txt"]);
        repo.git(&["commit", "--quiet", "-m", "b"]);
        assert_eq!(by_name.len(), 1);
        assert_eq!(between(repo.path(), &first, "main").expect("moved").len(), 2);
    }

    #[test]
    fn huge_files_keep_counts_but_drop_lines() {
        let mut diff = String::from("diff --git a/big b/big\n--- a/big\n+++ b/big\n@@ -0,0 +1,6000 @@\n");
        for i in 0..6000 {
            diff.push_str(&format!("+line {i}\n"));
        }
        let files = parse(&diff);
        assert!(files[0].too_large);
        assert!(files[0].hunks.is_empty());
        assert_eq!(files[0].additions, 6000);
    }
}
