//! What the operator sees under "About": the version and where this instance keeps its data.

use serde::Serialize;
use ts_rs::TS;

use super::Core;

/// This instance's version and data location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct About {
    pub version: String,
    /// The data folder (database, logs, locks).
    pub data_dir: String,
    /// The SQLite database file inside it.
    pub database: String,
    /// Size of the database file, without its write-ahead log; none when it cannot be read.
    pub database_bytes: Option<u64>,
    /// The folder of anpm's own daily log files.
    pub log_dir: String,
}

impl Core {
    /// The version and the data location of this instance.
    pub fn about(&self) -> About {
        let database = self.config.db_path();
        About {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: self.config.data_dir.display().to_string(),
            database_bytes: std::fs::metadata(&database).ok().map(|m| m.len()),
            database: database.display().to_string(),
            log_dir: crate::logs::dir(&self.config.data_dir).display().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Core};

    #[test]
    fn about_names_the_data_folder_and_its_database() {
        let dir = tempfile::tempdir().expect("tempdir");
        let core = Core::open(Config::at(dir.path())).expect("core");
        let about = core.about();
        assert_eq!(about.data_dir, dir.path().display().to_string());
        assert!(about.database.starts_with(&about.data_dir), "{about:?}");
        assert!(about.database_bytes.is_some_and(|n| n > 0), "{about:?}");
        assert_eq!(about.version, env!("CARGO_PKG_VERSION"));
        assert_eq!(about.log_dir, dir.path().join("logs").display().to_string());
    }
}
