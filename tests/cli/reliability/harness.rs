//! What the reliability tests share: running `ptreg` so it can be killed or
//! raced, and reading the registry file behind its back.

use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};

use crate::support::Reg;

/// The built binary.
pub fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("ptreg")
}

/// `ptreg ARGS` on `reg`, pinned like `Reg::cmd`, as a plain `Command` so a
/// test can spawn and kill it.
pub fn command(reg: &Reg, args: &[&str]) -> Command {
    let mut cmd = Command::new(bin());
    cmd.env_clear()
        .env("PTREG_DB", &reg.db)
        .env("PTREG_NOW", &reg.now)
        .env("PTREG_ACTOR", "tester")
        .current_dir(reg.dir.path())
        .args(args);
    cmd
}

/// Starts `ptreg ARGS` in the background (stdout discarded).
pub fn spawn(reg: &Reg, args: &[&str]) -> Child {
    command(reg, args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn ptreg")
}

/// Runs `ptreg ARGS` to the end.
pub fn run(reg: &Reg, args: &[&str]) -> Output {
    command(reg, args).output().expect("run ptreg")
}

/// One number from the registry file.
pub fn count(reg: &Reg, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(&reg.db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// SQLite's own check of the file, then `doctor` (journal chain, orphans,
/// foreign keys, schema, file mode): the file is whole.
pub fn assert_whole(reg: &Reg, when: &str) {
    let conn = rusqlite::Connection::open(&reg.db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok", "{when}");
    drop(conn);
    let out = run(reg, &["--json", "doctor"]);
    assert!(
        out.status.success(),
        "doctor fails {when}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// stderr of a finished command, for messages.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
