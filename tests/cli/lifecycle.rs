//! Tests of the lifecycle commands through the binary: a scenario across
//! years, then one test per rule and article (Art. 14-17), with exit codes
//! and the article named in the error. Removals, locks and suspensions are
//! in `removal.rs`; the helpers here serve both and the sweep's tests.

use serde_json::Value;

use crate::support::Reg;

/// A registry with the fixture people, its clock at `now`.
pub fn reg_at(now: &str) -> Reg {
    let mut reg = Reg::with_fixtures();
    reg.now = now.to_string();
    reg
}

/// Registers `name` for ana-silva, managed by lusonet, delegated to two
/// nameservers, at the registry's clock.
pub fn register(reg: &Reg, name: &str) -> Value {
    reg.json(&[
        "register",
        name,
        "--registrant",
        "ana-silva",
        "--manager",
        "lusonet",
        "--ns",
        "ns1.exemplo.net",
        "--ns",
        "ns2.exemplo.net",
    ])
}

/// `ptreg --json ARGS` at `now`, asserting success.
pub fn at(reg: &Reg, now: &str, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = reg.at(now, &all).output().expect("run");
    assert!(
        out.status.success(),
        "ptreg {args:?} at {now} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// `ptreg ARGS` at `now`, asserting the exit code; returns stderr.
pub fn fails_at(reg: &Reg, code: i32, now: &str, args: &[&str]) -> String {
    let out = reg.at(now, args).output().expect("run");
    assert_eq!(
        out.status.code(),
        Some(code),
        "ptreg {args:?} at {now}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stderr).expect("utf-8")
}

pub fn db(reg: &Reg) -> rusqlite::Connection {
    rusqlite::Connection::open(&reg.db).expect("open registry")
}

/// Notices in the outbox: (to, kind, article), oldest first.
pub fn notices(reg: &Reg) -> Vec<(String, String, String)> {
    db(reg)
        .prepare("SELECT recipient, kind, article FROM notice ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

pub const ANA: &str = "ana.silva@exemplo.pt";
pub const LUSONET: &str = "registos@lusonet.exemplo.pt";
pub const JOAO: &str = "joao.pereira@correio.pt";

#[test]
fn a_name_through_its_whole_life() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    let d = register(&reg, "exemplo.pt");
    assert_eq!(d["state"], "registered");
    // A year from 1 March: until 24:00 (Lisbon, on UTC in March) on 1 March.
    assert_eq!(d["expires"], "2027-03-02T00:00:00Z");

    // Renewed for 3 years before the expiry: years added to the old expiry.
    let d = at(&reg, "2026-12-01", &["renew", "exemplo.pt", "--years", "3"]);
    assert_eq!(d["expires"], "2030-03-02T00:00:00Z");
    assert_eq!(d["state"], "registered");

    // The 30-day reminder, then the expiry into the grace period.
    let s = at(&reg, "2030-01-31T00:00:00Z", &["sweep"]);
    assert_eq!(s["reminders"], 1);
    let s = at(&reg, "2030-03-02T00:00:00Z", &["sweep"]);
    assert_eq!(s["to_grace"], 1);
    assert_eq!(
        at(&reg, "2030-03-02T00:00:00Z", &["show", "exemplo.pt"])["state"],
        "grace"
    );

    // Renewed in grace: back in the zone, from the old expiry.
    let d = at(&reg, "2030-03-20", &["renew", "exemplo.pt"]);
    assert_eq!(d["state"], "registered");
    assert_eq!(d["expires"], "2031-03-02T00:00:00Z");

    // Expires again, unrenewed: grace, then removal at the end of the 30 days.
    let s = at(&reg, "2031-03-02T00:00:00Z", &["sweep"]);
    assert_eq!(
        (s["to_grace"].as_u64(), s["removed"].as_u64()),
        (Some(1), Some(0))
    );
    let s = at(&reg, "2031-03-31T22:59:59Z", &["sweep"]);
    assert_eq!(s["removed"], 0);
    let s = at(&reg, "2031-03-31T23:00:00Z", &["sweep"]);
    assert_eq!(s["removed"], 1);
    let gone = at(&reg, "2031-04-01", &["show", "exemplo.pt"]);
    assert_eq!(gone["state"], "removed");
    let err = fails_at(&reg, 4, "2031-04-01", &["renew", "exemplo.pt"]);
    assert!(err.contains("not registered"), "{err}");

    // Free again: someone else registers it, as a new registration.
    let d = at(
        &reg,
        "2031-04-02",
        &["register", "exemplo.pt", "--registrant", "joao-pereira"],
    );
    assert_eq!(d["registrant"], "joao-pereira");
    assert_eq!(d["state"], "reserved");
    assert_eq!(d["created"], "2031-04-02T00:00:00Z");
    let rows: i64 = db(&reg)
        .query_row(
            "SELECT count(*) FROM domain WHERE name = 'exemplo.pt'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 2, "the removed registration keeps its row");

    // Charges: registration, 3-year renewal, 1-year renewal in grace, new registration.
    let ledger = at(&reg, "2031-04-02", &["ledger"]);
    let amounts: Vec<(&str, &str)> = ledger
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["time"].as_str().unwrap(), l["amount"].as_str().unwrap()))
        .collect();
    assert_eq!(
        amounts,
        [
            ("2026-03-01T09:00:00Z", "9.90"),
            ("2026-12-01T00:00:00Z", "29.70"),
            ("2030-03-20T00:00:00Z", "9.90"),
            ("2031-04-02T00:00:00Z", "9.90"),
        ]
    );
    // The history tells the story, each entry with its article.
    let history = at(&reg, "2031-04-02", &["history", "exemplo.pt"]);
    let steps: Vec<(String, String)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["command"].as_str().unwrap_or("").to_string(),
                e["article"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("register", "2.1"),
        ("renew", "17.1"),
        ("sweep", "17.2"),
        ("renew", "17.2"),
        ("sweep", "17.2"),
        ("sweep", "17.3"),
        ("register", "2.1"),
    ]
    .iter()
    .map(|(c, a)| (c.to_string(), a.to_string()))
    .collect();
    assert_eq!(steps, want);
}

// Art. 17: renewal.

#[test]
fn renewal_is_refused_once_the_grace_period_ended() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    // The sweep has not run: the rules still apply at the clock.
    let d = at(
        &reg,
        "2027-03-31T22:59:59Z",
        &["renew", "exemplo.pt", "--dry-run"],
    );
    assert_eq!(d["expires"], "2028-03-02T00:00:00Z");
    let err = fails_at(&reg, 3, "2027-03-31T23:00:00Z", &["renew", "exemplo.pt"]);
    assert!(err.contains("[Art. 17.3]"), "{err}");
    let err = fails_at(
        &reg,
        3,
        "2027-01-01",
        &["--json", "renew", "exemplo.pt", "--years", "2"],
    );
    let e: Value = serde_json::from_str(err.trim()).unwrap();
    assert_eq!(e["error"]["kind"], "refused");
    assert_eq!(e["error"]["article"], "18.1");
}

#[test]
fn dry_run_renewal_changes_nothing() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    let d = reg.json(&["--dry-run", "renew", "exemplo.pt", "--years", "5"]);
    assert_eq!(d["expires"], "2032-03-02T00:00:00Z");
    assert_eq!(
        reg.json(&["show", "exemplo.pt"])["expires"],
        "2027-03-02T00:00:00Z"
    );
    assert_eq!(reg.json(&["ledger"]).as_array().unwrap().len(), 1);
}

#[test]
fn a_29_february_registration_renews_to_28_february() {
    let reg = reg_at("2028-02-29T10:00:00Z");
    let d = register(&reg, "bissexto.pt");
    // Until 24:00 on 28 February 2029; renewed from that last day.
    assert_eq!(d["expires"], "2029-03-01T00:00:00Z");
    let d = reg.json(&["renew", "bissexto.pt", "--years", "3"]);
    assert_eq!(d["expires"], "2032-02-29T00:00:00Z");
}

// Art. 16: technical changes.

#[test]
fn the_state_follows_the_nameservers() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    let d = reg.json(&["update", "exemplo.pt", "--no-ns"]);
    assert_eq!(d["state"], "reserved");
    assert_eq!(d["nameservers"], serde_json::json!([]));
    let err = reg.fails(3, &["update", "exemplo.pt", "--ns", "ns1.exemplo.net"]);
    assert!(err.contains("[Art. 3.1]"), "{err}");
    let d = reg.json(&[
        "update",
        "exemplo.pt",
        "--ns",
        "ns.exemplo.pt=192.0.2.1",
        "--ns",
        "ns2.exemplo.net",
        "--tech",
        "rui-fernandes",
    ]);
    assert_eq!(d["state"], "registered");
    assert_eq!(d["tech"], "rui-fernandes");
    assert_eq!(d["nameservers"][0]["addresses"][0], "192.0.2.1");
    reg.fails(2, &["update", "exemplo.pt"]);
    reg.fails(4, &["update", "exemplo.pt", "--tech", "nobody"]);
    reg.fails(4, &["update", "livre.pt", "--no-ns"]);
}

