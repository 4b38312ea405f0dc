//! Settings as the operator reads and sets them: the operator's rows of the one settings table
//! (`domain::SETTINGS`), each value validated by its row before it is stored. Secrets are never settings:
//! the API key of a model provider lives in an environment variable whose *name* is a setting.

use serde::Serialize;
use ts_rs::TS;

use super::{Core, Settings};
use crate::domain::{Setting, SettingInput, SettingKey, SettingSpec, Timestamp, SETTINGS};
use crate::Result;

/// A setting with its effective value.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SettingView {
    pub key: String,
    pub value: String,
    pub description: String,
    /// How the value is entered.
    pub input: SettingInput,
    /// The value when nothing is stored ("" = none).
    pub default: String,
    /// The environment variable that overrides the stored value for one process, if any.
    pub env: Option<String>,
    /// True when the value is the default (never set, or unset).
    pub is_default: bool,
    pub updated_at: Option<Timestamp>,
}

impl Settings<'_> {
    /// Every operator setting with its effective value.
    pub fn list(&self) -> Result<Vec<SettingView>> {
        let stored = self.core.store.read(|tx| tx.settings())?;
        Ok(SETTINGS
            .iter()
            .filter(|spec| spec.operator)
            .map(|spec| view(spec, stored.iter().find(|s| s.key == spec.key.as_str())))
            .collect())
    }

    /// One setting.
    pub fn get(&self, key: &str) -> Result<SettingView> {
        let key = SettingKey::operator(key)?;
        let stored = self.core.store.read(|tx| tx.setting(key.as_str()))?;
        Ok(view(key.spec(), stored.as_ref()))
    }

    /// Sets a setting after validating its value.
    pub fn set(&self, key: &str, value: &str) -> Result<SettingView> {
        let key = SettingKey::operator(key)?;
        let setting = Setting {
            key: key.as_str().to_owned(),
            value: key.normalize(value)?,
            updated_at: Timestamp::now(),
        };
        self.core.store.write(|tx| tx.put_setting(&setting))?;
        Ok(view(key.spec(), Some(&setting)))
    }

    /// Days without an update after which a document is stale: the environment's `ANPM_STALE_DAYS` when
    /// valid, else the stored setting, else 30.
    pub fn stale_days(&self) -> i64 {
        let key = SettingKey::KnowledgeStaleDays;
        let from_env = key.spec().env.and_then(|name| self.core.env.var(name)).and_then(|v| key.normalize(v).ok());
        let value = match from_env {
            Some(value) => value,
            None => self.core.setting_value(key).unwrap_or_else(|e| {
                tracing::warn!(error = %e, "reading the staleness threshold failed; using the default");
                key.spec().default.to_owned()
            }),
        };
        value.parse().unwrap_or(30)
    }

    /// Returns a setting to its default.
    pub fn unset(&self, key: &str) -> Result<SettingView> {
        let key = SettingKey::operator(key)?;
        self.core.store.write(|tx| tx.delete_setting(key.as_str()))?;
        Ok(view(key.spec(), None))
    }
}

impl Core {
    /// The effective value of a setting (its default when unset).
    pub(crate) fn setting_value(&self, key: SettingKey) -> Result<String> {
        let stored = self.store.read(|tx| tx.setting(key.as_str()))?;
        Ok(stored.map(|s| s.value).unwrap_or_else(|| key.spec().default.to_owned()))
    }

    /// Stores a setting written by an operation of its own (pause, concurrency, run-next), validated by
    /// its row like any other.
    pub(crate) fn put_setting(&self, key: SettingKey, value: &str) -> Result<()> {
        let setting =
            Setting { key: key.as_str().into(), value: key.normalize(value)?, updated_at: Timestamp::now() };
        self.store.write(|tx| tx.put_setting(&setting))
    }
}

fn view(spec: &SettingSpec, stored: Option<&Setting>) -> SettingView {
    SettingView {
        key: spec.key.as_str().to_owned(),
        value: stored.map(|s| s.value.clone()).unwrap_or_else(|| spec.default.to_owned()),
        description: spec.description.to_owned(),
        input: spec.ty.input(),
        default: spec.default.to_owned(),
        env: spec.env.map(str::to_owned),
        is_default: stored.is_none(),
        updated_at: stored.map(|s| s.updated_at),
    }
}
