//! Hostile and careless clients against `epp serve` over TLS: forged
//! lengths, huge lengths, non-XML, entity bombs, wrong namespaces,
//! commands before login, wrong credentials (slowed down and journaled,
//! never the password), pinned certificates and allow-lists.

use std::process::Command;
use std::time::Duration;

use serde_json::json;

use super::{PW, Server, certificate, command, fingerprint, registry, run_bounded};
use crate::support::path_str;

fn login(id: &str, pw: &str) -> String {
    command(&format!(
        r#"<login><clID>{id}</clID><pw>{pw}</pw><options><version>1.0</version><lang>en</lang></options><svcs><objURI>urn:ietf:params:xml:ns:domain-1.0</objURI></svcs></login>"#
    ))
}

const HELLO: &str = r#"<epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><hello/></epp>"#;

fn check() -> String {
    command(
        r#"<check><domain:check xmlns:domain="urn:ietf:params:xml:ns:domain-1.0"><domain:name>livre.pt</domain:name></domain:check></check>"#,
    )
}

/// Runs raw.py with `steps`; the result of each line it printed.
fn raw(server: &Server, steps: serde_json::Value, cert: Option<(&str, &str)>) -> Vec<String> {
    raw_timed(server, steps, cert)
        .into_iter()
        .map(|(result, _)| result)
        .collect()
}

/// Runs raw.py with `steps`; each line it printed: (result, seconds).
fn raw_timed(
    server: &Server,
    steps: serde_json::Value,
    cert: Option<(&str, &str)>,
) -> Vec<(String, f64)> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cli/epp/raw.py");
    let steps_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(steps_file.path(), steps.to_string()).unwrap();
    let mut cmd = Command::new("python3");
    cmd.arg(script).arg(server.addr.port().to_string());
    if let Some((c, k)) = cert {
        cmd.args([c, k]);
    }
    cmd.stdin(std::fs::File::open(steps_file.path()).unwrap());
    let (_, out, err) = run_bounded(cmd, Duration::from_secs(120));
    let lines: Vec<(String, f64)> = out
        .lines()
        .map(|l| {
            let mut parts = l.split(' ');
            let result = parts.next().unwrap().to_string();
            let took = parts.next().and_then(|t| t.parse().ok()).unwrap_or(0.0);
            (result, took)
        })
        .collect();
    assert!(!lines.is_empty(), "no output; stderr: {err}");
    lines
}

