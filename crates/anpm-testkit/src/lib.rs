//! Test helpers shared by anpm's crates: real temporary git repositories and data directories, a fake
//! OpenAI-compatible server on 127.0.0.1, a fake model API that real agent CLIs (Gemini CLI, OpenCode)
//! talk to offline (`model_api`), a fake Anthropic Messages API for the real Claude Code CLI
//! (`anthropic`) and a fake OpenAI Responses API for the real Codex CLI (`responses`). Nothing here is
//! mocked; a helper that cannot do its job panics with a message saying why, which fails the test.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder holding the real agent CLIs `scripts/dev` installs from the npm registry (pinned versions):
/// `$ANPM_TEST_AGENTS_BIN`, else its default cache folder. Panics, saying how to install them, when one of
/// `needed` is not there.
pub fn agent_clis(needed: &[&str]) -> PathBuf {
    let dir = std::env::var_os("ANPM_TEST_AGENTS_BIN").map(PathBuf::from).unwrap_or_else(|| {
        let cache = std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from).unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache")
        });
        cache.join("anpm/agent-clis/node_modules/.bin")
    });
    let missing: Vec<&str> = needed.iter().copied().filter(|cli| !dir.join(cli).exists()).collect();
    assert!(
        missing.is_empty(),
        "the real agent CLIs {missing:?} are not installed in {}: run `scripts/dev test` (it installs \
         them), or set ANPM_TEST_AGENTS_BIN to a folder holding them",
        dir.display()
    );
    dir
}

/// A real git repository in a temporary folder, with one commit on `main`. Removed on drop.
#[derive(Debug)]
pub struct GitRepo {
    dir: tempfile::TempDir,
}

impl GitRepo {
    /// Creates the repository.
    pub fn new() -> Self {
        let dir =
            tempfile::Builder::new().prefix("anpm-repo-").tempdir().expect("creating a temp dir");
        let repo = Self { dir };
        repo.git(&["init", "--quiet", "--initial-branch=main"]);
        std::fs::write(repo.path().join("README.md"), "# test repo\n").expect("writing README.md");
        repo.git(&["add", "README.md"]);
        repo.git(&["commit", "--quiet", "-m", "initial commit"]);
        repo
    }

    /// The repository's root folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs git in the repository with a fixed identity, panicking if it fails.
    pub fn git(&self, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(self.path())
            .args(args)
            .env("GIT_AUTHOR_NAME", "anpm test")
            .env("GIT_AUTHOR_EMAIL", "test@anpm.invalid")
            .env("GIT_COMMITTER_NAME", "anpm test")
            .env("GIT_COMMITTER_EMAIL", "test@anpm.invalid")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .status()
            .expect("running git");
        assert!(status.success(), "git {args:?} failed in {}", self.path().display());
    }
}

impl Default for GitRepo {
    fn default() -> Self {
        Self::new()
    }
}

/// A temporary anpm data directory. Removed on drop.
#[derive(Debug)]
pub struct DataDir {
    dir: tempfile::TempDir,
}

impl DataDir {
    /// Creates an empty data directory.
    pub fn new() -> Self {
        Self {
            dir: tempfile::Builder::new()
                .prefix("anpm-data-")
                .tempdir()
                .expect("creating a temp dir"),
        }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Default for DataDir {
    fn default() -> Self {
        Self::new()
    }
}

mod agent;
pub mod anthropic;
mod llm;
pub mod model_api;
pub mod responses;

pub use agent::FakeAgents;
pub use llm::{FakeLlm, Received, Reply};
