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

/// [`count`] once it reaches `want`, waiting up to 10 s: the servers log
/// queries after answering them, from a thread of their own.
pub fn count_reaching(reg: &Reg, sql: &str, want: i64) -> i64 {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let n = count(reg, sql);
        if n >= want || std::time::Instant::now() >= deadline {
            return n;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
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

/// A `whois serve` on a free loopback port; killed on drop.
pub struct Server {
    pub child: Child,
    pub addr: std::net::SocketAddr,
}

impl Server {
    pub fn start(reg: &Reg) -> Server {
        let mut child = command(reg, &["whois", "serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the server");
        let addr = crate::support::listening_address(&mut child);
        Server { child, addr }
    }

    /// Sends raw bytes, returns the whole reply.
    pub fn raw(&self, bytes: &[u8]) -> String {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .unwrap();
        s.write_all(bytes).expect("send");
        let mut reply = String::new();
        let _ = s.read_to_string(&mut reply);
        reply
    }

    /// The answer to one query, without its `%` header.
    pub fn query(&self, q: &str) -> String {
        crate::support::whois_body(&self.raw(format!("{q}\r\n").as_bytes()))
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().ok().flatten().is_none()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The fixture policy with another WHOIS quota per 24 h.
pub fn set_whois_quota(reg: &Reg, quota: u32) {
    reg.set_fixture_policy(&[("quota = 1000", &format!("quota = {quota}"))]);
}

/// `n` delegated names `nomeNNNNN.pt` of one organisation, written straight
/// into the file in one transaction (two nameservers each), expiring at
/// `expires`.
pub fn seed_delegations(reg: &Reg, n: usize, expires: &str) {
    crate::seed::contact(reg, "org", "organization", "Padaria Lusa", false);
    let mut conn = rusqlite::Connection::open(&reg.db).unwrap();
    let tx = conn.transaction().unwrap();
    for i in 0..n {
        let name = format!("nome{i:05}.pt");
        tx.execute(
            "INSERT INTO domain(name, unicode, hierarchy, state, created, expires, registrant,
                manager, tech, state_since)
             VALUES (?1, ?1, 'pt', 'registered', '2025-02-01T10:00:00Z', ?2, 'org', NULL,
                'org', '2025-02-01T10:00:00Z')",
            rusqlite::params![name, expires],
        )
        .unwrap();
        let id = tx.last_insert_rowid();
        for (pos, host) in [format!("ns1.{name}"), "ns2.exemplo.net".to_string()]
            .iter()
            .enumerate()
        {
            let addresses = if pos == 0 { "192.0.2.1" } else { "" };
            tx.execute(
                "INSERT INTO nameserver(domain_id, pos, host, addresses) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![id, pos as i64, host, addresses],
            )
            .unwrap();
        }
    }
    tx.commit().unwrap();
}

/// Whether a killed command left its change whole or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Not,
    Whole,
}

/// What a series of kills did.
#[derive(Debug, Default)]
pub struct Kills {
    /// Kills that found the command still running.
    pub landed: usize,
    /// Of those, how many left the change applied (committed just before).
    pub whole: usize,
    pub not: usize,
}

/// Kills `ptreg ARGS` with SIGKILL `kills` times, at moments spread evenly
/// over the time one whole run takes, each time from the same starting
/// registry (and `reset` of whatever else the command writes); after each kill the file must be whole (integrity check,
/// doctor) and `applied` must say the change is whole or absent (it
/// panics on anything in between). Leaves the registry as the earliest
/// kill left it.
pub fn kill_repeatedly(
    reg: &Reg,
    args: &[&str],
    kills: usize,
    reset: impl Fn(),
    applied: impl Fn(&Reg) -> Applied,
) -> Kills {
    let pristine = reg.path("pristine.db");
    {
        let conn = rusqlite::Connection::open(&reg.db).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    std::fs::copy(&reg.db, &pristine).unwrap();
    let restore = || {
        for suffix in ["-wal", "-shm"] {
            let mut p = reg.db.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
        std::fs::copy(&pristine, &reg.db).unwrap();
        reset();
    };
    // How long one whole run takes, to spread the kills over it.
    let started = std::time::Instant::now();
    let out = run(reg, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    let whole_run = started.elapsed();
    assert_eq!(applied(reg), Applied::Whole, "{args:?} ran whole");
    let mut k = Kills::default();
    // Latest moment first, so the last kill (the earliest moment) leaves a
    // registry for the caller to finish the job on.
    for i in (0..kills).rev() {
        restore();
        let delay = whole_run.mul_f64((i as f64 + 0.5) / kills as f64 * 1.1);
        let mut child = spawn(reg, args);
        std::thread::sleep(delay);
        let running = child.try_wait().unwrap().is_none();
        let _ = child.kill();
        let _ = child.wait();
        let when = format!("after kill {i} of {args:?} at {delay:?}");
        assert_whole(reg, &when);
        let state = applied(reg);
        if running {
            k.landed += 1;
            match state {
                Applied::Whole => k.whole += 1,
                Applied::Not => k.not += 1,
            }
        }
    }
    eprintln!(
        "crash: {args:?}: one run {whole_run:.2?}; {kills} kills, {} mid-run ({} left it whole, {} not at all)",
        k.landed, k.whole, k.not
    );
    k
}
