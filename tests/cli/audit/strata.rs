//! Risk strata capped by `[sampling] risk_share`, shared among strata, and
//! the list of runs.

use serde_json::Value;

use super::{insert_domain, insert_people, raw};
use crate::support::Reg;

/// 200 names registered in the window by two registrants (a burst each).
fn two_hoarders() -> Reg {
    let reg = Reg::new();
    let conn = raw(&reg);
    insert_people(&conn, 2);
    let tx = conn.unchecked_transaction().unwrap();
    for i in 0..200 {
        insert_domain(
            &tx,
            &format!("hoard{i:03}.pt"),
            "2026-02-25T12:00:00Z",
            &format!("P{}", i % 2),
        );
    }
    tx.commit().unwrap();
    reg
}

fn strata(run: &Value) -> Vec<String> {
    run["selected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stratum"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_burst_gives_a_few_cases_not_every_name_at_every_rate() {
    let reg = two_hoarders();
    for (rate, cap) in [(0.02, 2), (0.05, 5), (0.1, 10), (0.2, 20), (0.5, 50)] {
        let run = reg.json(&[
            "--dry-run",
            "audit-sample",
            "--rate",
            &rate.to_string(),
            "--seed",
            "5eed",
        ]);
        assert_eq!(run["population"], 200);
        let s = strata(&run);
        let random = s.iter().filter(|s| *s == "random").count();
        let p0 = s.iter().filter(|s| *s == "burst:P0").count();
        let p1 = s.iter().filter(|s| *s == "burst:P1").count();
        assert_eq!(random + p0 + p1, s.len(), "{rate}: {s:?}");
        // ⌈risk_share × R × population⌉, shared between the two strata.
        assert_eq!(p0 + p1, cap, "{rate}");
        assert!(p0.abs_diff(p1) <= 1, "{rate}: {p0} vs {p1}");
        // The random draw is untouched by the strata.
        assert!(random > 0 || rate < 0.05, "{rate}");
        // Each burst name says why.
        for sel in run["selected"].as_array().unwrap() {
            if sel["stratum"] != "random" {
                assert!(
                    sel["reason"]
                        .as_str()
                        .unwrap()
                        .starts_with("registration burst: registrant P"),
                    "{sel}"
                );
            }
        }
    }
    // With --count N the strata add at most ⌈risk_share × N⌉.
    let run = reg.json(&["--dry-run", "audit-sample", "--count", "7", "--seed", "01"]);
    let s = strata(&run);
    assert_eq!(s.iter().filter(|s| *s == "random").count(), 7);
    assert_eq!(s.len(), 7 + 4);
    // A registry whose policy sets risk_share = 0 adds none.
    let policy = crate::support::fixture("../src/rules/default_policy.toml");
    let text = std::fs::read_to_string(policy)
        .unwrap()
        .replace("risk_share = 0.5", "risk_share = 0");
    std::fs::write(reg.path("p.toml"), text).unwrap();
    reg.ok(&["policy", "set", reg.path("p.toml").to_str().unwrap()]);
    let run = reg.json(&["--dry-run", "audit-sample", "--count", "7", "--seed", "01"]);
    assert!(strata(&run).iter().all(|s| s == "random"));
}

#[test]
fn runs_are_listed_and_reproduce_exactly() {
    let reg = two_hoarders();
    let none = reg.ok(&["audit", "runs", "--format", "table"]);
    assert_eq!(none.trim(), "no sampling runs");
    let first = reg.json(&["audit-sample", "--rate", "0.2", "--seed", "5eed"]);
    let mut second = reg.at(
        "2026-03-01T10:00:00Z",
        &["--json", "audit-sample", "--count", "3"],
    );
    let second: Value = serde_json::from_slice(&second.output().unwrap().stdout).unwrap();
    let runs = reg.json(&["audit", "runs"]);
    let runs = runs.as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["run"], first["run"]);
    assert_eq!(runs[0]["seed"], "5eed");
    assert_eq!(runs[0]["size"], "rate 0.2");
    assert_eq!(runs[0]["population"], 200);
    assert_eq!(runs[0]["population_digest"], first["population_digest"]);
    assert_eq!(
        runs[0]["selected"],
        first["selected"].as_array().unwrap().len()
    );
    assert_eq!(runs[1]["run"], second["run"]);
    // The second run's seed is the journal head it saw, printed.
    assert_eq!(runs[1]["seed"], second["seed"]);
    assert_eq!(runs[1]["size"], "count 3");
    let text = reg.ok(&["audit", "runs", "--format", "table"]);
    assert!(text.contains("5eed") && text.contains("count 3"), "{text}");
    // A plain list for scripts, like every other list.
    let tsv = reg.ok(&["audit", "runs", "--format", "tsv"]);
    let mut lines = tsv.lines();
    assert_eq!(
        lines.next(),
        Some("run\ttime\tactor\tseed\tsize\tpopulation\tpopulation_digest\tselected")
    );
    assert_eq!(lines.count(), 2);
    for run in runs {
        let again = reg.json(&["audit-sample", "--reproduce", &run["run"].to_string()]);
        assert_eq!(again["matches"], true, "{again}");
    }
    // Entry 1 is not a run: the error points at the list.
    let err = reg.fails(4, &["audit-sample", "--reproduce", "1"]);
    assert!(err.contains("audit runs"), "{err}");
}
