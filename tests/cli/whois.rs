//! Tests of `whois`: the record and its disclosure rules (Art. 30), the
//! answers to bad and free names, and the RFC 3912 server queried by the
//! standard `whois` client and by hostile clients.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Reg, path_str};
use crate::zone::seed;

const NOT_DISCLOSED: &str = "Not disclosed (Art. 30.3)";

/// Persons with and without consent, an organisation without consent, a
/// registrar, and names managed by each.
fn sample() -> Reg {
    let reg = Reg::new();
    seed::contact(&reg, "ana", "person", "Ana Silva", true);
    seed::contact(&reg, "joao", "person", "João Pereira", false);
    seed::contact(&reg, "org", "organization", "Padaria Lusa", false);
    seed::registrar(&reg, "lusonet", "LusoNet Registos");
    seed::domain(
        &reg,
        seed::Domain {
            name: "exemplo.pt",
            registrant: "joao",
            manager: Some("lusonet"),
            ns: &["ns1.exemplo.pt=192.0.2.1,2001:db8::1", "ns2.exemplo.net"],
            ds: &["2371 13 2 C988EC423E3880EB8DD8A46E2B8BD4FD9C7DC8F5D3E3E0E0F23E4E2F0E6A1B2C"],
            ..Default::default()
        },
    );
    seed::domain(
        &reg,
        seed::Domain {
            name: "xn--mo-sia.pt",
            unicode: "mão.pt",
            registrant: "ana",
            state: "reserved",
            ns: &[],
            ..Default::default()
        },
    );
    seed::domain(
        &reg,
        seed::Domain {
            name: "padaria.com.pt",
            registrant: "org",
            ..Default::default()
        },
    );
    seed::domain(
        &reg,
        seed::Domain {
            name: "antigo.pt",
            registrant: "org",
            state: "removed",
            ..Default::default()
        },
    );
    reg
}

#[test]
fn a_person_without_consent_is_not_disclosed_and_a_registrar_is() {
    let reg = sample();
    let text = reg.ok(&["whois", "exemplo.pt"]);
    let expected = "\
Domain: exemplo.pt
Domain (Unicode): exemplo.pt
Creation Date: 2026-01-15T10:00:00Z
Expiration Date: 2027-01-15T10:00:00Z
Status: registered
Registrant Name: Not disclosed (Art. 30.3)
Registrant Address: Not disclosed (Art. 30.3)
Registrant Email: Not disclosed (Art. 30.3)
Manager Name: LusoNet Registos
Manager Email: registos@lusonet.pt
Name Server: ns1.exemplo.pt 192.0.2.1 2001:db8::1
Name Server: ns2.exemplo.net
DS: 2371 13 2 C988EC423E3880EB8DD8A46E2B8BD4FD9C7DC8F5D3E3E0E0F23E4E2F0E6A1B2C
";
    assert_eq!(text, expected);
    assert!(!text.contains("João"));
    assert!(!text.contains("joao@"));
}

#[test]
fn a_person_with_consent_and_an_organisation_are_disclosed() {
    let reg = sample();
    // Self-managed: the managing entity is the registrant (Art. 24).
    let mao = reg.ok(&["whois", "mão.pt"]);
    assert!(mao.starts_with("Domain: xn--mo-sia.pt\nDomain (Unicode): mão.pt\n"));
    assert!(mao.contains("Status: reserved\n"));
    assert!(mao.contains("Registrant Name: Ana Silva\n"));
    assert!(mao.contains("Registrant Address: Rua de Ana Silva 1, Lisboa\n"));
    assert!(mao.contains("Manager Name: Ana Silva\nManager Address: Rua de Ana Silva 1, Lisboa\nManager Email: ana@exemplo.pt\n"));
    assert!(!mao.contains("Name Server:"));
    assert!(!mao.contains(NOT_DISCLOSED));
    // An organisation, without consent, is always disclosed (Art. 30.7).
    let org = reg.ok(&["whois", "PADARIA.COM.PT."]);
    assert!(org.contains("Registrant Name: Padaria Lusa\n"), "{org}");
    assert!(org.contains("Registrant Email: org@exemplo.pt\n"), "{org}");
    assert!(!org.contains(NOT_DISCLOSED));
}

