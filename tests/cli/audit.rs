//! Tests of `audit-sample` and `audit` (Art. 8): the draw, its window and
//! its reproduction here; cases, the journal and the past in submodules.

mod anchoring;
mod cases;
mod history;
mod journal;
mod provenance;
mod report;
mod strata;

use rusqlite::{Connection, params};
use serde_json::Value;

use crate::support::Reg;

/// Opens the registry file behind ptreg's back, as an auditor (or an
/// attacker) holding the file would.
pub(super) fn raw(reg: &Reg) -> Connection {
    Connection::open(&reg.db).expect("open registry file")
}

/// Inserts `count` contacts `P0..` with sound data.
pub(super) fn insert_people(conn: &Connection, count: usize) {
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
pub(super) fn insert_domain(conn: &Connection, name: &str, created: &str, registrant: &str) {
    conn.execute(
        "INSERT INTO domain(name, unicode, hierarchy, state, created, expires, registrant,
            tech, state_since)
         VALUES (?1, ?1, 'pt', 'reserved', ?2, '2027-03-01T00:00:00Z', ?3, ?3, ?2)",
        params![name, created, registrant],
    )
    .unwrap();
}

pub(super) fn selected_names(v: &Value) -> Vec<String> {
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
    for (seed, rate) in [("5eed", "0.05"), ("01", "0.05"), ("abcdef", "0.2")] {
        let out = reg.json(&["--dry-run", "audit-sample", "--rate", rate, "--seed", seed]);
        let rate: f64 = rate.parse().unwrap();
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

#[test]
fn the_window_holds_the_last_10_days_and_excludes_its_start() {
    let reg = Reg::new();
    let conn = raw(&reg);
    insert_people(&conn, 1);
    // Civil counting (Lisbon, on UTC in March): a name registered on 1 March
    // has its 10 days until 24:00 on 11 March.
    let now = "2026-03-11T09:00:00Z";
    let rows = [
        ("lastfebruary.pt", "2026-02-28T23:59:59Z"), // out: its 10 days ended at 24:00 on 10 March
        ("firstofmarch.pt", "2026-03-01T00:00:00Z"), // in
        ("older.pt", "2026-02-20T00:00:00Z"),        // out
        ("rightnow.pt", "2026-03-11T09:00:00Z"),     // in
        ("future.pt", "2026-03-12T00:00:00Z"),       // out: after --now
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
    assert_eq!(selected_names(&out), vec!["firstofmarch.pt", "rightnow.pt"]);
    // At 00:00 on 12 March, the names of 1 March leave the window.
    let later = reg
        .at(
            "2026-03-12T00:00:00Z",
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

#[test]
fn risky_names_are_selected_and_say_why() {
    let reg = Reg::new();
    let conn = raw(&reg);
    insert_people(&conn, 43);
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
    // Forty calm names of forty registrants: a population of 54, so at
    // --rate 0.5 the strata may add ⌈0.5 × 0.5 × 54⌉ = 14, room for all 13
    // risky names.
    for i in 0..40 {
        insert_domain(
            &conn,
            &format!("calm{i}.pt"),
            created,
            &format!("P{}", i + 3),
        );
    }
    let run = reg.json(&["audit-sample", "--rate", "0.5", "--seed", "00"]);
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
    let risky = reasons.iter().filter(|(_, r)| *r != "random").count();
    assert_eq!(risky, 13, "{reasons:?}");
    assert!(reasons.get("quiet.pt").is_none_or(|r| r == "random"));
    // Each says which stratum chose it.
    for s in run["selected"].as_array().unwrap() {
        let stratum = s["stratum"].as_str().unwrap();
        assert!(
            ["random", "near", "burst:P1", "contact"].contains(&stratum),
            "{s}"
        );
    }
    assert!(reasons["lisboa1.pt"].contains("Lisboa"), "{reasons:?}");
    assert!(
        reasons["e-porto.pt"].to_lowercase().contains("porto"),
        "{reasons:?}"
    );
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
fn a_run_reproduces_against_the_lists_it_saw() {
    let reg = Reg::with_fixtures();
    reg.ok(&["register", "lisboa1.pt", "--registrant", "ana-silva"]);
    reg.ok(&["register", "pastelaria.pt", "--registrant", "ana-silva"]);
    // At --rate 0.5 the strata may add one name: the one near Lisboa.
    let run = reg.json(&["audit-sample", "--rate", "0.5", "--seed", "00"]);
    let lisboa = run["selected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "lisboa1.pt")
        .expect("lisboa1.pt selected");
    assert!(
        lisboa["reason"].as_str().unwrap().contains("Lisboa"),
        "{run}"
    );
    // The list changes after the run: the run still reproduces.
    reg.ok(&["list", "remove", "geographic", "Lisboa"]);
    reg.ok(&["list", "add", "blocked", "pastelaria1"]);
    let again = reg.json(&["audit-sample", "--reproduce", &run["run"].to_string()]);
    assert_eq!(again["matches"], true, "{again}");
}
