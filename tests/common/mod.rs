//! Helpers shared by the CLI test binaries: run the real `anpm` binary against a data directory and read
//! its `--json` contract.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

pub fn anpm(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_anpm"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("ANPM_DATA_DIR")
        .output()
        .expect("running anpm")
}

/// Runs a command expected to succeed with `--json`, returning its parsed stdout.
pub fn ok(data: &Path, args: &[&str]) -> Value {
    let mut with_json = args.to_vec();
    with_json.push("--json");
    let out = anpm(data, &with_json);
    assert!(
        out.status.success(),
        "anpm {args:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("anpm {args:?} printed invalid JSON ({e})"))
}

/// Runs a command expected to be refused with `--json`; returns (exit code, error code, message).
pub fn refused(data: &Path, args: &[&str]) -> (i32, String, String) {
    let mut with_json = args.to_vec();
    with_json.push("--json");
    let out = anpm(data, &with_json);
    assert!(!out.status.success(), "anpm {args:?} unexpectedly succeeded");
    assert!(out.stdout.is_empty(), "a refused command prints nothing on stdout");
    let err: Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!("stderr of {args:?} is not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr))
    });
    (
        out.status.code().expect("exit code"),
        err["error"]["code"].as_str().expect("code").to_owned(),
        err["error"]["message"].as_str().expect("message").to_owned(),
    )
}

/// Everything the data directory holds, as the CLI lists it.
pub fn everything(data: &Path, project: &str) -> Value {
    serde_json::json!({
        "projects": ok(data, &["project", "list"]),
        "requirements": ok(data, &["req", "list", "--all"]),
        "backlog": ok(data, &["backlog", "list", "--project", project, "--all"]),
        "tasks": ok(data, &["task", "list"]),
    })
}

pub fn id(value: &Value) -> String {
    value["id"].as_str().expect("an id").to_owned()
}

/// True while `pid` is a live (non-zombie) process.
pub fn alive(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| {
            let state = stat[stat.rfind(')').unwrap() + 2..].chars().next().unwrap();
            state != 'Z' && state != 'X'
        })
        .unwrap_or(false)
}
