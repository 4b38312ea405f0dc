//! The human form of the review gate's answers: a task's diff (as `git diff` would print it, or its
//! stat), a merge, a workspace, the workspace list and a prune report.

use std::fmt::Write;

use super::render::{fields, table};
use crate::api::{
    FileChange, LineKind, MergeOutcome, PruneReport, ReviewStatus, TaskDiff, WorkspaceInfo,
    WorkspaceList,
};

pub(super) fn diff(d: &TaskDiff, stat_only: bool) -> String {
    let mut out = format!(
        "{} → {}: {} file(s), +{} -{} (from {})\n",
        d.branch,
        d.base,
        d.files_changed,
        d.additions,
        d.deletions,
        short(&d.from)
    );
    if d.files.is_empty() {
        out.push_str("no changes\n");
        return out;
    }
    for f in &d.files {
        let path = match (f.change, &f.old_path, &f.new_path) {
            (FileChange::Renamed | FileChange::Copied, Some(old), Some(new)) => {
                format!("{old} → {new}")
            }
            _ => f.path().to_owned(),
        };
        let counts = if f.binary {
            "binary".to_owned()
        } else {
            format!("+{} -{}", f.additions, f.deletions)
        };
        let _ = writeln!(out, "  {:<9} {counts:<12} {path}", change(f.change));
    }
    if stat_only {
        return out;
    }
    for f in &d.files {
        let _ = writeln!(
            out,
            "\n--- {}\n+++ {}",
            f.old_path.as_deref().unwrap_or("/dev/null"),
            f.new_path.as_deref().unwrap_or("/dev/null")
        );
        if f.binary {
            out.push_str("(binary file)\n");
        } else if f.too_large {
            out.push_str("(too large to show; see `git diff` on the branch)\n");
        }
        for h in &f.hunks {
            let _ = writeln!(out, "{}", h.header);
            for line in &h.lines {
                let sign = match line.kind {
                    LineKind::Added => '+',
                    LineKind::Removed => '-',
                    LineKind::Context => ' ',
                };
                let _ = writeln!(out, "{sign}{}", line.text);
            }
        }
    }
    out
}

fn change(c: FileChange) -> &'static str {
    match c {
        FileChange::Added => "added",
        FileChange::Modified => "modified",
        FileChange::Deleted => "deleted",
        FileChange::Renamed => "renamed",
        FileChange::Copied => "copied",
    }
}

fn short(commit: &str) -> &str {
    commit.get(..10).unwrap_or(commit)
}

pub(super) fn merged(m: &MergeOutcome) -> String {
    match m.review_status {
        ReviewStatus::Conflict => format!(
            "Not merged: the branch conflicts with its base in {} file(s); nothing was changed.\n{}\
             Send it back with `anpm task followup {} --message \"rebase on the base branch and resolve the conflicts\"`,\n\
             or resolve it yourself in the task's worktree (`anpm task workspace {}`) and merge again.\n",
            m.conflicts.len(),
            m.conflicts.iter().map(|f| format!("  {f}\n")).collect::<String>(),
            m.task.id,
            m.task.id
        ),
        _ => format!(
            "Merged task {} ({}) as {}; the task is done, its worktree and branch removed.\n",
            m.task.title,
            m.task.id,
            m.commit.as_deref().map(short).unwrap_or("?")
        ),
    }
}

pub(super) fn workspace(w: &WorkspaceInfo) -> String {
    let ws = &w.workspace;
    fields(
        &ws.path,
        &[
            ("task", ws.task_id.to_string()),
            ("branch", ws.branch.clone()),
            ("base", format!("{} (from {})", ws.base, short(&ws.base_commit))),
            ("head", short(&ws.head).to_owned()),
            (
                "changes",
                format!("{} file(s), +{} -{}", ws.files_changed, ws.additions, ws.deletions),
            ),
            ("review", w.review_status.to_string()),
            ("conflicts", ws.conflicts.join(", ")),
            ("on disk", if w.exists { bytes(w.disk_bytes) } else { "removed".into() }),
        ],
    )
}

pub(super) fn workspaces(list: &WorkspaceList) -> String {
    let mut out = String::new();
    if !list.workspaces.is_empty() || list.orphans.is_empty() {
        out = table(
            &["TASK", "REVIEW", "CHANGES", "DISK", "BRANCH", "TITLE"],
            list.workspaces.iter().map(|e| {
                let ws = &e.workspace;
                vec![
                    ws.task_id.to_string(),
                    e.review_status.to_string(),
                    format!("{}f +{} -{}", ws.files_changed, ws.additions, ws.deletions),
                    if e.exists { bytes(e.disk_bytes) } else { "removed".into() },
                    ws.branch.clone(),
                    e.task_title.clone(),
                ]
            }),
            "no task workspaces",
        );
    }
    if !list.orphans.is_empty() {
        let _ = writeln!(out, "\nFolders under the data directory that no workspace names:");
        for o in &list.orphans {
            let _ = writeln!(out, "  {} ({})", o.path, bytes(o.disk_bytes));
        }
    }
    out
}

pub(super) fn pruned(r: &PruneReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Removed {} workspace(s), kept {}.", r.removed.len(), r.kept.len());
    for (verb, items) in [("removed", &r.removed), ("kept", &r.kept)] {
        for i in items {
            let _ = writeln!(out, "  {verb:<8} {}: {}", i.path, i.reason);
        }
    }
    out
}

fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 => format!("{:.1} GiB", n as f64 / f64::from(1u32 << 30)),
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / f64::from(1u32 << 20)),
        n if n >= 1 << 10 => format!("{:.0} KiB", n as f64 / 1024.0),
        n => format!("{n} B"),
    }
}
