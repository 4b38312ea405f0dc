//! The limits of one agent run, resolved in one place for every kind of run: a task, the role router, an
//! agent used as the planner, and the health probe. Each limit comes from the process environment when it
//! was started with one (an explicit choice for this process), else the stored setting, else its default.

use std::time::Duration;

use super::roles;
use crate::domain::{Env, SettingKey};
use crate::store::Store;

/// Default output cap (5 MiB).
pub const DEFAULT_OUTPUT_CAP: usize = 5 * 1024 * 1024;
/// Timeout of a role with no catalog entry.
pub const UNKNOWN_ROLE_TIMEOUT: Duration = Duration::from_secs(1800);
/// Timeout of an agent used as the planner when `ANPM_ADAPTER_TIMEOUT` does not say.
pub const AGENT_PLANNER_TIMEOUT: Duration = Duration::from_secs(300);
/// Timeouts of the health probe: `--version`, then the one-word prompt.
pub const PROBE_VERSION_TIMEOUT: Duration = Duration::from_secs(10);
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(60);
/// Output kept from a probe: enough for a version line and a one-word answer with its events.
const PROBE_OUTPUT_CAP: usize = 64 * 1024;

/// What a run is for; each has its own default budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose<'a> {
    /// A dispatched task of this role.
    Task(&'a str),
    /// The role router (the `dispatcher` role's budget).
    Router,
    /// An agent CLI used as the planning provider.
    Planner,
    /// The health probe of an agent profile.
    Probe,
}

/// The budget of a project's setup command in a new worktree when the setting does not say.
pub const SETUP_TIMEOUT: Duration = Duration::from_secs(600);

/// The budget of a project's setup command: the stored setting (0: none), else [`SETUP_TIMEOUT`].
pub fn setup_timeout(store: &Store) -> Option<Duration> {
    let key = SettingKey::WorkspaceSetupTimeoutSeconds;
    match store.read(|tx| tx.setting(key.as_str())) {
        Ok(Some(stored)) => match stored.value.parse::<u64>() {
            Ok(0) => None,
            Ok(n) => Some(Duration::from_secs(n.min(crate::domain::MAX_TIMEOUT_SECONDS))),
            Err(_) => Some(SETUP_TIMEOUT),
        },
        Ok(None) => Some(SETUP_TIMEOUT),
        Err(e) => {
            tracing::warn!(error = %e, "reading the setup timeout failed; using the default");
            Some(SETUP_TIMEOUT)
        }
    }
}

/// The stored limit settings, read once per run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoredLimits {
    pub timeout_seconds: Option<u64>,
    pub output_max_bytes: Option<u64>,
}

impl StoredLimits {
    /// Reads the stored values; a failed read means "not set" (the defaults apply), logged.
    pub fn read(store: &Store) -> Self {
        let read = |key: SettingKey| -> Option<u64> {
            match store.read(|tx| tx.setting(key.as_str())) {
                Ok(stored) => stored.and_then(|s| s.value.parse().ok()),
                Err(e) => {
                    tracing::warn!(error = %e, setting = key.as_str(), "reading a limit failed; using the default");
                    None
                }
            }
        };
        Self {
            timeout_seconds: read(SettingKey::DispatchTimeoutSeconds),
            output_max_bytes: read(SettingKey::DispatchOutputMaxBytes),
        }
    }
}

/// The limits of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunLimits {
    /// Wall-clock budget; `None`: no limit.
    pub timeout: Option<Duration>,
    /// Output captured; `None`: no cap.
    pub output_cap: Option<usize>,
}

