//! Issue 10, file application: generated paths over generated layouts of folders, symlinks (into the
//! repository, to `.git`, out of it), hard links to files outside, nested repositories and FIFOs. Whatever
//! the agent asks, every write lands inside the work tree, outside every `.git`, and nothing outside the
//! repository or inside `.git` changes.

use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use anpm_core::dispatch::apply::apply_files;
use proptest::prelude::*;
use serde_json::json;

/// One thing placed in the repository before the agent's result is applied.
#[derive(Debug, Clone)]
enum Thing {
    Folder(String),
    File(String),
    LinkInside(String, String),
    LinkToGit(String),
    LinkOutside(String),
    HardLinkOutside(String),
    NestedRepo(String),
    Fifo(String),
}

const NAMES: &[&str] = &["a", "b", "src", "docs", "x.txt", "lib.rs", "hooks", "config", "nested"];
const TRICKS: &[&str] =
    &[".", "..", ".git", ".GIT", ".Git", "link", "gitlink", "out", "twin", "pipe"];

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(NAMES).prop_map(str::to_owned),
        2 => proptest::sample::select(TRICKS).prop_map(str::to_owned),
    ]
}

fn rel_path() -> impl Strategy<Value = String> {
    proptest::collection::vec(name(), 1..5).prop_map(|parts| parts.join("/"))
}

fn thing() -> impl Strategy<Value = Thing> {
    prop_oneof![
        rel_path().prop_map(Thing::Folder),
        rel_path().prop_map(Thing::File),
        (rel_path(), rel_path()).prop_map(|(a, b)| Thing::LinkInside(a, b)),
        rel_path().prop_map(Thing::LinkToGit),
        rel_path().prop_map(Thing::LinkOutside),
        rel_path().prop_map(Thing::HardLinkOutside),
        rel_path().prop_map(Thing::NestedRepo),
        rel_path().prop_map(Thing::Fifo),
    ]
}

/// Every regular file under `dir` (not following links) with its contents.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = path.symlink_metadata() else { continue };
            if meta.is_dir() {
                stack.push(path);
            } else if meta.is_file() {
                out.insert(path.clone(), std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    out
}

/// Places `thing` under `root` (anything that cannot be made, say under a file, is skipped).
fn place(root: &Path, outside: &Path, thing: &Thing) {
    let under = |rel: &str| root.join(rel);
    let parent = |p: &Path| {
        if let Some(parent) = p.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
    };
    match thing {
        Thing::Folder(rel) => {
            let _ = std::fs::create_dir_all(under(rel));
        }
        Thing::File(rel) => {
            let p = under(rel);
            parent(&p);
            // Never open what is already there: a FIFO placed before would block the test itself.
            if p.symlink_metadata().is_err() {
                let _ = std::fs::write(p, "original");
            }
        }
        Thing::LinkInside(rel, target) => {
            let p = under(rel);
            parent(&p);
            let _ = symlink(root.join(target), p);
        }
        Thing::LinkToGit(rel) => {
            let p = under(rel);
            parent(&p);
            let _ = symlink(root.join(".git"), p);
        }
        Thing::LinkOutside(rel) => {
            let p = under(rel);
            parent(&p);
            let _ = symlink(outside, p);
        }
        Thing::HardLinkOutside(rel) => {
            let p = under(rel);
            parent(&p);
            let _ = std::fs::hard_link(outside.join("secret.txt"), p);
        }
        Thing::NestedRepo(rel) => {
            let _ = std::fs::create_dir_all(under(rel).join(".git/hooks"));
        }
        Thing::Fifo(rel) => {
            let p = under(rel);
            parent(&p);
            let _ = nix::unistd::mkfifo(&p, nix::sys::stat::Mode::from_bits_truncate(0o644));
        }
    }
}

/// Files under `root` whose path has a `.git` component (any case), or that sit in a nested repository.
fn guarded(root: &Path, all: &BTreeMap<PathBuf, Vec<u8>>) -> BTreeMap<PathBuf, Vec<u8>> {
    all.iter()
        .filter(|(path, _)| {
            let rel = path.strip_prefix(root).expect("under root");
            rel.iter().any(|c| c.to_string_lossy().eq_ignore_ascii_case(".git"))
        })
        .map(|(p, c)| (p.clone(), c.clone()))
        .collect()
}

/// `raw` without its `.` components, as the writer reads it.
fn cleaned(raw: &str) -> PathBuf {
    Path::new(raw).components().filter(|c| *c != std::path::Component::CurDir).collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 192,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_write_lands_inside_the_tree_and_outside_git(
        layout in proptest::collection::vec(thing(), 0..8),
        writes in proptest::collection::vec(rel_path(), 1..6),
    ) {
        let outside = tempfile::tempdir().expect("outside");
        std::fs::write(outside.path().join("secret.txt"), "keep").expect("secret");
        let repo = tempfile::tempdir().expect("repo");
        let root = repo.path().canonicalize().expect("root");
        std::fs::create_dir_all(root.join(".git/hooks")).expect(".git");
        std::fs::write(root.join(".git/config"), "[core]\n").expect("config");
        for thing in &layout {
            place(&root, outside.path(), thing);
        }
        let outside_before = snapshot(outside.path());
        let git_before = guarded(&root, &snapshot(&root));

        let files: Vec<_> =
            writes.iter().map(|p| json!({"path": p, "contents": format!("new {p}")})).collect();
        let report = apply_files(&root, &files);

        prop_assert_eq!(report.applied.len() + report.rejected.len(), writes.len());
        prop_assert_eq!(snapshot(outside.path()), outside_before, "nothing outside changed");
        prop_assert_eq!(guarded(&root, &snapshot(&root)), git_before, "nothing under .git changed");
        for applied in &report.applied {
            // Lexically inside, no `.git`, and the file at that path (not behind a link) has the contents.
            let clean = cleaned(applied);
            let dest = root.join(&clean);
            prop_assert!(!applied.split('/').any(|c| c == ".." || c.eq_ignore_ascii_case(".git")));
            let meta = dest.symlink_metadata().expect("written");
            prop_assert!(meta.is_file());
            let mut at = root.clone();
            for part in clean.iter() {
                at.push(part);
                prop_assert!(!at.symlink_metadata().expect("exists").file_type().is_symlink());
            }
            // A later write to the same path may have replaced it; the last one wins.
            let last = writes.iter().rev().find(|w| cleaned(w) == clean).expect("asked");
            prop_assert_eq!(std::fs::read_to_string(&dest).expect("read"), format!("new {last}"));
        }
        let leftovers = snapshot(&root).keys().filter(|p| p.to_string_lossy().contains(".anpm-")).count();
        prop_assert_eq!(leftovers, 0, "no temporary file left");
    }
}