#[test]
fn json_gives_the_same_fields() {
    let reg = sample();
    let v = reg.json(&["whois", "exemplo.pt"]);
    assert_eq!(v["name"], "exemplo.pt");
    assert_eq!(v["unicode"], "exemplo.pt");
    assert_eq!(v["created"], "2026-01-15T10:00:00Z");
    assert_eq!(v["expires"], "2027-01-15T10:00:00Z");
    assert_eq!(v["state"], "registered");
    assert_eq!(
        v["registrant"],
        serde_json::json!({"name": NOT_DISCLOSED, "address": NOT_DISCLOSED, "email": NOT_DISCLOSED})
    );
    assert_eq!(v["manager"]["name"], "LusoNet Registos");
    assert_eq!(v["manager"]["address"], serde_json::Value::Null);
    assert_eq!(
        v["nameservers"][0],
        serde_json::json!({"host": "ns1.exemplo.pt", "addresses": ["192.0.2.1", "2001:db8::1"]})
    );
    assert_eq!(v["ds"].as_array().map(Vec::len), Some(1));
}

#[test]
fn invalid_queries_and_free_names() {
    let reg = sample();
    for q in ["exemplo.com", "pt", "not a name", "exemplo..pt"] {
        let err = reg.fails(2, &["whois", q]);
        assert_eq!(err.trim(), "error: invalid query", "{q:?}");
    }
    // Never registered, or removed: the name is free.
    for q in ["livre.pt", "antigo.pt", "ns1.exemplo.pt"] {
        let err = reg.fails(4, &["whois", q]);
        assert_eq!(err.trim(), format!("error: No match for {q}"));
    }
    let out = reg
        .cmd(&["--json", "whois", "livre.pt"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(4));
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).expect("JSON error");
    assert_eq!(err["error"]["kind"], "not_found");
    assert_eq!(err["error"]["message"], "No match for livre.pt");
    let err = reg.fails(2, &["whois", "exemplo.pt", "--as-of", "yesterday"]);
    assert!(err.contains("--as-of"), "{err}");
}

/// A running `whois serve` on a free port; stopped (SIGTERM) on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(reg: &Reg, now: &str) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("ptreg"))
            .env_clear()
            .env("PTREG_DB", &reg.db)
            .env("PTREG_NOW", now)
            .env("PTREG_ACTOR", "tester")
            .args(["whois", "serve", "--listen", "127.0.0.1:0"])
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

    fn query(&self, q: &str) -> String {
        self.raw(format!("{q}\r\n").as_bytes())
    }

    /// Stops with SIGTERM and returns the exit code.
    fn stop(mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
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
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A policy with a small quota: 3 queries an hour, 1 h per episode.
fn small_quota(reg: &Reg) {
    let text = std::fs::read_to_string(crate::support::fixture("policy.toml"))
        .expect("fixture policy")
        .replace("quota = 1000", "quota = 3")
        .replace("window_hours = 24", "window_hours = 1")
        .replace("suspension_hours = 24", "suspension_hours = 1");
    let file = reg.path("small-quota.toml");
    std::fs::write(&file, text).unwrap();
    reg.ok(&["policy", "set", path_str(&file)]);
}

fn logged(reg: &Reg) -> Vec<(String, String, String)> {
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
        let want = reg.ok(&["whois", q]);
        assert_eq!(whois_client(&server, q), want, "{q}");
    }
    assert_eq!(server.query("livre.pt"), "No match for livre.pt\n");
    assert_eq!(server.query("exemplo.com"), "invalid query\n");
    // LF alone ends a query too, and so does closing the sending side.
    assert_eq!(
        server.raw(b"exemplo.pt\n"),
        reg.ok(&["whois", "exemplo.pt"])
    );
    let log = logged(&reg);
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
    drop(server);
    let outcomes: Vec<String> = logged(&reg).into_iter().map(|(_, _, o)| o).collect();
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
    let want = reg.ok(&["whois", "exemplo.pt"]);

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
        assert!(t.join().unwrap().starts_with("Domain: padaria.com.pt\n"));
    }
    assert_eq!(server.query("exemplo.pt"), want);
    assert_eq!(server.stop(), Some(0));
}
