//! `anpm`, the command. With a subcommand it runs headless on the core's CLI; it links nothing of the
//! desktop stack, so a call costs milliseconds, not the ~130 ms it takes the loader to bind WebKitGTK's
//! ~170 libraries (docs/adr/0006-the-command-and-the-window.md). Without a subcommand it opens the window
//! by handing its process over to `anpm-desktop`, installed beside it.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

/// The window's executable, next to this one.
const DESKTOP: &str = "anpm-desktop";

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let mut cli = anpm_core::cli::parse_or_exit(args.iter().cloned());
    if cli.command.is_some() {
        // `dispatch serve` hands its agents this very executable as their MCP server.
        cli.mcp_command = std::env::current_exe().ok();
        let code = anpm_core::cli::execute(cli, &mut std::io::stdout(), &mut std::io::stderr());
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    open_window(&args[1..])
}

/// Runs `anpm-desktop` with the same arguments (only global options reach here, such as `--data-dir`).
fn open_window(args: &[OsString]) -> ExitCode {
    let desktop = match desktop_executable() {
        Ok(path) => path,
        Err(problem) => {
            eprintln!(
                "anpm: cannot open the desktop window: {problem}.\n\
                 Build it with `cargo build --bins` (or `just build`), or use the command line: anpm --help"
            );
            return ExitCode::from(1);
        }
    };
    let mut command = Command::new(&desktop);
    command.args(args);
    hand_over(command, &desktop)
}

fn desktop_executable() -> Result<PathBuf, String> {
    let me = std::env::current_exe().map_err(|e| format!("cannot locate this executable: {e}"))?;
    let dir = me.parent().ok_or_else(|| format!("`{}` has no parent folder", me.display()))?;
    let desktop = dir.join(format!("{DESKTOP}{}", std::env::consts::EXE_SUFFIX));
    if desktop.is_file() {
        Ok(desktop)
    } else {
        Err(format!("`{DESKTOP}` is not installed beside `anpm` in {}", dir.display()))
    }
}

/// Replaces this process, so the window keeps the pid, the terminal and the signals the caller expects.
#[cfg(unix)]
fn hand_over(mut command: Command, desktop: &std::path::Path) -> ExitCode {
    use std::os::unix::process::CommandExt;
    let error = command.exec();
    eprintln!("anpm: cannot start `{}`: {error}", desktop.display());
    ExitCode::from(1)
}

#[cfg(not(unix))]
fn hand_over(mut command: Command, desktop: &std::path::Path) -> ExitCode {
    match command.status() {
        Ok(status) => ExitCode::from(status.code().and_then(|c| u8::try_from(c).ok()).unwrap_or(1)),
        Err(error) => {
            eprintln!("anpm: cannot start `{}`: {error}", desktop.display());
            ExitCode::from(1)
        }
    }
}
