//! Settings: the few keys anpm reads, each validated when set. Secrets are never settings: the API key of
//! a model provider lives in an environment variable whose *name* is the setting.

use serde::Serialize;
use ts_rs::TS;

use super::Core;
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

/// Where the provider's API key comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ApiKeySource {
    /// `environment`, `os_keyring` or `none`.
    pub source: String,
    /// The variable name, or a description; never the key.
    pub detail: String,
    /// Whether a key is actually present right now.
    pub available: bool,
}

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

impl Core {
    /// Every known setting with its effective value.
    pub fn settings(&self) -> Result<Vec<SettingView>> {
        let stored = self.store.read(|tx| tx.settings())?;
        Ok(KNOWN
            .iter()
            .map(|entry| view(entry, stored.iter().find(|s| s.key == entry.0)))
            .collect())
    }

    /// One setting.
    pub fn setting(&self, key: &str) -> Result<SettingView> {
        let entry = known(key)?;
        let stored = self.store.read(|tx| tx.setting(key))?;
        Ok(view(entry, stored.as_ref()))
    }

    /// Sets a setting after validating its value.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<SettingView> {
        let entry = known(key)?;
        let setting = Setting {
            key: key.to_owned(),
            value: normalize(key, value)?,
            updated_at: Timestamp::now(),
        };
        self.store.write(|tx| tx.put_setting(&setting))?;
        Ok(view(entry, Some(&setting)))
    }

    /// Returns a setting to its default.
    pub fn unset_setting(&self, key: &str) -> Result<SettingView> {
        let entry = known(key)?;
        self.store.write(|tx| tx.delete_setting(key))?;
        Ok(view(entry, None))
    }

    /// Stores the model provider's API key in the OS keyring. It is used when `planning.api_key_env` is
    /// not set.
    pub fn set_provider_key(&self, key: &str) -> Result<ApiKeySource> {
        self.keyring().set_provider_key(key)?;
        self.api_key_source()
    }

    /// Removes the provider key from the OS keyring.
    pub fn clear_provider_key(&self) -> Result<ApiKeySource> {
        self.keyring().clear_provider_key()?;
        self.api_key_source()
    }

    /// Where the provider key will come from (never the key itself).
    pub fn api_key_source(&self) -> Result<ApiKeySource> {
        let env = self.setting_value("planning.api_key_env")?;
        Ok(if !env.is_empty() {
            ApiKeySource {
                source: "environment".into(),
                detail: format!("${env}"),
                available: std::env::var_os(&env).is_some(),
            }
        } else if self.keyring().provider_key().ok().flatten().is_some() {
            ApiKeySource {
                source: "os_keyring".into(),
                detail: "stored in the OS keyring".into(),
                available: true,
            }
        } else {
            ApiKeySource {
                source: "none".into(),
                detail: "no API key configured".into(),
                available: false,
            }
        })
    }

    /// The provider key: from the variable named by `planning.api_key_env` when set, else from the OS keyring.
    pub(crate) fn provider_key(&self) -> Result<Option<String>> {
        let env = self.setting_value("planning.api_key_env")?;
        if env.is_empty() {
            // A keyring that cannot be reached (no keyring service in a container, say) means no stored key,
            // not a failed run: providers that need no key must keep working.
            return Ok(self.keyring().provider_key().unwrap_or_else(|e| {
                tracing::warn!(error = %e, "the OS keyring could not be read; continuing without a stored API key");
                None
            }));
        }
        std::env::var(&env).map(Some).map_err(|_| {
            Error::invalid("provider", format!("the API key variable `{env}` (planning.api_key_env) is not set in this process"))
        })
    }

    fn keyring(&self) -> crate::secrets::Keyring {
        crate::secrets::Keyring::new(&self.config.keyring_service)
    }

    /// The effective value of a known setting (its default when unset).
    pub(crate) fn setting_value(&self, key: &str) -> Result<String> {
        Ok(self.setting(key)?.value)
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
