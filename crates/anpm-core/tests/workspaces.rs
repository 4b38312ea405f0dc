//! Task workspaces and the review gate with real git: every task in its own worktree, the operator's
//! checkout never touched by dispatch, merges that refuse to overwrite uncommitted work, conflicts that
//! leave nothing half-merged, discard that keeps unmerged work, setup, in-place mode, list and prune.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use anpm_core::api::*;
use anpm_core::ErrorCode;
use support::*;

/// An agent (custom profile, plain text) that runs `edit` in its working directory and ends with `{}`.
fn editing_agent(w: &World, name: &str, edit: &str) {
    let script = w
        .agents
        .script(name, &format!("cat > /dev/null\n{edit}\necho '```json'\necho '{{}}'\necho '```'"));
    w.profile(name, AgentKind::Custom, script, vec![], None);
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "operator")
        .env("GIT_AUTHOR_EMAIL", "op@anpm.invalid")
        .env("GIT_COMMITTER_NAME", "operator")
        .env("GIT_COMMITTER_EMAIL", "op@anpm.invalid")
        .output()
        .expect("git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn commit_file(w: &World, path: &str, text: &str) {
    std::fs::write(w.repo.path().join(path), text).expect("write");
    git(w.repo.path(), &["add", path]);
    git(w.repo.path(), &["commit", "--quiet", "-m", &format!("operator: {path}")]);
}

fn folder(w: &World, id: TaskId) -> PathBuf {
    PathBuf::from(w.core.review().workspace(id).expect("workspace").workspace.path)
}

const THREE: &str = "one\ntwo\nthree\n";

/// The data-loss scenario of the issue: the operator's uncommitted edit to `a.txt` survives an agent
/// editing `a.txt`; the merge refuses naming `a.txt`; once the operator commits, the merge keeps every
/// line of both.
#[test]
fn an_uncommitted_edit_survives_and_blocks_only_the_merge_that_touches_it() {
    let w = world();
    commit_file(&w, "a.txt", THREE);
    let mine = "one\ntwo, edited by the operator\nthree\n";
    std::fs::write(w.repo.path().join("a.txt"), mine).expect("operator edit");
    std::fs::write(w.repo.path().join("untracked.txt"), "scratch\n").expect("untracked");
    editing_agent(&w, "appender", "printf 'one\\ntwo\\nthree\\nfour, by the agent\\n' > a.txt");
    let id = w.queue("Append a line", "backend-architect", "appender");
    let task = w.run_next();
    assert_eq!(
        (task.dispatch_status, task.review_status),
        (DispatchStatus::Completed, ReviewStatus::InReview)
    );
    assert_eq!(
        std::fs::read_to_string(w.repo.path().join("a.txt")).unwrap(),
        mine,
        "the edit is intact"
    );
    assert_eq!(
        git(w.repo.path(), &["branch", "--show-current"]).trim(),
        "main",
        "the checkout's branch"
    );
    assert_eq!(git(w.repo.path(), &["stash", "list"]), "", "nothing stashed");

    let err = w.core.review().merge(id, MergeStrategy::Merge).expect_err("dirty");
    assert_eq!(err.code(), ErrorCode::WorkingTreeDirty);
    let message = err.to_string();
    assert!(message.contains("a.txt") && !message.contains("untracked.txt"), "{message}");
    assert_eq!(std::fs::read_to_string(w.repo.path().join("a.txt")).unwrap(), mine);
    assert_eq!(w.core.tasks().get(id).unwrap().task.review_status, ReviewStatus::InReview);

    git(w.repo.path(), &["commit", "--quiet", "-am", "operator's edit"]);
    let merged = w.core.review().merge(id, MergeStrategy::Merge).expect("merge");
    assert_eq!(merged.review_status, ReviewStatus::Merged);
    let text = std::fs::read_to_string(w.repo.path().join("a.txt")).unwrap();
    assert_eq!(
        text, "one\ntwo, edited by the operator\nthree\nfour, by the agent\n",
        "no line lost"
    );
    // The review's view of a merged change: counts for every file, hunks on request.
    let view = w.core.review().diff_view(id, 0).expect("view");
    assert!(view.files[0].hunks.is_empty() && view.files[0].hunks_omitted);
    let file = w.core.review().diff_file(id, "a.txt").expect("one file");
    assert_eq!((file.additions, file.hunks.len(), file.hunks_omitted), (1, 1, false));
    assert_eq!(
        w.core.review().diff_file(id, "nope.txt").expect_err("not in it").code(),
        ErrorCode::NotFound
    );
    assert_eq!(std::fs::read_to_string(w.repo.path().join("untracked.txt")).unwrap(), "scratch\n");
    let parents = git(w.repo.path(), &["log", "-1", "--format=%P"]);
    assert_eq!(parents.split_whitespace().count(), 2, "a merge commit");
}

