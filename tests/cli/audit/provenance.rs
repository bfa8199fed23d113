//! Migrated names in the audit trail: the import that brought each, its
//! line and record, `show`/`domains --as-of` after the import answering
//! from it and before it naming the import; registrars as they stood.

use serde_json::Value;

use super::raw;
use crate::support::Reg;

const ROWS: usize = 3000;
const IMPORTED_AT: &str = "2026-03-02T10:00:00Z";

/// A migration of `ROWS` names (created over the years, expiring later),
/// imported at `IMPORTED_AT`.
fn migrated() -> Reg {
    let reg = Reg::with_fixtures();
    let holders = ["ana-silva", "joao-pereira", "maria-costa", "rui-fernandes"];
    let mut csv = String::from(
        "name,registrant,manager,tech,created,expires,state,nameservers,ds,arbitration\n",
    );
    for i in 0..ROWS {
        let year = 2000 + i % 25;
        let manager = if i % 3 == 0 { "lusonet" } else { "" };
        csv.push_str(&format!(
            "mig{i:04}.pt,{},{manager},,{year}-01-15T00:00:00Z,2027-01-15T00:00:00Z,,ns1.exemplo.net ns2.exemplo.net,,false\n",
            holders[i % holders.len()]
        ));
    }
    std::fs::write(reg.path("legacy.csv"), csv).unwrap();
    reg.at(IMPORTED_AT, &["import", "legacy.csv"])
        .assert()
        .success();
    reg
}

