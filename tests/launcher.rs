//! The two executables (docs/adr/0006-the-command-and-the-window.md): `anpm` answers commands without
//! loading the desktop stack, and without a subcommand it hands over to `anpm-desktop` beside it.

use std::path::Path;
use std::process::{Command, Output};

use anpm_testkit::DataDir;

fn without_display(program: &Path, data: &Path) -> Output {
    Command::new(program)
        .arg("--data-dir")
        .arg(data)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("running anpm")
}

/// The window path reaches `anpm-desktop`: with no display it is the window's own refusal that shows.
#[test]
fn anpm_without_a_subcommand_hands_over_to_the_window() {
    let data = DataDir::new();
    let out = without_display(Path::new(env!("CARGO_BIN_EXE_anpm")), data.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot open the desktop window: no display found"), "{stderr}");
    assert!(stderr.contains("xvfb-run -a anpm"), "the remedy is named: {stderr}");
}

/// A lone `anpm` (copied without its window) says which file is missing and where it looked, and still
/// answers every command.
#[test]
fn a_missing_window_executable_is_named() {
    let data = DataDir::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let lone = dir.path().join("anpm");
    std::fs::copy(env!("CARGO_BIN_EXE_anpm"), &lone).expect("copy anpm");
    let out = without_display(&lone, data.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("`anpm-desktop` is not installed beside `anpm`"), "{stderr}");
    assert!(stderr.contains(&dir.path().display().to_string()), "names the folder: {stderr}");
    let status = Command::new(&lone)
        .arg("--data-dir")
        .arg(data.path())
        .args(["dispatch", "status", "--json"])
        .output()
        .expect("run the lone anpm");
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
}

/// Either file answers a command, with the same output.
#[test]
fn the_window_executable_answers_commands_too() {
    let data = DataDir::new();
    let run = |program: &str| {
        let out = Command::new(program)
            .arg("--data-dir")
            .arg(data.path())
            .args(["project", "list", "--json"])
            .output()
            .expect("run");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    assert_eq!(run(env!("CARGO_BIN_EXE_anpm")), run(env!("CARGO_BIN_EXE_anpm-desktop")));
}

/// The point of the split: the command links none of the desktop libraries, whose binding alone took
/// ~130 ms of every call.
#[cfg(target_os = "linux")]
#[test]
fn the_command_links_no_desktop_library() {
    let needed = |program: &str| {
        let out = Command::new("ldd").arg(program).output().expect("ldd");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let command = needed(env!("CARGO_BIN_EXE_anpm"));
    for library in ["libgtk", "libwebkit2gtk", "libjavascriptcoregtk", "libsoup"] {
        assert!(!command.contains(library), "`anpm` links {library}:\n{command}");
    }
    assert!(
        needed(env!("CARGO_BIN_EXE_anpm-desktop")).contains("libwebkit2gtk"),
        "the window does, which shows the check can see them"
    );
}
