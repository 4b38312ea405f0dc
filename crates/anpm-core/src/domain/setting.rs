//! Settings: every key anpm reads, in one table with its type, default, unit, environment override and
//! validation; the stored key/value rows; and the persisted latest activity snapshot of each runner.
//!
//! Secrets are never settings: the API key of a model provider lives in an environment variable whose
//! *name* is a setting, or in the OS keyring. Limits resolve from this table too (environment first, as an
//! explicit choice for the process, then the stored setting, then the default), in `dispatch::limits`.

use serde::Serialize;
use ts_rs::TS;

use super::macros::string_enum;
use super::{ProviderKind, Timestamp};
use crate::{Error, Result};

string_enum! {
    /// Every setting anpm reads, by its stored key.
    SettingKey as "setting" {
        PlanningProvider = "planning.provider",
        PlanningBaseUrl = "planning.base_url",
        PlanningModel = "planning.model",
        PlanningApiKeyEnv = "planning.api_key_env",
        DispatchTimeoutSeconds = "dispatch.timeout_seconds",
        DispatchOutputMaxBytes = "dispatch.output_max_bytes",
        /// Written by pause/resume; the loop reads it.
        DispatchPaused = "dispatch.paused",
        /// Written by `dispatch serve --concurrency` and the window; the loop reads it.
        DispatchConcurrency = "dispatch.concurrency",
        /// The time of the latest run-next request; the loop starts a task when it changes.
        DispatchRunNext = "dispatch.run_next",
        WorkspaceSetupTimeoutSeconds = "workspace.setup_timeout_seconds",
        /// Days without an update after which a document counts as stale.
        KnowledgeStaleDays = "knowledge.stale_days",
        /// Most a project's agents may spend in a (local) day, in US dollars.
        BudgetProjectDailyUsd = "budget.project_daily_usd",
        /// Most one task's attempts together may spend, in US dollars.
        BudgetTaskUsd = "budget.task_usd",
    }
}

/// The longest wall-clock budget a setting or the environment may give: one week.
pub const MAX_TIMEOUT_SECONDS: u64 = 7 * 24 * 3600;
/// The smallest output cap worth having: a result JSON must fit.
pub const MIN_OUTPUT_BYTES: u64 = 4096;
/// The largest output cap: beyond this a run's capture would not fit comfortably in memory.
pub const MAX_OUTPUT_BYTES: u64 = 1 << 30;
/// How many agents may run at once.
pub const CONCURRENCY: std::ops::RangeInclusive<u64> = 1..=16;
/// The largest budget a setting may hold, in US dollars.
pub const MAX_BUDGET_USD: f64 = 100_000.0;
/// How many days a document may go without an update before it is stale: a day to ten years.
pub const STALE_DAYS: std::ops::RangeInclusive<u64> = 1..=3650;

/// What a setting holds, and so how its raw value is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingType {
    /// A planning provider id.
    Provider,
    /// An http(s) URL with a host.
    Url,
    /// Free text that must not be empty.
    NonEmptyText,
    /// The name of an environment variable.
    EnvName,
    /// Whole seconds from 0 (no limit) to `MAX_TIMEOUT_SECONDS` (one week).
    Seconds,
    /// A byte count: 0 (no cap) or from `MIN_OUTPUT_BYTES` to `MAX_OUTPUT_BYTES` (4 KiB to 1 GiB).
    Bytes,
    /// `true` or `false`.
    Flag,
    /// A count in `CONCURRENCY` (1 to 16).
    Concurrency,
    /// An RFC 3339 time.
    Time,
    /// Whole days in `STALE_DAYS`.
    Days,
    /// US dollars from 0 (no budget) to `MAX_BUDGET_USD`, cents allowed.
    Usd,
}

/// How a setting is entered in a form: the window draws a select, a number with its unit, a switch, or a
/// text field from this, and checks the range before it asks the core (which checks again).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SettingInput {
    /// One of a fixed list.
    Choice { choices: Vec<String> },
    /// An http(s) URL.
    Url,
    /// Free text that must not be empty.
    Text,
    /// The name of an environment variable.
    EnvName,
    /// Whole seconds, 0 meaning no limit.
    Seconds { max: u64 },
    /// A byte count, 0 meaning no cap, otherwise within `min..=max`.
    Bytes { min: u64, max: u64 },
    /// On or off.
    Flag,
    /// A whole number within `min..=max`.
    Count { min: u64, max: u64 },
    /// A point in time.
    Time,
    /// An amount of US dollars, 0 meaning no budget, at most `max`.
    Dollars { max: u64 },
}

