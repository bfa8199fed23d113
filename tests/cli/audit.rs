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

    // Rows loaded without entries of their own (as `import` loads them) are
    // rebuilt from the table: a row added after the run, and a removal after
    // it, do not change the run's population.
    insert_domain(&conn, "d4.pt", "2026-02-27T10:00:00Z", "P0");
    conn.execute(
        "UPDATE domain SET state = 'removed', removed = '2026-03-05T00:00:00Z' WHERE name = 'c3.pt'",
        [],
    )
    .unwrap();
    let again = reg.json(&["audit-sample", "--reproduce", &seq.to_string()]);
    assert_eq!(again["matches"], true, "{again}");
    assert_eq!(again["population_digest"], run["population_digest"]);
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

/// A registry with one name, `caso.pt`, registered on 2026-02-27 for 9.90,
/// managed by registrar R1, and drawn into a case by a sampling run.
fn one_case() -> Reg {
    let reg = Reg::new();
    let conn = raw(&reg);
    insert_people(&conn, 1);
    conn.execute_batch(
        "INSERT INTO registrar(id, name, email, created)
         VALUES ('R1', 'Registrar One', 'ops@r1.example', '2026-01-01T00:00:00Z');
         INSERT INTO ledger(time, domain, kind, cents, article, years)
         VALUES ('2026-02-27T10:00:00Z', 'caso.pt', 'charge', 990, '18.2', 1),
                ('2020-02-27T10:00:00Z', 'caso.pt', 'charge', 500, '18.2', 1);",
    )
    .unwrap();
    insert_domain(&conn, "caso.pt", "2026-02-27T10:00:00Z", "P0");
    conn.execute(
        "UPDATE domain SET manager = 'R1' WHERE name = 'caso.pt'",
        [],
    )
    .unwrap();
    let run = reg.json(&["audit-sample", "--rate", "1", "--seed", "00"]);
    assert_eq!(selected_names(&run), vec!["caso.pt"]);
    reg
}

