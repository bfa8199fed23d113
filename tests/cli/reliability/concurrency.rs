//! Concurrency: several `ptreg` processes writing and reading one file at
//! once lose no update and fail no command because the file was busy.

use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::support::Reg;

use super::harness::{assert_whole, count, run, stderr};

#[test]
fn concurrent_writers_lose_no_update() {
    let reg = Reg::new();
    let policy = crate::support::fixture("policy.toml");
    let policy = policy.to_str().unwrap();
    let writers = 8;
    let each = 5;
    std::thread::scope(|s| {
        for _ in 0..writers {
            s.spawn(|| {
                for _ in 0..each {
                    let out = run(&reg, &["policy", "set", policy]);
                    assert!(out.status.success(), "a writer failed: {}", stderr(&out));
                }
            });
        }
    });
    let expected = 1 + writers * each;
    assert_eq!(count(&reg, "SELECT COUNT(*) FROM policy"), expected);
    assert_eq!(count(&reg, "SELECT COUNT(*) FROM journal"), expected);
    assert_whole(&reg, "after the writers");
}

/// Six processes register different names while two others list and show:
/// every command succeeds, every registration is there once, with its
/// journal entry and its charge, and readers only ever see whole commands.
#[test]
fn concurrent_registrations_and_readers_lose_nothing() {
    let reg = Reg::with_fixtures();
    reg.ok(&["register", "base.pt", "--registrant", "padaria-lusa"]);
    let writers = 6;
    let each = 6;
    let done = AtomicBool::new(false);
    let reads = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let mut handles = Vec::new();
        for w in 0..writers {
            let reg = &reg;
            handles.push(s.spawn(move || {
                for j in 0..each {
                    let name = format!("w{w}n{j}.pt");
                    let out = run(reg, &["register", &name, "--registrant", "padaria-lusa"]);
                    assert!(
                        out.status.success(),
                        "register {name} failed: {}",
                        stderr(&out)
                    );
                }
            }));
        }
        for r in 0..2 {
            let (done, reads, reg) = (&done, &reads, &reg);
            s.spawn(move || {
                let mut seen = 0;
                while !done.load(Ordering::Relaxed) {
                    let out = if r == 0 {
                        run(reg, &["--json", "domains"])
                    } else {
                        run(reg, &["--json", "show", "base.pt"])
                    };
                    assert!(out.status.success(), "a reader failed: {}", stderr(&out));
                    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
                    if r == 0 {
                        let n = v.as_array().unwrap().len();
                        assert!(n >= seen, "domains went from {seen} to {n}");
                        seen = n;
                    } else {
                        assert_eq!(v["name"], "base.pt");
                    }
                    reads.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
        for h in handles {
            h.join().expect("writer");
        }
        done.store(true, Ordering::Relaxed);
    });
    assert!(reads.load(Ordering::Relaxed) > 0, "the readers never ran");
    let registered = 1 + writers * each;
    assert_eq!(
        reg.json(&["domains"]).as_array().unwrap().len() as i64,
        registered
    );
    assert_eq!(
        count(
            &reg,
            "SELECT COUNT(*) FROM journal WHERE command = 'register'"
        ),
        registered
    );
    assert_eq!(
        count(&reg, "SELECT COUNT(*) FROM ledger WHERE kind = 'charge'"),
        registered
    );
    assert_whole(&reg, "after the registrations");
}

/// Four processes register the same name at the same moment: exactly one
/// wins; the others are refused under Art. 6.1.a (exit 3) or find the file
/// busy (exit 5), never an internal failure.
#[test]
fn the_same_name_at_once_has_one_winner() {
    let reg = Reg::with_fixtures();
    let racers = 4;
    for round in 0..5 {
        let name = format!("corrida{round}.pt");
        let barrier = Barrier::new(racers);
        let outs: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..racers)
                .map(|_| {
                    let (barrier, reg, name) = (&barrier, &reg, &name);
                    s.spawn(move || {
                        barrier.wait();
                        run(reg, &["register", name, "--registrant", "padaria-lusa"])
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let winners = outs.iter().filter(|o| o.status.success()).count();
        assert_eq!(winners, 1, "round {round}");
        for o in outs.iter().filter(|o| !o.status.success()) {
            let code = o.status.code();
            assert!(
                code == Some(3) || code == Some(5),
                "a loser exited {code:?}: {}",
                stderr(o)
            );
            if code == Some(3) {
                assert!(stderr(o).contains("[Art. 6.1.a]"), "{}", stderr(o));
            }
        }
    }
    assert_eq!(
        count(&reg, "SELECT COUNT(*) FROM domain"),
        5,
        "one row per name"
    );
    assert_whole(&reg, "after the races");
}

/// The night shift and the day shift at once: a `sweep` over 2,000 expired
/// names, four processes registering, a `whois serve` answering and a
/// `backup` taken meanwhile. Nothing fails, nothing is lost, and the backup
/// is a whole registry as it stood at one moment.
#[test]
fn sweep_registrations_whois_and_backup_at_once() {
    let reg = Reg::new();
    let expired = 2000;
    super::harness::seed_delegations(&reg, expired, "2026-02-01T10:00:00Z");
    reg.ok(&[
        "contact",
        "import",
        crate::support::fixture("contacts.csv").to_str().unwrap(),
    ]);
    super::harness::set_whois_quota(&reg, 1_000_000);
    let server = super::harness::Server::start(&reg);
    let want = crate::support::whois_body(&reg.ok(&["whois", "nome00007.pt"]));
    let backup = reg.path("copy.db");
    let writers = 4;
    let each = 8;
    let answered = AtomicUsize::new(0);
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        let sweep = s.spawn(|| run(&reg, &["sweep", "-q"]));
        let mut handles = Vec::new();
        for w in 0..writers {
            let reg = &reg;
            handles.push(s.spawn(move || {
                for j in 0..each {
                    let name = format!("dia{w}x{j}.pt");
                    let out = run(reg, &["register", &name, "--registrant", "padaria-lusa"]);
                    assert!(out.status.success(), "register {name}: {}", stderr(&out));
                }
            }));
        }
        {
            let (server, answered, done) = (&server, &answered, &done);
            s.spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    let reply = server.query("nome00007.pt");
                    // Before or after the sweep, but always an answer.
                    assert!(reply.starts_with("Domain: nome00007.pt\n"), "{reply}");
                    answered.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
        std::thread::sleep(std::time::Duration::from_millis(150));
        let out = run(&reg, &["backup", backup.to_str().unwrap()]);
        assert!(out.status.success(), "backup: {}", stderr(&out));
        let out = sweep.join().unwrap();
        assert!(out.status.success(), "sweep: {}", stderr(&out));
        for h in handles {
            h.join().expect("writer");
        }
        done.store(true, Ordering::Relaxed);
    });
    assert!(answered.load(Ordering::Relaxed) > 0);
    // WHOIS shows the state at the clock: in grace before the sweep
    // recorded it, and the same after.
    assert!(want.contains("\nStatus: grace\n"), "{want}");
    assert_eq!(
        crate::support::whois_body(&reg.ok(&["whois", "nome00007.pt"])),
        want
    );
    assert_eq!(
        count(&reg, "SELECT count(*) FROM domain WHERE state = 'grace'"),
        expired as i64
    );
    assert_eq!(
        count(
            &reg,
            "SELECT count(*) FROM journal WHERE command = 'register'"
        ),
        (writers * each) as i64
    );
    assert_whole(&reg, "after the shifts");
    // The backup is whole and consistent: every registration and every
    // sweep move in it has its journal entry, and the sweep is all or none.
    let copy = Reg {
        dir: tempfile::tempdir().unwrap(),
        db: backup.clone(),
        now: reg.now.clone(),
    };
    assert_whole(&copy, "the backup");
    let grace = count(&copy, "SELECT count(*) FROM domain WHERE state = 'grace'");
    assert!(grace == 0 || grace == expired as i64, "{grace}");
    assert_eq!(
        count(&copy, "SELECT count(*) FROM domain WHERE name LIKE 'dia%'"),
        count(
            &copy,
            "SELECT count(*) FROM journal WHERE command = 'register'"
        )
    );
}

/// An import of 3,000 rows holds the file for its one transaction; a
/// registration typed meanwhile waits its turn and succeeds.
#[test]
fn a_registration_waits_for_an_import_and_succeeds() {
    use std::fmt::Write as _;
    let reg = Reg::with_fixtures();
    let mut csv = "name,registrant,manager,tech,created,expires,state,nameservers,ds,arbitration\n"
        .to_string();
    for i in 0..3000 {
        writeln!(
            csv,
            "antigo{i:05}.pt,padaria-lusa,,,2019-05-01,2027-05-01,,,,false"
        )
        .unwrap();
    }
    let file = reg.path("migration.csv");
    std::fs::write(&file, csv).unwrap();
    let mut import = super::harness::spawn(&reg, &["-q", "import", file.to_str().unwrap()]);
    let mut typed = 0;
    while import.try_wait().unwrap().is_none() && typed < 20 {
        let name = format!("novo{typed}.pt");
        let out = run(&reg, &["register", &name, "--registrant", "ana-silva"]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        typed += 1;
    }
    assert!(import.wait().unwrap().success());
    assert_eq!(
        count(
            &reg,
            "SELECT count(*) FROM domain WHERE name LIKE 'antigo%'"
        ),
        3000
    );
    assert_eq!(
        count(&reg, "SELECT count(*) FROM domain WHERE name LIKE 'novo%'"),
        typed
    );
    assert_whole(&reg, "after the import");
}
