//! A task's worktree on real git repositories: created beside the operator's checkout without touching it
//! (files, index, branch), reused, committed on its own branch, measured, and removed only without losing
//! work, its branch kept.

use std::process::Command;

use anpm_core::repo::worktree::{self, DiffStat};
use anpm_testkit::{DataDir, GitRepo};

fn git_out(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().expect("git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[test]
fn a_task_worktree_never_touches_the_operators_checkout_and_keeps_its_work() {
    let repo = GitRepo::new();
    let data = DataDir::new();
    std::fs::write(repo.path().join("a.txt"), "one\ntwo\n").expect("a.txt");
    repo.git(&["add", "a.txt"]);
    repo.git(&["commit", "--quiet", "-m", "a"]);
    // The operator's uncommitted edit, and a staged file.
    std::fs::write(repo.path().join("a.txt"), "one\ntwo\noperator's line\n").expect("edit");
    std::fs::write(repo.path().join("staged.txt"), "staged\n").expect("staged");
    repo.git(&["add", "staged.txt"]);
    let status_before = git_out(repo.path(), &["status", "--porcelain"]);
    let head_before = git_out(repo.path(), &["rev-parse", "HEAD"]);

    let branch = worktree::branch_name("Edit a.txt", "0193a1b2-c3d4-7000");
    let path = data.path().join("workspaces").join("task-1");
    let ws = worktree::ensure(repo.path(), &path, &branch, "main").expect("worktree");
    assert_eq!(ws.branch, "anpm/edit-a-txt-0193a1b2");
    assert_eq!(ws.head, head_before, "cut from the tip of the base");
    assert_eq!(std::fs::read_to_string(path.join("a.txt")).expect("a"), "one\ntwo\n");

    // The agent edits a.txt and adds a file in its worktree; nothing changed yet → no commit.
    assert_eq!(
        worktree::commit_all_except(&ws, "anpm implementer", "nothing", &[]).expect("commit"),
        None
    );
    std::fs::write(path.join("a.txt"), "one\nTWO\n").expect("agent edit");
    std::fs::write(path.join("new.txt"), "new\n").expect("agent file");
    let head = worktree::commit_all_except(&ws, "anpm implementer", "Edit a.txt (attempt 1)", &[])
        .expect("commit")
        .expect("a commit");
    assert_eq!(
        git_out(&path, &["log", "-1", "--format=%an|%s"]),
        "anpm implementer|Edit a.txt (attempt 1)"
    );
    assert_eq!(
        worktree::diffstat(&worktree::Workspace { head: head.clone(), ..ws.clone() })
            .expect("stat"),
        DiffStat { files: 2, additions: 2, deletions: 1 }
    );

    // The operator's checkout is exactly as it was: files, index, branch, head.
    assert_eq!(
        std::fs::read_to_string(repo.path().join("a.txt")).expect("a"),
        "one\ntwo\noperator's line\n"
    );
    assert_eq!(git_out(repo.path(), &["status", "--porcelain"]), status_before);
    assert_eq!(git_out(repo.path(), &["rev-parse", "HEAD"]), head_before);
    assert_eq!(git_out(repo.path(), &["branch", "--show-current"]), "main");

    // A later attempt reuses the worktree.
    let again = worktree::ensure(repo.path(), &path, &branch, "main").expect("reuse");
    assert_eq!((again.path.clone(), again.head.clone()), (path.clone(), head.clone()));

    // Removal is refused over uncommitted work, then keeps the branch.
    std::fs::write(path.join("wip.txt"), "half done\n").expect("wip");
    let refused = worktree::remove(repo.path(), &again).expect_err("uncommitted work");
    assert!(refused.to_string().contains("uncommitted"), "{refused}");
    assert!(path.join("wip.txt").exists(), "nothing forced away");
    worktree::commit_all_except(&again, "anpm implementer", "WIP", &[]).expect("wip commit");
    worktree::remove(repo.path(), &again).expect("remove");
    assert!(!path.exists());
    assert!(git_out(repo.path(), &["branch", "--list", &branch]).contains(&branch), "branch kept");

    // Recreated from the kept branch, with its work.
    let back = worktree::ensure(repo.path(), &path, &branch, "main").expect("recreate");
    assert_eq!(std::fs::read_to_string(path.join("wip.txt")).expect("wip"), "half done\n");
    assert_ne!(back.head, head, "the WIP commit is on the branch");
}

#[test]
fn a_folder_that_is_not_the_tasks_worktree_is_refused() {
    let repo = GitRepo::new();
    let data = DataDir::new();
    let taken = data.path().join("workspaces").join("taken");
    std::fs::create_dir_all(&taken).expect("folder");
    std::fs::write(taken.join("keep.txt"), "mine").expect("file");
    let refused = worktree::ensure(repo.path(), &taken, "anpm/x-1", "main").expect_err("occupied");
    assert!(refused.to_string().contains("not a worktree"), "{refused}");
    assert_eq!(std::fs::read_to_string(taken.join("keep.txt")).expect("kept"), "mine");

    let path = data.path().join("workspaces").join("one");
    worktree::ensure(repo.path(), &path, "anpm/one-1", "main").expect("worktree");
    let other =
        worktree::ensure(repo.path(), &path, "anpm/two-2", "main").expect_err("another branch");
    assert!(other.to_string().contains("another branch"), "{other}");
}

/// The dispatch loop makes several worktrees of one repository at once (and a new one prunes git's stale
/// records): eight at a time, three rounds, every one made.
#[test]
fn worktrees_made_at_the_same_time_all_succeed() {
    let repo = anpm_testkit::GitRepo::new();
    let folders = tempfile::tempdir().expect("folders");
    for round in 0..3 {
        let made: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    let (repo, path) = (repo.path(), folders.path().join(format!("r{round}-w{i}")));
                    scope.spawn(move || {
                        worktree::ensure(repo, &path, &format!("anpm/parallel-{round}-{i}"), "main")
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("thread")).collect()
        });
        for (i, result) in made.iter().enumerate() {
            assert!(result.is_ok(), "round {round}, worktree {i}: {result:?}");
        }
        // A folder deleted by hand before the next round: its record is stale when the others are made.
        std::fs::remove_dir_all(folders.path().join(format!("r{round}-w0"))).expect("rm");
    }
}
