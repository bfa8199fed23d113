//! The state at the clock: every read and every decision answers what the
//! rules give a name at `--now`, whether or not `sweep` has recorded it.
//! The registry below never sweeps.

use serde_json::Value;

use crate::support::{Reg, path_str};

/// `ptreg --json ARGS` at `now`, parsed.
fn json_at(reg: &Reg, now: &str, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = reg.at(now, &all).output().expect("run");
    assert!(
        out.status.success(),
        "{args:?} at {now}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn text_at(reg: &Reg, now: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = reg.at(now, args).output().expect("run");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn zone_at(reg: &Reg, now: &str) -> String {
    let (code, out, err) = text_at(reg, now, &["zone", "export"]);
    assert_eq!(code, Some(0), "{err}");
    out
}

/// `exemplo.pt`, registered at 2026-03-01T09:00:00Z for a year with two
/// nameservers. The times below fall well inside or outside its periods
/// (the last and first seconds of each are unit tests of the rules).
fn registered() -> Reg {
    let reg = Reg::with_fixtures();
    reg.ok(&[
        "register",
        "exemplo.pt",
        "--registrant",
        "ana-silva",
        "--manager",
        "lusonet",
        "--ns",
        "ns1.exemplo.net",
        "--ns",
        "ns2.exemplo.net",
    ]);
    reg
}

#[test]
fn a_name_out_of_its_term_is_in_grace_for_every_read_before_any_sweep() {
    let reg = registered();
    let before = "2026-06-01T00:00:00Z";
    let after = "2028-01-01T00:00:00Z";
    assert_eq!(
        json_at(&reg, before, &["show", "exemplo.pt"])["state"],
        "registered"
    );
    let show = json_at(&reg, "2027-03-05T12:00:00Z", &["show", "exemplo.pt"]);
    assert_eq!(show["state"], "grace", "{show}");
    let listed = json_at(
        &reg,
        "2027-03-05T12:00:00Z",
        &["domains", "--state", "grace"],
    );
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    let registered = json_at(
        &reg,
        "2027-03-05T12:00:00Z",
        &["domains", "--state", "registered"],
    );
    assert_eq!(registered.as_array().map(Vec::len), Some(0), "{registered}");
    let whois = json_at(&reg, "2027-03-05T12:00:00Z", &["whois", "exemplo.pt"]);
    assert_eq!(whois["state"], "grace");
    assert!(zone_at(&reg, before).contains("exemplo.pt."));
    assert!(!zone_at(&reg, "2027-03-05T12:00:00Z").contains("exemplo.pt."));
    // Renewal in grace is allowed (Art. 17.2).
    let (code, _, err) = text_at(
        &reg,
        "2027-03-05T12:00:00Z",
        &["--dry-run", "renew", "exemplo.pt"],
    );
    assert_eq!(code, Some(0), "{err}");
    // After the grace: free for check and register, removed for renew.
    let (code, _, err) = text_at(&reg, after, &["check", "exemplo.pt"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = text_at(&reg, after, &["renew", "exemplo.pt"]);
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("[Art. 17.3]"), "{err}");
    let (code, out, _) = text_at(&reg, after, &["whois", "exemplo.pt"]);
    assert_eq!(code, Some(4), "{out}");
    let gone = json_at(&reg, after, &["show", "exemplo.pt"]);
    assert_eq!(gone["state"], "removed");
    assert!(
        json_at(&reg, after, &["domains"])
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_name_whose_grace_ended_unswept_can_be_registered_again() {
    let reg = registered();
    let later = "2028-01-01T00:00:00Z";
    let d = json_at(
        &reg,
        later,
        &["register", "exemplo.pt", "--registrant", "maria-costa"],
    );
    assert_eq!(d["registrant"], "maria-costa");
    assert_eq!(d["state"], "reserved");
    // The old registration's removal was recorded on the way, as the sweep
    // would have recorded it.
    let history = json_at(&reg, later, &["history", "exemplo.pt"]);
    let commands: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["command"].as_str())
        .collect();
    assert_eq!(commands, ["register", "sweep", "register"], "{history}");
    // A sweep afterwards has nothing left to do for it.
    let s = json_at(&reg, later, &["sweep"]);
    assert_eq!(s["removed"], 0, "{s}");
}

#[test]
fn a_registry_that_has_not_swept_for_a_week_still_exports_the_lawful_zone() {
    let reg = registered();
    reg.ok(&[
        "register",
        "outro.pt",
        "--registrant",
        "ana-silva",
        "--years",
        "3",
        "--ns",
        "ns1.exemplo.net",
        "--ns",
        "ns2.exemplo.net",
    ]);
    let week_late = "2027-03-09T00:00:00Z";
    let zone = zone_at(&reg, week_late);
    assert!(!zone.contains("exemplo.pt."), "{zone}");
    assert!(zone.contains("outro.pt."), "{zone}");
    // The sweep then records what the zone already showed.
    let s = json_at(&reg, week_late, &["sweep"]);
    assert_eq!(s["to_grace"], 1, "{s}");
    assert_eq!(zone_at(&reg, week_late), zone);
}

#[test]
fn a_migrated_name_whose_term_ended_lands_in_grace_or_free() {
    let reg = Reg::with_fixtures();
    let file = reg.path("old.csv");
    std::fs::write(
        &file,
        "name,registrant,manager,tech,created,expires,state,nameservers,ds,arbitration\n\
         velho.pt,ana-silva,lusonet,,2010-01-10,2026-02-10,registered,ns1.exemplo.net ns2.exemplo.net,,false\n\
         antigo.pt,ana-silva,lusonet,,2010-01-10,2025-12-01,,ns1.exemplo.net ns2.exemplo.net,,false\n",
    )
    .unwrap();
    reg.ok(&["import", path_str(&file)]);
    let now = "2026-03-01T09:00:00Z";
    assert_eq!(json_at(&reg, now, &["show", "velho.pt"])["state"], "grace");
    assert_eq!(
        json_at(&reg, now, &["show", "antigo.pt"])["state"],
        "removed"
    );
    let zone = zone_at(&reg, now);
    assert!(
        !zone.contains("velho.pt.") && !zone.contains("antigo.pt."),
        "{zone}"
    );
    let (code, _, err) = text_at(&reg, now, &["check", "antigo.pt"]);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_withdrawn_consent_applies_to_whois_about_earlier_dates() {
    let reg = registered(); // ana-silva consented to disclosure
    let then = "2026-04-01T00:00:00Z";
    let shown = json_at(&reg, then, &["whois", "exemplo.pt"]);
    assert_eq!(shown["registrant"]["name"], "Ana Margarida Silva");
    let withdrawn = "2026-05-01T00:00:00Z";
    json_at(
        &reg,
        withdrawn,
        &["contact", "update", "ana-silva", "--no-whois-consent"],
    );
    let past = json_at(&reg, withdrawn, &["whois", "exemplo.pt", "--as-of", then]);
    assert_eq!(
        past["registrant"]["name"], "Not disclosed (Art. 30.3)",
        "{past}"
    );
}

/// `lisboa.pt` registered on legitimacy grounds at 2026-03-01T09:00:00Z
/// with two nameservers, managed by lusonet.
fn held() -> Reg {
    let reg = Reg::with_fixtures();
    reg.ok(&["list", "add", "geographic", "lisboa"]);
    let d = reg.json(&[
        "register",
        "lisboa.pt",
        "--registrant",
        "cm-evora",
        "--manager",
        "lusonet",
        "--ns",
        "ns1.exemplo.net",
        "--ns",
        "ns2.exemplo.net",
        "--legitimacy",
        "Câmara Municipal de Lisboa",
    ]);
    // Held (Art. 7.2, 8.5): reserved, out of the zone, until the proof is
    // accepted; due at 24:00 on 3 March (Art. 8.2).
    assert_eq!(d["state"], "reserved", "{d}");
    assert_eq!(d["held_until"], "2026-03-04T00:00:00Z", "{d}");
    reg
}

#[test]
fn a_legitimacy_registration_is_held_until_its_proof_is_accepted() {
    let reg = held();
    let now = "2026-03-02T10:00:00Z";
    assert!(!zone_at(&reg, now).contains("lisboa.pt."));
    let (code, _, err) = text_at(
        &reg,
        now,
        &["transfer", "lisboa.pt", "--registrant", "ana-silva"],
    );
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("[Art. 8.5]"), "{err}");
    let notices = json_at(&reg, now, &["notices"]);
    let kinds: Vec<&str> = notices
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["proof-request", "proof-request"], "{notices}");
    // Accepted: delegated at once.
    let d = json_at(&reg, now, &["audit", "decide", "lisboa.pt", "--conform"]);
    assert_eq!(d["state"], "registered", "{d}");
    assert!(d["held_until"].is_null());
    assert!(zone_at(&reg, now).contains("lisboa.pt."));
}

#[test]
fn a_legitimacy_not_proved_in_time_is_removed_with_a_refund() {
    let reg = held();
    assert_eq!(
        json_at(&reg, "2026-03-03T23:59:59Z", &["show", "lisboa.pt"])["state"],
        "reserved"
    );
    // At the deadline the name is free at the clock, swept or not.
    let late = "2026-03-04T00:00:00Z";
    assert_eq!(
        json_at(&reg, late, &["show", "lisboa.pt"])["state"],
        "removed"
    );
    let s = json_at(&reg, late, &["sweep"]);
    assert_eq!(s["unproved_removed"], 1, "{s}");
    let ledger = json_at(&reg, late, &["ledger"]);
    let refund = ledger
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "refund")
        .expect("a refund");
    assert_eq!(
        (refund["amount"].as_str(), refund["article"].as_str()),
        (Some("9.90"), Some("20"))
    );
    let notices = json_at(&reg, late, &["notices"]);
    assert!(
        notices
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["article"] == "8.3" && n["text"].as_str().unwrap().contains("refunded")),
        "{notices}"
    );
    // Refused proof: removed at once too (Art. 8.3).
    let reg = held();
    let d = json_at(
        &reg,
        "2026-03-02T10:00:00Z",
        &[
            "audit",
            "decide",
            "lisboa.pt",
            "--remove",
            "--grounds",
            "No mandate shown",
        ],
    );
    assert_eq!(d["state"], "removed");
}

