//! The repository watch: notices when a project's HEAD or refs move (a commit, a merge, a pull, a branch
//! switch, made by anyone) and, after a quiet spell, tells its owner which project moved, so a sync runs
//! without a command and without a polling loop. One `notify` watcher for every project; a thread of its
//! own debounces, so the notifier's callback never blocks.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use crate::domain::ProjectId;
use crate::{Error, Result};

/// How long a project's refs must stay still before it counts as moved: a `git commit` writes several
/// files, a rebase dozens.
pub const QUIET: Duration = Duration::from_millis(400);

/// Watches the git folders of projects; dropping it stops the watch and its thread.
pub struct RepoWatch {
    watcher: Mutex<notify::RecommendedWatcher>,
    /// Git folder → project, shared with the notifier's callback.
    folders: Arc<Mutex<HashMap<PathBuf, ProjectId>>>,
    _stop: SyncSender<ProjectId>,
}

impl std::fmt::Debug for RepoWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let folders = self.folders.lock().map(|f| f.len()).unwrap_or(0);
        f.debug_struct("RepoWatch").field("projects", &folders).finish()
    }
}

impl RepoWatch {
    /// Starts the watch; `moved` is called on the watch's own thread, once per quiet spell per project.
    pub fn start(moved: impl Fn(ProjectId) + Send + 'static) -> Result<Self> {
        let (tx, rx) = sync_channel::<ProjectId>(256);
        let folders: Arc<Mutex<HashMap<PathBuf, ProjectId>>> = Arc::default();
        let seen = Arc::clone(&folders);
        let notifier = tx.clone();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            if matches!(event.kind, notify::EventKind::Access(_)) {
                return;
            }
            let projects: Vec<ProjectId> = {
                let folders = seen.lock().unwrap_or_else(|p| p.into_inner());
                event
                    .paths
                    .iter()
                    .filter(|p| is_ref_file(p))
                    .filter_map(|p| folders.iter().find(|(dir, _)| p.starts_with(dir)).map(|(_, id)| *id))
                    .collect()
            };
            for project in projects {
                // A full queue already holds wake-ups that will cover this one after the quiet spell.
                let _ = notifier.try_send(project);
            }
        })
        .map_err(|e| Error::io("starting the repository watch", std::io::Error::other(e)))?;
        std::thread::Builder::new()
            .name("anpm-repo-watch".into())
            .spawn(move || debounce(&rx, &moved))
            .map_err(|e| Error::io("starting the repository watch thread", e))?;
        Ok(Self { watcher: Mutex::new(watcher), folders, _stop: tx })
    }

    /// Watches the project whose work tree is `root` (its HEAD, its refs and packed refs).
    pub fn watch(&self, project: ProjectId, root: &Path) -> Result<()> {
        let (git_dir, common_dir) = crate::repo::git_dirs(root)?;
        let mut watcher = self.watcher.lock().unwrap_or_else(|p| p.into_inner());
        let mut folders = self.folders.lock().unwrap_or_else(|p| p.into_inner());
        for dir in [&git_dir, &common_dir] {
            if folders.contains_key(dir) {
                continue;
            }
            watcher
                .watch(dir, RecursiveMode::NonRecursive)
                .map_err(|e| Error::io(format!("watching {}", dir.display()), std::io::Error::other(e)))?;
            folders.insert(dir.clone(), project);
        }
        let refs = common_dir.join("refs");
        if refs.is_dir() && !folders.contains_key(&refs) {
            watcher
                .watch(&refs, RecursiveMode::Recursive)
                .map_err(|e| Error::io(format!("watching {}", refs.display()), std::io::Error::other(e)))?;
            folders.insert(refs, project);
        }
        Ok(())
    }
}

/// Whether a changed file is one that moves when history moves: HEAD, a ref, packed refs (not the index,
/// the objects or a lock file).
fn is_ref_file(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    if name.ends_with(".lock") {
        return false;
    }
    name == "HEAD"
        || name == "packed-refs"
        || name == "ORIG_HEAD"
        || path.components().any(|c| c.as_os_str() == "refs")
}

/// Collects wake-ups and reports each project once its refs have been still for [`QUIET`]; ends when
/// every sender is gone (the watch was dropped).
fn debounce(rx: &std::sync::mpsc::Receiver<ProjectId>, moved: &dyn Fn(ProjectId)) {
    let mut pending: HashMap<ProjectId, Instant> = HashMap::new();
    loop {
        let wait = pending
            .values()
            .map(|at| (*at + QUIET).saturating_duration_since(Instant::now()))
            .min()
            .unwrap_or(Duration::from_secs(3600));
        match rx.recv_timeout(wait) {
            Ok(project) => {
                pending.insert(project, Instant::now());
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        let now = Instant::now();
        let due: Vec<ProjectId> =
            pending.iter().filter(|(_, at)| now >= **at + QUIET).map(|(id, _)| *id).collect();
        for project in due {
            pending.remove(&project);
            moved(project);
        }
    }
}
