//! Tests of `audit-sample` and `audit` (SPEC §9): the draw, its window, its
//! reproduction, cases, the journal's verification and point-in-time views.

use rusqlite::{Connection, params};
use serde_json::Value;

use crate::support::{Reg, fixture, path_str};

/// Opens the registry file behind ptreg's back, as an auditor (or an
/// attacker) holding the file would.
fn raw(reg: &Reg) -> Connection {
    Connection::open(&reg.db).expect("open registry file")
}

/// Inserts `count` contacts `P0..` with sound data.
fn insert_people(conn: &Connection, count: usize) {
    let tx = conn.unchecked_transaction().unwrap();
    for i in 0..count {
        tx.execute(
            "INSERT INTO contact(id, kind, name, email, phone, address, country, created, updated)
             VALUES (?1, 'person', ?2, ?3, '+351.912345678', 'Rua A 1, Lisboa', 'PT',
                     '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
            params![
                format!("P{i}"),
                format!("Person {i}"),
                format!("p{i}@example.pt")
            ],
        )
        .unwrap();
    }
    tx.commit().unwrap();
}

/// Inserts a `reserved` domain row created at `created`, held by `registrant`.
fn insert_domain(conn: &Connection, name: &str, created: &str, registrant: &str) {
    conn.execute(
        "INSERT INTO domain(name, unicode, hierarchy, state, created, expires, registrant,
            tech, state_since)
         VALUES (?1, ?1, 'pt', 'reserved', ?2, '2027-03-01T00:00:00Z', ?3, ?3, ?2)",
        params![name, created, registrant],
    )
    .unwrap();
}

fn selected_names(v: &Value) -> Vec<String> {
    v["selected"]
        .as_array()
        .expect("selected")
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_rate_is_statistically_right_on_20000_names() {
    let reg = Reg::new();
    let conn = raw(&reg);
    // Five names per registrant: below the burst threshold.
    insert_people(&conn, 4000);
    let tx = conn.unchecked_transaction().unwrap();
    for i in 0..20_000 {
        insert_domain(
            &tx,
            &format!("zq{i:05}x.pt"),
            "2026-02-25T12:00:00Z",
            &format!("P{}", i % 4000),
        );
    }
    tx.commit().unwrap();
    for (seed, rate) in [("5eed", 0.05), ("01", 0.05), ("abcdef", 0.2)] {
        let out = reg.json(&[
            "--dry-run",
            "audit-sample",
            "--rate",
            rate_str(rate),
            "--seed",
            seed,
        ]);
        assert_eq!(out["population"], 20_000);
        assert_eq!(out["seed"], seed);
        let sel = out["selected"].as_array().unwrap();
        assert!(sel.iter().all(|s| s["reason"] == "random"), "{seed}");
        // Binomial(20000, rate): within 4.5 standard deviations of the mean.
        let n = 20_000.0;
        let (mean, sd) = (n * rate, (n * rate * (1.0 - rate)).sqrt());
        let got = sel.len() as f64;
        assert!(
            (got - mean).abs() < 4.5 * sd,
            "seed {seed} rate {rate}: {got} selected, expected {mean} ± {}",
            4.5 * sd
        );
    }
    // --count takes exactly N; the same seed gives the same N names.
    let a = reg.json(&["--dry-run", "audit-sample", "--count", "25", "--seed", "77"]);
    let b = reg.json(&["--dry-run", "audit-sample", "--count", "25", "--seed", "77"]);
    assert_eq!(selected_names(&a).len(), 25);
    assert_eq!(selected_names(&a), selected_names(&b));
    let c = reg.json(&["--dry-run", "audit-sample", "--count", "25", "--seed", "78"]);
    assert_ne!(selected_names(&a), selected_names(&c));
}

fn rate_str(rate: f64) -> &'static str {
    if rate == 0.05 { "0.05" } else { "0.2" }
}

