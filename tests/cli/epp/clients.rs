//! Real EPP clients against `epp serve`: a registrar's whole day through
//! Debian's Net::EPP (libnet-epp-perl), and PyPI's epptools.

use std::process::Command;
use std::time::Duration;

use super::{PW, Server, registry, run_bounded};

/// The transfer code `ptreg transfer-code NAME` printed.
fn code_of(out: &str) -> String {
    out.split(": ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("no code in {out:?}"))
        .to_string()
}

fn perl(server: &Server, role: &str, code: &str) -> (bool, String, String) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cli/epp/day.pl");
    let mut cmd = Command::new("perl");
    cmd.arg(script)
        .arg(server.addr.port().to_string())
        .arg(role)
        .env("EPP_PW", PW)
        .env("CODE", code)
        .env("HOME", "/nonexistent");
    run_bounded(cmd, Duration::from_secs(120))
}

#[test]
fn a_registrars_day_through_net_epp() {
    let reg = registry();
    let code = code_of(&reg.ok(&["transfer-code", "outro.pt"]));
    let server = Server::start(&reg);

    let (ok, out, err) = perl(&server, "r1", &code);
    assert!(ok, "Net::EPP day failed\nstdout:\n{out}\nstderr:\n{err}");
    for line in [
        "ok login 1000",
        "ok check_domain 1",
        "ok check_geographic 0",
        "ok create_contact 1000",
        "ok create_host_external_1 1000",
        "ok create_domain 1000",
        "ok domain_info 2027-03-02 ns1.example.net,ns2.example.net",
        "ok renew_domain 1000",
        "ok renewed_until 2030-03-02",
        "ok create_host_glue 1000",
        "ok update_domain 1000",
        "ok nameservers ns1.example.net,ns1.exemplo.pt",
        "ok transfer serverApproved r2",
        "ok transfer_again 2202",
        "ok delete_domain 1001",
        "ok status pendingDelete",
        "ok foreign_info 2201",
        "ok poll_r1 1300 0",
        "ok logout",
    ] {
        assert!(
            out.lines().any(|l| l == line),
            "missing {line:?} in:\n{out}\n{err}"
        );
    }

    // r2 lost outro.pt: its poll queue says so; ack empties it.
    let (ok, out, err) = perl(&server, "r2", "");
    assert!(ok, "r2's poll failed\nstdout:\n{out}\nstderr:\n{err}");
    assert!(out.contains("ok poll 1301 1 "), "{out}");
    assert!(
        out.contains("[Art. 15.1] outro.pt: The management"),
        "{out}"
    );
    assert!(out.contains("ok ack 1000"), "{out}");
    assert!(out.contains("ok poll-after-ack 1300 0"), "{out}");
    drop(server);

    // The command line sees the same registry.
    let d = reg.json(&["show", "exemplo.pt"]);
    assert_eq!(d["manager"], "r1");
    assert_eq!(d["registrant"], "ana-epp");
    assert!(
        d["expires"]
            .as_str()
            .unwrap()
            .starts_with("2030-03-02T00:00"),
        "{d}"
    );
    assert_eq!(d["pending_removal"]["by"], "manager");
    assert_eq!(d["pending_removal"]["article"], "21.2");
    let ns: Vec<&str> = d["nameservers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["host"].as_str().unwrap())
        .collect();
    assert_eq!(ns, ["ns1.example.net", "ns1.exemplo.pt"]);
    assert_eq!(d["nameservers"][1]["addresses"][0], "192.0.2.1");
    assert_eq!(d["ds"].as_array().unwrap().len(), 1);
    assert_eq!(reg.json(&["show", "outro.pt"])["manager"], "r1");
    let zone = reg.ok(&["zone", "export"]);
    assert!(zone.contains("ns1.exemplo.pt. IN A 192.0.2.1"), "{zone}");
    assert!(
        zone.contains("ns1.exemplo.pt. IN AAAA 2001:db8::1"),
        "{zone}"
    );
    assert!(zone.contains("exemplo.pt. IN DS 12345 13 2"), "{zone}");
    // Journaled with the registrar as actor; the chain verifies.
    let history = reg.json(&["history", "exemplo.pt"]);
    let actors: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor"].as_str().unwrap())
        .collect();
    assert!(actors.iter().all(|a| *a == "r1"), "{actors:?}");
    assert!(reg.ok(&["audit", "verify"]).contains("intact"));
    // Renewal charged at the price of the day (Art. 18.2).
    let ledger = reg.ok(&["ledger"]);
    assert!(ledger.contains("exemplo.pt"), "{ledger}");
}

#[test]
fn epptools_checks_names_over_tls() {
    // python3, or the venv scripts/test.sh installs it in when python3 lacks it.
    let venv = concat!(env!("CARGO_MANIFEST_DIR"), "/target/rdap-venv/bin/python3");
    let has = |py: &str| {
        Command::new(py)
            .args(["-c", "import epptools"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let python = ["python3", venv]
        .into_iter()
        .find(|py| has(py))
        .expect("PyPI epptools is not installed (scripts/test.sh installs it)");
    let reg = registry();
    let server = Server::start(&reg);
    let script = format!(
        r#"
import sys
from epptools import Config, Client
cfg = Config(host="127.0.0.1", port={port}, clid="r2", password="{PW}", ca_file="{ca}",
             verify_peer_name=False)
c = Client(cfg)
c.connect()
c.login()
res = c.domain.check(["outro.pt", "livre.pt"])
print("avail", sorted(res.availability().items()))
c.logout()
"#,
        port = server.addr.port(),
        ca = server.cert.display(),
    );
    let mut cmd = Command::new(python);
    cmd.args(["-c", &script]);
    let (ok, out, err) = run_bounded(cmd, Duration::from_secs(60));
    assert!(ok, "epptools failed\nstdout:\n{out}\nstderr:\n{err}");
    assert!(out.contains("('livre.pt', True)"), "{out}");
    assert!(out.contains("('outro.pt', False)"), "{out}");
}
