//! Who is doing something, as the activity bus names it: a runner id per task, planning run and role
//! routing, spelled in one place (`task:<id>`, `planning:<id>`, `router:<id>`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{BacklogCandidateId, PlanningRunId, TaskId};

/// The id of one runner on the activity bus.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(transparent)]
pub struct RunnerId(String);

impl RunnerId {
    /// The runner of a task's dispatch.
    pub fn task(id: TaskId) -> Self {
        Self(format!("task:{id}"))
    }

    /// The runner of a planning run.
    pub fn planning_run(id: PlanningRunId) -> Self {
        Self(format!("planning:{id}"))
    }

    /// The role router asked about a candidate.
    pub fn router(id: BacklogCandidateId) -> Self {
        Self(format!("router:{id}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for RunnerId {
    fn from(raw: &str) -> Self {
        Self(raw.to_owned())
    }
}

impl From<String> for RunnerId {
    fn from(raw: String) -> Self {
        Self(raw)
    }
}

impl std::fmt::Display for RunnerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<&str> for RunnerId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}