#[test]
fn conformity_diligences_rest_on_a_case_opened_within_10_days() {
    let reg = registered(); // 2026-03-01T09:00:00Z
    // Sampled on 11 March, within the 10 days (they end at 24:00 that day);
    // then the case is made to look opened just after them.
    let run = json_at(
        &reg,
        "2026-03-11T12:00:00Z",
        &["audit-sample", "--rate", "1", "--seed", "00"],
    );
    assert_eq!(run["population"], 1, "{run}");
    let conn = rusqlite::Connection::open(&reg.db).unwrap();
    conn.execute(
        "UPDATE conformity_case SET opened = '2026-03-12T00:00:00Z'",
        [],
    )
    .unwrap();
    let (code, _, err) = text_at(
        &reg,
        "2026-03-12T10:00:00Z",
        &["audit", "request-proof", "exemplo.pt"],
    );
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("[Art. 8.1]"), "{err}");
    let (code, _, err) = text_at(
        &reg,
        "2026-03-12T10:00:00Z",
        &[
            "audit",
            "decide",
            "exemplo.pt",
            "--remove",
            "--grounds",
            "x",
        ],
    );
    assert_eq!(code, Some(3), "{err}");
    assert!(err.contains("[Art. 8.1]"), "{err}");
    // Within the window it is allowed.
    conn.execute(
        "UPDATE conformity_case SET opened = '2026-03-11T23:59:59Z'",
        [],
    )
    .unwrap();
    let (code, _, err) = text_at(
        &reg,
        "2026-03-12T10:00:00Z",
        &["audit", "request-proof", "exemplo.pt"],
    );
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_gov_pt_name_stays_with_its_designated_manager() {
    let reg = Reg::with_fixtures();
    reg.ok(&[
        "register",
        "financas.gov.pt",
        "--registrant",
        "cm-evora",
        "--manager",
        "CEGER",
    ]);
    let code = reg.json(&["transfer-code", "financas.gov.pt"])["code"]
        .as_str()
        .unwrap()
        .to_string();
    let err = reg.fails(
        3,
        &[
            "transfer",
            "financas.gov.pt",
            "--manager",
            "lusonet",
            "--code",
            &code,
        ],
    );
    assert!(err.contains("[Art. 10]"), "{err}");
}

