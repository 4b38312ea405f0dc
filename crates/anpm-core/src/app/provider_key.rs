//! The model provider's API key: where it comes from (an environment variable named by a setting, or the
//! OS keyring), storing and clearing it in the keyring. The key itself is never a setting and never printed.

use super::{Core, Planning};
use crate::domain::SettingKey;
use crate::{Error, Result};

use serde::Serialize;
use ts_rs::TS;

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

impl Planning<'_> {
    /// Stores the model provider's API key in the OS keyring. It is used when `planning.api_key_env` is
    /// not set.
    pub fn set_provider_key(&self, key: &str) -> Result<ApiKeySource> {
        self.core.keyring().set_provider_key(key)?;
        self.api_key_source()
    }

    /// Removes the provider key from the OS keyring.
    pub fn clear_provider_key(&self) -> Result<ApiKeySource> {
        self.core.keyring().clear_provider_key()?;
        self.api_key_source()
    }

    /// Where the provider key will come from (never the key itself).
    pub fn api_key_source(&self) -> Result<ApiKeySource> {
        let env = self.core.setting_value(SettingKey::PlanningApiKeyEnv)?;
        Ok(if !env.is_empty() {
            ApiKeySource {
                source: "environment".into(),
                detail: format!("${env}"),
                available: std::env::var_os(&env).is_some(),
            }
        } else if self.core.keyring().provider_key().ok().flatten().is_some() {
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
}

impl Core {
    /// The provider key: from the variable named by `planning.api_key_env` when set, else from the OS keyring.
    pub(crate) fn provider_key(&self) -> Result<Option<String>> {
        let env = self.setting_value(SettingKey::PlanningApiKeyEnv)?;
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
}