/// Two tasks that change the same line meet at merge time as a conflict: nothing is half-merged, the
/// files are named, and the same holds for a rebase.
#[test]
fn two_tasks_changing_the_same_line_conflict_at_merge_and_nothing_is_half_merged() {
    let w = world();
    commit_file(&w, "a.txt", THREE);
    editing_agent(&w, "left", "printf 'one\\nLEFT\\nthree\\n' > a.txt");
    editing_agent(&w, "right", "printf 'one\\nRIGHT\\nthree\\n' > a.txt");
    let left = w.queue("Left", "backend-architect", "left");
    let right = w.queue("Right", "backend-architect", "right");
    w.run_next();
    w.run_next();
    assert_ne!(folder(&w, left), folder(&w, right), "one worktree each");
    assert_eq!(
        w.core.review().merge(left, MergeStrategy::Squash).expect("first").review_status,
        ReviewStatus::Merged
    );
    let head = git(w.repo.path(), &["rev-parse", "HEAD"]);
    for strategy in [MergeStrategy::Merge, MergeStrategy::Squash, MergeStrategy::Rebase] {
        let outcome = w.core.review().merge(right, strategy).expect("merge runs");
        assert_eq!(
            (outcome.review_status, outcome.conflicts.clone()),
            (ReviewStatus::Conflict, vec!["a.txt".to_owned()]),
            "{strategy}"
        );
        assert_eq!(
            git(w.repo.path(), &["rev-parse", "HEAD"]),
            head,
            "{strategy}: the base did not move"
        );
        assert_eq!(
            git(w.repo.path(), &["status", "--porcelain"]),
            "",
            "{strategy}: the checkout is clean"
        );
        assert_eq!(
            git(&folder(&w, right), &["status", "--porcelain"]),
            "",
            "{strategy}: no rebase left behind"
        );
    }
    assert_eq!(std::fs::read_to_string(w.repo.path().join("a.txt")).unwrap(), "one\nLEFT\nthree\n");
    let shown = w.core.review().workspace(right).expect("workspace");
    assert_eq!(
        (shown.review_status, shown.workspace.conflicts),
        (ReviewStatus::Conflict, vec!["a.txt".to_owned()])
    );
}

#[test]
fn a_rebase_replays_the_branch_and_fast_forwards_the_base() {
    let w = world();
    editing_agent(&w, "adder", "echo added > b.txt");
    let id = w.queue("Add b", "backend-architect", "adder");
    w.run_next();
    commit_file(&w, "c.txt", "moved on\n");
    let merged = w.core.review().merge(id, MergeStrategy::Rebase).expect("rebase");
    assert_eq!(merged.review_status, ReviewStatus::Merged);
    let parents = git(w.repo.path(), &["log", "-1", "--format=%P"]);
    assert_eq!(parents.split_whitespace().count(), 1, "linear history");
    assert!(w.repo.path().join("b.txt").exists() && w.repo.path().join("c.txt").exists());
    let diff = w.core.review().diff(id).expect("diff of merged work");
    assert_eq!(diff.files.iter().map(|f| f.path().to_owned()).collect::<Vec<_>>(), ["b.txt"]);
}

