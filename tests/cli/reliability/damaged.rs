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

/// A clock at the end of year 9999 (a typo, or a hostile script): a term
/// past 9999-12-31T23:59:59Z is refused and periods stop there, so the file
/// keeps only times every command reads back; a later year is bad usage.
#[test]
fn the_end_of_time_does_not_poison_the_file() {
    let reg = Reg::with_fixtures();
    let end = "9999-12-31T23:59:59Z";
    // A term past the end is refused (never cut short and charged whole);
    // one that ends on the last second is recorded.
    let err = reg.fails(
        3,
        &[
            "--now",
            end,
            "register",
            "fim.pt",
            "--registrant",
            "padaria-lusa",
            "--years",
            "5",
        ],
    );
    assert!(err.contains("would end after"), "{err}");
    let d = reg.json(&[
        "--now",
        "9998-12-31T23:59:59Z",
        "register",
        "fim.pt",
        "--registrant",
        "padaria-lusa",
        "--years",
        "1",
    ]);
    assert_eq!(d["expires"], end);
    for args in [
        &["--now", end, "sweep"][..],
        &["--now", end, "domains"],
        &["sweep"],
        &["history", "fim.pt"],
        &["doctor"],
    ] {
        let out = run(&reg, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let err = reg.fails(2, &["--now", "+10000-01-01T00:00:00Z", "domains"]);
    assert!(err.contains("bad time"), "{err}");
    let err = reg.fails(2, &["--now", "0000-12-31", "domains"]);
    assert!(err.contains("from 0001-01-01 to 9999-12-31"), "{err}");
}

/// Input files that are devices or far too large are refused at once (exit
/// 2), never read into memory; a pipe is read like a file.
#[test]
fn devices_and_oversized_inputs_are_refused() {
    let reg = Reg::new();
    for args in [
        &["list", "import", "geographic", "/dev/urandom"][..],
        &["policy", "set", "/dev/zero"],
        &["contact", "import", "/dev/zero"],
        &["registrar", "import", "/dev/zero"],
        &["import", "/dev/zero"],
        &["register", "--batch", "/dev/zero"],
    ] {
        let err = reg.fails(2, args);
        assert!(err.contains("is a device, not an input file"), "{err}");
    }
    let big = reg.path("big.toml");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(2 << 20).unwrap();
    let err = reg.fails(2, &["policy", "set", big.to_str().unwrap()]);
    assert!(err.contains("larger than 1 MiB"), "{err}");
    let err = reg.fails(4, &["policy", "set", "/nonexistent/policy.toml"]);
    assert!(err.contains("no file"), "{err}");
}
