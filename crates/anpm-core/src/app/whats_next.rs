//! "What's next": a planning run that asks where the project should go, rather than how to build one
//! stated requirement. It plans against a requirement of its own (source `analysis`), so that its run,
//! candidates and lineage look like every other plan's.

use super::Planning;
use crate::domain::*;
use crate::{Error, Result};

impl Planning<'_> {
    /// Adds an `analysis` requirement to `project_id` and queues a `whatsnext` run for it with `provider`
    /// (default: the `planning.provider` setting). When the run cannot start (say, the model provider is
    /// not configured), the requirement is removed again and the error returned.
    pub fn start_whats_next(
        &self,
        project_id: ProjectId,
        provider: Option<ProviderKind>,
    ) -> Result<(Requirement, PlanningRun)> {
        let project = self.core.projects().get(project_id)?;
        let mut input = NewRequirement::new(
            &format!("What's next for {}", project.name),
            Some("Directions proposed from the project's current state"),
            None,
            None,
            None,
        )?;
        input.source = "analysis".into();
        let requirement = self.core.requirements().add(project_id, input)?;
        match self.core.planning().start(requirement.id, provider, PlanningTemplate::Whatsnext) {
            Ok(run) => Ok((self.core.requirements().get(requirement.id)?, run)),
            Err(e) => {
                if let Err(cleanup) = self.core.requirements().delete(requirement.id) {
                    return Err(Error::Conflict(format!(
                        "{e}; and the requirement it created could not be removed: {cleanup}"
                    )));
                }
                Err(e)
            }
        }
    }
}
