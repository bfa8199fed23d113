//! `backup` and `doctor`: the operator's safety net.

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

/// Runs `ptreg` directly (not through assert_cmd) so tests can kill it.
fn spawn(reg: &Reg, args: &[&str]) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("ptreg"))
        .env_clear()
        .env("PTREG_DB", &reg.db)
        .env("PTREG_NOW", &reg.now)
        .env("PTREG_ACTOR", "tester")
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn ptreg")
}

fn count(reg: &Reg, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(&reg.db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn concurrent_writers_lose_no_update() {
    let reg = Reg::new();
    let policy = crate::support::fixture("policy.toml");
    let writers = 8;
    let each = 5;
    let children: Vec<_> = (0..writers)
        .map(|_| {
            let reg_db = reg.db.clone();
            let policy = policy.clone();
            let now = reg.now.clone();
            std::thread::spawn(move || {
                for _ in 0..each {
                    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("ptreg"))
                        .env_clear()
                        .env("PTREG_DB", &reg_db)
                        .env("PTREG_NOW", &now)
                        .args(["policy", "set", policy.to_str().unwrap()])
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "a writer failed: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                }
            })
        })
        .collect();
    for c in children {
        c.join().expect("writer thread");
    }
    let expected = 1 + writers * each;
    assert_eq!(count(&reg, "SELECT COUNT(*) FROM policy"), expected as i64);
    assert_eq!(count(&reg, "SELECT COUNT(*) FROM journal"), expected as i64);
    assert_eq!(reg.json(&["doctor"])["ok"], true);
}

#[test]
fn a_killed_writer_leaves_the_file_whole() {
    let reg = Reg::new();
    let policy = crate::support::fixture("policy.toml");
    let policy = policy.to_str().unwrap();
    // Kill writers at spread-out moments; each command applies whole or not
    // at all: policy versions and journal entries always match one to one.
    for i in 0..30u64 {
        let mut child = spawn(&reg, &["policy", "set", policy]);
        std::thread::sleep(std::time::Duration::from_micros(i * 397 % 6000));
        let _ = child.kill();
        let _ = child.wait();
        let policies = count(&reg, "SELECT COUNT(*) FROM policy");
        let entries = count(&reg, "SELECT COUNT(*) FROM journal");
        assert_eq!(policies, entries, "after kill {i}");
    }
    let v = reg.json(&["doctor"]);
    assert_eq!(v["ok"], true, "{v}");
    // And the registry still takes writes.
    reg.ok(&["policy", "set", policy]);
}
