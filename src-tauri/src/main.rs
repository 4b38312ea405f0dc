//! The `anpm` binary: with a subcommand it runs headless on the core's CLI; without one it opens the
//! desktop window.

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
