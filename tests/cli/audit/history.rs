//! The past rebuilt from the journal: `show`/`whois --as-of` and `audit replay`.

use serde_json::Value;

use crate::support::{Reg, fixture, path_str};

#[test]
fn show_as_of_matches_what_show_said_at_that_time() {
    let reg = Reg::with_fixtures();
    let show = |now: &str| -> Value {
        serde_json::from_slice(
            &reg.at(now, &["--json", "show", "marco-exemplo.pt"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
    };
    reg.at(
        "2026-03-02T10:00:00Z",
        &["register", "marco-exemplo.pt", "--registrant", "ana-silva"],
    )
    .assert()
    .success();
    let registered = show("2026-03-02T10:00:00Z");
    reg.at(
        "2026-03-03T10:00:00Z",
        &["audit-sample", "--rate", "1", "--seed", "00"],
    )
    .assert()
    .success();
    let sampled = show("2026-03-03T10:00:00Z");
    assert!(sampled["case"].is_i64(), "{sampled}");
    reg.at(
        "2026-03-04T10:00:00Z",
        &["audit", "request-proof", "marco-exemplo.pt"],
    )
    .assert()
    .success();
    let asked = show("2026-03-04T10:00:00Z");
    reg.at(
        "2026-03-07T10:00:00Z",
        &[
            "audit",
            "decide",
            "marco-exemplo.pt",
            "--remove",
            "--grounds",
            "no proof given",
        ],
    )
    .assert()
    .success();
    let removed = show("2026-03-07T10:00:00Z");
    assert_eq!(removed["state"], "removed");
    let as_of = |t: &str| reg.json(&["show", "marco-exemplo.pt", "--as-of", t]);
    assert_eq!(as_of("2026-03-02T10:00:00Z"), registered);
    assert_eq!(as_of("2026-03-03T09:59:59Z"), registered);
    assert_eq!(as_of("2026-03-03T10:00:00Z"), sampled);
    assert_eq!(as_of("2026-03-03T23:59:59Z"), sampled);
    assert_eq!(as_of("2026-03-04T10:00:00Z"), asked);
    assert_eq!(as_of("2026-03-06"), asked);
    assert_eq!(as_of("2026-03-07T10:00:00Z"), removed);
    let err = reg.fails(4, &["show", "marco-exemplo.pt", "--as-of", "2026-03-01"]);
    assert!(
        err.contains("not registered at 2026-03-01T00:00:00Z"),
        "{err}"
    );
    reg.fails(2, &["show", "marco-exemplo.pt", "--as-of", "soon"]);
}

#[test]
fn replay_reports_decisions_a_list_change_would_reverse() {
    let reg = Reg::with_fixtures();
    reg.ok(&["register", "padaria.pt", "--registrant", "ana-silva"]);
    reg.ok(&["register", "sapataria-nova.pt", "--registrant", "ana-silva"]);
    reg.ok(&[
        "register",
        "coimbra.pt",
        "--registrant",
        "ana-silva",
        "--legitimacy",
        "Câmara Municipal de Coimbra",
    ]);
    let none = reg.json(&["audit", "replay"]);
    assert_eq!(none["decisions"], 3);
    assert_eq!(none["differences"], serde_json::json!([]));

    reg.ok(&["list", "add", "blocked", "padaria"]);
    reg.ok(&["list", "remove", "geographic", "Coimbra"]);
    let out = reg.json(&["audit", "replay"]);
    assert_eq!(out["decisions"], 3);
    let diffs = out["differences"].as_array().unwrap();
    assert_eq!(diffs.len(), 2, "{out}");
    let padaria = diffs.iter().find(|d| d["name"] == "padaria.pt").unwrap();
    assert_eq!(padaria["then"]["admissible"], true);
    assert_eq!(padaria["now"]["article"], "8.4");
    assert_eq!(padaria["legitimacy"], false);
    let coimbra = diffs.iter().find(|d| d["name"] == "coimbra.pt").unwrap();
    assert!(["6.1.d", "7.2"].contains(&coimbra["then"]["article"].as_str().unwrap()));
    assert_eq!(coimbra["now"]["admissible"], true);
    assert_eq!(coimbra["legitimacy"], true);
    let text = reg.ok(&["audit", "replay"]);
    assert!(
        text.contains("3 registration decisions replayed; 2 would"),
        "{text}"
    );
    assert!(text.contains("refused [Art. 8.4]"), "{text}");
}

#[test]
fn whois_as_of_answers_what_whois_said_that_day() {
    let reg = Reg::with_fixtures();
    let whois = |now: &str| -> (Option<i32>, Vec<u8>) {
        let out = reg
            .at(now, &["--json", "whois", "vinhos-exemplo.pt"])
            .output()
            .unwrap();
        (out.status.code(), out.stdout)
    };
    let free = whois("2026-03-01T12:00:00Z");
    assert_eq!(free.0, Some(4));
    reg.at(
        "2026-03-02T10:00:00Z",
        &[
            "register",
            "vinhos-exemplo.pt",
            "--registrant",
            "ana-silva",
            "--manager",
            "lusonet",
        ],
    )
    .assert()
    .success();
    let first = whois("2026-03-02T10:00:00Z");
    // The registrant moves house; WHOIS shows the new address from then on.
    reg.at(
        "2026-03-05T10:00:00Z",
        &[
            "contact",
            "update",
            "ana-silva",
            "--address",
            "Rua Nova 1, 1000-001 Lisboa",
        ],
    )
    .assert()
    .success();
    let moved = whois("2026-03-05T10:00:00Z");
    assert_ne!(first.1, moved.1);
    reg.at(
        "2026-03-06T10:00:00Z",
        &["remove", "vinhos-exemplo.pt", "--by", "registrant"],
    )
    .assert()
    .success();
    let as_of = |t: &str| {
        let out = reg
            .cmd(&["--json", "whois", "vinhos-exemplo.pt", "--as-of", t])
            .output()
            .unwrap();
        (out.status.code(), out.stdout)
    };
    assert_eq!(as_of("2026-03-01T12:00:00Z"), free);
    assert_eq!(as_of("2026-03-02T10:00:00Z"), first);
    assert_eq!(as_of("2026-03-04T23:59:59Z"), first);
    assert_eq!(as_of("2026-03-05T10:00:00Z"), moved);
    assert_eq!(as_of("2026-03-06T10:00:00Z").0, Some(4));
    // The text form too.
    let text = reg.ok(&["whois", "vinhos-exemplo.pt", "--as-of", "2026-03-03"]);
    assert!(text.contains("vinhos-exemplo.pt"), "{text}");
    reg.fails(2, &["whois", "exemplo.es", "--as-of", "2026-03-03"]);
}

#[test]
fn replay_judges_each_decision_under_the_policy_it_was_taken_with() {
    let reg = Reg::with_fixtures();
    reg.ok(&[
        "register",
        "servicos.gov.pt",
        "--registrant",
        "ana-silva",
        "--manager",
        "CEGER",
    ]);
    let text = std::fs::read_to_string(fixture("../src/rules/default_policy.toml")).unwrap();
    let changed = text.replace("gov_pt_manager = \"CEGER\"", "gov_pt_manager = \"lusonet\"");
    assert_ne!(text, changed);
    let file = reg.path("policy.toml");
    std::fs::write(&file, changed).unwrap();
    reg.at("2026-03-02", &["policy", "set", path_str(&file)])
        .assert()
        .success();
    // Before the new policy is in force, nothing differs.
    let before: Value = serde_json::from_slice(
        &reg.at("2026-03-01T12:00:00Z", &["--json", "audit", "replay"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(before["differences"], serde_json::json!([]));
    let after: Value = serde_json::from_slice(
        &reg.at("2026-03-03", &["--json", "audit", "replay"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let d = &after["differences"][0];
    assert_eq!(d["name"], "servicos.gov.pt");
    assert_eq!(d["then"]["admissible"], true);
    assert_eq!(d["now"]["article"], "10");
}

/// A replay takes the whole registration decision again, not only the
/// name's admissibility: a registrar withdrawn since (Art. 15.2) would not
/// get the name today, and a name registered over a refusal with
/// legitimacy grounds replays as registered, over that article.
#[test]
fn replay_takes_the_whole_decision_again() {
    let reg = Reg::with_fixtures();
    reg.at(
        "2026-03-01T10:00:00Z",
        &[
            "register",
            "padaria.pt",
            "--registrant",
            "ana-silva",
            "--manager",
            "lusonet",
        ],
    )
    .assert()
    .success();
    reg.at(
        "2026-03-01T10:00:00Z",
        &[
            "register",
            "lisboa.pt",
            "--registrant",
            "ana-silva",
            "--legitimacy",
            "Câmara Municipal de Lisboa",
        ],
    )
    .assert()
    .success();
    let replay = |now: &str| -> Value {
        let out = reg
            .at(now, &["--json", "audit", "replay"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(replay("2026-03-02")["differences"], serde_json::json!([]));
    reg.at("2026-03-05", &["registrar", "withdraw", "lusonet"])
        .assert()
        .success();
    // Before the withdrawal the decision stands; after it, it does not.
    assert_eq!(replay("2026-03-04")["differences"], serde_json::json!([]));
    let after = replay("2026-03-06");
    let diffs = after["differences"].as_array().unwrap();
    assert_eq!(diffs.len(), 1, "{after}");
    let d = &diffs[0];
    assert_eq!(d["name"], "padaria.pt");
    assert_eq!(d["then"]["registered"], true);
    assert_eq!(d["now"]["registered"], false);
    assert_eq!(d["now"]["article"], "15.2");
    assert!(
        d["now"]["reason"]
            .as_str()
            .unwrap()
            .contains("lusonet was withdrawn"),
        "{d}"
    );
}
