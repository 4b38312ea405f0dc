//! How each kind of agent CLI is invoked unattended, and which one runs a task.
//!
//! - `claude`: `claude -p --output-format stream-json --verbose [--model M] <profile args>`, prompt on stdin;
//! - `codex`: `codex exec --json --sandbox workspace-write --skip-git-repo-check [-m M] <profile args> -`,
//!   prompt on stdin (`--full-auto` is gone from current Codex);
//! - `custom`: the profile's command with `{prompt_file}`, `{prompt}` and `{workdir}` filled into its args;
//!   the prompt comes on stdin when neither prompt placeholder is used.
//!
//! The child's environment is built here, explicitly: a short list of variables the CLIs need (PATH,
//! HOME, locale, their own API-key variables) and nothing else from anpm's environment.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::failure::ErrorKind;
use super::pty::SpawnSpec;
use super::roles;
use crate::domain::{AgentKind, AgentProfile, AgentProfileId, OutputFormat, Timestamp};

/// Largest prompt passed inline through `{prompt}` (Linux refuses single arguments past 128 KiB).
pub const MAX_INLINE_PROMPT: usize = 100 * 1024;

/// Default output cap (5 MiB).
pub const DEFAULT_OUTPUT_CAP: usize = 5 * 1024 * 1024;

/// Timeout of a role with no catalog entry.
pub const UNKNOWN_ROLE_TIMEOUT: Duration = Duration::from_secs(1800);

/// Variables passed through to agents, by exact name.
const PASS_THROUGH: &[&str] = &[
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "SHELL",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TMPDIR",
    "TZ",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "XDG_STATE_HOME",
    "XDG_RUNTIME_DIR",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "HTTPS_PROXY",
    "HTTP_PROXY",
    "NO_PROXY",
    "https_proxy",
    "http_proxy",
    "no_proxy",
];

/// Variables passed through to agents, by prefix (the CLIs' own settings and keys).
const PASS_THROUGH_PREFIXES: &[&str] =
    &["ANTHROPIC_", "CLAUDE_", "CODEX_", "OPENAI_", "GEMINI_", "OPENCODE_"];

/// The environment an agent gets: the pass-through subset of `parent`, plus a plain terminal.
pub fn agent_env(parent: impl Iterator<Item = (String, String)>) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = parent
        .filter(|(k, _)| {
            PASS_THROUGH.contains(&k.as_str())
                || PASS_THROUGH_PREFIXES.iter().any(|p| k.starts_with(p))
        })
        .collect();
    env.retain(|(k, _)| k != "TERM" && k != "NO_COLOR");
    env.push(("TERM".into(), "dumb".into()));
    env.push(("NO_COLOR".into(), "1".into()));
    env.sort();
    env
}

/// The wall-clock budget of `role` given `ANPM_DISPATCH_TIMEOUT`'s raw value: a positive whole number of
/// seconds wins, `0` disables the budget (`None`), anything else (negative, not a number, padded with
/// spaces) falls back to the role's default; a role outside the catalog gets 30 minutes.
pub fn timeout_for(role: &str, env: Option<&str>) -> Option<Duration> {
    match env.map(str::parse::<i64>) {
        Some(Ok(0)) => None,
        Some(Ok(seconds)) if seconds > 0 => Some(Duration::from_secs(seconds as u64)),
        _ => Some(
            roles::catalog()
                .get(role)
                .map(|r| Duration::from_secs(r.default_timeout_sec))
                .unwrap_or(UNKNOWN_ROLE_TIMEOUT),
        ),
    }
}

/// The output cap given `ANPM_DISPATCH_OUTPUT_MAX`'s raw value: bytes, whitespace trimmed; `0` disables the
/// cap (`None`); unset, negative or not a number gives the 5 MiB default.
pub fn output_cap(env: Option<&str>) -> Option<usize> {
    match env.map(|v| v.trim().parse::<i64>()) {
        Some(Ok(0)) => None,
        Some(Ok(bytes)) if bytes > 0 => Some(bytes as usize),
        _ => Some(DEFAULT_OUTPUT_CAP),
    }
}

/// Finds `command` as an absolute/relative path or on `path_var`.
pub fn locate(command: &str, path_var: Option<&str>) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let executable =
        |p: &Path| p.is_file() && p.metadata().is_ok_and(|m| m.permissions().mode() & 0o111 != 0);
    if command.contains('/') {
        let path = PathBuf::from(command);
        return executable(&path).then_some(path);
    }
    path_var?
        .split(':')
        .filter(|d| !d.is_empty())
        .map(|dir| Path::new(dir).join(command))
        .find(|p| executable(p))
}