#[test]
fn the_window_holds_the_last_10_days_and_excludes_its_start() {
    let reg = Reg::new();
    let conn = raw(&reg);
    insert_people(&conn, 1);
    let now = "2026-03-11T09:00:00Z";
    let rows = [
        ("exactly10days.pt", "2026-03-01T09:00:00Z"), // out: the 10 days ended now
        ("justinside.pt", "2026-03-01T09:00:01Z"),    // in
        ("older.pt", "2026-02-20T00:00:00Z"),         // out
        ("rightnow.pt", "2026-03-11T09:00:00Z"),      // in
        ("future.pt", "2026-03-11T09:00:01Z"),        // out: after --now
    ];
    for (name, created) in rows {
        insert_domain(&conn, name, created, "P0");
    }
    let out: Value = serde_json::from_slice(
        &reg.at(
            now,
            &["--json", "audit-sample", "--rate", "1", "--seed", "00"],
        )
        .output()
        .unwrap()
        .stdout,
    )
    .unwrap();
    assert_eq!(out["population"], 2);
    assert_eq!(selected_names(&out), vec!["justinside.pt", "rightnow.pt"]);
    // One second later, the name registered 10 days minus 1 s ago leaves too.
    let later = reg
        .at(
            "2026-03-11T09:00:01Z",
            &["--json", "audit-sample", "--rate", "1", "--seed", "00"],
        )
        .output()
        .unwrap();
    let later: Value = serde_json::from_slice(&later.stdout).unwrap();
    // rightnow.pt was sampled by the first run: not drawn twice.
    assert_eq!(later["population"], 1);
    assert_eq!(selected_names(&later), vec!["future.pt"]);
}

#[test]
fn a_run_opens_cases_and_is_journaled_with_its_digest() {
    let reg = Reg::new();
    let conn = raw(&reg);
    insert_people(&conn, 1);
    for name in ["a1.pt", "b2.pt", "c3.pt"] {
        insert_domain(&conn, name, "2026-02-27T10:00:00Z", "P0");
    }
    let run = reg.json(&["audit-sample", "--count", "2", "--seed", "ab"]);
    let seq = run["run"].as_i64().unwrap();
    // SHA-256 of the sorted names, one a line.
    assert_eq!(
        run["population_digest"],
        sha256_hex(b"a1.pt\nb2.pt\nc3.pt\n")
    );
    let (command, article, inputs): (String, String, String) = conn
        .query_row(
            "SELECT command, article, inputs FROM journal WHERE seq = ?1",
            [seq],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (command.as_str(), article.as_str()),
        ("audit-sample", "8.1")
    );
    let inputs: Value = serde_json::from_str(&inputs).unwrap();
    assert_eq!(inputs["seed"], "ab");
    assert_eq!(inputs["count"], 2);
    let cases = reg.json(&["audit", "cases", "--open"]);
    let cases = cases.as_array().unwrap();
    assert_eq!(cases.len(), 2);
    assert!(
        cases
            .iter()
            .all(|c| c["run"] == seq && c["reason"] == "random")
    );
    let mut names: Vec<String> = cases
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    assert_eq!(names, selected_names(&run));
    // The third name is the whole population of the next run.
    let next = reg.json(&["audit-sample", "--rate", "1", "--seed", "ab"]);
    assert_eq!(next["population"], 1);
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

#[test]
fn the_default_seed_is_the_journal_head_and_is_printed() {
    let reg = Reg::new();
    let conn = raw(&reg);
    let head: String = conn
        .query_row(
            "SELECT hash FROM journal ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let run = reg.json(&["audit-sample"]);
    assert_eq!(run["seed"], head);
    assert_eq!(run["population"], 0);
    let text = reg.ok(&["audit-sample"]);
    assert!(text.contains("seed "), "{text}");
}

#[test]
fn bad_parameters_are_usage_errors() {
    let reg = Reg::new();
    reg.fails(2, &["audit-sample", "--rate", "1.5"]);
    reg.fails(2, &["audit-sample", "--rate", "-0.1"]);
    reg.fails(2, &["audit-sample", "--seed", "xyz"]);
    reg.fails(2, &["audit-sample", "--seed", "abc"]);
    reg.fails(2, &["audit-sample", "--rate", "0.1", "--count", "3"]);
    let err = reg.fails(4, &["audit-sample", "--reproduce", "1"]);
    assert!(err.contains("not a sampling run"), "{err}");
}

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
    assert_eq!(
        reg.json(&["audit", "verify"]),
        serde_json::json!({"ok": true, "entries": 5})
    );
    let text = reg.ok(&["audit", "verify"]);
    assert!(text.contains("5 entries"), "{text}");
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

#[test]
fn cases_refuse_without_an_open_case() {
    let reg = Reg::new();
    let conn = raw(&reg);
    insert_people(&conn, 1);
    insert_domain(&conn, "nocase.pt", "2026-02-27T10:00:00Z", "P0");
    let err = reg.fails(3, &["audit", "request-proof", "nocase.pt"]);
    assert!(err.contains("[Art. 8.2]"), "{err}");
    let err = reg.fails(3, &["audit", "decide", "nocase.pt", "--conform"]);
    assert!(err.contains("no open conformity case"), "{err}");
    reg.fails(4, &["audit", "decide", "free.pt", "--conform"]);
    reg.fails(2, &["audit", "decide", "nocase.pt", "--remove"]);
    assert_eq!(reg.json(&["audit", "cases"]), serde_json::json!([]));
}
