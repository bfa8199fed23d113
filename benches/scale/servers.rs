//! The servers under load (the targets of BENCHMARKS.md): `whois serve`, `rdap serve` and
//! `epp serve`, each started on a copy of the imported registry (the
//! per-address quota raised, as loopback is one address), measured by the
//! clients of `load.rs` for a window, once idle and once while another
//! process holds the write lock (as a sweep or an import does), after a
//! second of warm-up (a running server's page cache is warm). A server
//! whose command is not built yet is reported as not measured.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::load::{self, Load, WriteLock};
use crate::{Row, copy_db, generate, info, path, ptreg, secs};

use info as info_row;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const CLIENTS: usize = 8;
/// Load before the measurement, to warm the page cache.
const WARM_UP: Duration = Duration::from_secs(1);
/// EPP reads (each of check and info) and creates per measurement.
const EPP_READS: usize = 3_000;
const EPP_CREATES: usize = 1_000;
/// The registrar whose names the EPP client reads.
const REGISTRAR: &str = "reg1";
const PASSWORD: &str = "bench-password-1";

/// A server process, stopped (SIGTERM, then SIGKILL) when dropped.
struct Server {
    child: Child,
    stderr: PathBuf,
}

impl Server {
    fn start(db: &Path, args: &[&str], addr: SocketAddr, stderr: PathBuf) -> Res<Server> {
        let child = Command::new(crate::PTREG)
            .args(args)
            .env("PTREG_DB", db)
            .env("PTREG_NOW", generate::NOW)
            .env("PTREG_ACTOR", "bench")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&stderr)?)
            .spawn()?;
        let mut server = Server { child, stderr };
        let start = std::time::Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if let Some(status) = server.child.try_wait()? {
                let text = std::fs::read_to_string(&server.stderr).unwrap_or_default();
                let first = text.lines().next().unwrap_or("").trim().to_string();
                return Err(format!("exited ({status}): {first}").into());
            }
            if load::wait_for(addr, Duration::from_millis(200)).is_ok() {
                return Ok(server);
            }
        }
        Err(format!("not listening on {addr} after 30 s").into())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(pid) = i32::try_from(self.child.id()) {
            // SAFETY: signalling our own child by its id.
            unsafe {
                libc::kill(pid, libc::SIGTERM);
            }
        }
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Measures every server on a copy of `db`; returns the table rows.
pub fn measure(db: &Path, dir: &Path, window: Duration) -> Res<Vec<Row>> {
    let serve_db = dir.join("serve.db");
    copy_db(db, &serve_db)?;
    raise_quota(&serve_db, dir)?;
    let names = registered(&serve_db, "1", 20_000)?;
    let mut rows = Vec::new();

    eprintln!("whois serve under load ...");
    let addr = load::free_addr()?;
    let listen = addr.to_string();
    match Server::start(
        &serve_db,
        &["whois", "serve", "--listen", &listen],
        addr,
        dir.join("whois.stderr"),
    ) {
        Ok(_server) => {
            // Warm the page cache, as a running server's is.
            let _ = load::whois(addr, &names, CLIENTS, WARM_UP);
            for locked in [false, true] {
                let lock = take_lock(&serve_db, locked)?;
                let l = load::whois(addr, &names, CLIENTS, window);
                drop(lock);
                rows.push(rate(
                    &format!("whois serve, {CLIENTS} clients{}", during(locked)),
                    &l,
                    1_000.0,
                    "queries/s",
                ));
                rows.push(failed(&l));
            }
        }
        Err(e) => rows.push(absent("whois serve", ">= 1000 queries/s", &e.to_string())),
    }

    eprintln!("rdap serve under load ...");
    let addr = load::free_addr()?;
    let listen = addr.to_string();
    match Server::start(
        &serve_db,
        &["rdap", "serve", "--listen", &listen],
        addr,
        dir.join("rdap.stderr"),
    ) {
        Ok(_server) => {
            let _ = load::rdap(addr, &names, CLIENTS, WARM_UP)?;
            for locked in [false, true] {
                let lock = take_lock(&serve_db, locked)?;
                let l = load::rdap(addr, &names, CLIENTS, window)?;
                drop(lock);
                rows.push(rate(
                    &format!("rdap serve, {CLIENTS} keep-alive clients{}", during(locked)),
                    &l,
                    2_000.0,
                    "lookups/s",
                ));
                rows.push(p99(&l, Duration::from_millis(10)));
                rows.push(failed(&l));
            }
        }
        Err(e) => rows.push(absent("rdap serve", ">= 2000 lookups/s", &e.to_string())),
    }

    eprintln!("epp serve under load ...");
    match epp(&serve_db, dir) {
        Ok(more) => rows.extend(more),
        Err(e) => rows.push(absent(
            "epp serve",
            ">= 300 check/info/s, >= 100 create/s",
            &e.to_string(),
        )),
    }
    let _ = std::fs::remove_file(&serve_db);
    Ok(rows)
}