/// A built-in profile for `kind` when no stored profile applies.
pub fn builtin(kind: AgentKind) -> AgentProfile {
    let (name, format) = match kind {
        AgentKind::Codex => ("codex", OutputFormat::CodexJson),
        _ => ("claude", OutputFormat::ClaudeStreamJson),
    };
    AgentProfile {
        id: AgentProfileId::new(),
        name: name.into(),
        kind,
        command: name.into(),
        args: vec![],
        output_format: format,
        model: String::new(),
        is_default: false,
        created_at: Timestamp::now(),
        updated_at: Timestamp::now(),
    }
}

/// Chooses the agent for a task that names no profile: the default profile, then `ANPM_ADAPTER_AGENT` (a
/// profile name, `claude` or `codex`), then `claude` on PATH, then `codex` on PATH.
pub fn resolve(
    default: Option<AgentProfile>,
    by_name: impl Fn(&str) -> Option<AgentProfile>,
    adapter_env: Option<&str>,
    path_var: Option<&str>,
) -> Result<AgentProfile, (ErrorKind, String)> {
    if let Some(profile) = default {
        return Ok(profile);
    }
    if let Some(name) = adapter_env.map(str::trim).filter(|n| !n.is_empty()) {
        if let Some(profile) = by_name(name) {
            return Ok(profile);
        }
        return match name {
            "claude" => Ok(builtin(AgentKind::Claude)),
            "codex" => Ok(builtin(AgentKind::Codex)),
            other => Err((ErrorKind::CliNotFound, format!("ANPM_ADAPTER_AGENT names `{other}`, which is neither a profile nor claude or codex"))),
        };
    }
    for kind in [AgentKind::Claude, AgentKind::Codex] {
        let candidate = builtin(kind);
        if locate(&candidate.command, path_var).is_some() {
            return Ok(candidate);
        }
    }
    Err((
        ErrorKind::CliNotFound,
        "no agent profile is set up and neither claude nor codex is on PATH".into(),
    ))
}

