//! Secrets in the operating system's keyring (the kernel key retention service on Linux, the Keychain on
//! macOS, the Credential Manager on Windows). anpm keeps exactly one secret today, the model provider's API
//! key; it is never written to SQLite, printed, or logged.

use crate::{Error, Result};

/// The keyring account under which the provider key is stored.
const PROVIDER_KEY_ACCOUNT: &str = "planning.api_key";

/// The keyring of one service name (`anpm`, or a unique name in tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyring {
    service: String,
}

impl Keyring {
    pub fn new(service: impl Into<String>) -> Self {
        Self { service: service.into() }
    }

    fn entry(&self) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, PROVIDER_KEY_ACCOUNT).map_err(|e| Error::Io {
            context: "opening the OS keyring".into(),
            source: std::io::Error::other(e.to_string()),
        })
    }

    /// Stores the provider key, replacing any previous one.
    pub fn set_provider_key(&self, key: &str) -> Result<()> {
        let key = key.trim();
        if key.is_empty() {
            return Err(Error::invalid("API key", "the key is empty"));
        }
        if key.chars().any(char::is_whitespace) {
            return Err(Error::invalid(
                "API key",
                "the key contains whitespace; paste only the key",
            ));
        }
        self.entry()?.set_password(key).map_err(|e| Error::Io {
            context: "the OS keyring refused to store the key (put it in an environment variable and set \
                      `planning.api_key_env` to that variable's name instead)"
                .into(),
            source: std::io::Error::other(e.to_string()),
        })
    }

    /// The stored provider key, if any.
    pub fn provider_key(&self) -> Result<Option<String>> {
        match self.entry()?.get_password() {
            Ok(key) => Ok(Some(key)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(e)),
        }
    }

    /// Removes the stored provider key; false when there was none.
    pub fn clear_provider_key(&self) -> Result<bool> {
        match self.entry()?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(keyring_error(e)),
        }
    }
}

fn keyring_error(e: keyring::Error) -> Error {
    Error::Io {
        context: "using the OS keyring".into(),
        source: std::io::Error::other(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_round_trips_through_the_os_keyring() {
        let keyring = Keyring::new(format!("anpm-test-{}", uuid::Uuid::new_v4()));
        assert_eq!(keyring.provider_key().expect("read"), None);
        keyring.set_provider_key(" sk-live-123 ").expect("store");
        assert_eq!(keyring.provider_key().expect("read").as_deref(), Some("sk-live-123"));
        assert!(keyring.clear_provider_key().expect("clear"));
        assert!(!keyring.clear_provider_key().expect("clear again"));
        assert_eq!(
            keyring.set_provider_key("two words").expect_err("space").code(),
            crate::ErrorCode::InvalidInput
        );
        assert_eq!(
            keyring.set_provider_key("  ").expect_err("empty").code(),
            crate::ErrorCode::InvalidInput
        );
    }
}
