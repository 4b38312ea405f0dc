//! Fake agent CLIs: real executables (POSIX shell scripts) written into a temporary folder, so the real PTY
//! runner starts, reads and stops real processes.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// A folder of fake agent executables. Removed on drop.
#[derive(Debug)]
pub struct FakeAgents {
    dir: tempfile::TempDir,
}

impl FakeAgents {
    pub fn new() -> Self {
        Self {
            dir: tempfile::Builder::new()
                .prefix("anpm-agents-")
                .tempdir()
                .expect("creating a temp dir"),
        }
    }

    /// The folder (put it on PATH to let resolution find the fakes by name).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Writes an executable `/bin/sh` script named `name` with `body`, and returns its path.
    pub fn script(&self, name: &str, body: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("writing a fake agent");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        path
    }

    /// A fake that prints a Claude stream-json run whose final message is `result_json`, then exits 0.
    pub fn claude_success(&self, name: &str, result_json: &str) -> PathBuf {
        let result = serde_json::json!({
            "type": "result", "subtype": "success", "is_error": false, "num_turns": 2,
            "result": format!("Done.\n```json\n{result_json}\n```"),
            "session_id": "fake-session", "total_cost_usd": 0.0123,
            "usage": {"input_tokens": 1200, "cache_read_input_tokens": 100, "output_tokens": 340}
        });
        self.script(
            name,
            &format!(
                "cat > /dev/null\n\
                 echo '{{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"fake-session\",\"model\":\"fake\"}}'\n\
                 echo '{{\"type\":\"assistant\",\"message\":{{\"content\":[{{\"type\":\"tool_use\",\"name\":\"Write\"}}]}},\"session_id\":\"fake-session\"}}'\n\
                 cat <<'ANPM_EOF'\n{result}\nANPM_EOF\n"
            ),
        )
    }
}

impl Default for FakeAgents {
    fn default() -> Self {
        Self::new()
    }
}