#[test]
fn changing_every_nameserver_while_ds_remain_warns() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    let ds = format!("12345 13 2 {}", "ab".repeat(32));
    reg.ok(&["update", "exemplo.pt", "--ds", &ds]);
    let out = reg
        .cmd(&[
            "update",
            "exemplo.pt",
            "--ns",
            "a.example.net",
            "--ns",
            "b.example.net",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning:") && err.contains("DNSSEC"), "{err}");
    let out = reg
        .cmd(&[
            "update",
            "exemplo.pt",
            "--ns",
            "c.example.net",
            "--ns",
            "d.example.net",
            "--no-ds",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("warning:"));
}

// Art. 14: ownership.

#[test]
fn ownership_transfer_notices_both_registrants_and_keeps_the_terms() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    let before = register(&reg, "exemplo.pt");
    let d = reg.json(&[
        "transfer",
        "exemplo.pt",
        "--registrant",
        "joao-pereira",
        "--evidence",
        "signed request of 2026-02-27",
    ]);
    assert_eq!(d["registrant"], "joao-pereira");
    assert_eq!(d["expires"], before["expires"], "Art. 14.6");
    assert_eq!(d["arbitration"], before["arbitration"], "Art. 14.6");
    assert_eq!(d["manager"], "lusonet");
    let n = notices(&reg);
    assert!(
        n.contains(&(ANA.into(), "ownership-transfer".into(), "14.3".into())),
        "{n:?}"
    );
    assert!(
        n.contains(&(JOAO.into(), "ownership-transfer".into(), "14.3".into())),
        "{n:?}"
    );
    reg.fails(4, &["transfer", "exemplo.pt", "--registrant", "nobody"]);
}

#[test]
fn no_ownership_transfer_in_grace_or_under_litigation() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    let args = ["transfer", "exemplo.pt", "--registrant", "joao-pereira"];
    let err = fails_at(&reg, 3, "2027-03-02T00:00:00Z", &args);
    assert!(
        err.contains("[Art. 14.4]") && err.contains("grace"),
        "{err}"
    );
    reg.ok(&["lock", "exemplo.pt", "--case", "Proc. 123/26"]);
    let err = reg.fails(3, &args);
    assert!(
        err.contains("[Art. 14.4]") && err.contains("Proc. 123/26"),
        "{err}"
    );
}