impl SettingType {
    /// The form input for a value of this type.
    pub fn input(self) -> SettingInput {
        match self {
            SettingType::Provider => {
                SettingInput::Choice { choices: ProviderKind::ALL.iter().map(|p| p.as_str().to_owned()).collect() }
            }
            SettingType::Url => SettingInput::Url,
            SettingType::NonEmptyText => SettingInput::Text,
            SettingType::EnvName => SettingInput::EnvName,
            SettingType::Seconds => SettingInput::Seconds { max: MAX_TIMEOUT_SECONDS },
            SettingType::Bytes => SettingInput::Bytes { min: MIN_OUTPUT_BYTES, max: MAX_OUTPUT_BYTES },
            SettingType::Flag => SettingInput::Flag,
            SettingType::Concurrency => SettingInput::Count { min: *CONCURRENCY.start(), max: *CONCURRENCY.end() },
            SettingType::Time => SettingInput::Time,
            SettingType::Days => SettingInput::Count { min: *STALE_DAYS.start(), max: *STALE_DAYS.end() },
            SettingType::Usd => SettingInput::Dollars { max: MAX_BUDGET_USD as u64 },
        }
    }
}

/// One row of the settings table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingSpec {
    pub key: SettingKey,
    pub description: &'static str,
    pub ty: SettingType,
    /// The value when nothing is stored ("" = none).
    pub default: &'static str,
    /// The unit of a number, for people.
    pub unit: Option<&'static str>,
    /// The environment variable that overrides the stored value for one process.
    pub env: Option<&'static str>,
    /// Whether the operator sets it (`settings set`, the Settings screen); the others are written by
    /// operations of their own (pause, concurrency, run-next).
    pub operator: bool,
}

/// The settings table: the one definition of every key.
pub const SETTINGS: &[SettingSpec] = &[
    SettingSpec {
        key: SettingKey::PlanningProvider,
        description: "Default planning provider: deterministic (built in, offline), openai-compatible or agent (a local agent CLI)",
        ty: SettingType::Provider,
        default: "deterministic",
        unit: None,
        env: None,
        operator: true,
    },
    SettingSpec {
        key: SettingKey::PlanningBaseUrl,
        description: "Base URL of the OpenAI-compatible endpoint (http or https)",
        ty: SettingType::Url,
        default: "",
        unit: None,
        env: None,
        operator: true,
    },
    SettingSpec {
        key: SettingKey::PlanningModel,
        description: "Model name sent to the OpenAI-compatible endpoint",
        ty: SettingType::NonEmptyText,
        default: "",
        unit: None,
        env: None,
        operator: true,
    },
    SettingSpec {
        key: SettingKey::PlanningApiKeyEnv,
        description: "Name of the environment variable holding the provider's API key",
        ty: SettingType::EnvName,
        default: "",
        unit: None,
        env: None,
        operator: true,
    },
    SettingSpec {
        key: SettingKey::DispatchTimeoutSeconds,
        description: "Wall-clock budget of every dispatched agent in whole seconds, instead of each role's own (0: no limit)",
        ty: SettingType::Seconds,
        default: "",
        unit: Some("seconds"),
        env: Some("ANPM_DISPATCH_TIMEOUT"),
        operator: true,
    },
    SettingSpec {
        key: SettingKey::WorkspaceSetupTimeoutSeconds,
        description: "Wall-clock budget of a project's setup command in a new task worktree, in whole seconds (0: no limit)",
        ty: SettingType::Seconds,
        default: "600",
        unit: Some("seconds"),
        env: None,
        operator: true,
    },
    SettingSpec {
        key: SettingKey::KnowledgeStaleDays,
        description: "Days a document may go without an update before a sync marks it stale and raises a time-decay drift signal",
        ty: SettingType::Days,
        default: "30",
        unit: Some("days"),
        env: Some("ANPM_STALE_DAYS"),
        operator: true,
    },
    SettingSpec {
        key: SettingKey::DispatchOutputMaxBytes,
        description: "Agent output captured per attempt, in bytes; the rest is counted and dropped (0: no cap)",
        ty: SettingType::Bytes,
        default: "5242880",
        unit: Some("bytes"),
        env: Some("ANPM_DISPATCH_OUTPUT_MAX"),
        operator: true,
    },
    SettingSpec {
        key: SettingKey::BudgetProjectDailyUsd,
        description: "Most a project's agents may spend in a day, in US dollars: once spent, no new task of the project starts until the next day (0 or empty: no budget)",
        ty: SettingType::Usd,
        default: "",
        unit: Some("USD"),
        env: None,
        operator: true,
    },
    SettingSpec {
        key: SettingKey::BudgetTaskUsd,
        description: "Most one task's attempts together may spend, in US dollars: a run that goes over is stopped and fails budget_exceeded (0 or empty: no budget)",
        ty: SettingType::Usd,
        default: "",
        unit: Some("USD"),
        env: None,
        operator: true,
    },
    SettingSpec {
        key: SettingKey::DispatchPaused,
        description: "Whether the dispatch loop claims new tasks",
        ty: SettingType::Flag,
        default: "false",
        unit: None,
        env: None,
        operator: false,
    },
    SettingSpec {
        key: SettingKey::DispatchConcurrency,
        description: "How many agents may run at once",
        ty: SettingType::Concurrency,
        default: "2",
        unit: Some("agents"),
        env: None,
        operator: false,
    },
    SettingSpec {
        key: SettingKey::DispatchRunNext,
        description: "When the operator last asked to run the next task now",
        ty: SettingType::Time,
        default: "",
        unit: None,
        env: None,
        operator: false,
    },
];