fn notices(conn: &Connection) -> Vec<(String, String, String, String)> {
    let mut stmt = conn
        .prepare("SELECT recipient, kind, article, text FROM notice ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn proof_is_requested_for_2_days_and_noticed_to_registrant_and_manager() {
    let reg = one_case();
    let shown = reg.json(&["audit", "request-proof", "caso.pt"]);
    assert_eq!(shown["name"], "caso.pt");
    let case = shown["case"].as_i64().expect("open case id");
    let sent = notices(&raw(&reg));
    let to: Vec<&str> = sent.iter().map(|n| n.0.as_str()).collect();
    assert_eq!(to, vec!["p0@example.pt", "ops@r1.example"]);
    for (_, kind, article, text) in &sent {
        assert_eq!((kind.as_str(), article.as_str()), ("proof-request", "8.2"));
        assert!(text.contains("2026-03-03T09:00:00Z"), "{text}");
    }
    let cases = reg.json(&["audit", "cases", "--open"]);
    assert_eq!(cases[0]["id"], case);
    assert_eq!(cases[0]["proof_due"], "2026-03-03T09:00:00Z");
    // Overdue once the 2 days have passed (at the due time, like the sweep).
    let overdue = |now: &str| -> Value {
        let out = reg
            .at(now, &["--json", "audit", "cases", "--overdue"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(overdue("2026-03-03T08:59:59Z"), serde_json::json!([]));
    assert_eq!(overdue("2026-03-03T09:00:00Z")[0]["name"], "caso.pt");
    let table = reg.ok(&["audit", "cases"]);
    assert!(
        table.contains("caso.pt") && table.contains("open"),
        "{table}"
    );
}

#[test]
fn a_conform_decision_closes_the_case() {
    let reg = one_case();
    let shown = reg.json(&["audit", "decide", "caso.pt", "--conform"]);
    assert_eq!(shown["state"], "reserved");
    assert_eq!(shown["case"], Value::Null);
    assert_eq!(
        reg.json(&["audit", "cases", "--open"]),
        serde_json::json!([])
    );
    let all = reg.json(&["audit", "cases"]);
    assert_eq!(all[0]["decision"], "conform");
    // Decided once: a second decision is refused.
    let err = reg.fails(3, &["audit", "decide", "caso.pt", "--conform"]);
    assert!(err.contains("[Art. 8.1]"), "{err}");
}

#[test]
fn a_removal_after_the_check_notices_the_grounds_and_refunds_under_art_20() {
    let reg = one_case();
    let grounds =
        "The registrant's identification data is false: the NIF belongs to another person.";
    let shown = reg.json(&[
        "audit",
        "decide",
        "caso.pt",
        "--remove",
        "--grounds",
        grounds,
    ]);
    assert_eq!(shown["state"], "removed");
    assert_eq!(shown["removed"], "2026-03-01T09:00:00Z");
    assert_eq!(shown["case"], Value::Null);
    let conn = raw(&reg);
    let sent = notices(&conn);
    assert_eq!(sent.len(), 2);
    for (_, kind, article, text) in &sent {
        assert_eq!((kind.as_str(), article.as_str()), ("removal", "8.3"));
        assert!(text.contains(grounds), "{text}");
        assert!(text.contains("9.90 EUR"), "{text}");
    }
    // Only the charge of the current registration is refunded.
    let refund: (String, i64, String) = conn
        .query_row(
            "SELECT kind, cents, article FROM ledger WHERE kind = 'refund'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(refund, ("refund".to_string(), 990, "20".to_string()));
    let ledger = reg.json(&["ledger"]);
    let line = ledger
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "refund")
        .unwrap();
    assert_eq!(line["amount"], "9.90");
    assert_eq!(line["article"], "20");
    assert_eq!(line["domain"], "caso.pt");
    let all = reg.json(&["audit", "cases"]);
    assert_eq!(all[0]["decision"], "remove");
    assert_eq!(all[0]["grounds"], grounds);
    // The name is free again: a new decision finds nothing.
    reg.fails(4, &["audit", "decide", "caso.pt", "--conform"]);
    let journaled: (String, String) = conn
        .query_row(
            "SELECT command, article FROM journal ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(journaled, ("audit decide".to_string(), "8.3".to_string()));
}

#[test]
fn a_litigation_blocks_the_removal_under_art_21_3() {
    let reg = one_case();
    raw(&reg)
        .execute(
            "UPDATE domain SET litigation = 'Proc. 12/26' WHERE name = 'caso.pt'",
            [],
        )
        .unwrap();
    let err = reg.fails(
        3,
        &["audit", "decide", "caso.pt", "--remove", "--grounds", "x"],
    );
    assert!(
        err.contains("[Art. 21.3]") && err.contains("Proc. 12/26"),
        "{err}"
    );
    // Nothing changed: the case is still open, no refund, no notice.
    assert_eq!(
        reg.json(&["audit", "cases", "--open"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(notices(&raw(&reg)).is_empty());
    // The check may still conclude that the name conforms.
    reg.ok(&["audit", "decide", "caso.pt", "--conform"]);
}

#[test]
fn risky_names_are_always_selected_and_say_why() {
    let reg = Reg::new();
    let conn = raw(&reg);
    insert_people(&conn, 3);
    conn.execute_batch(
        "UPDATE contact SET email = 'not-an-address' WHERE id = 'P2';
         INSERT OR IGNORE INTO list_entry(kind, key, name, source, added_by, added_at)
         VALUES ('geographic', 'lisboa', 'Lisboa', 'test', 'tester', '2026-01-01T00:00:00Z'),
                ('geographic', 'porto', 'Porto', 'test', 'tester', '2026-01-01T00:00:00Z');",
    )
    .unwrap();
    let created = "2026-02-27T10:00:00Z";
    insert_domain(&conn, "lisboa1.pt", created, "P0");
    insert_domain(&conn, "e-porto.pt", created, "P0");
    insert_domain(&conn, "quiet.pt", created, "P0");
    insert_domain(&conn, "badmail.pt", created, "P2");
    // P1 registers 10 names in the window: a burst.
    for i in 0..10 {
        insert_domain(&conn, &format!("hoard{i}.pt"), created, "P1");
    }
    let run = reg.json(&["audit-sample", "--rate", "0", "--seed", "00"]);
    let reasons: std::collections::BTreeMap<String, String> = run["selected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().into(),
                s["reason"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(reasons.len(), 13, "{reasons:?}");
    assert!(!reasons.contains_key("quiet.pt"));
    assert!(reasons["lisboa1.pt"].contains("Lisboa"), "{reasons:?}");
    assert!(reasons["e-porto.pt"].contains("Porto"), "{reasons:?}");
    assert!(reasons["badmail.pt"].contains("P2"), "{reasons:?}");
    assert!(
        reasons["badmail.pt"].contains("not-an-address"),
        "{reasons:?}"
    );
    assert!(
        reasons["hoard0.pt"].contains("registrant P1 registered 10 names"),
        "{reasons:?}"
    );
    // Each risk's case carries its reason.
    let cases = reg.json(&["audit", "cases"]);
    let lisboa = cases
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "lisboa1.pt")
        .unwrap();
    assert_eq!(lisboa["reason"], reasons["lisboa1.pt"].as_str());
}

/// Registers the same names at the same times: the same commands, so two
/// registries built by it hold the same journal.
fn registrations(reg: &Reg) {
    let holders = ["ana-silva", "joao-pereira", "maria-costa", "rui-fernandes"];
    for i in 0..24 {
        let at = format!("2026-03-0{}T1{}:00:00Z", 2 + i % 6, i % 10);
        let name = format!("loja{i}.pt");
        reg.at(&at, &["register", &name, "--registrant", holders[i % 4]])
            .assert()
            .success();
    }
}

#[test]
fn two_registries_built_by_the_same_commands_draw_the_same_sample() {
    let (a, b) = (Reg::with_fixtures(), Reg::with_fixtures());
    registrations(&a);
    registrations(&b);
    let now = "2026-03-08T12:00:00Z";
    let draw = |reg: &Reg, args: &[&str]| -> Value {
        let mut all = vec!["--json", "audit-sample"];
        all.extend_from_slice(args);
        let out = reg.at(now, &all).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let (x, y) = (
        draw(&a, &["--dry-run", "--rate", "0.3", "--seed", "5eed"]),
        draw(&b, &["--dry-run", "--rate", "0.3", "--seed", "5eed"]),
    );
    assert_eq!(x["population"], 24);
    assert_eq!(x["selected"], y["selected"]);
    assert_eq!(x["population_digest"], y["population_digest"]);
    assert!(!selected_names(&x).is_empty());
    // Even the default seed (the journal head) agrees: the journals are equal.
    let (x, y) = (draw(&a, &[]), draw(&b, &[]));
    assert_eq!(x["seed"], y["seed"]);
    assert_eq!(x["selected"], y["selected"]);
}

#[test]
fn a_run_reproduces_after_later_registrations_and_removals() {
    let reg = Reg::with_fixtures();
    registrations(&reg);
    // Removed before the run: not in its population.
    reg.at(
        "2026-03-08T09:00:00Z",
        &["remove", "loja1.pt", "--by", "registrant"],
    )
    .assert()
    .success();
    let mut run = reg.at(
        "2026-03-08T12:00:00Z",
        &[
            "--json",
            "audit-sample",
            "--rate",
            "0.25",
            "--seed",
            "c0ffee",
        ],
    );
    let run: Value = serde_json::from_slice(&run.output().unwrap().stdout).unwrap();
    let seq = run["run"].as_i64().unwrap().to_string();
    assert_eq!(run["population"], 23);
    let picked = selected_names(&run);
    assert!(!picked.is_empty());
    let unpicked = (0..24)
        .map(|i| format!("loja{i}.pt"))
        .find(|n| n != "loja1.pt" && !picked.contains(n))
        .unwrap();
    reg.at(
        "2026-03-08T13:00:00Z",
        &["remove", &unpicked, "--by", "registrant"],
    )
    .assert()
    .success();
    reg.at("2026-03-09T00:00:00Z", &["sweep"])
        .assert()
        .success();
    // Later: more names, a removal after a check, another run, a renewal of time.
    reg.at(
        "2026-03-09T10:00:00Z",
        &["register", "tarde.pt", "--registrant", "ana-silva"],
    )
    .assert()
    .success();
    reg.at(
        "2026-03-09T11:00:00Z",
        &[
            "audit",
            "decide",
            &picked[0],
            "--remove",
            "--grounds",
            "false data",
        ],
    )
    .assert()
    .success();
    reg.at(
        "2026-03-10T00:00:00Z",
        &["audit-sample", "--rate", "0.5", "--seed", "01"],
    )
    .assert()
    .success();
    let mut again = reg.at(
        "2026-04-01",
        &["--json", "audit-sample", "--reproduce", &seq],
    );
    let out = again.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["run"], run["run"]);
    assert_eq!(v["matches"], true);
    assert_eq!(v["population_digest"], run["population_digest"]);
    let text = reg.ok(&["audit-sample", "--reproduce", &seq]);
    assert!(text.contains("reproduced"), "{text}");

    // A rewritten record does not reproduce (and verify names the entry).
    let conn = raw(&reg);
    conn.execute(
        "UPDATE journal SET outcome = replace(outcome, ?1, 'other.pt') WHERE seq = ?2",
        params![picked[0], seq],
    )
    .unwrap();
    let out = reg
        .cmd(&["--json", "audit-sample", "--reproduce", &seq])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["matches"], false);
    assert_eq!(v["missing"][0]["name"], "other.pt");
    assert_eq!(v["extra"][0]["name"], picked[0].as_str());
    let verify = reg.cmd(&["--json", "audit", "verify"]).output().unwrap();
    let verify: Value = serde_json::from_slice(&verify.stdout).unwrap();
    assert_eq!(verify["first_bad"].to_string(), seq);
}

#[test]
fn show_as_of_matches_what_show_said_at_that_time() {
    let reg = Reg::with_fixtures();
    let show = |now: &str| -> Value {
        serde_json::from_slice(
            &reg.at(now, &["--json", "show", "marco.pt"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap()
    };
    reg.at(
        "2026-03-02T10:00:00Z",
        &["register", "marco.pt", "--registrant", "ana-silva"],
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
        &["audit", "request-proof", "marco.pt"],
    )
    .assert()
    .success();
    let asked = show("2026-03-04T10:00:00Z");
    reg.at(
        "2026-03-07T10:00:00Z",
        &[
            "audit",
            "decide",
            "marco.pt",
            "--remove",
            "--grounds",
            "no proof given",
        ],
    )
    .assert()
    .success();
    let removed = show("2026-03-07T10:00:00Z");
    assert_eq!(removed["state"], "removed");
    let as_of = |t: &str| reg.json(&["show", "marco.pt", "--as-of", t]);
    assert_eq!(as_of("2026-03-02T10:00:00Z"), registered);
    assert_eq!(as_of("2026-03-03T09:59:59Z"), registered);
    assert_eq!(as_of("2026-03-03T10:00:00Z"), sampled);
    assert_eq!(as_of("2026-03-03T23:59:59Z"), sampled);
    assert_eq!(as_of("2026-03-04T10:00:00Z"), asked);
    assert_eq!(as_of("2026-03-06"), asked);
    assert_eq!(as_of("2026-03-07T10:00:00Z"), removed);
    let err = reg.fails(4, &["show", "marco.pt", "--as-of", "2026-03-01"]);
    assert!(
        err.contains("not registered at 2026-03-01T00:00:00Z"),
        "{err}"
    );
    reg.fails(2, &["show", "marco.pt", "--as-of", "soon"]);
}

#[test]
fn replay_reports_decisions_a_list_change_would_reverse() {
    let reg = Reg::with_fixtures();
    reg.ok(&["register", "padaria.pt", "--registrant", "ana-silva"]);
    reg.ok(&["register", "sapataria.pt", "--registrant", "ana-silva"]);
    reg.ok(&[
        "register",
        "lisboa.pt",
        "--registrant",
        "ana-silva",
        "--legitimacy",
        "Câmara Municipal de Lisboa",
    ]);
    let none = reg.json(&["audit", "replay"]);
    assert_eq!(none["decisions"], 3);
    assert_eq!(none["differences"], serde_json::json!([]));

    reg.ok(&["list", "add", "blocked", "padaria"]);
    reg.ok(&["list", "remove", "geographic", "Lisboa"]);
    let out = reg.json(&["audit", "replay"]);
    assert_eq!(out["decisions"], 3);
    let diffs = out["differences"].as_array().unwrap();
    assert_eq!(diffs.len(), 2, "{out}");
    let padaria = diffs.iter().find(|d| d["name"] == "padaria.pt").unwrap();
    assert_eq!(padaria["then"]["admissible"], true);
    assert_eq!(padaria["now"]["article"], "8.4");
    assert_eq!(padaria["legitimacy"], false);
    let lisboa = diffs.iter().find(|d| d["name"] == "lisboa.pt").unwrap();
    assert!(["6.1.d", "7.2"].contains(&lisboa["then"]["article"].as_str().unwrap()));
    assert_eq!(lisboa["now"]["admissible"], true);
    assert_eq!(lisboa["legitimacy"], true);
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
            .at(now, &["--json", "whois", "vinhos.pt"])
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
            "vinhos.pt",
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
        &["remove", "vinhos.pt", "--by", "registrant"],
    )
    .assert()
    .success();
    let as_of = |t: &str| {
        let out = reg
            .cmd(&["--json", "whois", "vinhos.pt", "--as-of", t])
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
    let text = reg.ok(&["whois", "vinhos.pt", "--as-of", "2026-03-03"]);
    assert!(text.contains("vinhos.pt"), "{text}");
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