#[test]
fn counting_in_hours_keeps_the_exact_instants() {
    let reg = Reg::with_fixtures();
    reg.set_fixture_policy(&[("counting = \"civil\"", "counting = \"hours\"")]);
    let d = reg.json(&["register", "exemplo.pt", "--registrant", "ana-silva"]);
    assert_eq!(d["expires"], "2027-03-01T09:00:00Z");
    assert_eq!(
        json_at(&reg, "2027-03-01T08:59:59Z", &["show", "exemplo.pt"])["state"],
        "reserved"
    );
    assert_eq!(
        json_at(&reg, "2027-03-01T09:00:00Z", &["show", "exemplo.pt"])["state"],
        "grace"
    );
    assert_eq!(
        json_at(&reg, "2027-03-31T09:00:00Z", &["show", "exemplo.pt"])["state"],
        "removed"
    );
}

#[test]
fn civil_counting_at_the_last_and_first_second_through_the_binary() {
    let reg = registered(); // term to 24:00 on 1 March 2027 (Lisbon on UTC)
    let at = |now: &str| json_at(&reg, now, &["show", "exemplo.pt"])["state"].clone();
    assert_eq!(at("2027-03-01T23:59:59Z"), "registered");
    assert_eq!(at("2027-03-02T00:00:00Z"), "grace");
    // The grace to 24:00 on 31 March (Lisbon on summer time: 23:00 UTC).
    assert_eq!(at("2027-03-31T22:59:59Z"), "grace");
    assert_eq!(at("2027-03-31T23:00:00Z"), "removed");
    let bad = reg.path("bad.toml");
    let text = std::fs::read_to_string(crate::support::fixture("policy.toml"))
        .unwrap()
        .replace(
            "timezone = \"Europe/Lisbon\"",
            "timezone = \"Europe/Lisboa\"",
        );
    std::fs::write(&bad, text).unwrap();
    let err = reg.fails(2, &["policy", "set", path_str(&bad)]);
    assert!(err.contains("timezone") && err.contains("Lisboa"), "{err}");
    // Only Portugal's legal time: a valid zone elsewhere is refused too.
    std::fs::write(
        &bad,
        std::fs::read_to_string(&bad)
            .unwrap()
            .replace("Europe/Lisboa", "Europe/Madrid"),
    )
    .unwrap();
    let err = reg.fails(2, &["policy", "set", path_str(&bad)]);
    assert!(err.contains("not a time zone of Portugal"), "{err}");
    let azores = std::fs::read_to_string(&bad)
        .unwrap()
        .replace("Europe/Madrid", "Atlantic/Azores");
    std::fs::write(&bad, azores).unwrap();
    reg.ok(&["policy", "set", path_str(&bad)]);
}

