//! Where an attempt runs, and what happens to its work afterwards.
//!
//! In worktree mode (a project's default) each task gets a git worktree under the data directory on a
//! branch of its own, cut from the project's base branch; later attempts reuse it. The first time, the
//! project's setup runs there: listed files are copied from the main checkout, then the setup command runs
//! under its own timeout with its output at the top of the attempt log. After an attempt everything the
//! agent changed is committed on the branch, so nothing is lost: a finished attempt's work goes to review,
//! a failed or stopped one is kept as a WIP commit. In-place mode runs in the operator's checkout as before.

use std::path::{Path, PathBuf};

use super::executor::ExecContext;
use super::failure::ErrorKind;
use super::pty::{self, CancelToken, Limits, SpawnSpec};
use crate::domain::*;
use crate::repo::worktree::{self, DiffStat, Workspace};

/// Files copied by one glob at most: a glob that matches a whole `node_modules` is a mistake.
const MAX_COPIED_PER_GLOB: usize = 1_000;
/// Lines of the setup command's output quoted in its failure.
const SETUP_TAIL_LINES: usize = 12;

/// The folder an attempt runs in.
#[derive(Debug, Clone)]
pub(super) enum Workdir {
    /// The operator's checkout (in-place mode).
    InPlace(PathBuf),
    /// The task's worktree.
    Worktree(Box<TaskWorkspace>),
}

impl Workdir {
    pub(super) fn path(&self) -> &Path {
        match self {
            Workdir::InPlace(path) => path,
            Workdir::Worktree(ws) => Path::new(&ws.path),
        }
    }
}

/// The worktree folder of a task.
pub fn folder(data_dir: &Path, task: TaskId) -> PathBuf {
    data_dir.join("workspaces").join(task.to_string())
}


/// Makes the task's folder ready: never another folder than the one the mode names (a PTY started in a
/// missing directory would run in $HOME instead).
pub(super) fn prepare(
    ctx: &ExecContext,
    task: &Task,
    project: &Project,
    log: &Path,
    cancel: &CancelToken,
) -> std::result::Result<Workdir, (ErrorKind, String)> {
    let repo = Path::new(&project.repo_path);
    if !crate::repo::is_work_tree_root(repo) {
        return Err((
            ErrorKind::WorkspaceMissing,
            format!("the repository {} does not exist or is no longer a git work tree", project.repo_path),
        ));
    }
    if project.workspace.mode == WorkspaceMode::InPlace {
        return Ok(Workdir::InPlace(repo.to_path_buf()));
    }
    let setup_failed = |message: String| (ErrorKind::WorkspaceSetupFailed, message);
    let existing = ctx
        .store
        .read(|tx| tx.workspace(task.id))
        .map_err(|e| setup_failed(format!("reading the task's workspace: {e}")))?
        // A removed folder whose branch still exists (discarded, pruned, deleted by hand) comes back.
        .filter(|row| row.is_live() || worktree::branch_exists(repo, &row.branch));
    let now = Timestamp::now();
    let mut row = match existing {
        Some(row) => {
            // Reused, or made again from its branch when the folder was deleted by hand.
            let ws = worktree::ensure(repo, Path::new(&row.path), &row.branch, &row.base)
                .map_err(|e| setup_failed(format!("reopening the task's worktree: {e}")))?;
            let setup_done = row.setup_done && row.is_live();
            TaskWorkspace { head: ws.head, removed_at: None, setup_done, ..row }
        }
        None => {
            let base = project.base_branch().to_owned();
            if base.is_empty() {
                return Err(setup_failed(
                    "the project has no base branch to cut the task's branch from (its default branch is unknown); set one with `anpm project edit ID --base-branch NAME`".into(),
                ));
            }
            let Some(base_commit) = worktree::commit_of(repo, &format!("refs/heads/{base}")) else {
                return Err(setup_failed(format!(
                    "the base branch `{base}` does not exist in {}; create it or pick another with `anpm project edit ID --base-branch NAME`",
                    project.repo_path
                )));
            };
            let branch = worktree::branch_name(&task.title, &task.id.to_string());
            let path = folder(&ctx.data_dir, task.id);
            // Stacked on a dependency in review: cut from its head, so this work builds on it.
            let start = if project.workspace.stack_on_review {
                stacked_start(ctx, task.id).map_err(|e| setup_failed(format!("finding the dependency to stack on: {e}")))?
            } else {
                None
            };
            let (start, base_commit) = match start {
                Some(head) => (head.clone(), head),
                None => (base.clone(), base_commit),
            };
            let ws = worktree::ensure_from(repo, &path, &branch, &base, &start)
                .map_err(|e| setup_failed(format!("creating the task's worktree: {e}")))?;
            TaskWorkspace {
                task_id: task.id,
                project_id: project.id,
                path: ws.path.display().to_string(),
                branch,
                base,
                base_commit,
                head: ws.head,
                setup_done: false,
                files_changed: 0,
                additions: 0,
                deletions: 0,
                conflicts: Vec::new(),
                created_at: now,
                updated_at: now,
                removed_at: None,
            }
        }
    };
    row.updated_at = now;
    ctx.store
        .write(|tx| tx.put_workspace(&row))
        .map_err(|e| setup_failed(format!("recording the task's workspace: {e}")))?;
    if !row.setup_done {
        setup(ctx, project, &row, log, cancel).map_err(setup_failed)?;
        row.setup_done = true;
        ctx.store
            .write(|tx| tx.put_workspace(&row))
            .map_err(|e| setup_failed(format!("recording the task's workspace: {e}")))?;
    }
    Ok(Workdir::Worktree(Box::new(row)))
}

