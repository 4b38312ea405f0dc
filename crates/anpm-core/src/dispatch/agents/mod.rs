//! The agent CLIs anpm runs, one module each ([`claude`], [`codex`], [`gemini`], [`opencode`], [`custom`]),
//! behind the small [`AgentCli`] trait: how it is invoked unattended (argv, prompt delivery, the flags
//! that let it edit the work tree), how its output stream reads (events into the shared
//! [`StreamReport`](super::stream::StreamReport)), which event ends a run and how the exit code counts,
//! how a session resumes, and how its version is asked. Everything else here is shared: which agent runs
//! a task, where its command is, and the environment it gets.
//!
//! The child's environment is built here, explicitly: a short list of variables the CLIs need (PATH,
//! HOME, locale, their own API-key variables) and nothing else from anpm's environment.

pub mod claude;
pub mod codex;
pub mod custom;
pub mod gemini;
pub mod opencode;

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::failure::ErrorKind;
use super::pty::SpawnSpec;
use super::stream::{ParseState, Step, StreamReport};
use crate::domain::{
    AgentKind, AgentProfile, AgentProfileId, AgentScope, OutputFormat, ProjectId, TaskId, Timestamp,
};
use crate::Result;

/// Largest prompt passed inline through `{prompt}` (Linux refuses single arguments past 128 KiB).
pub const MAX_INLINE_PROMPT: usize = 100 * 1024;

/// One run to invoke.
#[derive(Debug, Clone, Copy)]
pub struct Invocation<'a> {
    pub profile: &'a AgentProfile,
    pub prompt: &'a str,
    /// The prompt, written to a file (stdin, or `{prompt_file}`).
    pub prompt_file: &'a Path,
    pub workdir: &'a Path,
    /// The agent's own session to continue, when it can.
    pub resume: Option<&'a str>,
    /// anpm's MCP server for this run, for the CLIs that take one on their command line.
    pub mcp: Option<&'a McpHandoff>,
}

/// The name the MCP server is registered under in the agent (its tools read `mcp__anpm__…` in Claude Code).
pub const MCP_SERVER_NAME: &str = "anpm";

/// `anpm mcp` as one run's agent starts it: scoped to the task's project, defaulting to the task, and
/// writing to the audit ledger as the agent. Claude Code takes it through `--mcp-config`, Codex through
/// `-c mcp_servers.anpm.…`; the other CLIs read MCP servers only from their settings files, which anpm
/// does not rewrite (docs/mcp.md shows how to add it there by hand).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct McpHandoff {
    pub program: PathBuf,
    pub args: Vec<String>,
}

impl McpHandoff {
    /// The server for `task` of `project`, on the data directory `data_dir`.
    pub fn for_task(
        program: &Path,
        data_dir: &Path,
        project: ProjectId,
        task: TaskId,
        agent: &str,
    ) -> Self {
        let args = [
            "--data-dir",
            &data_dir.display().to_string(),
            "mcp",
            "--project",
            &project.to_string(),
            "--task",
            &task.to_string(),
            "--agent",
            agent,
        ]
        .map(String::from)
        .to_vec();
        Self { program: program.to_path_buf(), args }
    }
}

/// How the CLI is started for one run: its arguments after the program, its stdin, and variables added
/// to its environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Launch {
    pub args: Vec<String>,
    /// A file to read as standard input; none: `/dev/null`.
    pub stdin: Option<PathBuf>,
    pub env: Vec<(String, String)>,
}

/// What anpm knows about one agent CLI.
pub trait AgentCli: Sync {
    /// The arguments, stdin and environment of one unattended run, with the flags that let the agent
    /// edit its working directory.
    fn launch(&self, run: &Invocation<'_>) -> Result<Launch, (ErrorKind, String)>;

    /// The arguments that print the CLI's version.
    fn version_args(&self) -> &'static [&'static str] {
        &["--version"]
    }

    /// Reads one JSON event of this CLI's stream into `state`; returns a live step worth showing.
    fn event(&self, state: &mut ParseState, event: &Value) -> Option<Step>;

    /// Ends the stream: `captured` is the run's bounded output. By default the last assistant text seen is
    /// the final message when no terminal event carried one.
    fn finish(&self, state: &mut ParseState, _captured: &[u8]) {
        if state.report.final_text.is_none() {
            state.report.final_text = state.last_text.take();
        }
    }

    /// Whether a run whose stream reported no failure succeeded, given its exit code; `None` when the
    /// stream lacks the event that ends a run of this CLI (a failure of its own).
    fn succeeded(&self, report: &StreamReport, exit_code: Option<i32>) -> Option<bool>;
}