/// When the base branch is not checked out anywhere, a merge moves only the ref.
#[test]
fn a_base_branch_that_is_not_checked_out_only_moves_its_ref() {
    let w = world();
    git(w.repo.path(), &["branch", "release"]);
    w.core
        .projects()
        .set_workspace(
            w.project.id,
            &WorkspacePatch { base_branch: Some("release".into()), ..Default::default() },
        )
        .expect("base branch");
    editing_agent(&w, "adder", "echo added > b.txt");
    let id = w.queue("Add b", "backend-architect", "adder");
    w.run_next();
    w.core.review().merge(id, MergeStrategy::Merge).expect("merge");
    assert!(!w.repo.path().join("b.txt").exists(), "the checkout (main) is untouched");
    assert_eq!(git(w.repo.path(), &["show", "release:b.txt"]), "added\n");
    let unknown = w.core.projects().set_workspace(
        w.project.id,
        &WorkspacePatch { base_branch: Some("nope".into()), ..Default::default() },
    );
    assert_eq!(unknown.expect_err("no such branch").code(), ErrorCode::InvalidInput);
}

/// Discarding keeps the branch; deleting a branch with unmerged work needs --force; the folder is only
/// removed after its uncommitted work is committed.
#[test]
fn discard_keeps_unmerged_work_unless_forced() {
    let w = world();
    editing_agent(&w, "adder", "echo precious > p.txt");
    let id = w.queue("Precious work", "backend-architect", "adder");
    w.run_next();
    let path = folder(&w, id);
    assert_eq!(w.core.review().live_folder(id).expect("on disk"), path, "what Open folder opens");
    std::fs::write(path.join("late.txt"), "edited by hand in the worktree\n").expect("hand edit");
    let branch = w.core.review().workspace(id).unwrap().workspace.branch;
    let refused = w.core.review().discard(id, true, false).expect_err("unmerged");
    assert_eq!(refused.code(), ErrorCode::Conflict);
    assert!(path.exists(), "nothing removed on a refusal");
    let task = w.core.review().discard(id, false, false).expect("discard");
    assert_eq!(task.review_status, ReviewStatus::Discarded);
    assert!(!path.exists(), "the worktree folder is gone");
    assert_eq!(w.core.review().live_folder(id).expect_err("gone").code(), ErrorCode::Conflict);
    assert_eq!(
        git(w.repo.path(), &["show", &format!("{branch}:late.txt")]),
        "edited by hand in the worktree\n",
        "committed first"
    );
    assert_eq!(
        git(w.repo.path(), &["show", &format!("{branch}:p.txt")]),
        "precious\n",
        "the branch is kept"
    );
}

#[test]
fn an_attempt_without_changes_completes_with_nothing_to_review() {
    let w = world();
    editing_agent(&w, "reader", "ls > /dev/null");
    let id = w.queue("Only look", "backend-architect", "reader");
    let task = w.run_next();
    assert_eq!(
        (task.dispatch_status, task.review_status),
        (DispatchStatus::Completed, ReviewStatus::None)
    );
    assert_eq!(task.execution_result.unwrap()["changes"]["files"], 0);
    assert_eq!(
        w.core.review().merge(id, MergeStrategy::Merge).expect_err("nothing to merge").code(),
        ErrorCode::InvalidTransition
    );
}

/// A failed attempt keeps what the agent wrote as a WIP commit on the task's branch; the next attempt
/// reuses the same worktree and branch.
#[test]
fn a_failed_attempt_keeps_its_work_and_the_next_reuses_the_worktree() {
    let w = world();
    let script = w.agents.script("crasher", "cat > /dev/null\necho half > half.txt\nexit 3");
    w.profile("crasher", AgentKind::Custom, script, vec![], None);
    let id = w.queue("Half done", "backend-architect", "crasher");
    let task = w.run_next();
    assert_eq!(task.dispatch_status, DispatchStatus::Failed);
    let ws = w.core.review().workspace(id).expect("workspace").workspace;
    let subject = git(w.repo.path(), &["log", "-1", "--format=%s", &ws.branch]);
    assert!(subject.starts_with("WIP: Half done"), "{subject}");
    assert_eq!(git(w.repo.path(), &["show", &format!("{}:half.txt", ws.branch)]), "half\n");
    w.core.tasks().requeue(id, None).expect("requeue");
    w.run_next();
    let again = w.core.review().workspace(id).expect("workspace").workspace;
    assert_eq!(
        (&again.path, &again.branch),
        (&ws.path, &ws.branch),
        "the same worktree and branch"
    );

    // Its folder deleted by hand (git still lists it): the next attempt makes it again from the branch.
    std::fs::remove_dir_all(&again.path).expect("rm -rf the worktree");
    w.core.tasks().requeue(id, None).expect("requeue");
    let task = w.run_next();
    assert_ne!(w.kind_of(&task), "workspace_setup_failed", "{:?}", task.execution_result);
    assert_eq!(std::fs::read_to_string(Path::new(&again.path).join("half.txt")).unwrap(), "half\n");
}

