//! `audit verify`: the hash chain catches any change to the journal.

use serde_json::Value;

use super::raw;
use crate::support::{Reg, fixture, path_str};

/// A registry whose journal holds a handful of entries (init + policy sets).
fn journal_of_five() -> Reg {
    let reg = Reg::new();
    let policy = fixture("../src/rules/default_policy.toml");
    for day in ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"] {
        reg.at(day, &["policy", "set", path_str(&policy)])
            .assert()
            .success();
    }
    reg
}

#[test]
fn verify_says_ok_on_an_intact_journal() {
    let reg = journal_of_five();
    let v = reg.json(&["audit", "verify"]);
    assert_eq!(
        (v["ok"].clone(), v["entries"].clone()),
        (true.into(), 5.into())
    );
    // The tree head, to write down anywhere: size and base64 root.
    assert_eq!(v["size"], 5);
    assert_eq!(v["root"].as_str().map(str::len), Some(44), "{v}");
    let text = reg.ok(&["audit", "verify"]);
    assert!(text.contains("5 entries"), "{text}");
    assert!(
        text.contains(&format!(
            "head: size 5, root {}",
            v["root"].as_str().unwrap()
        )),
        "{text}"
    );
}

#[test]
fn verify_catches_tampering_with_any_field_deletion_and_reordering() {
    let cases: &[(&str, i64)] = &[
        ("UPDATE journal SET actor = 'mallory' WHERE seq = 3", 3),
        (
            "UPDATE journal SET time = '2026-03-09T00:00:00Z' WHERE seq = 2",
            2,
        ),
        ("UPDATE journal SET inputs = '{}' WHERE seq = 4", 4),
        ("UPDATE journal SET outcome = '{}' WHERE seq = 5", 5),
        ("UPDATE journal SET command = 'init' WHERE seq = 2", 2),
        ("UPDATE journal SET hash = 'beef' WHERE seq = 3", 3),
        ("DELETE FROM journal WHERE seq = 2", 2),
        ("DELETE FROM journal WHERE seq = 5", 5),
        (
            "UPDATE journal SET seq = -seq WHERE seq IN (3, 4);
             UPDATE journal SET seq = 7 + seq WHERE seq IN (-3, -4);",
            3,
        ),
    ];
    for (sql, first_bad) in cases {
        let reg = journal_of_five();
        raw(&reg).execute_batch(sql).unwrap();
        let out = reg.cmd(&["--json", "audit", "verify"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{sql}");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"ok": false, "first_bad": first_bad}),
            "{sql}"
        );
        let text = reg.cmd(&["audit", "verify"]).output().unwrap();
        assert_eq!(text.status.code(), Some(1));
        assert!(
            String::from_utf8_lossy(&text.stdout).contains(&format!("entry {first_bad}")),
            "{sql}"
        );
    }
}
