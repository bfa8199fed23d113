//! Tests of removals (Art. 21, 22), litigation locks (Art. 14.4, 17.4,
//! 21.3) and suspensions (Art. 28) through the binary, with the edges of
//! their 8 days.

use crate::lifecycle::{ANA, LUSONET, at, db, fails_at, notices, reg_at, register};

// Art. 21: removal by the registrant or the managing entity.

#[test]
fn removal_by_the_registrant_is_immediate_without_refund() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    let d = reg.json(&["remove", "exemplo.pt", "--by", "registrant"]);
    assert_eq!(d["state"], "removed");
    let refunds: i64 = db(&reg)
        .query_row(
            "SELECT count(*) FROM ledger WHERE kind = 'refund'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refunds, 0, "Art. 21.4");
    // Free again at once.
    register(&reg, "exemplo.pt");
}

#[test]
fn no_removal_under_litigation() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    reg.ok(&["lock", "exemplo.pt", "--case", "Proc. 9/26"]);
    for by in ["registrant", "manager"] {
        let err = reg.fails(3, &["remove", "exemplo.pt", "--by", by]);
        assert!(err.contains("[Art. 21.3]"), "{err}");
    }
    let err = reg.fails(
        3,
        &["--reason", "c", "remove", "exemplo.pt", "--by", "registry"],
    );
    assert!(err.contains("[Art. 21.3]"), "{err}");
    // A second lock is a conflict; an unlock for another case too.
    reg.fails(5, &["lock", "exemplo.pt", "--case", "Proc. 10/26"]);
    reg.fails(5, &["unlock", "exemplo.pt", "--case", "Proc. 10/26"]);
    let d = reg.json(&["unlock", "exemplo.pt", "--case", "Proc. 9/26"]);
    assert!(d["litigation"].is_null());
    reg.fails(5, &["unlock", "exemplo.pt"]);
    reg.ok(&["remove", "exemplo.pt", "--by", "registrant"]);
}

#[test]
fn removal_by_the_manager_can_be_opposed_within_8_days() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    let d = reg.json(&["remove", "exemplo.pt", "--by", "manager"]);
    assert_eq!(d["state"], "registered");
    assert_eq!(d["pending_removal"]["by"], "manager");
    assert_eq!(d["pending_removal"]["effective"], "2026-03-09T09:00:00Z");
    assert_eq!(d["pending_removal"]["article"], "21.2");
    assert_eq!(
        notices(&reg),
        [(
            ANA.to_string(),
            "removal-requested".to_string(),
            "21.2".to_string()
        )]
    );
    let err = fails_at(&reg, 3, "2026-03-09T09:00:00Z", &["oppose", "exemplo.pt"]);
    assert!(err.contains("[Art. 21.2]"), "{err}");
    let d = at(&reg, "2026-03-09T08:59:59Z", &["oppose", "exemplo.pt"]);
    assert!(d["pending_removal"].is_null());
    reg.fails(5, &["oppose", "exemplo.pt"]);
    let s = at(&reg, "2026-03-10", &["sweep"]);
    assert_eq!(s["pending_removed"], 0);
}

#[test]
fn an_unopposed_removal_takes_effect_at_the_sweep_after_8_days() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    reg.ok(&["remove", "exemplo.pt", "--by", "manager"]);
    let s = at(&reg, "2026-03-09T08:59:59Z", &["sweep"]);
    assert_eq!(s["pending_removed"], 0);
    let s = at(&reg, "2026-03-09T09:00:00Z", &["sweep"]);
    assert_eq!(s["pending_removed"], 1);
    let d = at(&reg, "2026-03-10", &["show", "exemplo.pt"]);
    assert_eq!(d["state"], "removed");
    assert!(d["pending_removal"].is_null());
}

// Art. 22: removal by the registry.

#[test]
fn registry_removal_needs_a_paragraph() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    let err = reg.fails(2, &["remove", "exemplo.pt", "--by", "registry"]);
    assert!(err.contains("a|b|c|d|e"), "{err}");
    reg.fails(
        2,
        &["--reason", "z", "remove", "exemplo.pt", "--by", "registry"],
    );
    reg.fails(
        2,
        &[
            "remove",
            "exemplo.pt",
            "--by",
            "registrant",
            "--grounds",
            "x",
        ],
    );
}

#[test]
fn registry_removal_at_once_notices_after() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    let d = reg.json(&[
        "--reason",
        "a",
        "remove",
        "exemplo.pt",
        "--by",
        "registry",
        "--grounds",
        "Judgment of the Lisbon court, case 77/26",
    ]);
    assert_eq!(d["state"], "removed");
    let n = notices(&reg);
    assert_eq!(
        n,
        [
            (ANA.to_string(), "removed".to_string(), "22.3".to_string()),
            (
                LUSONET.to_string(),
                "removed".to_string(),
                "22.3".to_string()
            )
        ]
    );
    let list = reg.json(&["notices"]);
    assert!(list[0]["text"].as_str().unwrap().contains("case 77/26"));
    let journal: String = db(&reg)
        .query_row(
            "SELECT article || ' ' || reason FROM journal WHERE command = 'remove'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(journal, "22.1.a a");
}

