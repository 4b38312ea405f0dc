//! Settings: the few keys anpm reads, each validated when set. Secrets are never settings: the API key of
//! a model provider lives in an environment variable whose *name* is the setting.

use serde::Serialize;
use ts_rs::TS;

use super::Settings;
use crate::domain::{ProviderKind, Setting, Timestamp};
use crate::planning::openai;
use crate::{Error, Result};

/// Every setting anpm knows: key, description, default.
const KNOWN: &[(&str, &str, &str)] = &[
    (
        "planning.provider",
        "Default planning provider: deterministic or openai-compatible",
        "deterministic",
    ),
    ("planning.base_url", "Base URL of the OpenAI-compatible endpoint (http or https)", ""),
    ("planning.model", "Model name sent to the OpenAI-compatible endpoint", ""),
    ("planning.api_key_env", "Name of the environment variable holding the provider's API key", ""),
    (
        "dispatch.timeout_seconds",
        "Wall-clock budget of every dispatched agent in whole seconds, instead of each role's own (0: no limit)",
        "",
    ),
    (
        "dispatch.output_max_bytes",
        "Agent output captured per attempt, in bytes; the rest is counted and dropped (0: no cap)",
        "5242880",
    ),
];

/// The longest wall-clock budget a setting may give: one week.
const MAX_TIMEOUT_SECONDS: u64 = 7 * 24 * 3600;
/// The smallest output cap worth having: a result JSON must fit.
const MIN_OUTPUT_BYTES: u64 = 4096;

/// A setting with its effective value.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SettingView {
    pub key: String,
    pub value: String,
    pub description: String,
    /// True when the value is the default (never set, or unset).
    pub is_default: bool,
    pub updated_at: Option<Timestamp>,
}

fn known(key: &str) -> Result<&'static (&'static str, &'static str, &'static str)> {
    KNOWN.iter().find(|(k, _, _)| *k == key).ok_or_else(|| {
        let keys: Vec<&str> = KNOWN.iter().map(|(k, _, _)| *k).collect();
        Error::invalid(
            "setting",
            format!("unknown setting `{key}`; known settings: {}", keys.join(", ")),
        )
    })
}

/// Validates and normalizes a value for `key`.
fn normalize(key: &str, raw: &str) -> Result<String> {
    let value = raw.trim();
    match key {
        "planning.provider" => Ok(value.parse::<ProviderKind>()?.as_str().to_owned()),
        "planning.base_url" => openai::validate_base_url(value),
        "planning.model" if value.is_empty() => {
            Err(Error::invalid("planning.model", "the model name must not be empty"))
        }
        "planning.api_key_env" => {
            let valid = value.chars().next().is_some_and(|c| c.is_ascii_uppercase() || c == '_')
                && value.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            if valid {
                Ok(value.to_owned())
            } else {
                Err(Error::invalid(
                    "planning.api_key_env",
                    format!("`{value}` is not an environment variable name (A-Z, 0-9 and _, not starting with a digit); store the key itself in that variable, never here"),
                ))
            }
        }
        "dispatch.timeout_seconds" => match value.parse::<u64>() {
            Ok(n) if n <= MAX_TIMEOUT_SECONDS => Ok(n.to_string()),
            _ => Err(Error::invalid(
                "dispatch.timeout_seconds",
                format!("`{value}` is not a whole number of seconds from 0 (no limit) to {MAX_TIMEOUT_SECONDS}"),
            )),
        },
        "dispatch.output_max_bytes" => match value.parse::<u64>() {
            Ok(n) if n == 0 || n >= MIN_OUTPUT_BYTES => Ok(n.to_string()),
            _ => Err(Error::invalid(
                "dispatch.output_max_bytes",
                format!("`{value}` is not a byte count: 0 (no cap) or at least {MIN_OUTPUT_BYTES}"),
            )),
        },
        _ => Ok(value.to_owned()),
    }
}

impl Settings<'_> {
    /// Every known setting with its effective value.
    pub fn list(&self) -> Result<Vec<SettingView>> {
        let stored = self.core.store.read(|tx| tx.settings())?;
        Ok(KNOWN
            .iter()
            .map(|entry| view(entry, stored.iter().find(|s| s.key == entry.0)))
            .collect())
    }

    /// One setting.
    pub fn get(&self, key: &str) -> Result<SettingView> {
        let entry = known(key)?;
        let stored = self.core.store.read(|tx| tx.setting(key))?;
        Ok(view(entry, stored.as_ref()))
    }

    /// Sets a setting after validating its value.
    pub fn set(&self, key: &str, value: &str) -> Result<SettingView> {
        let entry = known(key)?;
        let setting = Setting {
            key: key.to_owned(),
            value: normalize(key, value)?,
            updated_at: Timestamp::now(),
        };
        self.core.store.write(|tx| tx.put_setting(&setting))?;
        Ok(view(entry, Some(&setting)))
    }

    /// Returns a setting to its default.
    pub fn unset(&self, key: &str) -> Result<SettingView> {
        let entry = known(key)?;
        self.core.store.write(|tx| tx.delete_setting(key))?;
        Ok(view(entry, None))
    }
}

fn view(entry: &(&str, &str, &str), stored: Option<&Setting>) -> SettingView {
    let (key, description, default) = *entry;
    SettingView {
        key: key.to_owned(),
        value: stored.map(|s| s.value.clone()).unwrap_or_else(|| default.to_owned()),
        description: description.to_owned(),
        is_default: stored.is_none(),
        updated_at: stored.map(|s| s.updated_at),
    }
}