// Art. 15.1: management with a one-time code.

#[test]
fn management_transfer_with_a_one_time_code() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    let first = reg.json(&["transfer-code", "exemplo.pt"]);
    assert_eq!(first["name"], "exemplo.pt");
    let old = first["code"].as_str().unwrap().to_string();
    let code = reg.json(&["transfer-code", "exemplo.pt"])["code"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(old, code);
    // Stored only as a salted hash; never journaled.
    let conn = db(&reg);
    let (hash, salt): (String, String) = conn
        .query_row(
            "SELECT transfer_code_hash, transfer_code_salt FROM domain WHERE name = 'exemplo.pt'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(hash.len(), 64);
    assert!(!hash.contains(&code) && !salt.contains(&code));
    let journaled: i64 = conn
        .query_row(
            "SELECT count(*) FROM journal WHERE inputs LIKE ?1 OR outcome LIKE ?1",
            [format!("%{code}%")],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(journaled, 0);

    let args = |c: &str| -> Vec<String> {
        [
            "transfer",
            "exemplo.pt",
            "--manager",
            "atlantico",
            "--code",
            c,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let run = |c: &str| {
        let a = args(c);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        reg.cmd(&a).output().unwrap()
    };
    // The replaced code and a wrong one are refused.
    for bad in [old.as_str(), "AAAA-BBBB-CCCC-DDDD"] {
        let out = run(bad);
        assert_eq!(out.status.code(), Some(3));
        assert!(String::from_utf8_lossy(&out.stderr).contains("[Art. 15.1]"));
    }
    let out = run(&code.to_lowercase());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(reg.json(&["show", "exemplo.pt"])["manager"], "atlantico");
    // Used: gone.
    let out = run(&code);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[Art. 15.1]"));
}

#[test]
fn changes_are_journaled_with_their_reason() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    reg.ok(&[
        "--reason",
        "court order",
        "lock",
        "exemplo.pt",
        "--case",
        "Proc. 1/26",
    ]);
    let (article, reason, outcome): (String, String, String) = db(&reg)
        .query_row(
            "SELECT article, reason, outcome FROM journal WHERE command = 'lock'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((article.as_str(), reason.as_str()), ("14.4", "court order"));
    let outcome: Value = serde_json::from_str(&outcome).unwrap();
    assert_eq!(outcome["litigation"], "Proc. 1/26");
}

#[test]
fn management_passes_to_the_registrant_or_not_to_a_withdrawn_registrar() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    reg.ok(&["registrar", "withdraw", "atlantico"]);
    let code = reg.json(&["transfer-code", "exemplo.pt"])["code"]
        .as_str()
        .unwrap()
        .to_string();
    let err = reg.fails(
        3,
        &[
            "transfer",
            "exemplo.pt",
            "--manager",
            "atlantico",
            "--code",
            &code,
        ],
    );
    assert!(err.contains("[Art. 15.2]"), "{err}");
    reg.fails(
        4,
        &[
            "transfer",
            "exemplo.pt",
            "--manager",
            "nobody",
            "--code",
            &code,
        ],
    );
    // The registrant takes the management itself (Art. 1.b).
    let d = reg.json(&[
        "transfer",
        "exemplo.pt",
        "--manager",
        "ana-silva",
        "--code",
        &code,
    ]);
    assert_eq!(d["manager"], "ana-silva");
}
