//! `init`, `policy`, the registry file and global options.

use crate::support::{Reg, fixture, path_str};

#[test]
fn init_creates_a_private_file() {
    let reg = Reg::new();
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&reg.db).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn init_refuses_an_existing_file() {
    let reg = Reg::new();
    let err = reg.fails(5, &["init"]);
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn a_missing_file_is_not_found_with_a_hint() {
    let reg = Reg::empty();
    let err = reg.fails(4, &["policy", "show"]);
    assert!(err.contains("ptreg init"), "{err}");
}

#[test]
fn missing_file_error_as_json() {
    let reg = Reg::empty();
    let err = reg.fails(4, &["--json", "policy", "show"]);
    let v: serde_json::Value = serde_json::from_str(err.trim()).unwrap();
    assert_eq!(v["error"]["kind"], "not_found");
    assert!(v["error"]["article"].is_null());
}

#[test]
fn a_newer_schema_is_refused() {
    let reg = Reg::new();
    let conn = rusqlite::Connection::open(&reg.db).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let err = reg.fails(1, &["policy", "show"]);
    assert!(err.contains("newer ptreg"), "{err}");
}

#[test]
fn a_bad_clock_is_usage() {
    let reg = Reg::new();
    let err = reg.fails(2, &["--now", "2026-13-01", "policy", "show"]);
    assert!(err.contains("--now"), "{err}");
}

#[test]
fn policy_show_prints_the_default() {
    let reg = Reg::new();
    let out = reg.ok(&["policy", "show"]);
    assert!(out.contains("opposition = 8"), "{out}");
    let v = reg.json(&["policy", "show"]);
    assert_eq!(v["policy"]["periods"]["renewal_grace"], 30);
}

#[test]
fn policy_set_puts_a_version_in_force_from_now() {
    let reg = Reg::new();
    let file = fixture("policy.toml");
    let out = reg.ok(&["--now", "2026-04-01", "policy", "set", path_str(&file)]);
    assert!(out.contains("version 2"), "{out}");
    let before = reg.json(&["--now", "2026-03-31", "policy", "show"]);
    let after = reg.json(&["--now", "2026-04-01", "policy", "show"]);
    assert_eq!(before["version"], 1);
    assert_eq!(after["version"], 2);
}

#[test]
fn policy_set_names_an_unknown_key() {
    let reg = Reg::new();
    let bad = reg.path("bad.toml");
    let text = std::fs::read_to_string(fixture("policy.toml"))
        .unwrap()
        .replace("opposition", "oposition");
    std::fs::write(&bad, text).unwrap();
    let err = reg.fails(2, &["policy", "set", path_str(&bad)]);
    assert!(err.contains("oposition"), "{err}");
    let v = reg.json(&["policy", "show"]);
    assert_eq!(v["version"], 1, "nothing changed");
}

#[test]
fn dry_run_changes_nothing() {
    let reg = Reg::new();
    let file = fixture("policy.toml");
    let out = reg.ok(&["--dry-run", "policy", "set", path_str(&file)]);
    assert!(out.contains("dry run"), "{out}");
    assert_eq!(reg.json(&["policy", "show"])["version"], 1);
}