/// The module that invokes profiles of `kind`.
pub fn cli(kind: AgentKind) -> &'static dyn AgentCli {
    match kind {
        AgentKind::Claude => &claude::Claude,
        AgentKind::Codex => &codex::Codex,
        AgentKind::Gemini => &gemini::Gemini,
        AgentKind::OpenCode => &opencode::OpenCode,
        AgentKind::Custom => &custom::Custom,
    }
}

/// The module that reads output in `format` (a custom profile may print any of these).
pub fn reader(format: OutputFormat) -> &'static dyn AgentCli {
    match format {
        OutputFormat::ClaudeStreamJson => &claude::Claude,
        OutputFormat::CodexJson => &codex::Codex,
        OutputFormat::GeminiStreamJson => &gemini::Gemini,
        OutputFormat::OpenCodeJson => &opencode::OpenCode,
        OutputFormat::Text => &custom::Custom,
    }
}

/// The profile's model, when it names one.
pub(crate) fn model(profile: &AgentProfile) -> Option<&str> {
    Some(profile.model.trim()).filter(|m| !m.is_empty())
}

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
    &["ANTHROPIC_", "CLAUDE_", "CODEX_", "OPENAI_", "GEMINI_", "GOOGLE_", "OPENCODE_"];

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

/// The agent kinds tried on PATH, in order, when nothing else names an agent.
const ON_PATH: [AgentKind; 4] =
    [AgentKind::Claude, AgentKind::Codex, AgentKind::Gemini, AgentKind::OpenCode];

/// Each built-in agent CLI and where it is on `path_var`, if it is.
pub fn on_path(path_var: Option<&str>) -> Vec<(AgentKind, Option<PathBuf>)> {
    ON_PATH
        .into_iter()
        .map(|kind| (kind, kind.default_command().and_then(|c| locate(c, path_var))))
        .collect()
}

/// A built-in profile for `kind` when no stored profile applies.
pub fn builtin(kind: AgentKind) -> AgentProfile {
    let name = kind.default_command().unwrap_or("custom");
    AgentProfile {
        id: AgentProfileId::new(),
        name: name.into(),
        kind,
        command: name.into(),
        args: vec![],
        output_format: kind.default_format(),
        model: String::new(),
        is_default: false,
        permissions: crate::domain::Permissions::Edit,
        created_at: Timestamp::now(),
        updated_at: Timestamp::now(),
    }
}

/// The stored profile a task runs with when it names none: its role's default, then its project's, then
/// the global default. (After these, `agents::resolve` looks at the environment and PATH.)
pub(crate) fn scoped_default(
    tx: &crate::store::Tx<'_>,
    role: Option<&str>,
    project: ProjectId,
) -> Result<Option<AgentProfile>> {
    let scoped = |key: String| -> Result<Option<AgentProfile>> {
        match tx.setting(&key)? {
            Some(setting) => tx.agent_profile_by_name(&setting.value),
            None => Ok(None),
        }
    };
    if let Some(profile) = role.map(|r| scoped(AgentScope::Role.key(r))).transpose()?.flatten() {
        return Ok(Some(profile));
    }
    if let Some(profile) = scoped(AgentScope::Project.key(&project.to_string()))? {
        return Ok(Some(profile));
    }
    tx.default_agent_profile()
}