impl RunLimits {
    /// The limits of a run for `purpose`.
    pub fn resolve(purpose: Purpose<'_>, env: &Env, stored: &StoredLimits) -> Self {
        let role_default = |role: &str| {
            roles::catalog()
                .get(role)
                .map(|r| Duration::from_secs(r.default_timeout_sec))
                .unwrap_or(UNKNOWN_ROLE_TIMEOUT)
        };
        let seconds = |n: u64| (n > 0).then(|| Duration::from_secs(n));
        let timeout = match purpose {
            Purpose::Task(role) => env
                .dispatch_timeout
                .or(stored.timeout_seconds)
                .map_or(Some(role_default(role)), seconds),
            Purpose::Router => env
                .dispatch_timeout
                .or(stored.timeout_seconds)
                .map_or(Some(role_default("dispatcher")), seconds),
            Purpose::Planner => {
                Some(env.adapter_timeout.map_or(AGENT_PLANNER_TIMEOUT, Duration::from_secs))
            }
            Purpose::Probe => Some(PROBE_TIMEOUT),
        };
        let output_cap = match purpose {
            Purpose::Probe => Some(PROBE_OUTPUT_CAP),
            _ => env
                .output_max
                .or(stored.output_max_bytes)
                .map_or(Some(DEFAULT_OUTPUT_CAP), |n| (n > 0).then_some(n as usize)),
        };
        Self { timeout, output_cap }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::new(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
    }

    fn timeout(role: &str, var: Option<&str>) -> Option<Duration> {
        let e = env(&var.map(|v| vec![("ANPM_DISPATCH_TIMEOUT", v)]).unwrap_or_default());
        RunLimits::resolve(Purpose::Task(role), &e, &StoredLimits::default()).timeout
    }

    #[test]
    fn timeout_resolution() {
        assert_eq!(timeout("backend-architect", None), Some(Duration::from_secs(5400)));
        assert_eq!(timeout("nope", None), Some(Duration::from_secs(1800)));
        assert_eq!(timeout("backend-architect", Some("120")), Some(Duration::from_secs(120)));
        assert_eq!(timeout("backend-architect", Some("0")), None);
        for garbage in ["-1", "abc", "  120  ", "10s", ""] {
            assert_eq!(timeout("backend-architect", Some(garbage)), Some(Duration::from_secs(5400)), "{garbage:?}");
        }
        assert_eq!(timeout("dispatcher", None), Some(Duration::from_secs(60)));
    }

    #[test]
    fn output_cap_resolution() {
        let cap = |var: Option<&str>| {
            let e = env(&var.map(|v| vec![("ANPM_DISPATCH_OUTPUT_MAX", v)]).unwrap_or_default());
            RunLimits::resolve(Purpose::Task("test-writer"), &e, &StoredLimits::default()).output_cap
        };
        assert_eq!(cap(None), Some(5 * 1024 * 1024));
        assert_eq!(cap(Some("")), Some(5 * 1024 * 1024));
        assert_eq!(cap(Some("0")), None);
        assert_eq!(cap(Some(" 1024 ")), Some(1024));
        assert_eq!(cap(Some("-1")), Some(5 * 1024 * 1024));
        assert_eq!(cap(Some("abc")), Some(5 * 1024 * 1024));
    }

    #[test]
    fn the_environment_wins_over_the_setting_and_every_purpose_resolves_here() {
        let stored = StoredLimits { timeout_seconds: Some(30), output_max_bytes: Some(8192) };
        let none = env(&[]);
        let task = RunLimits::resolve(Purpose::Task("test-writer"), &none, &stored);
        assert_eq!((task.timeout, task.output_cap), (Some(Duration::from_secs(30)), Some(8192)));
        let router = RunLimits::resolve(Purpose::Router, &none, &stored);
        assert_eq!(router, task, "the router honours the same settings");
        let set = env(&[("ANPM_DISPATCH_TIMEOUT", "7"), ("ANPM_ADAPTER_TIMEOUT", "9")]);
        assert_eq!(
            RunLimits::resolve(Purpose::Router, &set, &stored).timeout,
            Some(Duration::from_secs(7))
        );
        let planner = RunLimits::resolve(Purpose::Planner, &set, &stored);
        assert_eq!((planner.timeout, planner.output_cap), (Some(Duration::from_secs(9)), Some(8192)));
        assert_eq!(RunLimits::resolve(Purpose::Planner, &none, &stored).timeout, Some(AGENT_PLANNER_TIMEOUT));
        assert_eq!(RunLimits::resolve(Purpose::Probe, &set, &stored).timeout, Some(PROBE_TIMEOUT));
    }
}