#[test]
fn frames_and_documents_that_break_the_rules() {
    let reg = registry();
    let server = Server::start(&reg);
    let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><epp xmlns="urn:ietf:params:xml:ns:epp-1.0">&lol2;</epp>"#;
    // One session: junk is answered and the session goes on.
    let lines = raw(
        &server,
        json!([
            {"send": check()},
            {"send": "this is not XML"},
            {"send": bomb},
            {"send": r#"<epp xmlns="urn:example:wrong"><hello/></epp>"#},
            {"send": HELLO},
            {"send": login("r1", PW)},
            {"send": login("r1", PW)},
            {"send": check()},
            {"send": command("<logout/>")},
        ]),
        None,
    );
    assert_eq!(
        lines,
        [
            "greeting", "2002", "2001", "2001", "2001", "greeting", "1000", "2002", "1000", "1500"
        ],
    );
    // A length under the header's own size, and a 100 MB one: 2001, closed.
    for header in [2u32, 100_000_000] {
        let lines = raw(
            &server,
            json!([{"header": header, "body": "<epp"}, {"send": HELLO}]),
            None,
        );
        assert_eq!(lines, ["greeting", "2001", "closed"], "length {header}");
    }
    // The server survived all of it: a new session still works.
    let lines = raw(&server, json!([{"send": HELLO}]), None);
    assert_eq!(lines, ["greeting", "greeting"]);
}

#[test]
fn wrong_credentials_are_slowed_and_journaled_without_the_password() {
    let reg = registry();
    let server = Server::start(&reg);
    let lines = raw(
        &server,
        json!([
            {"send": login("r1", "wrong-pw-1")},
            {"send": login("r1", "wrong-pw-2")},
            {"send": login("nobody", "wrong-pw-3")},
            {"send": login("r1", PW)},
        ]),
        None,
    );
    assert_eq!(lines, ["greeting", "2200", "2200", "2200", "1000"]);
    drop(server);
    let conn = rusqlite::Connection::open(&reg.db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT actor, inputs, outcome FROM journal WHERE command = 'epp login' ORDER BY seq",
        )
        .unwrap();
    let rows: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 4);
    for (_, inputs, _) in &rows {
        assert!(
            !inputs.contains("wrong-pw") && !inputs.contains(PW),
            "{inputs}"
        );
        assert!(inputs.contains("127.0.0.1"), "{inputs}");
    }
    assert!(rows[0].2.contains("wrong password"), "{:?}", rows[0]);
    assert!(rows[2].2.contains("no credentials"), "{:?}", rows[2]);
    assert!(rows[3].2.contains(r#""ok":true"#), "{:?}", rows[3]);
    assert_eq!(rows[2].0, "nobody");
}

#[test]
fn failed_logins_wait_longer_each_time() {
    let reg = registry();
    let server = Server::start(&reg);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cli/epp/raw.py");
    let steps = json!([
        {"send": login("r2", "wrong-pw-1")},
        {"send": login("r2", "wrong-pw-2")},
        {"send": login("r2", "wrong-pw-3")},
    ]);
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), steps.to_string()).unwrap();
    let mut cmd = Command::new("python3");
    cmd.arg(script)
        .arg(server.addr.port().to_string())
        .stdin(std::fs::File::open(file.path()).unwrap());
    let (_, out, _) = run_bounded(cmd, Duration::from_secs(60));
    let took: Vec<f64> = out
        .lines()
        .skip(1)
        .map(|l| l.split(' ').nth(1).unwrap().parse().unwrap())
        .collect();
    assert_eq!(took.len(), 3, "{out}");
    assert!(
        took[0] >= 0.9 && took[1] >= 1.9 && took[2] >= 3.9,
        "{took:?}"
    );
}

#[test]
fn pinned_certificates_and_allow_lists() {
    let reg = registry();
    let (cert, key) = certificate(reg.dir.path(), "client");
    let (other, other_key) = certificate(reg.dir.path(), "other");
    let pw = reg.dir.path().join("pw");
    reg.ok(&[
        "registrar",
        "credentials",
        "r2",
        "--password-file",
        path_str(&pw),
        "--cert-sha256",
        &fingerprint(&cert),
    ]);
    // r1 may only come from a network that is not loopback.
    reg.ok(&[
        "registrar",
        "credentials",
        "r1",
        "--password-file",
        path_str(&pw),
        "--allow-from",
        "192.0.2.0/24",
    ]);
    let server = Server::start(&reg);
    let steps = || json!([{"send": login("r2", PW)}]);
    assert_eq!(
        raw(&server, steps(), None),
        ["greeting", "2200"],
        "no certificate"
    );
    let (o, ok) = (
        path_str(&other).to_string(),
        path_str(&other_key).to_string(),
    );
    assert_eq!(
        raw(&server, steps(), Some((&o, &ok))),
        ["greeting", "2200"],
        "another certificate"
    );
    let (c, k) = (path_str(&cert).to_string(), path_str(&key).to_string());
    assert_eq!(
        raw(&server, steps(), Some((&c, &k))),
        ["greeting", "1000"],
        "the pinned one"
    );
    assert_eq!(
        raw(&server, json!([{"send": login("r1", PW)}]), None),
        ["greeting", "2200"]
    );
}

#[test]
fn new_password_at_login_replaces_the_old_one() {
    let reg = registry();
    let server = Server::start(&reg);
    let with_new = command(&format!(
        r#"<login><clID>r2</clID><pw>{PW}</pw><newPW>n3w-secret</newPW><options><version>1.0</version><lang>en</lang></options><svcs><objURI>urn:ietf:params:xml:ns:domain-1.0</objURI></svcs></login>"#
    ));
    assert_eq!(
        raw(
            &server,
            json!([{"send": with_new}, {"send": command("<logout/>")}]),
            None
        ),
        ["greeting", "1000", "1500"]
    );
    assert_eq!(
        raw(&server, json!([{"send": login("r2", PW)}]), None),
        ["greeting", "2200"]
    );
    assert_eq!(
        raw(&server, json!([{"send": login("r2", "n3w-secret")}]), None),
        ["greeting", "1000"]
    );
    let short = with_new.replace("n3w-secret", "abc");
    assert_eq!(
        raw(&server, json!([{"send": short}]), None),
        ["greeting", "2004"]
    );
}

