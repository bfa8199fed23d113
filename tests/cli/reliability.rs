//! Reliability: the registry under faults, load and hostile input (issue 7).
//! `backup` and `doctor`, the operator's safety net, are tested here; the
//! rest lives in one module per threat.

mod bounds;
mod concurrency;
mod crash;
mod damaged;
mod files;
mod harness;
mod privacy;
mod whois_load;

use crate::support::{Reg, path_str};

#[test]
fn doctor_passes_on_a_fresh_registry() {
    let reg = Reg::new();
    let out = reg.ok(&["doctor"]);
    assert!(out.contains("ok   journal"), "{out}");
    let v = reg.json(&["doctor"]);
    assert_eq!(v["ok"], true);
    let names: Vec<_> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["check"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "schema",
            "integrity",
            "foreign keys",
            "orphans",
            "journal",
            "file mode"
        ]
    );
}

#[test]
fn doctor_fails_on_a_tampered_journal() {
    let reg = Reg::new();
    let conn = rusqlite::Connection::open(&reg.db).unwrap();
    conn.execute("UPDATE journal SET actor = 'mallory' WHERE seq = 1", [])
        .unwrap();
    drop(conn);
    let out = reg.cmd(&["doctor"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("FAIL journal"), "{stdout}");
    assert!(stdout.contains("broken at entry 1"), "{stdout}");
}

#[test]
fn doctor_flags_a_world_readable_file() {
    let reg = Reg::new();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&reg.db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = reg.cmd(&["doctor"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("FAIL file mode"));
}

#[test]
fn backup_is_a_private_working_registry() {
    let reg = Reg::new();
    let copy = reg.path("copy.db");
    reg.ok(&["backup", path_str(&copy)]);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let v = reg.json(&["--db", path_str(&copy), "doctor"]);
    assert_eq!(v["ok"], true);
    let original = reg.json(&["policy", "show"]);
    let copied = reg.json(&["--db", path_str(&copy), "policy", "show"]);
    assert_eq!(original, copied);
}

#[test]
fn backup_refuses_the_registry_itself() {
    let reg = Reg::new();
    let db = reg.db.clone();
    let err = reg.fails(2, &["backup", path_str(&db)]);
    assert!(err.contains("another file"), "{err}");
}

#[test]
fn backup_of_a_missing_registry_is_not_found() {
    let reg = Reg::empty();
    let copy = reg.path("copy.db");
    reg.fails(4, &["backup", path_str(&copy)]);
    assert!(!copy.exists());
}