/// Setup: listed files are copied from the checkout (untracked ones too), the setup command runs in the
/// worktree before the agent with its output in the attempt log; a failing command fails the attempt
/// `workspace_setup_failed` with its last lines, and runs again next time.
#[test]
fn setup_copies_files_and_runs_its_command_before_the_agent() {
    let w = world();
    std::fs::write(w.repo.path().join(".env"), "SECRET=local\n").expect(".env");
    let flag = w.agents.dir().join("setup-may-pass");
    w.core
        .projects()
        .set_workspace(
            w.project.id,
            &WorkspacePatch {
                setup_copy: Some(vec![".env".into()]),
                setup_command: Some(format!(
                    "echo preparing; test -e {} || {{ echo 'npm ERR! missing lockfile'; exit 7; }}; echo ready > setup.txt",
                    flag.display()
                )),
                ..Default::default()
            },
        )
        .expect("setup");
    editing_agent(&w, "checker", "test -f setup.txt && test -f .env && echo ok > checked.txt");
    let id = w.queue("Needs setup", "backend-architect", "checker");
    let failed = w.run_next();
    assert_eq!(w.kind_of(&failed), "workspace_setup_failed");
    let message =
        failed.execution_result.as_ref().unwrap()["error_message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("exit code 7") && message.contains("npm ERR! missing lockfile"),
        "{message}"
    );
    assert!(
        w.core.tasks().log(id, None).unwrap().text.contains("preparing"),
        "setup output in the log"
    );

    std::fs::write(&flag, "").expect("flag");
    w.core.tasks().requeue(id, None).expect("requeue");
    let task = w.run_next();
    assert_eq!(task.review_status, ReviewStatus::InReview, "{:?}", task.execution_result);
    let path = folder(&w, id);
    assert_eq!(std::fs::read_to_string(path.join("checked.txt")).unwrap(), "ok\n");
    let diff = w.core.review().diff(id).expect("diff");
    let files: Vec<&str> = diff.files.iter().map(|f| f.path()).collect();
    assert!(files.contains(&"checked.txt"), "{files:?}");
    assert!(!files.contains(&".env"), "a copied-in file is never committed: {files:?}");
    assert!(path.join(".env").is_file(), "it stays in the worktree for the agent");

    let escaping = w.core.projects().set_workspace(
        w.project.id,
        &WorkspacePatch { setup_copy: Some(vec!["../outside".into()]), ..Default::default() },
    );
    assert_eq!(escaping.expect_err("outside the repo").code(), ErrorCode::InvalidInput);
}

/// In-place mode is today's behaviour, chosen explicitly: the agent edits the checkout, nothing to review.
#[test]
fn in_place_mode_runs_in_the_checkout() {
    let w = world();
    w.core
        .projects()
        .set_workspace(
            w.project.id,
            &WorkspacePatch { mode: Some(WorkspaceMode::InPlace), ..Default::default() },
        )
        .expect("in place");
    editing_agent(&w, "adder", "echo here > here.txt");
    let id = w.queue("In place", "backend-architect", "adder");
    let task = w.run_next();
    assert_eq!(
        (task.dispatch_status, task.review_status),
        (DispatchStatus::Completed, ReviewStatus::None)
    );
    assert!(w.repo.path().join("here.txt").exists());
    assert_eq!(
        w.core.review().workspace(id).expect_err("no workspace").code(),
        ErrorCode::Conflict
    );
}

