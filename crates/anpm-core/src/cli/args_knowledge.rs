//! Clap definitions of the project-knowledge commands: documents, sync runs, drift signals, search and
//! the notification history.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum DocCommand {
    /// List a project's documents (discovered and added by hand).
    List {
        #[arg(long)]
        project: String,
    },
    /// Show one document with its links, suggested links and open drift.
    Show { id: String },
    /// Register a document by hand.
    Add {
        #[arg(long)]
        project: String,
        #[arg(long)]
        title: String,
        /// Repository-relative path of the file.
        #[arg(long)]
        path: String,
        /// Default: inferred from the path.
        #[arg(long = "type", help = crate::api::DocType::CHOICES)]
        doc_type: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Edit a document's title, type or description.
    Edit {
        id: String,
        #[arg(long)]
        title: Option<String>,
        #[arg(long = "type", help = crate::api::DocType::CHOICES)]
        doc_type: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Remove a document from the registry (the file stays).
    Remove { id: String },
    /// Link a document to the code path it covers (exact path, no globs).
    Link {
        id: String,
        #[arg(long)]
        code: String,
        #[arg(long = "type", default_value = "covers", help = crate::api::LinkType::CHOICES)]
        link_type: String,
    },
    /// Remove a document's link to a code path.
    Unlink {
        id: String,
        #[arg(long)]
        code: String,
    },
    /// The document is up to date now: clears its staleness and resolves its open drift signals.
    MarkUpdated { id: String },
    /// Print the document's file (at most 256 KiB).
    Content { id: String },
    /// Discover the project's documents again now.
    Discover {
        #[arg(long)]
        project: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Scan the project's git history since the last sync and raise drift signals.
    Run {
        #[arg(long)]
        project: String,
    },
    /// A project's sync runs, newest first.
    List {
        #[arg(long)]
        project: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum DriftCommand {
    /// A project's drift signals.
    List {
        #[arg(long)]
        project: String,
        #[arg(long, help = crate::api::DriftStatus::CHOICES)]
        status: Option<String>,
        #[arg(long, default_value = "severity", help = crate::api::DriftSort::CHOICES)]
        sort: String,
    },
    /// Raise a signal by hand on a document.
    Add {
        /// The document's id.
        #[arg(long)]
        document: String,
        #[arg(long)]
        detail: String,
        /// 1–3 or low / medium / high (default 1).
        #[arg(long)]
        severity: Option<String>,
    },
    /// Resolve a signal (the document stays stale until marked updated).
    Resolve { id: String },
    /// Dismiss a signal as not relevant.
    Dismiss { id: String },
    /// Open a resolved or dismissed signal again.
    Reopen { id: String },
    /// Resolve every open signal of a project.
    ResolveAll {
        #[arg(long)]
        project: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum NotificationCommand {
    /// The newest notifications.
    List {
        /// Only unread ones.
        #[arg(long)]
        unread: bool,
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Mark one read.
    Read { id: String },
    /// Mark one unread.
    Unread { id: String },
    /// Mark every notification read.
    ReadAll,
}
