//! Tests of `whois serve`: the RFC 3912 server queried by the standard
//! `whois` client, its quota and suspension episodes (WHOIS policy 2.5),
//! and hostile clients.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::seed;
use crate::support::{Reg, whois_body};
use crate::whois::sample;

/// A running `whois serve` on a free port; stopped (SIGTERM) on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(reg: &Reg, now: &str) -> Server {
        Server::start_on(reg, now, "127.0.0.1:0")
    }

    fn start_on(reg: &Reg, now: &str, listen: &str) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("ptreg"))
            .env_clear()
            .env("PTREG_DB", &reg.db)
            .env("PTREG_NOW", now)
            .env("PTREG_ACTOR", "tester")
            .args(["whois", "serve", "--listen", listen])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the server");
        let stderr = child.stderr.take().expect("stderr");
        let mut line = String::new();
        BufReader::new(stderr)
            .read_line(&mut line)
            .expect("the server's first line");
        let addr = line
            .trim()
            .rsplit(' ')
            .next()
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Server { child, addr }
    }

    /// Sends raw bytes, returns the whole reply.
    fn raw(&self, bytes: &[u8]) -> String {
        let mut s = TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s.write_all(bytes).expect("send");
        let mut reply = String::new();
        let _ = s.read_to_string(&mut reply);
        reply
    }

    /// The answer to one query, without its `%` header.
    fn query(&self, q: &str) -> String {
        whois_body(&self.raw(format!("{q}\r\n").as_bytes()))
    }

    /// Stops with SIGTERM and returns the exit code.
    fn stop(self) -> Option<i32> {
        self.signal("-TERM")
    }

    /// Sends a signal (`-TERM`, `-INT`) and returns the exit code.
    fn signal(mut self, signal: &str) -> Option<i32> {
        self.send(signal);
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Server {
    /// Sends a signal without waiting for anything.
    fn send(&self, signal: &str) {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args([signal, &pid])
            .status()
            .expect("kill");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn whois_client(server: &Server, query: &str) -> String {
    let out = Command::new("whois")
        .args([
            "-h",
            "127.0.0.1",
            "-p",
            &server.addr.port().to_string(),
            query,
        ])
        .output()
        .unwrap_or_else(|e| panic!("the whois client is needed (apt-get install whois): {e}"));
    whois_body(&String::from_utf8_lossy(&out.stdout))
}

/// `ptreg whois NAME` without its `%` header.
fn cli(reg: &Reg, q: &str) -> String {
    whois_body(&reg.ok(&["whois", q]))
}

/// A policy with a small quota: 3 queries an hour, 1 h per episode.
fn small_quota(reg: &Reg) {
    quota_of(reg, 3);
}

/// A policy with `quota` queries an hour, 1 h per episode.
fn quota_of(reg: &Reg, quota: u32) {
    reg.set_fixture_policy(&[
        ("quota = 1000", &format!("quota = {quota}")),
        ("window_hours = 24", "window_hours = 1"),
        ("suspension_hours = 24", "suspension_hours = 1"),
    ]);
}

/// The query log, once it holds at least `n` lines (the server writes it
/// after answering, from a thread of its own; waits up to 10 s).
fn logged(reg: &Reg, n: usize) -> Vec<(String, String, String)> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let lines = log_lines(reg);
        if lines.len() >= n || Instant::now() >= deadline {
            return lines;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn log_lines(reg: &Reg) -> Vec<(String, String, String)> {
    let conn = seed::conn(reg);
    let mut stmt = conn
        .prepare("SELECT address, query, outcome FROM whois_query ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn the_standard_client_gets_the_command_line_text() {
    let reg = sample();
    let server = Server::start(&reg, "2026-03-01T09:00:00Z");
    for q in ["exemplo.pt", "padaria.com.pt", "xn--mo-sia.pt"] {
        let want = cli(&reg, q);
        assert_eq!(whois_client(&server, q), want, "{q}");
    }
    assert_eq!(server.query("livre.pt"), "No match for livre.pt\n");
    assert_eq!(server.query("exemplo.com"), "invalid query\n");
    // LF alone ends a query too, and so does closing the sending side.
    let raw = server.raw(b"exemplo.pt\n");
    assert_eq!(whois_body(&raw), cli(&reg, "exemplo.pt"));
    // The header: the terms of use and the time of the answer.
    assert!(raw.starts_with("% .pt WHOIS directory\n"), "{raw}");
    assert!(raw.contains("\n% Answer at 2026-03-01T09:00:"), "{raw}");
    let log = logged(&reg, 6);
    assert_eq!(log.len(), 6);
    assert!(log.iter().all(|(a, _, _)| a == "127.0.0.1"));
    assert_eq!(
        log[3],
        ("127.0.0.1".into(), "livre.pt".into(), "no match".into())
    );
    assert_eq!(log[4].2, "invalid");
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn the_quota_suspends_an_address_longer_each_episode() {
    let reg = sample();
    small_quota(&reg);
    let server = Server::start(&reg, "2026-03-01T09:00:00Z");
    for _ in 0..3 {
        assert!(
            server
                .query("exemplo.pt")
                .starts_with("Domain: exemplo.pt\n")
        );
    }
    let refused = server.query("exemplo.pt");
    assert!(
        refused
            .starts_with("query limit exceeded: this address is suspended until 2026-03-01T10:00:"),
        "{refused}"
    );
    assert!(
        server
            .query("padaria.com.pt")
            .starts_with("query limit exceeded")
    );
    assert_eq!(server.stop(), Some(0));

    // Two hours later the suspension is over; the next abuse is a second
    // episode, twice as long (WHOIS policy 2.5).
    let server = Server::start(&reg, "2026-03-01T11:00:00Z");
    for _ in 0..3 {
        assert!(server.query("exemplo.pt").starts_with("Domain: "));
    }
    let refused = server.query("exemplo.pt");
    assert!(
        refused
            .starts_with("query limit exceeded: this address is suspended until 2026-03-01T13:00:"),
        "{refused}"
    );
    // A clean stop writes every pending log line.
    assert_eq!(server.stop(), Some(0));
    let outcomes: Vec<String> = log_lines(&reg).into_iter().map(|(_, _, o)| o).collect();
    assert_eq!(
        outcomes,
        [
            "answered",
            "answered",
            "answered",
            "suspended",
            "suspended",
            "answered",
            "answered",
            "answered",
            "suspended"
        ]
    );
    let (episodes, until): (i64, String) = seed::conn(&reg)
        .query_row(
            "SELECT episodes, until FROM whois_block WHERE address = '127.0.0.1'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(episodes, 2);
    assert!(until.starts_with("2026-03-01T13:00:"), "{until}");
}

#[test]
fn hostile_clients_do_not_stop_the_server() {
    let reg = sample();
    let server = Server::start(&reg, "2026-03-01T09:00:00Z");
    let want = cli(&reg, "exemplo.pt");

    // Clients that connect and never end their line.
    let idle: Vec<TcpStream> = (0..40)
        .map(|_| {
            let mut s = TcpStream::connect(server.addr).expect("connect");
            s.write_all(b"exemplo").unwrap();
            s
        })
        .collect();
    let started = Instant::now();
    assert_eq!(server.query("exemplo.pt"), want);
    assert!(started.elapsed() < Duration::from_secs(3), "answered late");

    // A 1 MB line is answered `invalid query` (or cut off), never a crash.
    let mut big = TcpStream::connect(server.addr).expect("connect");
    big.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let writer = {
        let mut w = big.try_clone().unwrap();
        std::thread::spawn(move || {
            let _ = w.write_all(&vec![b'a'; 1 << 20]);
            let _ = w.write_all(b"\r\n");
        })
    };
    let mut reply = String::new();
    let _ = big.read_to_string(&mut reply);
    let _ = writer.join();
    assert!(reply.is_empty() || reply == "invalid query\n", "{reply:?}");

    // Binary junk.
    assert_eq!(
        server.raw(b"\x00\xff\xfe\x16\x03\x01junk\r\n"),
        "invalid query\n"
    );
    assert_eq!(server.raw(b"\r\n"), "invalid query\n");

    // The idle clients are closed after a few seconds, without an answer.
    for mut s in idle {
        s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
        let mut rest = Vec::new();
        let _ = s.read_to_end(&mut rest);
        assert!(rest.is_empty());
    }
    assert!(started.elapsed() < Duration::from_secs(12));

    // Many clients at once all get their answer.
    let threads: Vec<_> = (0..32)
        .map(|_| {
            let addr = server.addr;
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(addr).expect("connect");
                s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
                s.write_all(b"padaria.com.pt\r\n").unwrap();
                let mut r = String::new();
                let _ = s.read_to_string(&mut r);
                r
            })
        })
        .collect();
    for t in threads {
        assert!(whois_body(&t.join().unwrap()).starts_with("Domain: padaria.com.pt\n"));
    }
    assert_eq!(server.query("exemplo.pt"), want);
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn registered_names_answer_alike_from_the_command_line_and_the_client() {
    let reg = seed::registered();
    let ana = cli(&reg, "ação.pt");
    assert!(
        ana.starts_with("Domain: xn--ao-siap.pt\nDomain (Unicode): ação.pt\n"),
        "{ana}"
    );
    assert!(
        ana.contains("Registrant Name: Ana Margarida Silva\n"),
        "{ana}"
    );
    assert!(
        ana.contains("Registrar Name: LusoNet – Registos de Domínios, Lda.\n"),
        "{ana}"
    );
    assert!(
        ana.contains("Name Server: ns.xn--ao-siap.pt 198.51.100.20\n"),
        "{ana}"
    );
    let joao = cli(&reg, "joaopereira.com.pt");
    assert!(
        joao.contains("Registrant Name: Not disclosed (Art. 30.3)\n"),
        "{joao}"
    );
    assert!(
        joao.contains("Manager Email: Not disclosed (Art. 30.3)\n"),
        "{joao}"
    );
    assert!(!joao.contains("Pereira"), "{joao}");
    let padaria = cli(&reg, "padarialusa.pt");
    assert!(
        padaria.contains("Registrant Name: Padaria Lusa, Lda.\n"),
        "{padaria}"
    );
    assert_eq!(padaria.matches("\nDS: ").count(), 2, "{padaria}");

    let server = Server::start(&reg, "2026-03-01T09:00:00Z");
    for (q, text) in [
        ("xn--ao-siap.pt", &ana),
        ("joaopereira.com.pt", &joao),
        ("padarialusa.pt", &padaria),
    ] {
        assert_eq!(&whois_client(&server, q), text, "{q}");
    }
    assert_eq!(
        whois_client(&server, "reservado.pt"),
        cli(&reg, "reservado.pt")
    );
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn interrupt_stops_it_cleanly_and_bad_addresses_are_usage() {
    let reg = sample();
    let server = Server::start(&reg, "2026-03-01T09:00:00Z");
    assert_eq!(server.query("livre.pt"), "No match for livre.pt\n");
    assert_eq!(server.signal("-INT"), Some(0));
    let err = reg.fails(2, &["whois", "serve", "--listen", "not-an-address"]);
    assert!(err.contains("--listen"), "{err}");
    let empty = Reg::empty();
    empty.fails(4, &["whois", "serve", "--listen", "127.0.0.1:0"]);
}

#[test]
fn sighup_is_ignored_and_a_policy_set_is_followed_without_a_restart() {
    let reg = sample();
    let server = Server::start(&reg, "2026-03-01T09:00:00Z");
    assert!(
        server
            .query("exemplo.pt")
            .starts_with("Domain: exemplo.pt\n")
    );
    server.send("-HUP");
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        server
            .query("exemplo.pt")
            .starts_with("Domain: exemplo.pt\n")
    );
    // A new policy while it runs: 3 queries an hour. Two were answered.
    small_quota(&reg);
    assert!(
        server
            .query("exemplo.pt")
            .starts_with("Domain: exemplo.pt\n")
    );
    let refused = server.query("exemplo.pt");
    assert!(refused.starts_with("query limit exceeded"), "{refused}");
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn a_writer_holding_the_lock_delays_only_the_query_log() {
    let reg = sample();
    let server = Server::start(&reg, "2026-03-01T09:00:00Z");
    let want = cli(&reg, "exemplo.pt");
    let writer = seed::conn(&reg);
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    // Seven seconds of write lock (longer than any busy timeout): every
    // query is still answered, at once.
    let held = Instant::now();
    let mut n = 0;
    while held.elapsed() < Duration::from_secs(7) {
        let started = Instant::now();
        assert_eq!(server.query("exemplo.pt"), want, "query {n}");
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "query {n} waited"
        );
        n += 1;
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(log_lines(&reg).is_empty(), "written through the lock?");
    writer.execute_batch("ROLLBACK").unwrap();
    // Once the lock is free the log catches up.
    assert_eq!(logged(&reg, n).len(), n);
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn the_query_log_is_kept_log_days_and_not_exported() {
    let reg = sample();
    reg.set_fixture_policy(&[("log_days = 90", "log_days = 30")]);
    {
        let conn = seed::conn(&reg);
        for (time, q) in [
            ("2025-06-01T00:00:00Z", "velho.pt"),
            ("2026-01-20T00:00:00Z", "antigo.pt"),
            ("2026-02-15T00:00:00Z", "recente.pt"),
        ] {
            conn.execute(
                "INSERT INTO whois_query(time, address, query, outcome)
                 VALUES (?1, '192.0.2.9', ?2, 'no match')",
                [time, q],
            )
            .unwrap();
        }
    }
    let server = Server::start(&reg, "2026-03-01T09:00:00Z");
    assert_eq!(server.query("livre.pt"), "No match for livre.pt\n");
    let deadline = Instant::now() + Duration::from_secs(10);
    let kept = loop {
        let kept: Vec<String> = log_lines(&reg).into_iter().map(|(_, q, _)| q).collect();
        if kept.len() == 2 || Instant::now() > deadline {
            break kept;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(kept, ["recente.pt", "livre.pt"]);
    assert_eq!(server.stop(), Some(0));
    let export = reg.ok(&["export"]);
    assert!(!export.contains("whois_query"), "the log was exported");
    assert!(!export.contains("recente.pt"));
}

#[test]
fn ipv6_sources_share_the_quota_of_their_64() {
    let reg = sample();
    small_quota(&reg);
    let server = Server::start_on(&reg, "2026-03-01T09:00:00Z", "[::1]:0");
    assert!(server.addr.is_ipv6());
    for _ in 0..3 {
        assert!(server.query("exemplo.pt").starts_with("Domain: "));
    }
    assert!(
        server
            .query("exemplo.pt")
            .starts_with("query limit exceeded")
    );
    assert_eq!(server.stop(), Some(0));
    let log = log_lines(&reg);
    assert_eq!(log.len(), 4);
    assert!(log.iter().all(|(a, _, _)| a == "::/64"), "{log:?}");
}
