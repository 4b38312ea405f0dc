//! Why a planning run failed: a typed kind the UI and CLI can branch on, a message for people, and a
//! remediation that names the setting or action that fixes it.

pub use crate::domain::FailureKind;

impl FailureKind {
    /// What the operator can do about it.
    pub fn remediation(self) -> &'static str {
        match self {
            Self::ProviderUnreachable => {
                "Check `planning.base_url` (anpm settings get planning.base_url) and that the server is running and reachable."
            }
            Self::ProviderTimeout => {
                "The model took longer than 45 s. Retry, pick a faster model with `anpm settings set planning.model …`, or plan with the deterministic provider."
            }
            Self::ProviderError => {
                "Read the provider's message above: usually a wrong model name or API key. Check `planning.model` and the variable named by `planning.api_key_env`."
            }
            Self::RateLimited => "The provider is rate-limiting this key. Wait a few minutes and start the run again.",
            Self::ResponseTooLarge => "The reply exceeded 128 KiB. Retry; if it repeats, the model is ignoring the output format: try another model.",
            Self::InvalidResponse | Self::NoValidCandidates => {
                "The model did not answer in the expected JSON shape. Retry, or use a stronger model (`planning.model`)."
            }
            Self::ContextOverflow => {
                "The planning request is too large for the provider. Shorten the requirement's description or archive stale open tasks."
            }
            Self::ProviderNotConfigured => {
                "Configure the provider: `anpm settings set planning.base_url URL`, `planning.model NAME` and, if it needs a key, `planning.api_key_env VAR` with the key exported in VAR."
            }
            Self::Cancelled => "The run was cancelled. Start a new run when ready.",
            Self::Interrupted => "anpm stopped while the run was in progress. Start the run again.",
            Self::Unknown => "Retry the run; if it fails again, plan with the deterministic provider and report the message.",
        }
    }
}

/// A failed planning attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanningFailure {
    pub kind: FailureKind,
    pub message: String,
}

impl PlanningFailure {
    pub fn new(kind: FailureKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into() }
    }
}

/// The planning kind of a failed agent run.
pub fn from_dispatch(kind: crate::domain::ErrorKind) -> FailureKind {
    use crate::domain::ErrorKind as D;
    match kind {
        D::DispatchTimeout => FailureKind::ProviderTimeout,
        D::CliNotFound | D::PromptTooLarge => FailureKind::ProviderNotConfigured,
        D::SessionExpired | D::ModelNotAvailable => FailureKind::ProviderError,
        D::RateLimited => FailureKind::RateLimited,
        D::ContextOverflow => FailureKind::ContextOverflow,
        D::OutputTooLarge => FailureKind::ResponseTooLarge,
        D::InvalidResultSchema => FailureKind::InvalidResponse,
        D::Cancelled => FailureKind::Cancelled,
        D::Interrupted => FailureKind::Interrupted,
        _ => FailureKind::Unknown,
    }
}
