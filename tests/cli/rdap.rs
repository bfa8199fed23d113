//! Tests of RDAP: `rdap get` (the answer without a server) for each object,
//! status value and disclosure case; `rdap serve` over HTTP on loopback
//! (headers, HEAD, keep-alive, hostile requests, the quota shared with
//! WHOIS, a policy set followed); ICANN's `rdap-test` and `rdap`, and the
//! 20c Python client, reading what it serves.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::seed;
use crate::support::{Reg, path_str};

const NOW: &str = "2026-03-01T09:00:00Z";

/// Every case: names registered through `register` (glue, DS, an IDN, a
/// reserved one, a person without consent), and rows put in the other
/// states and marks directly.
fn registry() -> Reg {
    let reg = seed::registered();
    let conn = seed::conn(&reg);
    let insert = |name: &str, state: &str, created: &str, expires: &str| {
        conn.execute(
            "INSERT INTO domain(name, unicode, hierarchy, state, created, expires, registrant,
                manager, tech, state_since)
             VALUES (?1, ?1, 'pt', ?2, ?3, ?4, 'padaria-lusa', 'lusonet', 'padaria-lusa', ?3)",
            [name, state, created, expires],
        )
        .unwrap();
        let id = conn.last_insert_rowid();
        for (pos, host) in ["a.ns.exemplo.net", "b.ns.exemplo.net"].iter().enumerate() {
            conn.execute(
                "INSERT INTO nameserver(domain_id, pos, host) VALUES (?1, ?2, ?3)",
                rusqlite::params![id, pos as i64, host],
            )
            .unwrap();
        }
    };
    // Its term ended in February: in grace at the clock, swept or not.
    insert(
        "caducado.pt",
        "registered",
        "2025-02-10T10:00:00Z",
        "2026-02-10T10:00:00Z",
    );
    insert(
        "suspenso.pt",
        "suspended",
        "2025-06-01T10:00:00Z",
        "2027-06-01T10:00:00Z",
    );
    insert(
        "litigio.pt",
        "registered",
        "2025-06-01T10:00:00Z",
        "2027-06-01T10:00:00Z",
    );
    insert(
        "removendo.pt",
        "registered",
        "2025-06-01T10:00:00Z",
        "2027-06-01T10:00:00Z",
    );
    conn.execute(
        "UPDATE domain SET litigation = 'TJ-1/2026' WHERE name = 'litigio.pt'",
        [],
    )
    .unwrap();
    conn.execute(
        "UPDATE domain SET pending_by = 'manager', pending_effective = '2026-03-05T10:00:00Z',
            pending_article = '21.2' WHERE name = 'removendo.pt'",
        [],
    )
    .unwrap();
    reg
}

/// `rdap get PATH`: the exit code and the body.
fn get(reg: &Reg, path: &str) -> (i32, Value) {
    let out = reg
        .cmd(&["rdap", "get", path, "--base-url", "https://rdap.exemplo.pt"])
        .output()
        .expect("run");
    let body = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{path}: not JSON ({e}): {:?}", out.stdout));
    (out.status.code().unwrap_or(-1), body)
}