/// `list` reconciles with disk and names orphan folders; `prune` removes only merged or empty work and
/// says why it keeps the rest.
#[test]
fn list_and_prune_remove_only_merged_or_empty_work() {
    let w = world();
    editing_agent(&w, "adder", "echo x > x.txt");
    editing_agent(&w, "reader", "true");
    let kept = w.queue("Unmerged", "backend-architect", "adder");
    let empty = w.queue("Empty", "backend-architect", "reader");
    w.run_next();
    w.run_next();
    let orphan = w.data.path().join("workspaces").join("left-over");
    std::fs::create_dir_all(&orphan).expect("orphan");
    let list = w.core.workspaces().list(None, false).expect("list");
    assert_eq!(list.workspaces.len(), 2);
    assert!(list.workspaces.iter().all(|e| e.exists && e.disk_bytes > 0));
    assert_eq!(list.orphans.len(), 1);

    let report = w.core.workspaces().prune(None).expect("prune");
    let removed: Vec<Option<TaskId>> = report.removed.iter().map(|i| i.task_id).collect();
    assert!(removed.contains(&Some(empty)) && removed.contains(&None), "{report:?}");
    assert_eq!(report.kept.len(), 1, "{report:?}");
    assert_eq!(report.kept[0].task_id, Some(kept));
    assert!(report.kept[0].reason.contains("not merged"), "{}", report.kept[0].reason);
    assert!(folder(&w, kept).exists() && !orphan.exists());

    // A folder deleted by hand: the row is marked removed, and a follow-up makes it again from the branch.
    std::fs::remove_dir_all(folder(&w, kept)).expect("rm");
    let list = w.core.workspaces().list(None, false).expect("list");
    assert!(list.workspaces.is_empty(), "{list:?}");
    w.core.review().followup(kept, "again").expect("the branch still holds the work");
    let task = w.run_next();
    assert_eq!((task.id, task.review_status), (kept, ReviewStatus::InReview));
    assert_eq!(
        std::fs::read_to_string(folder(&w, kept).join("x.txt")).unwrap(),
        "x\n",
        "the work came back"
    );
}

/// Removing a project deletes anpm's records, never a branch: unmerged work stays in the repository.
#[test]
fn removing_a_project_keeps_its_task_branches() {
    let w = world();
    editing_agent(&w, "adder", "echo kept > kept.txt");
    let id = w.queue("Keep me", "backend-architect", "adder");
    w.run_next();
    let branch = w.core.review().workspace(id).expect("workspace").workspace.branch;
    w.core.projects().remove(w.project.id).expect("remove");
    assert_eq!(git(w.repo.path(), &["show", &format!("{branch}:kept.txt")]), "kept\n");
}

/// The window's first look at the latest changes in review does not wait for git: `prepare_latest`
/// computes them ahead. Shown by taking git's objects away: the prepared change is still served, the
/// older one (past the limit) cannot be computed.
#[test]
fn the_latest_changes_in_review_are_prepared_ahead() {
    let w = world();
    editing_agent(&w, "writer", "printf 'new\\n' > \"written-$$.txt\"");
    let older = w.queue("Write the first file", "backend-architect", "writer");
    w.run_next();
    let latest = w.queue("Write the second file", "backend-architect", "writer");
    w.run_next();
    w.core.review().prepare_latest(1);

    let objects = w.repo.path().join(".git/objects");
    let away = w.repo.path().join(".git/objects-away");
    std::fs::rename(&objects, &away).expect("take the objects away");
    let served = w.core.review().diff(latest);
    let computed = w.core.review().diff(older);
    std::fs::rename(&away, &objects).expect("put the objects back");

    let served = served.expect("the prepared change comes from memory");
    assert_eq!(served.files_changed, 1);
    assert!(served.files[0].path().starts_with("written-"), "{:?}", served.files[0]);
    assert!(computed.is_err(), "the older change was not prepared, so it needs git: {computed:?}");
    assert_eq!(w.core.review().diff(older).expect("with the objects back").files_changed, 1);
}