fn at(reg: &Reg, now: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let out = reg.at(now, args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_at(reg: &Reg, now: &str, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let (code, out, err) = at(reg, now, &all);
    assert_eq!(code, Some(0), "{args:?}: {err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn history_shows_the_import_that_brought_each_name() {
    let reg = migrated();
    for i in [0usize, 1234, ROWS - 1] {
        let name = format!("mig{i:04}.pt");
        let h = json_at(&reg, "2026-03-05", &["history", &name]);
        let entries = h.as_array().unwrap();
        assert_eq!(entries.len(), 1, "{h}");
        let e = &entries[0];
        assert_eq!(e["command"], "import");
        assert_eq!(e["time"], IMPORTED_AT);
        assert_eq!(e["domain"], name.as_str());
        assert_eq!(e["inputs"]["file"], "legacy.csv");
        assert_eq!(e["inputs"]["sha256"].as_str().map(str::len), Some(64));
        // The header is line 1.
        assert_eq!(e["inputs"]["line"], i + 2);
        let created = format!("{}-01-15T00:00:00Z", 2000 + i % 25);
        assert_eq!(e["outcome"]["created"], created.as_str());
        assert_eq!(e["outcome"]["record"]["name"], name.as_str());
        assert_eq!(e["outcome"]["changed_since"], false);
        assert_eq!(e["outcome"]["digest"].as_str().map(str::len), Some(64));
    }
    let text = reg.ok(&["history", "mig0007.pt", "--format", "table"]);
    assert!(text.contains("migrated: legacy.csv line 9"), "{text}");
    assert!(text.contains("created 2007-01-15"), "{text}");
    // The journal holds one entry for the whole import, and still verifies.
    let v = reg.json(&["audit", "verify"]);
    assert_eq!(v["ok"], true, "{v}");
}

#[test]
fn as_of_after_the_import_answers_from_its_record_and_before_names_it() {
    let reg = migrated();
    let now = reg.json(&["show", "mig0042.pt"]);
    let after = json_at(
        &reg,
        "2026-03-05",
        &["show", "mig0042.pt", "--as-of", "2026-03-03"],
    );
    assert_eq!(after, now);
    let (code, _, err) = at(
        &reg,
        "2026-03-05",
        &["show", "mig0042.pt", "--as-of", "2026-03-01"],
    );
    assert_eq!(code, Some(4), "{err}");
    assert!(err.contains("was not yet in this registry"), "{err}");
    assert!(err.contains("legacy.csv"), "{err}");
    assert!(err.contains("line 44"), "{err}");
    // A change after the import: before it, the record as imported.
    reg.at("2026-03-10", &["renew", "mig0042.pt"])
        .assert()
        .success();
    reg.at(
        "2026-03-11",
        &[
            "update",
            "mig0042.pt",
            "--ns",
            "a.exemplo.net",
            "--ns",
            "b.exemplo.net",
        ],
    )
    .assert()
    .success();
    let between = json_at(
        &reg,
        "2026-03-12",
        &["show", "mig0042.pt", "--as-of", "2026-03-09"],
    );
    assert_eq!(between["expires"], "2027-01-15T00:00:00Z");
    assert_eq!(between["nameservers"][0]["host"], "ns1.exemplo.net");
    let renewed = json_at(
        &reg,
        "2026-03-12",
        &["show", "mig0042.pt", "--as-of", "2026-03-10T12:00:00Z"],
    );
    assert_eq!(renewed["expires"], "2028-01-15T00:00:00Z");
    assert_eq!(renewed["nameservers"][0]["host"], "ns1.exemplo.net");
    let updated = json_at(
        &reg,
        "2026-03-12",
        &["show", "mig0042.pt", "--as-of", "2026-03-12"],
    );
    assert_eq!(updated["nameservers"][0]["host"], "a.exemplo.net");
    // History: the import, then the changes; the import says the row changed.
    let h = json_at(&reg, "2026-03-12", &["history", "mig0042.pt"]);
    let commands: Vec<&str> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["command"].as_str().unwrap())
        .collect();
    assert_eq!(commands, vec!["import", "renew", "update"]);
    assert_eq!(h[0]["outcome"]["changed_since"], true);
    assert_eq!(h[0]["outcome"]["record"]["expires"], "2027-01-15T00:00:00Z");
    // WHOIS as of then answers too.
    let w = json_at(
        &reg,
        "2026-03-12",
        &["whois", "mig0042.pt", "--as-of", "2026-03-09"],
    );
    assert_eq!(w["expires"], "2027-01-15T00:00:00Z");
}

#[test]
fn domains_as_of_lists_the_registry_as_it_stood() {
    let reg = migrated();
    let before = json_at(&reg, "2026-03-05", &["domains", "--as-of", "2026-03-01"]);
    assert_eq!(before.as_array().unwrap().len(), 0);
    reg.at("2026-03-10", &["renew", "mig0005.pt"])
        .assert()
        .success();
    reg.at(
        "2026-03-10",
        &["register", "nova.pt", "--registrant", "ana-silva"],
    )
    .assert()
    .success();
    let then = json_at(&reg, "2026-03-12", &["domains", "--as-of", "2026-03-05"]);
    let list = then.as_array().unwrap();
    assert_eq!(list.len(), ROWS);
    let five = list.iter().find(|d| d["name"] == "mig0005.pt").unwrap();
    assert_eq!(five["expires"], "2027-01-15T00:00:00Z");
    assert!(!list.iter().any(|d| d["name"] == "nova.pt"));
    let now = json_at(&reg, "2026-03-12", &["domains", "--as-of", "2026-03-12"]);
    assert_eq!(now.as_array().unwrap().len(), ROWS + 1);
    assert_eq!(now, json_at(&reg, "2026-03-12", &["domains"]));
    // Filters apply to the registry as it stood.
    let lusonet = json_at(
        &reg,
        "2026-03-12",
        &["domains", "--as-of", "2026-03-05", "--manager", "lusonet"],
    );
    assert_eq!(lusonet.as_array().unwrap().len(), ROWS / 3);
}

#[test]
fn tampering_with_provenance_is_caught() {
    let reg = migrated();
    let conn = raw(&reg);
    // A row's recorded digest changed: verify names the import entry.
    let import: i64 = conn
        .query_row(
            "SELECT seq FROM journal WHERE command = 'import'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute(
        "UPDATE migrated SET digest = zeroblob(32) WHERE domain_id = (SELECT id FROM domain WHERE name = 'mig0100.pt')",
        [],
    )
    .unwrap();
    let out = reg.cmd(&["--json", "audit", "verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["first_bad"], import, "{v}");
    // And the name's past is refused, not guessed.
    let (code, _, err) = at(
        &reg,
        "2026-03-05",
        &["show", "mig0100.pt", "--as-of", "2026-03-03"],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("no longer matches the record its import recorded"),
        "{err}"
    );
}

#[test]
fn registrars_are_listed_as_they_stood() {
    let reg = migrated();
    reg.at("2026-03-20", &["registrar", "withdraw", "atlantico"])
        .assert()
        .success();
    let then = json_at(
        &reg,
        "2026-03-21",
        &["registrar", "list", "--as-of", "2026-03-10"],
    );
    let atl = then
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "atlantico")
        .unwrap()
        .clone();
    assert_eq!(atl["withdrawn"], Value::Null);
    let now = json_at(&reg, "2026-03-21", &["registrar", "list"]);
    let atl = now
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "atlantico")
        .unwrap()
        .clone();
    assert!(atl["withdrawn"].is_string());
    // Before the registrars were loaded, none.
    let none = json_at(
        &reg,
        "2026-03-21",
        &["registrar", "list", "--as-of", "2020-01-01"],
    );
    assert_eq!(none.as_array().unwrap().len(), 0);
}