impl SettingKey {
    /// This key's row of the table.
    pub fn spec(self) -> &'static SettingSpec {
        SETTINGS
            .iter()
            .find(|s| s.key == self)
            .expect("invariant: every setting key has a row in SETTINGS")
    }

    /// A key the operator may read and set, or an error listing those keys.
    pub fn operator(raw: &str) -> Result<Self> {
        match raw.parse::<SettingKey>() {
            Ok(key) if key.spec().operator => Ok(key),
            _ => {
                let keys: Vec<&str> =
                    SETTINGS.iter().filter(|s| s.operator).map(|s| s.key.as_str()).collect();
                Err(Error::invalid(
                    "setting",
                    format!("unknown setting `{raw}`; known settings: {}", keys.join(", ")),
                ))
            }
        }
    }

    /// Validates `raw` for this key and returns the form to store.
    pub fn normalize(self, raw: &str) -> Result<String> {
        let value = raw.trim();
        let key = self.as_str();
        match self.spec().ty {
            SettingType::Provider => Ok(value.parse::<ProviderKind>()?.as_str().to_owned()),
            SettingType::Url => validate_base_url(value),
            SettingType::NonEmptyText if value.is_empty() => {
                Err(Error::invalid(key, "the model name must not be empty"))
            }
            SettingType::NonEmptyText => Ok(value.to_owned()),
            SettingType::EnvName => {
                let valid = value.chars().next().is_some_and(|c| c.is_ascii_uppercase() || c == '_')
                    && value.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
                if valid {
                    Ok(value.to_owned())
                } else {
                    Err(Error::invalid(
                        key,
                        format!("`{value}` is not an environment variable name (A-Z, 0-9 and _, not starting with a digit); store the key itself in that variable, never here"),
                    ))
                }
            }
            SettingType::Seconds => parse_seconds(value).map(|n| n.to_string()).ok_or_else(|| {
                Error::invalid(
                    key,
                    format!("`{value}` is not a whole number of seconds from 0 (no limit) to {MAX_TIMEOUT_SECONDS}"),
                )
            }),
            SettingType::Bytes => parse_bytes(value).map(|n| n.to_string()).ok_or_else(|| {
                Error::invalid(
                    key,
                    format!("`{value}` is not a byte count: 0 (no cap) or from {MIN_OUTPUT_BYTES} to {MAX_OUTPUT_BYTES}"),
                )
            }),
            SettingType::Flag => match value {
                "true" | "false" => Ok(value.to_owned()),
                _ => Err(Error::invalid(key, format!("`{value}` is neither true nor false"))),
            },
            SettingType::Concurrency => match value.parse::<u64>() {
                Ok(n) if CONCURRENCY.contains(&n) => Ok(n.to_string()),
                _ => Err(Error::invalid(
                    "concurrency",
                    format!("{value} is outside {}–{}", CONCURRENCY.start(), CONCURRENCY.end()),
                )),
            },
            SettingType::Time => Ok(value.parse::<Timestamp>()?.to_string()),
            SettingType::Usd => parse_usd(value).map(|n| n.to_string()).ok_or_else(|| {
                Error::invalid(
                    key,
                    format!("`{value}` is not an amount of US dollars from 0 (no budget) to {MAX_BUDGET_USD}, such as 5 or 2.50"),
                )
            }),
            SettingType::Days => match value.parse::<u64>() {
                Ok(n) if STALE_DAYS.contains(&n) => Ok(n.to_string()),
                _ => Err(Error::invalid(
                    key,
                    format!("`{value}` is not a whole number of days from {} to {}", STALE_DAYS.start(), STALE_DAYS.end()),
                )),
            },
        }
    }
}

