//! The environment a process started with, read once when the core opens: the variables agents may
//! inherit, and anpm's own overrides parsed into typed values. An override that does not parse is
//! ignored (with a warning), so a typo never turns into a surprising limit.

use super::setting::{MAX_OUTPUT_BYTES, MAX_TIMEOUT_SECONDS};

/// The process environment, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    vars: Vec<(String, String)>,
    /// `ANPM_DISPATCH_TIMEOUT`: seconds for every agent run (0: no limit), clamped to one week.
    pub dispatch_timeout: Option<u64>,
    /// `ANPM_DISPATCH_OUTPUT_MAX`: bytes captured per run (0: no cap), clamped to 1 GiB.
    pub output_max: Option<u64>,
    /// `ANPM_ADAPTER_AGENT`: the profile (or `claude`, `codex`) that runs tasks naming none.
    pub adapter_agent: Option<String>,
    /// `ANPM_ADAPTER_TIMEOUT`: seconds for an agent used as the planner (positive), clamped to one week.
    pub adapter_timeout: Option<u64>,
}

impl Env {
    /// Parses `vars` (this process's environment, or a test's).
    pub fn new(vars: Vec<(String, String)>) -> Self {
        let get = |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let whole = |name: &str, raw: Option<&str>, trim: bool| -> Option<u64> {
            let raw = raw?;
            let text = if trim { raw.trim() } else { raw };
            match text.parse::<u64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    tracing::warn!(variable = name, value = raw, "ignoring a value that is not a whole number");
                    None
                }
            }
        };
        let dispatch_timeout = whole("ANPM_DISPATCH_TIMEOUT", get("ANPM_DISPATCH_TIMEOUT"), false)
            .map(|n| n.min(MAX_TIMEOUT_SECONDS));
        let output_max = whole("ANPM_DISPATCH_OUTPUT_MAX", get("ANPM_DISPATCH_OUTPUT_MAX"), true)
            .map(|n| n.min(MAX_OUTPUT_BYTES));
        let adapter_agent = get("ANPM_ADAPTER_AGENT")
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
        let adapter_timeout = whole("ANPM_ADAPTER_TIMEOUT", get("ANPM_ADAPTER_TIMEOUT"), true)
            .filter(|n| *n > 0)
            .map(|n| n.min(MAX_TIMEOUT_SECONDS));
        Self { dispatch_timeout, output_max, adapter_agent, adapter_timeout, vars }
    }

    /// This process's environment.
    pub fn current() -> Self {
        Self::new(std::env::vars().collect())
    }

    /// Every variable, as started (agents get a filtered copy).
    pub fn vars(&self) -> &[(String, String)] {
        &self.vars
    }

    /// One variable.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Env {
        Env::new(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
    }

    #[test]
    fn overrides_parse_once_and_are_bounded() {
        let e = env(&[
            ("ANPM_DISPATCH_TIMEOUT", "9223372036854775807"),
            ("ANPM_DISPATCH_OUTPUT_MAX", " 1024 "),
            ("ANPM_ADAPTER_AGENT", "  "),
            ("ANPM_ADAPTER_TIMEOUT", "0"),
        ]);
        assert_eq!(e.dispatch_timeout, Some(MAX_TIMEOUT_SECONDS));
        assert_eq!(e.output_max, Some(1024));
        assert_eq!(e.adapter_agent, None);
        assert_eq!(e.adapter_timeout, None);
        let garbage = env(&[("ANPM_DISPATCH_TIMEOUT", "  120  "), ("ANPM_DISPATCH_OUTPUT_MAX", "-1")]);
        assert_eq!((garbage.dispatch_timeout, garbage.output_max), (None, None));
    }
}
