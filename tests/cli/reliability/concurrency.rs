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