/// Builds the command line of one run.
pub fn spawn_spec(
    profile: &AgentProfile,
    prompt: &str,
    prompt_file: &Path,
    workdir: &Path,
    env: Vec<(String, String)>,
) -> Result<SpawnSpec, (ErrorKind, String)> {
    let path_var = env.iter().find(|(k, _)| k == "PATH").map(|(_, v)| v.as_str());
    let program = locate(&profile.command, path_var).ok_or_else(|| {
        (
            ErrorKind::CliNotFound,
            format!(
                "agent `{}`: `{}` was not found or is not executable",
                profile.name, profile.command
            ),
        )
    })?;
    let model = profile.model.trim();
    let (args, stdin) = match profile.kind {
        AgentKind::Claude => {
            let mut args: Vec<String> =
                ["-p", "--output-format", "stream-json", "--verbose"].map(String::from).to_vec();
            if !model.is_empty() {
                args.extend(["--model".into(), model.into()]);
            }
            args.extend(profile.args.iter().cloned());
            (args, Some(prompt_file.to_path_buf()))
        }
        AgentKind::Codex => {
            let mut args: Vec<String> =
                ["exec", "--json", "--sandbox", "workspace-write", "--skip-git-repo-check"]
                    .map(String::from)
                    .to_vec();
            if !model.is_empty() {
                args.extend(["-m".into(), model.into()]);
            }
            args.extend(profile.args.iter().cloned());
            args.push("-".into());
            (args, Some(prompt_file.to_path_buf()))
        }
        AgentKind::Custom => {
            let inline = profile.args.iter().any(|a| a.contains("{prompt}"));
            if inline && prompt.len() > MAX_INLINE_PROMPT {
                return Err((
                    ErrorKind::PromptTooLarge,
                    format!(
                        "the prompt is {} bytes; `{{prompt}}` takes at most {MAX_INLINE_PROMPT}",
                        prompt.len()
                    ),
                ));
            }
            let uses_file = inline || profile.args.iter().any(|a| a.contains("{prompt_file}"));
            let args = profile
                .args
                .iter()
                .map(|a| {
                    a.replace("{prompt_file}", &prompt_file.display().to_string())
                        .replace("{workdir}", &workdir.display().to_string())
                        .replace("{prompt}", prompt)
                })
                .collect();
            (args, (!uses_file).then(|| prompt_file.to_path_buf()))
        }
    };
    Ok(SpawnSpec { program, args, cwd: workdir.to_path_buf(), env, stdin })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeout_resolution() {
        assert_eq!(timeout_for("backend-architect", None), Some(Duration::from_secs(5400)));
        assert_eq!(timeout_for("nope", None), Some(Duration::from_secs(1800)));
        assert_eq!(timeout_for("backend-architect", Some("120")), Some(Duration::from_secs(120)));
        assert_eq!(timeout_for("backend-architect", Some("0")), None);
        for garbage in ["-1", "abc", "  120  ", "10s", ""] {
            assert_eq!(
                timeout_for("backend-architect", Some(garbage)),
                Some(Duration::from_secs(5400)),
                "{garbage:?}"
            );
        }
        assert_eq!(timeout_for("dispatcher", None), Some(Duration::from_secs(60)));
    }

    #[test]
    fn output_cap_resolution() {
        assert_eq!(output_cap(None), Some(5 * 1024 * 1024));
        assert_eq!(output_cap(Some("")), Some(5 * 1024 * 1024));
        assert_eq!(output_cap(Some("0")), None);
        assert_eq!(output_cap(Some(" 1024 ")), Some(1024));
        assert_eq!(output_cap(Some("-1")), Some(5 * 1024 * 1024));
        assert_eq!(output_cap(Some("abc")), Some(5 * 1024 * 1024));
    }

    #[test]
    fn the_environment_is_filtered() {
        let parent = [
            ("PATH", "/bin"),
            ("HOME", "/h"),
            ("ANTHROPIC_API_KEY", "k"),
            ("AWS_SECRET_ACCESS_KEY", "s"),
            ("ANPM_DATA_DIR", "/d"),
            ("TERM", "xterm"),
        ];
        let env = agent_env(parent.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        let keys: Vec<&str> = env.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["ANTHROPIC_API_KEY", "HOME", "NO_COLOR", "PATH", "TERM"]);
        assert!(env.contains(&("TERM".into(), "dumb".into())));
    }

    #[test]
    fn resolution_order() {
        let stored = |name: &str| {
            (name == "mine")
                .then(|| AgentProfile { name: "mine".into(), ..builtin(AgentKind::Custom) })
        };
        let default = AgentProfile { name: "default".into(), ..builtin(AgentKind::Claude) };
        assert_eq!(
            resolve(Some(default), stored, Some("mine"), None).expect("default").name,
            "default"
        );
        assert_eq!(resolve(None, stored, Some("mine"), None).expect("env").name, "mine");
        assert_eq!(
            resolve(None, stored, Some("codex"), None).expect("builtin").kind,
            AgentKind::Codex
        );
        let none = tempfile::tempdir().expect("dir");
        let err = resolve(None, stored, None, Some(none.path().to_str().unwrap()))
            .expect_err("nothing on PATH");
        assert_eq!(err.0, ErrorKind::CliNotFound);
    }

    #[test]
    fn command_lines_per_kind() {
        let dir = tempfile::tempdir().expect("dir");
        let fake = dir.path().join("claude");
        std::fs::write(&fake, "#!/bin/sh\n").expect("write");
        std::fs::set_permissions(&fake, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .expect("chmod");
        let env = vec![("PATH".to_owned(), dir.path().display().to_string())];
        let prompt_file = dir.path().join("prompt.md");
        let claude = AgentProfile {
            model: "opus".into(),
            args: vec!["--permission-mode".into(), "acceptEdits".into()],
            ..builtin(AgentKind::Claude)
        };
        let spec = spawn_spec(&claude, "p", &prompt_file, dir.path(), env.clone()).expect("spec");
        assert_eq!(spec.program, fake);
        assert_eq!(
            spec.args,
            [
                "-p",
                "--output-format",
                "stream-json",
                "--verbose",
                "--model",
                "opus",
                "--permission-mode",
                "acceptEdits"
            ]
        );
        assert_eq!(spec.stdin.as_deref(), Some(prompt_file.as_path()));

        let custom = AgentProfile {
            command: fake.display().to_string(),
            args: vec!["--in".into(), "{prompt_file}".into(), "--cwd={workdir}".into()],
            ..builtin(AgentKind::Custom)
        };
        let spec = spawn_spec(&custom, "p", &prompt_file, dir.path(), env.clone()).expect("spec");
        assert_eq!(
            spec.args,
            [
                "--in".to_owned(),
                prompt_file.display().to_string(),
                format!("--cwd={}", dir.path().display())
            ]
        );
        assert_eq!(spec.stdin, None);

        let inline = AgentProfile { args: vec!["{prompt}".into()], ..custom.clone() };
        let err = spawn_spec(
            &inline,
            &"x".repeat(MAX_INLINE_PROMPT + 1),
            &prompt_file,
            dir.path(),
            env.clone(),
        )
        .expect_err("too large");
        assert_eq!(err.0, ErrorKind::PromptTooLarge);

        let missing =
            AgentProfile { command: "no-such-agent".into(), ..builtin(AgentKind::Claude) };
        assert_eq!(
            spawn_spec(&missing, "p", &prompt_file, dir.path(), env).expect_err("missing").0,
            ErrorKind::CliNotFound
        );
    }
}