#[test]
fn one_address_holds_at_most_eight_sessions() {
    use std::io::Read;
    let reg = registry();
    let server = Server::start(&reg);
    // Eight connections that never start TLS hold every slot of 127.0.0.1
    // (each until the handshake timeout)...
    let held: Vec<std::net::TcpStream> = (0..8)
        .map(|_| std::net::TcpStream::connect(server.addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    // ... so a ninth is closed at once, without a byte.
    let mut ninth = std::net::TcpStream::connect(server.addr).unwrap();
    ninth
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut buf = [0u8; 16];
    assert!(
        matches!(ninth.read(&mut buf), Ok(0)),
        "the ninth was not closed"
    );
    drop(held);
    // The slots come back once they are gone.
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        raw(&server, json!([{"send": HELLO}]), None),
        ["greeting", "greeting"]
    );
}

#[test]
fn slow_and_idle_clients_are_disconnected() {
    let reg = registry();
    let server = Server::start_with(&reg, &["--read-timeout", "1", "--idle-timeout", "3"]);
    // A frame that stops half-way is dropped after the read timeout.
    let lines = raw_timed(
        &server,
        json!([{"header": 200, "body": "<epp xmlns"}]),
        None,
    );
    assert_eq!(lines[1].0, "closed", "{lines:?}");
    assert!(
        (0.5..10.0).contains(&lines[1].1),
        "closed after {} s, not after the 1 s read timeout",
        lines[1].1
    );
    // A session that waits less than the idle timeout between commands goes on...
    let lines = raw(
        &server,
        json!([{"send": HELLO}, {"pause": 1.5, "send": HELLO}]),
        None,
    );
    assert_eq!(lines, ["greeting", "greeting", "greeting"]);
    // ... one that waits longer is closed.
    let lines = raw(&server, json!([{"pause": 5, "send": HELLO}]), None);
    assert_eq!(lines, ["greeting", "closed"]);
    // The server is still there for the next.
    assert_eq!(
        raw(&server, json!([{"send": HELLO}]), None),
        ["greeting", "greeting"]
    );
}

#[test]
fn timeouts_must_be_whole_seconds_above_zero() {
    let reg = registry();
    for bad in ["0", "-1", "soon"] {
        reg.cmd(&[
            "epp",
            "serve",
            "--cert",
            "c",
            "--key",
            "k",
            "--idle-timeout",
            bad,
        ])
        .assert()
        .code(2);
    }
}

#[test]
fn a_registrar_logs_in_and_reads_while_another_process_holds_the_write_lock() {
    let reg = registry();
    let server = Server::start(&reg);
    let logins = || -> i64 {
        rusqlite::Connection::open(&reg.db)
            .unwrap()
            .query_row(
                "SELECT count(*) FROM journal WHERE command = 'epp login'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let before = logins();
    // A sweep or an import: the write lock held, uncommitted.
    let holder = rusqlite::Connection::open(&reg.db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let lines = raw_timed(
        &server,
        json!([
            {"send": login("r1", PW)},
            {"send": check()},
            {"send": command("<logout/>")},
        ]),
        None,
    );
    let results: Vec<&str> = lines.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(results, ["greeting", "1000", "1000", "1500"], "{lines:?}");
    assert!(
        lines[1].1 < 5.0,
        "the login took {} s: it waited for the lock",
        lines[1].1
    );
    // The attempt is journaled once the lock is free, not lost.
    assert_eq!(logins(), before, "written while the lock was held?");
    holder.execute_batch("ROLLBACK").unwrap();
    let until = std::time::Instant::now() + Duration::from_secs(20);
    while logins() == before && std::time::Instant::now() < until {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(logins(), before + 1, "the login was not journaled");
    reg.ok(&["audit", "verify"]);
}