/// The head of the dependency in review a stacked task starts from (the claim let at most one through).
fn stacked_start(ctx: &ExecContext, task: TaskId) -> crate::Result<Option<String>> {
    ctx.store.read(|tx| {
        for dep in tx.dependencies_of(task)? {
            if dep.stage == Stage::InReview {
                if let Some(row) = tx.workspace(dep.task_id)? {
                    return Ok(Some(row.head));
                }
            }
        }
        Ok(None)
    })
}

/// The project's setup in a new worktree: copy the listed files, then run the setup command.
fn setup(
    ctx: &ExecContext,
    project: &Project,
    row: &TaskWorkspace,
    log: &Path,
    cancel: &CancelToken,
) -> std::result::Result<(), String> {
    let repo = Path::new(&project.repo_path);
    let target = Path::new(&row.path);
    for glob in &project.workspace.setup_copy {
        copy_matches(repo, target, glob)?;
    }
    let command = project.workspace.setup_command.trim();
    if command.is_empty() {
        return Ok(());
    }
    let env = super::agents::agent_env(ctx.env.vars().iter().cloned());
    let spec = SpawnSpec {
        program: PathBuf::from("/bin/sh"),
        args: vec!["-c".into(), command.to_owned()],
        cwd: target.to_path_buf(),
        env,
        stdin: None,
    };
    let timeout = super::limits::setup_timeout(&ctx.store);
    let limits = Limits {
        timeout,
        grace: ctx.grace,
        output_cap: Some(super::limits::DEFAULT_OUTPUT_CAP),
        log_path: Some(log.to_path_buf()),
        tree_record: None,
    };
    let _ = append(log, &format!("[anpm] workspace setup: {command}\r\n"));
    let run = pty::run(&spec, &limits, cancel, |_| {})
        .map_err(|e| format!("the setup command `{command}` could not start: {e}"))?;
    let tail = tail_lines(&run.output, SETUP_TAIL_LINES);
    match (run.stop, run.exit_code) {
        (pty::Stop::Exited, Some(0)) => {
            let _ = append(log, "\r\n[anpm] workspace setup finished\r\n");
            Ok(())
        }
        (pty::Stop::TimedOut, _) => Err(format!(
            "the setup command `{command}` ran past its {} s budget (workspace.setup_timeout_seconds) and was stopped; its last lines:\n{tail}",
            timeout.map_or(0, |t| t.as_secs())
        )),
        (pty::Stop::Cancelled, _) => Err(format!("the setup command `{command}` was stopped by a cancel")),
        (_, code) => Err(format!(
            "the setup command `{command}` failed ({}); its last lines:\n{tail}",
            code.map_or_else(|| format!("signal {}", run.signal.unwrap_or(0)), |c| format!("exit code {c}"))
        )),
    }
}

fn append(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::OpenOptions::new().create(true).append(true).open(path)?.write_all(text.as_bytes())
}

