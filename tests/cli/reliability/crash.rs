//! Crash safety: `ptreg` killed with SIGKILL mid-command leaves the file
//! whole, the command applied whole or not at all, and a re-run finishes it.

use crate::support::Reg;

use super::harness::count;

/// `policy set`: a new policy version and its journal entry, or neither.
#[test]
fn policy_set_applies_whole_or_not_at_all() {
    let reg = Reg::new();
    let policy = crate::support::fixture("policy.toml");
    let args = ["policy", "set", policy.to_str().unwrap()];
    let applied = |reg: &Reg| {
        let versions = count(reg, "SELECT COUNT(*) FROM policy");
        assert_eq!(
            versions,
            count(reg, "SELECT COUNT(*) FROM journal"),
            "one entry per version"
        );
        match versions {
            1 => Applied::Not,
            2 => Applied::Whole,
            n => panic!("{n} policy versions"),
        }
    };
    let kills = kill_repeatedly(&reg, &args, 30, || {}, applied);
    assert!(kills.landed > 0, "{kills:?}");
    let out = run(&reg, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(applied(&reg), Applied::Whole);
}

use super::harness::{Applied, assert_whole, kill_repeatedly, run, seed_delegations, stderr};

const NAMES: usize = 3000;
const KILLS: usize = 20;

/// `sweep` over 3,000 expired names: after any kill either every name is in
/// grace with its journal entry, or none is; a re-run finishes the job and
/// a second one changes nothing.
#[test]
fn sweep_applies_whole_or_not_at_all() {
    let reg = Reg::new();
    seed_delegations(&reg, NAMES, "2026-02-01T10:00:00Z");
    let applied = |reg: &Reg| {
        let grace = count(reg, "SELECT count(*) FROM domain WHERE state = 'grace'");
        let entries = count(
            reg,
            "SELECT count(*) FROM journal WHERE command = 'sweep' AND domain IS NOT NULL",
        );
        assert_eq!(grace, entries, "one journal entry per name moved");
        match grace {
            0 => Applied::Not,
            n if n == NAMES as i64 => Applied::Whole,
            n => panic!("sweep half applied: {n} of {NAMES} in grace"),
        }
    };
    let kills = kill_repeatedly(&reg, &["sweep", "-q"], KILLS, || {}, applied);
    assert!(kills.landed >= KILLS / 2, "{kills:?}");
    finish_the_job(&reg, &["sweep", "-q"], &applied);
}

/// Runs a command to the end on what a kill left, then again: the first
/// run applies it whole, the second changes nothing.
fn finish_the_job(reg: &Reg, args: &[&str], applied: &dyn Fn(&Reg) -> Applied) {
    let out = run(reg, args);
    assert!(out.status.success(), "re-run {args:?}: {}", stderr(&out));
    assert_eq!(applied(reg), Applied::Whole);
    let entries = count(reg, "SELECT count(*) FROM journal");
    let out = run(reg, args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        count(reg, "SELECT count(*) FROM journal"),
        entries,
        "idempotent"
    );
    assert_whole(reg, "after the re-runs");
}

/// `zone export --out` of 3,000 delegations: after any kill the zone file is
/// absent or a complete zone (never half of one), and the export is
/// recorded with its journal entry or not at all; a re-run publishes it.
#[test]
fn zone_export_publishes_whole_or_not_at_all() {
    let reg = Reg::new();
    seed_delegations(&reg, NAMES, "2027-02-01T10:00:00Z");
    let zone = reg.path("pt.zone");
    let zone_arg = zone.to_str().unwrap().to_string();
    let expected = {
        let out = run(&reg, &["zone", "export", "--serial", "2026030100"]);
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(expected.lines().count() > 3 * NAMES);
    let applied = |reg: &Reg| {
        let recorded = count(reg, "SELECT count(*) FROM zone_export");
        let entries = count(
            reg,
            "SELECT count(*) FROM journal WHERE command = 'zone export'",
        );
        assert_eq!(recorded, entries, "one journal entry per export");
        match std::fs::read_to_string(&zone) {
            Ok(text) => {
                let serial = text
                    .lines()
                    .find(|l| l.contains("SOA"))
                    .and_then(|l| {
                        l.split_whitespace()
                            .find(|w| w.len() == 10 && w.starts_with("2026"))
                    })
                    .unwrap_or_else(|| panic!("no serial in the zone file"))
                    .to_string();
                assert_eq!(text.replace(&serial, "2026030100"), expected, "a half zone");
            }
            Err(_) => assert_eq!(recorded, 0, "recorded without a file"),
        }
        if recorded == 1 {
            Applied::Whole
        } else {
            Applied::Not
        }
    };
    let args = ["-q", "zone", "export", "--out", &zone_arg];
    let reset = || {
        let _ = std::fs::remove_file(&zone);
    };
    let kills = kill_repeatedly(&reg, &args, KILLS, reset, applied);
    assert!(kills.landed >= KILLS / 2, "{kills:?}");
    let out = run(&reg, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(applied(&reg), Applied::Whole);
    assert_whole(&reg, "after the re-run");
    // The temporary files of the killed exports are cleaned up by it.
    let left: Vec<_> = std::fs::read_dir(reg.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(left, Vec::<String>::new());
}

/// `init` killed at any moment leaves no file, a blank one that every
/// command reports as an unfinished init (exit 4), or a whole registry; a
/// re-run of `init` finishes the job, private.
#[test]
fn init_applies_whole_or_not_at_all() {
    use std::os::unix::fs::PermissionsExt;
    let reg = Reg::empty();
    let started = std::time::Instant::now();
    let out = run(&reg, &["init"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let whole_run = started.elapsed();
    let remove = || {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = reg.db.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    };
    let (mut landed, mut blank) = (0, 0);
    for i in (0..KILLS).rev() {
        remove();
        let mut child = super::harness::spawn(&reg, &["init"]);
        std::thread::sleep(whole_run.mul_f64((i as f64 + 0.5) / KILLS as f64 * 1.1));
        landed += usize::from(child.try_wait().unwrap().is_none());
        let _ = child.kill();
        let _ = child.wait();
        if !reg.db.exists() {
            continue;
        }
        let mode = std::fs::metadata(&reg.db).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "after kill {i}");
        let out = run(&reg, &["doctor"]);
        match out.status.code() {
            Some(0) => {}
            Some(4) => {
                assert!(stderr(&out).contains("unfinished init"), "{}", stderr(&out));
                blank += 1;
            }
            code => panic!("after kill {i}: doctor exit {code:?}: {}", stderr(&out)),
        }
    }
    eprintln!(
        "crash: init: one run {whole_run:.2?}; {KILLS} kills, {landed} mid-run, {blank} left a blank file"
    );
    assert!(landed >= KILLS / 2);
    let out = run(&reg, &["init"]);
    assert!(out.status.success(), "re-run: {}", stderr(&out));
    assert_whole(&reg, "after the re-run of init");
}

/// A CSV of `n` names for `import` (migrated, with their dates) or for
/// `register --batch` (new, through every rule).
fn bulk_csv(reg: &Reg, file: &str, n: usize, migration: bool) -> String {
    use std::fmt::Write as _;
    let mut text = if migration {
        "name,registrant,manager,tech,created,expires,state,nameservers,ds,arbitration\n"
            .to_string()
    } else {
        "name,registrant,nameservers\n".to_string()
    };
    for i in 0..n {
        if migration {
            writeln!(
                text,
                "migrado{i:05}.pt,padaria-lusa,lusonet,,2019-05-01,2027-05-01,,ns1.exemplo.net ns2.exemplo.net,,false"
            )
            .unwrap();
        } else {
            writeln!(
                text,
                "lote{i:05}.pt,padaria-lusa,ns1.exemplo.net ns2.exemplo.net"
            )
            .unwrap();
        }
    }
    let path = reg.path(file);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// `import` of 3,000 rows: all or none of them, with the one journal entry
/// a migration writes.
#[test]
fn import_applies_whole_or_not_at_all() {
    let reg = Reg::with_fixtures();
    let file = bulk_csv(&reg, "migration.csv", NAMES, true);
    let applied = |reg: &Reg| {
        let names = count(
            reg,
            "SELECT count(*) FROM domain WHERE name LIKE 'migrado%'",
        );
        let entries = count(reg, "SELECT count(*) FROM journal WHERE command = 'import'");
        match (names, entries) {
            (0, 0) => Applied::Not,
            (n, 1) if n == NAMES as i64 => Applied::Whole,
            other => panic!("import half applied: (names, entries) = {other:?}"),
        }
    };
    let args = ["-q", "import", &file];
    let kills = kill_repeatedly(&reg, &args, KILLS, || {}, applied);
    assert!(kills.landed >= KILLS / 2, "{kills:?}");
    let out = run(&reg, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(applied(&reg), Applied::Whole);
    // Importing again is refused whole (the names are live): nothing changes.
    let out = run(&reg, &args);
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert_eq!(applied(&reg), Applied::Whole);
    assert_whole(&reg, "after the re-runs");
}

/// `register --batch` of 1,500 names: each registration has its journal
/// entry and its charge, and a killed batch registers all or none.
#[test]
fn register_batch_applies_whole_or_not_at_all() {
    let reg = Reg::with_fixtures();
    let n = NAMES / 2;
    let file = bulk_csv(&reg, "batch.csv", n, false);
    let applied = move |reg: &Reg| {
        let names = count(reg, "SELECT count(*) FROM domain WHERE name LIKE 'lote%'");
        let entries = count(
            reg,
            "SELECT count(*) FROM journal WHERE command = 'register'",
        );
        let charges = count(reg, "SELECT count(*) FROM ledger WHERE kind = 'charge'");
        assert_eq!(
            (names, names),
            (entries, charges),
            "entry and charge per name"
        );
        match names {
            0 => Applied::Not,
            x if x == n as i64 => Applied::Whole,
            x => panic!("batch half applied: {x} of {n}"),
        }
    };
    let args = ["-q", "register", "--batch", &file];
    let kills = kill_repeatedly(&reg, &args, KILLS, || {}, applied);
    assert!(kills.landed >= KILLS / 2, "{kills:?}");
    let out = run(&reg, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(applied(&reg), Applied::Whole);
    // Again: every row is now refused under Art. 6.1.a, and nothing changes.
    let out = run(&reg, &args);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("[Art. 6.1.a]"), "{}", stderr(&out));
    assert_eq!(applied(&reg), Applied::Whole);
    assert_whole(&reg, "after the re-runs");
}
