//! `anpm-desktop`, the window: the Tauri shell on the core. `anpm` with no subcommand hands its process over
//! to this executable, which sits beside it (docs/adr/0006-the-command-and-the-window.md). Given a
//! subcommand it runs the CLI like `anpm` does, so either file answers every command.

// No console window on Windows release builds; the CLI path attaches to the parent's console anyway.
#![cfg_attr(all(not(debug_assertions), target_os = "windows"), windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = anpm_core::cli::parse_or_exit(std::env::args_os());
    if cli.command.is_some() {
        let code = anpm_core::cli::execute(cli, &mut std::io::stdout(), &mut std::io::stderr());
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    anpm_shell::run_desktop(cli.data_dir)
}