/// A dollar amount within the allowed range (0: no budget), or `None`.
pub fn parse_usd(raw: &str) -> Option<f64> {
    let value = raw.trim_start_matches('$').parse::<f64>().ok()?;
    (value.is_finite() && (0.0..=MAX_BUDGET_USD).contains(&value)).then_some(value)
}

/// Whole seconds within the allowed range, or `None`.
pub fn parse_seconds(raw: &str) -> Option<u64> {
    raw.parse::<u64>().ok().filter(|n| *n <= MAX_TIMEOUT_SECONDS)
}

/// A byte count within the allowed range (0: no cap), or `None`.
pub fn parse_bytes(raw: &str) -> Option<u64> {
    raw.parse::<u64>().ok().filter(|n| *n == 0 || (MIN_OUTPUT_BYTES..=MAX_OUTPUT_BYTES).contains(n))
}

/// An http(s) base URL with a host, without its trailing slash.
pub fn validate_base_url(raw: &str) -> Result<String> {
    let trimmed = raw.trim().trim_end_matches('/');
    let url = reqwest::Url::parse(trimmed)
        .map_err(|e| Error::invalid("base URL", format!("`{}` is not a URL: {e}", raw.trim())))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::invalid(
            "base URL",
            format!("`{}` must start with http:// or https:// (found `{}:`)", raw.trim(), url.scheme()),
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::invalid("base URL", format!("`{}` has no host", raw.trim())));
    }
    Ok(trimmed.to_owned())
}

/// Where a default agent profile applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgentScope {
    Role,
    Project,
}

impl AgentScope {
    /// The settings key holding the default agent profile of a role or a project (keys of this family
    /// are per role and per project, so they sit beside the table rather than in it).
    pub fn key(self, id: &str) -> String {
        match self {
            AgentScope::Role => format!("agent.default.role.{id}"),
            AgentScope::Project => format!("agent.default.project.{id}"),
        }
    }
}

/// One setting.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub updated_at: Timestamp,
}

/// The last activity a runner reported, restored on start.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ActivitySnapshot {
    pub runner_id: super::RunnerId,
    #[ts(type = "unknown")]
    pub snapshot: serde_json::Value,
    pub updated_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_a_form_offers_is_accepted() {
        for spec in SETTINGS {
            if let SettingInput::Choice { choices } = spec.ty.input() {
                for choice in choices {
                    assert_eq!(spec.key.normalize(&choice).expect("a listed choice is valid"), choice);
                }
            }
            if let SettingInput::Count { min, max } | SettingInput::Bytes { min, max } = spec.ty.input() {
                assert!(spec.key.normalize(&min.to_string()).is_ok() && spec.key.normalize(&max.to_string()).is_ok());
                assert!(spec.key.normalize(&(max + 1).to_string()).is_err(), "{}", spec.key);
            }
        }
    }

    #[test]
    fn every_setting_key_has_exactly_one_definition() {
        for &key in SettingKey::ALL {
            assert_eq!(SETTINGS.iter().filter(|s| s.key == key).count(), 1, "{key}");
        }
        assert_eq!(SETTINGS.len(), SettingKey::ALL.len());
        for spec in SETTINGS {
            if !spec.default.is_empty() {
                assert_eq!(spec.key.normalize(spec.default).expect("default is valid"), spec.default);
            }
        }
    }

    #[test]
    fn limits_are_validated_and_bounded() {
        assert_eq!(parse_seconds("120"), Some(120));
        assert_eq!(parse_seconds("0"), Some(0));
        for bad in ["-1", "abc", "9223372036854775807", "604801", " 120"] {
            assert_eq!(parse_seconds(bad), None, "{bad:?}");
        }
        assert_eq!(parse_bytes("0"), Some(0));
        assert_eq!(parse_bytes("4096"), Some(4096));
        assert_eq!(parse_bytes("100"), None);
        assert_eq!(parse_bytes(&(MAX_OUTPUT_BYTES + 1).to_string()), None);
        assert!(SettingKey::operator("dispatch.paused").is_err(), "internal keys are not the operator's");
        assert!(SettingKey::DispatchConcurrency.normalize("17").is_err());
    }

    #[test]
    fn base_urls_must_be_http_with_a_host() {
        assert_eq!(
            validate_base_url(" https://api.example.com/v1/ ").expect("ok"),
            "https://api.example.com/v1"
        );
        assert_eq!(
            validate_base_url("http://127.0.0.1:8080").expect("ok"),
            "http://127.0.0.1:8080"
        );
        for bad in
            ["ftp://example.com", "file:///etc/passwd", "example.com/v1", "", "javascript:alert(1)"]
        {
            let err = validate_base_url(bad).expect_err(bad);
            assert_eq!(err.code(), crate::ErrorCode::InvalidInput, "{bad}");
        }
    }
}