fn tail_lines(output: &[u8], n: usize) -> String {
    let text = String::from_utf8_lossy(output);
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// Copies the regular files `glob` matches in the main checkout into the worktree, under the same paths.
/// Symbolic links are never followed out of the checkout, and nothing is copied into `.git`.
fn copy_matches(repo: &Path, target: &Path, glob: &str) -> std::result::Result<(), String> {
    let glob = check_copy_glob(glob).map_err(|e| e.to_string())?;
    let pattern = repo.join(&glob);
    let matches = glob::glob(&pattern.to_string_lossy())
        .map_err(|e| format!("setup_copy `{glob}` is not a valid glob: {e}"))?;
    let mut copied = 0;
    for entry in matches {
        let Ok(source) = entry else { continue };
        let Ok(meta) = source.symlink_metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let Ok(relative) = source.strip_prefix(repo) else { continue };
        if relative.components().any(|c| c.as_os_str().eq_ignore_ascii_case(".git")) {
            continue;
        }
        copied += 1;
        if copied > MAX_COPIED_PER_GLOB {
            return Err(format!(
                "setup_copy `{glob}` matches more than {MAX_COPIED_PER_GLOB} files; list the files you need"
            ));
        }
        let destination = target.join(relative);
        if let Some(parent) = destination.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("copying {}: creating {}: {e}", relative.display(), parent.display()))?;
        }
        // Never write through a link the checkout put in the worktree.
        if destination.symlink_metadata().is_ok_and(|m| !m.is_file()) {
            return Err(format!("copying {}: the worktree has something else at that path", relative.display()));
        }
        std::fs::copy(&source, &destination).map_err(|e| format!("copying {}: {e}", relative.display()))?;
    }
    Ok(())
}

/// What the end of an attempt did to the task's branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Settled {
    /// The branch differs from its base: there is work to review.
    pub changed: bool,
    pub stat: DiffStat,
}

/// Commits what the agent left in the worktree and records the branch's state. A finished attempt's
/// commit is its work; any other ending is kept as a WIP commit.
pub(super) fn settle(
    ctx: &ExecContext,
    task: &Task,
    row: &TaskWorkspace,
    role: &str,
    attempt_no: i64,
    finished: bool,
) -> crate::Result<Settled> {
    let ws = Workspace::from(row);
    let message = if finished {
        format!("{}\n\nanpm task {} · attempt {attempt_no} · role {role}", task.title, task.id)
    } else {
        format!("WIP: {}\n\nanpm task {} · attempt {attempt_no} did not finish; its work so far", task.title, task.id)
    };
    worktree::commit_all_except(&ws, &format!("anpm {role}"), &message, &copied_paths(ctx, row))?;
    record_head(ctx, row)
}

/// The files of the worktree that the project's setup copies in (matched by its globs), relative to the
/// worktree: kept out of every commit.
pub(crate) fn copied_paths(ctx: &ExecContext, row: &TaskWorkspace) -> Vec<String> {
    let globs = match ctx.store.read(|tx| tx.project(row.project_id)) {
        Ok(Some(project)) => project.workspace.setup_copy,
        _ => return Vec::new(),
    };
    copied_in(Path::new(&row.path), &globs)
}

/// The files under `worktree` that `globs` match, relative to it.
pub(crate) fn copied_in(worktree: &Path, globs: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for glob in globs {
        let Ok(glob) = check_copy_glob(glob) else { continue };
        let Ok(matches) = glob::glob(&worktree.join(&glob).to_string_lossy()) else { continue };
        for path in matches.flatten() {
            if path.symlink_metadata().is_ok_and(|m| m.is_file()) {
                if let Ok(relative) = path.strip_prefix(worktree) {
                    found.push(relative.to_string_lossy().into_owned());
                }
            }
        }
    }
    found
}

/// Reads the branch's head and diffstat into the workspace row.
pub(super) fn record_head(ctx: &ExecContext, row: &TaskWorkspace) -> crate::Result<Settled> {
    let ws = Workspace::from(row);
    let head = worktree::commit_of(Path::new(&row.path), "HEAD").unwrap_or_else(|| row.head.clone());
    let stat = worktree::diffstat(&ws)?;
    let next = TaskWorkspace {
        head,
        files_changed: stat.files as i64,
        additions: stat.additions as i64,
        deletions: stat.deletions as i64,
        updated_at: Timestamp::now(),
        ..row.clone()
    };
    ctx.store.write(|tx| tx.put_workspace(&next))?;
    Ok(Settled { changed: stat.files > 0, stat })
}

/// Keeps the work of tasks whose process died mid-attempt: their worktrees get a WIP commit.
pub(super) fn keep_interrupted_work(ctx: &ExecContext, tasks: &[Task]) {
    for task in tasks {
        let row = match ctx.store.read(|tx| tx.workspace(task.id)) {
            Ok(Some(row)) if row.is_live() && Path::new(&row.path).is_dir() => row,
            _ => continue,
        };
        let role = task.execution_role.as_deref().unwrap_or("agent");
        let attempt_no = ctx
            .store
            .read(|tx| tx.attempts_of(task.id))
            .ok()
            .and_then(|attempts| attempts.last().map(|a| a.attempt_no))
            .unwrap_or(0);
        if let Err(e) = settle(ctx, task, &row, role, attempt_no, false) {
            tracing::warn!(task = %task.id, error = %e, "keeping an interrupted task's work failed");
        }
    }
}
