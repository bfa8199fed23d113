//! Files that are not (whole) registries: every command says so with a
//! clear error and its exit code, never a panic, and never turns them into
//! a registry behind the user's back.

use crate::support::Reg;

use super::harness::{run, stderr};

/// Commands of every kind: reads, writes, the daily job, the checks.
const COMMANDS: &[&[&str]] = &[
    &["doctor"],
    &["domains"],
    &["show", "exemplo.pt"],
    &["whois", "exemplo.pt"],
    &["policy", "show"],
    &["sweep"],
    &["contact", "erase", "x"],
    &["audit", "verify"],
    &["zone", "export"],
];

fn all_fail(reg: &Reg, code: i32, says: &str) {
    for args in COMMANDS {
        let out = run(reg, args);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn an_empty_file_is_an_unfinished_init() {
    let reg = Reg::empty();
    std::fs::write(&reg.db, b"").unwrap();
    all_fail(
        &reg,
        4,
        "not a registry file (empty, or an unfinished init)",
    );
    assert_eq!(std::fs::metadata(&reg.db).unwrap().len(), 0, "left alone");
    // `init` takes a blank file over.
    reg.ok(&["init"]);
    assert_eq!(reg.json(&["doctor"])["ok"], true);
}

#[test]
fn a_foreign_or_truncated_file_is_refused() {
    let reg = Reg::empty();
    std::fs::write(&reg.db, "name,registrant\nexemplo.pt,ana\n").unwrap();
    all_fail(&reg, 1, "not a registry file (or a corrupt one)");
    reg.fails(5, &["init"]);

    // The first pages of a real registry.
    let real = Reg::with_fixtures();
    let conn = rusqlite::Connection::open(&real.db).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(conn);
    let bytes = std::fs::read(&real.db).unwrap();
    std::fs::write(&reg.db, &bytes[..bytes.len() / 3]).unwrap();
    for args in COMMANDS {
        let out = run(&reg, args);
        let code = out.status.code();
        assert!(
            code == Some(1) || code == Some(4),
            "{args:?} exit {code:?}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).starts_with("error: "),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let out = run(&reg, &["doctor"]);
    assert_eq!(out.status.code(), Some(1));
}