/// Chooses the agent for a task that names no profile: the default profile, then `ANPM_ADAPTER_AGENT` (a
/// profile name or a built-in CLI: claude, codex, gemini, opencode), then the first of those on PATH.
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
        return match ON_PATH.into_iter().find(|k| k.default_command() == Some(name)) {
            Some(kind) => Ok(builtin(kind)),
            None => Err((
                ErrorKind::CliNotFound,
                format!("ANPM_ADAPTER_AGENT names `{name}`, which is neither a profile nor claude, codex, gemini or opencode"),
            )),
        };
    }
    for kind in ON_PATH {
        let candidate = builtin(kind);
        if locate(&candidate.command, path_var).is_some() {
            return Ok(candidate);
        }
    }
    Err((
        ErrorKind::CliNotFound,
        "no agent profile is set up and none of claude, codex, gemini or opencode is on PATH".into(),
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
    let run = Invocation { profile, prompt, prompt_file, workdir, resume: None, mcp: None };
    spawn_spec_for(&run, env)
}

/// Builds the command line of one run, possibly resuming the agent's session.
pub fn spawn_spec_for(
    run: &Invocation<'_>,
    mut env: Vec<(String, String)>,
) -> Result<SpawnSpec, (ErrorKind, String)> {
    let profile = run.profile;
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
    let launch = cli(profile.kind).launch(run)?;
    for (key, value) in launch.env {
        env.retain(|(k, _)| *k != key);
        env.push((key, value));
    }
    env.sort();
    Ok(SpawnSpec { program, args: launch.args, cwd: run.workdir.to_path_buf(), env, stdin: launch.stdin })
}

#[cfg(test)]
mod tests {
    use super::*;

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

        // Gemini and OpenCode: prompt on stdin, edits allowed and no shell, sessions resumed by id (each
        // flag checked against the real CLI's --help and a run: @google/gemini-cli 0.61, opencode-ai 1.18).
        for name in ["gemini", "opencode"] {
            let bin = dir.path().join(name);
            std::fs::write(&bin, "#!/bin/sh\n").expect("write");
            std::fs::set_permissions(&bin, std::os::unix::fs::PermissionsExt::from_mode(0o755))
                .expect("chmod");
        }
        let gemini = AgentProfile { model: "gemini-2.5-flash".into(), ..builtin(AgentKind::Gemini) };
        let run = Invocation {
            profile: &gemini,
            prompt: "p",
            prompt_file: &prompt_file,
            workdir: dir.path(),
            resume: Some("c02ea6a5-371d-434a-a46c-4a11e0d98b2d"),
            mcp: None,
        };
        let spec = spawn_spec_for(&run, env.clone()).expect("spec");
        assert_eq!(
            spec.args,
            [
                "-o",
                "stream-json",
                "--approval-mode",
                "auto_edit",
                "--skip-trust",
                "-m",
                "gemini-2.5-flash",
                "--resume",
                "c02ea6a5-371d-434a-a46c-4a11e0d98b2d"
            ]
        );
        assert_eq!(spec.stdin.as_deref(), Some(prompt_file.as_path()));
        let opencode = builtin(AgentKind::OpenCode);
        let run = Invocation { profile: &opencode, resume: Some("ses_1"), ..run };
        let spec = spawn_spec_for(&run, env.clone()).expect("spec");
        assert_eq!(spec.args, ["run", "--format", "json", "--session", "ses_1"]);
        assert!(spec.env.contains(&("OPENCODE_PERMISSION".into(), r#"{"bash":"deny"}"#.into())));
        assert_eq!(spec.stdin.as_deref(), Some(prompt_file.as_path()), "never a quoted argument");
        let claude = builtin(AgentKind::Claude);
        let spec = spawn_spec_for(&Invocation { profile: &claude, resume: Some("-s1"), ..run }, env.clone())
            .expect("spec");
        assert!(spec.args.contains(&"--resume=-s1".to_owned()), "{:?}", spec.args);

        // anpm's MCP server, scoped to the task: Claude Code gets it inline with its tools allowed, Codex
        // as config overrides whose values are TOML (a quote in a path stays a quote).
        let (project, task) = (ProjectId::new(), TaskId::new());
        let mcp = McpHandoff::for_task(
            Path::new("/opt/an \"pm\"/anpm"),
            Path::new("/data"),
            project,
            task,
            "claude",
        );
        let spec = spawn_spec_for(&Invocation { profile: &claude, mcp: Some(&mcp), ..run }, env.clone())
            .expect("spec");
        let at = spec.args.iter().position(|a| a == "--mcp-config").expect("--mcp-config");
        let config: Value = serde_json::from_str(&spec.args[at + 1]).expect("inline JSON");
        assert_eq!(config["mcpServers"]["anpm"]["command"], "/opt/an \"pm\"/anpm");
        assert_eq!(
            config["mcpServers"]["anpm"]["args"],
            serde_json::json!([
                "--data-dir", "/data", "mcp", "--project", project.to_string(), "--task",
                task.to_string(), "--agent", "claude"
            ])
        );
        assert_eq!(spec.args[at + 2..at + 4], ["--allowedTools", "mcp__anpm"]);
        let codex_bin = dir.path().join("codex");
        std::fs::write(&codex_bin, "#!/bin/sh\n").expect("write");
        std::fs::set_permissions(&codex_bin, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .expect("chmod");
        let codex = builtin(AgentKind::Codex);
        let spec = spawn_spec_for(&Invocation { profile: &codex, mcp: Some(&mcp), resume: None, ..run }, env.clone())
            .expect("spec");
        let at = spec.args.iter().position(|a| a == "-c").expect("-c");
        assert_eq!(spec.args[at + 1], r#"mcp_servers.anpm.command="/opt/an \"pm\"/anpm""#);
        assert_eq!(spec.args[at + 2], "-c");
        assert_eq!(
            spec.args[at + 3],
            format!(
                r#"mcp_servers.anpm.args=["--data-dir","/data","mcp","--project","{project}","--task","{task}","--agent","claude"]"#
            )
        );
        assert_eq!(spec.args[at + 5], r#"mcp_servers.anpm.default_tools_approval_mode="approve""#);
        assert_eq!(spec.args.last().map(String::as_str), Some("-"), "the prompt stays on stdin");

        let missing =
            AgentProfile { command: "no-such-agent".into(), ..builtin(AgentKind::Claude) };
        assert_eq!(
            spawn_spec(&missing, "p", &prompt_file, dir.path(), env).expect_err("missing").0,
            ErrorKind::CliNotFound
        );
    }
}
