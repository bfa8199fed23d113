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