#[test]
fn a_refund_of_art_20_goes_to_the_registrants_iban() {
    let reg = Reg::with_fixtures();
    let err = reg.fails(
        2,
        &[
            "contact",
            "update",
            "ana-silva",
            "--iban",
            "PT51000201231234567890154",
        ],
    );
    assert!(err.contains("--iban") && err.contains("IBAN"), "{err}");
    let c = reg.json(&[
        "contact",
        "update",
        "ana-silva",
        "--iban",
        "pt50 0002 0123 1234 5678 9015 4",
    ]);
    assert_eq!(c["iban"], "PT50000201231234567890154");
    // Never published.
    registered_for(&reg, "exemplo.pt");
    let whois = reg.ok(&["whois", "exemplo.pt"]);
    assert!(!whois.contains("PT50"), "{whois}");
    json_at(
        &reg,
        "2026-03-02T10:00:00Z",
        &["audit-sample", "--rate", "1", "--seed", "00"],
    );
    json_at(
        &reg,
        "2026-03-02T11:00:00Z",
        &[
            "audit",
            "decide",
            "exemplo.pt",
            "--remove",
            "--grounds",
            "False data",
        ],
    );
    let ledger = json_at(&reg, "2026-03-02T11:00:00Z", &["ledger"]);
    let refund = ledger
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "refund")
        .expect("a refund");
    assert_eq!(refund["iban"], "PT50000201231234567890154", "{ledger}");
    let notices = json_at(&reg, "2026-03-02T11:00:00Z", &["notices"]);
    assert!(
        notices.as_array().unwrap().iter().any(|n| n["text"]
            .as_str()
            .unwrap()
            .contains("to the account PT50000201231234567890154")),
        "{notices}"
    );
}

fn registered_for(reg: &Reg, name: &str) {
    reg.ok(&[
        "register",
        name,
        "--registrant",
        "ana-silva",
        "--manager",
        "lusonet",
    ]);
}