#[test]
fn registry_removal_after_8_days_unless_cured() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    register(&reg, "outro.pt");
    for name in ["exemplo.pt", "outro.pt"] {
        let d = reg.json(&[
            "--reason",
            "c",
            "remove",
            name,
            "--by",
            "registry",
            "--grounds",
            "The phone number does not exist",
        ]);
        assert_eq!(d["pending_removal"]["by"], "registry");
        assert_eq!(d["pending_removal"]["article"], "22.1.c");
        assert_eq!(d["pending_removal"]["effective"], "2026-03-09T09:00:00Z");
    }
    let n = notices(&reg);
    assert_eq!(n.len(), 4);
    assert!(
        n.iter()
            .all(|(_, kind, art)| kind == "removal-notice" && art == "22.2")
    );
    let d = at(&reg, "2026-03-09T08:59:59Z", &["cure", "outro.pt"]);
    assert!(d["pending_removal"].is_null());
    let s = at(&reg, "2026-03-09T09:00:00Z", &["sweep"]);
    assert_eq!(s["pending_removed"], 1);
    assert_eq!(
        at(&reg, "2026-03-10", &["show", "exemplo.pt"])["state"],
        "removed"
    );
    assert_eq!(
        at(&reg, "2026-03-10", &["show", "outro.pt"])["state"],
        "registered"
    );
}

#[test]
fn paragraph_e_is_for_unrenewed_names() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    let args = ["--reason", "e", "remove", "exemplo.pt", "--by", "registry"];
    let err = reg.fails(3, &args);
    assert!(err.contains("[Art. 22.1.e]"), "{err}");
    let d = at(&reg, "2027-03-02", &args);
    assert_eq!(d["state"], "removed");
}

// Litigation (Art. 17.4) and suspension (Art. 28).

#[test]
fn expiry_has_no_effect_while_locked() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    reg.ok(&["lock", "exemplo.pt", "--case", "Proc. 5/26"]);
    let s = at(&reg, "2027-06-01", &["sweep"]);
    assert_eq!(
        (s["to_grace"].as_u64(), s["removed"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(
        at(&reg, "2027-06-01", &["show", "exemplo.pt"])["state"],
        "registered"
    );
    // Lifted after the grace period would have ended: the held-back expiry applies.
    let d = at(&reg, "2027-06-02", &["unlock", "exemplo.pt"]);
    assert_eq!(d["state"], "removed");
}

#[test]
fn suspension_takes_the_name_out_of_the_zone() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    let d = reg.json(&["suspend", "exemplo.pt", "--case", "Arb. 3/26"]);
    assert_eq!(d["state"], "suspended");
    reg.fails(5, &["suspend", "exemplo.pt", "--case", "Arb. 4/26"]);
    let err = reg.fails(
        3,
        &["transfer", "exemplo.pt", "--registrant", "joao-pereira"],
    );
    assert!(err.contains("[Art. 14.4]"), "{err}");
    let d = reg.json(&["unsuspend", "exemplo.pt"]);
    assert_eq!(d["state"], "registered");
    reg.fails(5, &["unsuspend", "exemplo.pt"]);
}

/// Every refusal and conflict carries a stable `reason` code in the JSON
/// error, so a script (or another face) tells "already locked" from "not
/// suspended" from a wrong or missing transfer code without reading text.
#[test]
fn json_errors_carry_a_stable_reason_code() {
    use serde_json::Value;
    let reg = crate::lifecycle::reg_at("2026-03-01T09:00:00Z");
    crate::lifecycle::register(&reg, "padaria.pt");
    let reason = |code: i32, args: &[&str]| -> (Value, Value) {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let err = reg.fails(code, &all);
        let v: Value = serde_json::from_str(err.trim()).expect("a JSON error");
        (v["error"]["reason"].clone(), v["error"]["article"].clone())
    };
    reg.ok(&["lock", "padaria.pt", "--case", "P-1"]);
    assert_eq!(
        reason(5, &["lock", "padaria.pt", "--case", "P-2"]).0,
        "already_locked"
    );
    assert_eq!(
        reason(5, &["unlock", "padaria.pt", "--case", "P-9"]).0,
        "other_case"
    );
    reg.ok(&["unlock", "padaria.pt"]);
    assert_eq!(reason(5, &["unlock", "padaria.pt"]).0, "not_locked");
    assert_eq!(reason(5, &["unsuspend", "padaria.pt"]).0, "not_suspended");
    assert_eq!(
        reason(
            3,
            &[
                "transfer",
                "padaria.pt",
                "--manager",
                "lusonet",
                "--code",
                "X"
            ]
        ),
        (Value::from("no_transfer_code"), Value::from("15.1"))
    );
    reg.ok(&["transfer-code", "padaria.pt"]);
    assert_eq!(
        reason(
            3,
            &[
                "transfer",
                "padaria.pt",
                "--manager",
                "lusonet",
                "--code",
                "X"
            ]
        )
        .0,
        "wrong_transfer_code"
    );
    assert_eq!(
        reason(3, &["register", "coimbra.pt", "--registrant", "ana-silva"]),
        (Value::from("geographic_name"), Value::from("7.2"))
    );
    assert_eq!(
        reason(3, &["register", "padaria.pt", "--registrant", "ana-silva"]).0,
        "already_registered"
    );
    // Not a refusal: no reason.
    assert_eq!(reason(4, &["show", "nada.pt"]).0, Value::Null);
}