fn statuses(body: &Value) -> Vec<&str> {
    body["status"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn rdap_get_answers_each_object_with_its_exit_status() {
    let reg = registry();
    let (code, d) = get(&reg, "/domain/padarialusa.pt");
    assert_eq!(code, 0);
    assert_eq!(d["rdapConformance"], serde_json::json!(["rdap_level_0"]));
    assert_eq!(d["objectClassName"], "domain");
    assert_eq!(d["ldhName"], "padarialusa.pt");
    assert!(d.get("unicodeName").is_none());
    assert_eq!(d["port43"], "whois.dns.pt");
    assert_eq!(d["notices"][0]["title"], "Terms of Use");
    assert_eq!(
        d["links"][0]["href"],
        "https://rdap.exemplo.pt/domain/padarialusa.pt"
    );
    assert_eq!(d["links"][0]["rel"], "self");
    let actions: Vec<&str> = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["eventAction"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "registration",
            "expiration",
            "last changed",
            "last update of RDAP database"
        ]
    );
    assert_eq!(d["events"][0]["eventDate"], NOW);
    assert_eq!(d["events"][1]["eventDate"], "2027-03-02T00:00:00Z");
    // Glue for the host inside the name; none for the other.
    let ns = d["nameservers"].as_array().unwrap();
    assert_eq!(ns[0]["ldhName"], "ns1.padarialusa.pt");
    assert_eq!(
        ns[0]["ipAddresses"]["v4"],
        serde_json::json!(["192.0.2.10"])
    );
    assert_eq!(
        ns[0]["ipAddresses"]["v6"],
        serde_json::json!(["2001:db8::10"])
    );
    assert!(ns[1].get("ipAddresses").is_none());
    // Two DS records.
    assert_eq!(d["secureDNS"]["delegationSigned"], true);
    let ds = d["secureDNS"]["dsData"].as_array().unwrap();
    assert_eq!(ds.len(), 2);
    assert_eq!(ds[0]["keyTag"], 2371);
    assert_eq!(ds[0]["algorithm"], 13);
    assert_eq!(ds[0]["digestType"], 2);
    assert_eq!(ds[1]["digestType"], 4);

    // The IDN, by its U-label (percent-encoded) and its A-label alike.
    let (code, idn) = get(&reg, "/domain/a%C3%A7%C3%A3o.pt");
    assert_eq!(code, 0);
    assert_eq!(idn["ldhName"], "xn--ao-siap.pt");
    assert_eq!(idn["unicodeName"], "ação.pt");
    assert_eq!(get(&reg, "/domain/XN--AO-SIAP.PT").1, idn);
    assert_eq!(
        idn["secureDNS"],
        serde_json::json!({"delegationSigned": false})
    );

    let (code, ns) = get(&reg, "/nameserver/ns1.padarialusa.pt");
    assert_eq!(code, 0);
    assert_eq!(ns["objectClassName"], "nameserver");
    assert_eq!(ns["ipAddresses"]["v4"], serde_json::json!(["192.0.2.10"]));
    assert_eq!(ns["rdapConformance"], serde_json::json!(["rdap_level_0"]));
    // A host inside an IDN, looked up by its U-label.
    let (code, ns) = get(&reg, "/nameserver/ns.a%C3%A7%C3%A3o.pt");
    assert_eq!(code, 0);
    assert_eq!(ns["ldhName"], "ns.xn--ao-siap.pt");
    assert_eq!(ns["unicodeName"], "ns.ação.pt");

    let (code, help) = get(&reg, "/help");
    assert_eq!(code, 0);
    assert!(help["notices"].as_array().unwrap().len() >= 2);

    // Errors: RFC 9083 objects, with conformance, and the exit statuses.
    for (path, status, exit) in [
        ("/domain/livre.pt", 404, 4),
        ("/domain/exemplo.com", 404, 4),
        ("/domain/antes..pt", 400, 2),
        ("/domain/a_b.pt", 400, 2),
        ("/domain/%ff.pt", 400, 2),
        ("/nameserver/ns9.nenhum.pt", 404, 4),
        // A host that serves no delegation at the clock (the reserved name has none,
        // the suspended one is out of the zone).
        ("/nameserver/ns.reservado.pt", 404, 4),
        ("/domains?name=pada*", 501, 2),
        ("/entities?fn=Ana*", 501, 2),
        ("/ip/192.0.2.0", 501, 2),
        ("/autnum/65000", 501, 2),
        ("/", 400, 2),
        ("/domain", 400, 2),
        ("/domain/a/b", 400, 2),
        ("/nada/exemplo.pt", 400, 2),
    ] {
        let (code, e) = get(&reg, path);
        assert_eq!(
            (code, e["errorCode"].as_u64()),
            (exit, Some(status)),
            "{path}: {e}"
        );
        assert_eq!(
            e["rdapConformance"],
            serde_json::json!(["rdap_level_0"]),
            "{path}"
        );
        assert!(
            e["title"].is_string() && e["description"].is_array(),
            "{path}"
        );
    }
}

#[test]
fn each_state_and_mark_has_its_rfc_8056_status() {
    let reg = registry();
    for (name, want) in [
        ("padarialusa.pt", vec!["active"]),
        ("reservado.pt", vec!["inactive"]),
        // Past its term: in grace although no sweep ran.
        ("caducado.pt", vec!["redemption period"]),
        ("suspenso.pt", vec!["server hold"]),
        (
            "litigio.pt",
            vec![
                "active",
                "server delete prohibited",
                "server transfer prohibited",
            ],
        ),
        ("removendo.pt", vec!["active", "pending delete"]),
    ] {
        let (code, d) = get(&reg, &format!("/domain/{name}"));
        assert_eq!(code, 0, "{name}");
        assert_eq!(statuses(&d), want, "{name}");
    }
    // The reserved name has no nameservers; the others list theirs.
    let (_, reserved) = get(&reg, "/domain/reservado.pt");
    assert!(reserved.get("nameservers").is_none());
    // Past the grace period the name is free: 404.
    let out = reg
        .at(
            "2026-03-20T00:00:00Z",
            &["rdap", "get", "/domain/caducado.pt"],
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
}

/// Who is shown: an organisation always, a registrar always, a person with
/// consent; a person without consent never (neither in the domain nor as
/// an entity, whose lookup is 404 as for an unknown handle).
#[test]
fn disclosure_follows_article_30() {
    let reg = registry();
    let person = |body: &Value| body.to_string();
    // João (a person without consent) registered joaopereira.com.pt.
    let (_, d) = get(&reg, "/domain/joaopereira.com.pt");
    let registrant = &d["entities"][0];
    assert_eq!(registrant["roles"], serde_json::json!(["registrant"]));
    assert!(registrant.get("vcardArray").is_none());
    assert!(registrant.get("handle").is_none());
    assert_eq!(
        registrant["remarks"][0]["type"],
        "object redacted due to authorization"
    );
    let text = person(&d);
    for value in [
        "João",
        "Pereira",
        "joao.pereira@",
        "Santa Catarina",
        "joao-pereira",
    ] {
        assert!(!text.contains(value), "{value} revealed: {text}");
    }
    let (code, e) = get(&reg, "/entity/joao-pereira");
    assert_eq!(code, 4);
    let (_, unknown) = get(&reg, "/entity/ninguem");
    assert_eq!(
        e["description"], unknown["description"],
        "a 404 tells nothing"
    );

    // Ana (a person with consent) and her registrar LusoNet.
    let (_, d) = get(&reg, "/domain/xn--ao-siap.pt");
    let entities = d["entities"].as_array().unwrap();
    assert_eq!(entities[0]["handle"], "ana-silva");
    assert_eq!(entities[0]["roles"], serde_json::json!(["registrant"]));
    let card = entities[0]["vcardArray"].to_string();
    assert!(card.contains("Ana Margarida Silva"), "{card}");
    assert!(card.contains("ana.silva@exemplo.pt"), "{card}");
    assert!(card.contains("Rua Augusta 112"), "{card}");
    assert!(!card.contains("+351"), "Art. 30.2 lists no phone: {card}");
    assert_eq!(entities[1]["handle"], "lusonet");
    assert_eq!(entities[1]["roles"], serde_json::json!(["registrar"]));
    let (code, ana) = get(&reg, "/entity/ana-silva");
    assert_eq!(code, 0);
    assert_eq!(ana["objectClassName"], "entity");
    assert_eq!(ana["port43"], "whois.dns.pt");
    let (code, lusonet) = get(&reg, "/entity/lusonet");
    assert_eq!(code, 0);
    let card = lusonet["vcardArray"].to_string();
    assert!(card.contains("LusoNet"), "{card}");
    assert!(
        card.contains("Avenida da Liberdade 110"),
        "a registrar's address is published (Art. 30.2): {card}"
    );

    // An organisation, without consent, always (Art. 30.7).
    let (code, org) = get(&reg, "/entity/padaria-lusa");
    assert_eq!(code, 0);
    assert!(org["vcardArray"].to_string().contains("Padaria Lusa"));
    // The technical contact is not shown (Art. 30.2 does not list it).
    let (_, d) = get(&reg, "/domain/padarialusa.pt");
    assert!(
        d["entities"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["roles"] != serde_json::json!(["technical"]))
    );

    // Consent withdrawn: Ana is not shown any more, anywhere.
    reg.ok(&["contact", "update", "ana-silva", "--no-whois-consent"]);
    assert_eq!(get(&reg, "/entity/ana-silva").0, 4);
    let (_, d) = get(&reg, "/domain/xn--ao-siap.pt");
    assert!(!d.to_string().contains("Ana Margarida"));
}

/// A running `rdap serve` on a free loopback port; stopped on drop.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(reg: &Reg, extra: &[&str]) -> Server {
        let mut args = vec!["rdap", "serve", "--listen", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("ptreg"))
            .env_clear()
            .env("PTREG_DB", &reg.db)
            .env("PTREG_NOW", NOW)
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the server");
        let addr = crate::support::listening_address(&mut child);
        Server { child, addr }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Sends raw bytes on a new connection; the whole reply as text.
    fn raw(&self, bytes: &[u8]) -> String {
        let mut s = TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s.write_all(bytes).expect("send");
        let mut reply = Vec::new();
        let _ = s.read_to_end(&mut reply);
        String::from_utf8_lossy(&reply).into_owned()
    }

    fn get(&self, path: &str) -> Reply {
        let text = self.raw(
            format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                self.addr
            )
            .as_bytes(),
        );
        Reply::parse(&text)
    }

    fn stop(mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
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

/// A parsed HTTP response.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn parse(text: &str) -> Reply {
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_string(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

#[test]
fn the_server_sends_the_same_bodies_with_rdap_headers() {
    let reg = registry();
    let server = Server::start(&reg, &["--base-url", "https://rdap.exemplo.pt/"]);
    for (path, status) in [
        ("/domain/padarialusa.pt", 200),
        ("/domain/livre.pt", 404),
        ("/domain/antes..pt", 400),
        ("/domains?name=x*", 501),
        ("/help", 200),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, status, "{path}");
        assert_eq!(
            r.header("content-type"),
            Some("application/rdap+json"),
            "{path}"
        );
        assert_eq!(r.header("access-control-allow-origin"), Some("*"), "{path}");
        let mut body = r.json();
        let (_, mut want) = get(&reg, path);
        // The one member that moves with the clock of the server.
        for v in [&mut body, &mut want] {
            if let Some(events) = v.get_mut("events").and_then(Value::as_array_mut) {
                events.retain(|e| e["eventAction"] != "last update of RDAP database");
            }
        }
        assert_eq!(body, want, "{path}");
    }
    // Without --base-url, links follow the request's Host.
    let plain = Server::start(&reg, &[]);
    let d = plain.get("/domain/padarialusa.pt").json();
    assert_eq!(
        d["links"][0]["href"],
        format!("http://{}/domain/padarialusa.pt", plain.addr)
    );
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn head_keep_alive_methods_and_hostile_requests() {
    let reg = registry();
    let server = Server::start(&reg, &[]);
    // HEAD: the headers of GET, no body.
    let get = server.get("/domain/padarialusa.pt");
    let head = Reply::parse(
        &server.raw(
            format!(
                "HEAD /domain/padarialusa.pt HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                server.addr
            )
            .as_bytes(),
        ),
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), get.header("content-length"));
    assert_eq!(head.header("content-type"), Some("application/rdap+json"));

    // Keep-alive: three requests on one connection, three answers.
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let one = format!("GET /help HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr);
    s.write_all(one.repeat(2).as_bytes()).unwrap();
    s.write_all(
        format!(
            "GET /help HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        )
        .as_bytes(),
    )
    .unwrap();
    let mut all = String::new();
    let _ = s.read_to_string(&mut all);
    assert_eq!(all.matches("HTTP/1.1 200 OK").count(), 3, "{all}");

    // Other methods, bodies.
    let post = Reply::parse(&server.raw(
        b"POST /domain/padarialusa.pt HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
    ));
    assert_eq!(post.status, 405);
    assert!(post.header("allow").is_some_and(|a| a.contains("GET")));
    assert_eq!(post.json()["errorCode"], 405);
    let body = Reply::parse(
        &server.raw(b"GET /help HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"),
    );
    assert_eq!(body.status, 400);
    let preflight = Reply::parse(&server.raw(
        b"OPTIONS /help HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example\r\nConnection: close\r\n\r\n",
    ));
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));

    // Huge headers: refused (431), the server goes on.
    let huge = format!(
        "GET /help HTTP/1.1\r\nHost: x\r\nX-Junk: {}\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    let reply = server.raw(huge.as_bytes());
    assert!(
        reply.is_empty() || reply.starts_with("HTTP/1.1 431"),
        "{reply:.80}"
    );
    let many: String = (0..500).map(|i| format!("X-H{i}: v\r\n")).collect();
    let reply = server.raw(format!("GET /help HTTP/1.1\r\nHost: x\r\n{many}\r\n").as_bytes());
    assert!(
        reply.is_empty() || reply.starts_with("HTTP/1.1 4"),
        "{reply:.80}"
    );
    // Bytes that are not HTTP, and a TLS hello.
    for junk in [
        &b"\x00\xff\xfe\xfd junk \r\n\r\n"[..],
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
        b"GET /help\r\n\r\n",
        b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ] {
        let reply = server.raw(junk);
        assert!(!reply.starts_with("HTTP/1.1 200"), "{junk:?}: {reply:.80}");
        assert!(!reply.starts_with("HTTP/1.1 5"), "{junk:?}: {reply:.80}");
    }
    // Slow clients that never finish their head do not stop the others.
    let slow: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut s = TcpStream::connect(server.addr).unwrap();
            s.write_all(b"GET /help HTTP/1.1\r\nHo").unwrap();
            s
        })
        .collect();
    let started = Instant::now();
    assert_eq!(server.get("/domain/padarialusa.pt").status, 200);
    assert!(started.elapsed() < Duration::from_secs(2));
    drop(slow);
    assert_eq!(server.get("/help").status, 200);
    assert_eq!(server.stop(), Some(0));
}

#[test]
fn the_quota_is_shared_with_port_43_and_a_policy_set_is_followed() {
    let reg = registry();
    reg.set_fixture_policy(&[
        ("quota = 1000", "quota = 4"),
        ("window_hours = 24", "window_hours = 1"),
        ("suspension_hours = 24", "suspension_hours = 1"),
    ]);
    let server = Server::start(&reg, &[]);
    // The policy is followed without a restart: a new port43 host.
    reg.set_fixture_policy(&[
        ("quota = 1000", "quota = 4"),
        ("window_hours = 24", "window_hours = 1"),
        ("suspension_hours = 24", "suspension_hours = 1"),
        ("host = \"whois.dns.pt\"", "host = \"whois.exemplo.pt\""),
    ]);
    let d = server.get("/domain/padarialusa.pt");
    assert_eq!(d.json()["port43"], "whois.exemplo.pt");
    assert_eq!(server.get("/help").status, 200);
    // Two queries on port 43 from the same address count too.
    let whois = Whois::start(&reg);
    for _ in 0..2 {
        assert!(whois.query("padarialusa.pt").starts_with("Domain: "));
    }
    // The fourth query in the window was the last; the fifth is refused,
    // with the seconds until the suspension ends.
    let deadline = Instant::now() + Duration::from_secs(10);
    let refused = loop {
        let r = server.get("/domain/padarialusa.pt");
        if r.status == 429 || Instant::now() > deadline {
            break r;
        }
    };
    assert_eq!(refused.status, 429);
    assert_eq!(refused.json()["errorCode"], 429);
    let retry: u64 = refused.header("retry-after").unwrap().parse().unwrap();
    assert!((3000..=3600).contains(&retry), "{retry}");
    assert_eq!(
        refused.header("content-type"),
        Some("application/rdap+json")
    );
    // And port 43 sees the same suspension, once it reads the log again
    // (every 2 s for an active source).
    let deadline = Instant::now() + Duration::from_secs(6);
    while !whois
        .query("padarialusa.pt")
        .starts_with("query limit exceeded")
    {
        assert!(
            Instant::now() < deadline,
            "port 43 never saw the suspension"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    assert_eq!(server.stop(), Some(0));
}

/// ICANN's conformance tool on every kind of answer: no error, no warning.
#[test]
fn icann_rdap_test_finds_nothing_to_report() {
    let reg = registry();
    let server = Server::start(&reg, &[]);
    for path in [
        "/domain/padarialusa.pt",
        "/domain/caducado.pt",
        "/domain/reservado.pt",
        "/domain/xn--ao-siap.pt",
        "/domain/a%C3%A7%C3%A3o.pt",
        "/domain/suspenso.pt",
        "/domain/joaopereira.com.pt",
        "/nameserver/ns1.padarialusa.pt",
        "/entity/lusonet",
        "/entity/padaria-lusa",
        "/help",
        "/domain/livre.pt",
    ] {
        let out = Command::new(tool("rdap-test"))
            .args([
                "-T",
                "--skip-v6",
                "--one-addr",
                "-C",
                "std95-error",
                "-C",
                "std95-warn",
                "--json",
                &server.url(path),
            ])
            .output()
            .unwrap_or_else(|e| panic!("rdap-test is needed (scripts/test.sh installs it): {e}"));
        assert!(
            out.status.success(),
            "{path}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: Value = serde_json::from_slice(&out.stdout).expect("rdap-test JSON");
        let http = &report["Http"];
        assert_eq!(http["service_checks"], serde_json::json!([]), "{path}");
        let runs = http["test_runs"].as_array().expect("test runs");
        assert_eq!(runs.len(), 3, "{path}");
        for run in runs {
            assert_eq!(run["outcome"], "Tested", "{path}: {run}");
            assert_eq!(run["summaries"], serde_json::json!([]), "{path}: {run}");
        }
    }
    // ICANN's client reads the domain.
    let out = Command::new(tool("rdap"))
        .args([
            "-T",
            "-B",
            &server.url(""),
            "-t",
            "domain",
            "ação.pt",
            "-O",
            "json",
        ])
        .output()
        .expect("rdap");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d: Value = serde_json::from_slice(&out.stdout).expect("rdap JSON");
    assert_eq!(d["ldhName"], "xn--ao-siap.pt");
    assert_eq!(server.stop(), Some(0));
}

/// A second, independent client: the 20c `rdap` package from PyPI, pointed
/// at the server as its bootstrap.
#[test]
fn the_python_rdap_client_reads_it_too() {
    let reg = registry();
    let server = Server::start(&reg, &[]);
    let home = reg.path("rdap-home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(
        home.join("config.yaml"),
        format!(
            "rdap:\n  bootstrap_url: {}/\n  self_bootstrap: False\n  timeout: 5\n  recurse_roles: []\n",
            server.url("")
        ),
    )
    .unwrap();
    // scripts/test.sh installs the client in target/rdap-venv when the
    // system's python3 lacks it.
    let venv =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/rdap-venv/bin/python3");
    let python = if venv.exists() {
        venv
    } else {
        "python3".into()
    };
    let out = Command::new(python)
        .args([
            "-c",
            "import sys; from rdap.cli import main; sys.exit(main())",
            "--home",
            path_str(&home),
            "--output-format",
            "json",
            "ação.pt",
        ])
        .output()
        .unwrap_or_else(|e| panic!("python3 is needed: {e}"));
    assert!(
        out.status.success(),
        "the 20c client (pip install rdap): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let d: Value = serde_json::from_slice(&out.stdout).expect("JSON from the client");
    assert_eq!(d["ldhName"], "xn--ao-siap.pt");
    assert_eq!(d["unicodeName"], "ação.pt");
    assert_eq!(d["entities"][1]["handle"], "lusonet");
    assert_eq!(server.stop(), Some(0));
}

/// An ICANN tool from `cargo install` (in `~/.cargo/bin` when not on PATH).
fn tool(name: &str) -> std::path::PathBuf {
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    match home.map(|h| h.join(".cargo/bin").join(name)) {
        Some(p) if p.exists() => p,
        _ => name.into(),
    }
}

/// Keep-alive load from 8 clients: every answer right, with the rate and
/// the 99th percentile printed (the release figures are in BENCHMARKS.md).
#[test]
fn eight_keep_alive_clients_are_answered() {
    let reg = registry();
    reg.set_fixture_policy(&[("quota = 1000", "quota = 100000000")]);
    let server = Server::start(&reg, &[]);
    let (rate, p99, wrong) = load(server.addr, 8, Duration::from_secs(3));
    eprintln!(
        "rdap load (debug build): {rate:.0} lookups/s from 8 keep-alive clients, p99 {p99:?}"
    );
    assert_eq!(wrong, 0);
    assert!(rate > 100.0, "{rate}");
    assert_eq!(server.stop(), Some(0));
}

/// A `whois serve` beside the RDAP server, on the same registry.
struct Whois {
    child: Child,
    addr: SocketAddr,
}

impl Whois {
    fn start(reg: &Reg) -> Whois {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("ptreg"))
            .env_clear()
            .env("PTREG_DB", &reg.db)
            .env("PTREG_NOW", NOW)
            .args(["whois", "serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start whois serve");
        let mut line = String::new();
        BufReader::new(child.stderr.take().expect("stderr"))
            .read_line(&mut line)
            .expect("its first line");
        let addr = line
            .trim()
            .rsplit(' ')
            .next()
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Whois { child, addr }
    }

    fn query(&self, q: &str) -> String {
        let mut s = TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s.write_all(format!("{q}\r\n").as_bytes()).unwrap();
        let mut reply = String::new();
        let _ = s.read_to_string(&mut reply);
        crate::support::whois_body(&reply)
    }
}

impl Drop for Whois {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `clients` keep-alive connections asking for a domain as fast as they
/// are answered for `time`: the rate, the 99th percentile of the answer
/// times, and how many answers were wrong.
pub fn load(addr: SocketAddr, clients: usize, time: Duration) -> (f64, Duration, usize) {
    let request = format!("GET /domain/padarialusa.pt HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    let started = Instant::now();
    let results: Vec<(Vec<Duration>, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|_| {
                let request = request.as_bytes();
                s.spawn(move || {
                    let mut times = Vec::new();
                    let mut wrong = 0;
                    let mut conn = BufReader::new(TcpStream::connect(addr).expect("connect"));
                    conn.get_ref().set_nodelay(true).unwrap();
                    conn.get_ref()
                        .set_read_timeout(Some(Duration::from_secs(10)))
                        .unwrap();
                    while started.elapsed() < time {
                        let t = Instant::now();
                        conn.get_mut().write_all(request).expect("send");
                        match read_response(&mut conn) {
                            Some((200, body))
                                if body.contains("\"ldhName\":\"padarialusa.pt\"") => {}
                            _ => wrong += 1,
                        }
                        times.push(t.elapsed());
                    }
                    (times, wrong)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("client"))
            .collect()
    });
    let elapsed = started.elapsed();
    let wrong = results.iter().map(|(_, w)| w).sum();
    let mut times: Vec<Duration> = results.into_iter().flat_map(|(t, _)| t).collect();
    times.sort();
    let p99 = times
        .get((times.len() * 99 / 100).min(times.len().saturating_sub(1)))
        .copied()
        .unwrap_or_default();
    (times.len() as f64 / elapsed.as_secs_f64(), p99, wrong)
}

/// One HTTP/1.1 response with a Content-Length body.
fn read_response(conn: &mut BufReader<TcpStream>) -> Option<(u16, String)> {
    let mut line = String::new();
    conn.read_line(&mut line).ok()?;
    let status = line.split(' ').nth(1)?.parse().ok()?;
    let mut length = 0;
    loop {
        line.clear();
        conn.read_line(&mut line).ok()?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().ok()?;
        }
    }
    let mut body = vec![0u8; length];
    conn.read_exact(&mut body).ok()?;
    Some((status, String::from_utf8(body).ok()?))
}

/// Behind a trusted proxy the quota counts the client named by the last
/// `X-Forwarded-For` entry; from anyone else the header is ignored.
#[test]
fn a_trusted_proxy_names_the_client_for_the_quota() {
    let reg = registry();
    reg.set_fixture_policy(&[("quota = 1000", "quota = 2")]);
    let ask = |server: &Server, forwarded: &str| {
        Reply::parse(&server.raw(
            format!(
                "GET /help HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: {forwarded}\r\nConnection: close\r\n\r\n"
            )
            .as_bytes(),
        ))
        .status
    };
    let proxied = Server::start(&reg, &["--trusted-proxy", "127.0.0.1"]);
    // The client may put anything first; the proxy's own entry is last.
    assert_eq!(ask(&proxied, "203.0.113.9, 192.0.2.1"), 200);
    assert_eq!(ask(&proxied, "192.0.2.1"), 200);
    assert_eq!(ask(&proxied, "192.0.2.1"), 429);
    assert_eq!(ask(&proxied, "192.0.2.2"), 200);
    assert_eq!(ask(&proxied, "2001:db8:1:2::7"), 200);
    assert_eq!(ask(&proxied, "2001:db8:1:2::8"), 200);
    assert_eq!(ask(&proxied, "2001:db8:1:2::9"), 429, "one /64, one quota");
    assert_eq!(proxied.stop(), Some(0));
    let count = |address: &str| -> i64 {
        seed::conn(&reg)
            .query_row(
                "SELECT count(*) FROM whois_query WHERE address = ?1",
                [address],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(count("192.0.2.1"), 3);
    assert_eq!(count("2001:db8:1:2::/64"), 3);
    assert_eq!(count("127.0.0.1"), 0);
    // Not from a trusted proxy: the header counts for nothing.
    let direct = Server::start(&reg, &[]);
    assert_eq!(ask(&direct, "192.0.2.3"), 200);
    assert_eq!(ask(&direct, "192.0.2.4"), 200);
    assert_eq!(ask(&direct, "192.0.2.5"), 429);
    assert_eq!(direct.stop(), Some(0));
}