fn epp(db: &Path, dir: &Path) -> Res<Vec<Row>> {
    let password_file = dir.join("epp.password");
    std::fs::write(&password_file, format!("{PASSWORD}\n"))?;
    let r = ptreg(
        db,
        &[
            "-q",
            "registrar",
            "credentials",
            REGISTRAR,
            "--password-file",
            path(&password_file),
        ],
        None,
    );
    if !r.ok {
        return Err(format!(
            "registrar credentials: {}",
            r.stderr.lines().next().unwrap_or("")
        )
        .into());
    }
    let (cert, key) = (dir.join("epp.crt"), dir.join("epp.key"));
    let made = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
        .args(["ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"])
        .args([
            "-subj",
            "/CN=localhost",
            "-keyout",
            path(&key),
            "-out",
            path(&cert),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    if !made.success() {
        return Err("openssl could not make the server's certificate".into());
    }
    let names = registered(db, &format!("manager = '{REGISTRAR}'"), 5_000)?;
    let registrant: String = rusqlite::Connection::open(db)?.query_row(
        "SELECT registrant FROM domain WHERE manager = ?1 LIMIT 1",
        [REGISTRAR],
        |r| r.get(0),
    )?;
    let addr = load::free_addr()?;
    let listen = addr.to_string();
    let _server = Server::start(
        db,
        &[
            "epp",
            "serve",
            "--listen",
            &listen,
            "--cert",
            path(&cert),
            "--key",
            path(&key),
        ],
        addr,
        dir.join("epp.stderr"),
    )?;
    let mut rows = Vec::new();
    // One session, logged in before the lock is taken: a login is
    // journaled, so it needs the write lock itself (measured below).
    let mut session = load::epp_login(addr, REGISTRAR, PASSWORD)?;
    for locked in [false, true] {
        let lock = take_lock(db, locked)?;
        let (check, info) = session.reads(&names, EPP_READS);
        let when = during(locked);
        rows.push(rate(
            &format!("epp domain:check, one session{when}"),
            &check,
            300.0,
            "/s",
        ));
        rows.push(failed(&check));
        rows.push(rate(
            &format!("epp domain:info, one session{when}"),
            &info,
            300.0,
            "/s",
        ));
        rows.push(failed(&info));
        if locked {
            // A new session while the lock is held.
            let t = std::time::Instant::now();
            let login = load::epp_login(addr, REGISTRAR, PASSWORD);
            rows.push(info_row(
                "  epp login while the write lock is held",
                match login {
                    Ok(s) => {
                        s.logout();
                        format!("ok in {}", secs(t.elapsed()))
                    }
                    Err(e) => format!("refused after {}: {e}", secs(t.elapsed())),
                },
            ));
        } else {
            // Creates need the write lock: measured when it is free.
            let create = session.creates(EPP_CREATES, &registrant, "i");
            rows.push(rate("epp domain:create, one session", &create, 100.0, "/s"));
            rows.push(failed(&create));
        }
        drop(lock);
    }
    session.logout();
    Ok(rows)
}

fn during(locked: bool) -> &'static str {
    if locked { ", write lock held" } else { "" }
}

fn take_lock(db: &Path, locked: bool) -> Res<Option<WriteLock>> {
    Ok(if locked {
        Some(WriteLock::take(db)?)
    } else {
        None
    })
}

fn rate(what: &str, l: &Load, target: f64, unit: &str) -> Row {
    let r = l.per_second();
    Row {
        what: what.into(),
        measured: format!("{r:.0} {unit} ({} in {})", l.ok, secs(l.wall)),
        reference: "-".into(),
        ratio: "-".into(),
        target: format!(">= {target:.0} {unit}"),
        verdict: if r >= target { "pass" } else { "FAIL" }.into(),
    }
}

fn p99(l: &Load, limit: Duration) -> Row {
    match l.percentile(99.0) {
        Some(p) => Row {
            what: "  p99 latency".into(),
            measured: format!(
                "{} (p50 {})",
                secs(p),
                secs(l.percentile(50.0).unwrap_or_default())
            ),
            reference: "-".into(),
            ratio: "-".into(),
            target: format!("< {}", secs(limit)),
            verdict: if p < limit { "pass" } else { "FAIL" }.into(),
        },
        None => info("  p99 latency", "no requests".into()),
    }
}

fn failed(l: &Load) -> Row {
    Row {
        what: "  failed".into(),
        measured: l.failed.to_string(),
        reference: "-".into(),
        ratio: "-".into(),
        target: "0".into(),
        verdict: if l.failed == 0 { "pass" } else { "FAIL" }.into(),
    }
}

fn absent(what: &str, target: &str, why: &str) -> Row {
    let landed = !(why.contains("unrecognized subcommand") || why.contains("invalid value"));
    Row {
        what: what.into(),
        measured: if landed {
            format!("failed: {why}")
        } else {
            "not measured (command not landed)".into()
        },
        reference: "-".into(),
        ratio: "-".into(),
        target: target.into(),
        verdict: "-".into(),
    }
}

/// Registered live names matching `filter` (an SQL condition), spread over
/// the registry.
fn registered(db: &Path, filter: &str, limit: usize) -> Res<Vec<String>> {
    let conn = rusqlite::Connection::open(db)?;
    let count: i64 = conn.query_row("SELECT count(*) FROM domain", [], |r| r.get(0))?;
    let step = (count / limit as i64).max(1);
    let mut stmt = conn.prepare(&format!(
        "SELECT name FROM domain WHERE state = 'registered' AND id % ?1 = 0 AND {filter}
         ORDER BY id LIMIT ?2"
    ))?;
    let names = stmt
        .query_map(rusqlite::params![step, limit as i64], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    if names.is_empty() {
        return Err(format!("no registered name with {filter}").into());
    }
    Ok(names)
}

/// Puts in force a policy whose per-address quota does not stop the load
/// (every client is 127.0.0.1).
fn raise_quota(db: &Path, dir: &Path) -> Res<()> {
    let shown = dir.join("policy.toml");
    let r = ptreg(db, &["policy", "show"], Some(&shown));
    if !r.ok {
        return Err(format!("policy show: {}", r.stderr).into());
    }
    let text = std::fs::read_to_string(&shown)?;
    let raised: String = text
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("quota") {
                "quota = 1000000000".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&shown, raised + "\n")?;
    let r = ptreg(db, &["-q", "policy", "set", path(&shown)], None);
    if !r.ok {
        return Err(format!("policy set: {}", r.stderr).into());
    }
    Ok(())
}
