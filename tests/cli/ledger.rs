//! Tests of `ledger`: charges at the price in force on their date
//! (Art. 18.2), the period filter, and the CSV and JSON forms.

use serde_json::json;

use crate::lifecycle::{at, reg_at, register};

#[test]
fn charges_at_the_price_in_force_on_their_date() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    // A new price from 2027-01-01, put in force ahead of time.
    let text = std::fs::read_to_string(crate::support::fixture("policy.toml"))
        .unwrap_or_else(|_| String::new());
    let base = if text.contains("[[prices]]") {
        text
    } else {
        panic!("fixtures/policy.toml has a price table")
    };
    let policy = base.replacen(
        "[[prices]]",
        "[[prices]]\nfrom = \"2027-01-01\"\nregister = \"12.00\"\nrenew = \"11.00\"\n\n[[prices]]",
        1,
    );
    let path = reg.path("prices.toml");
    std::fs::write(&path, policy).unwrap();
    reg.ok(&["policy", "set", path.to_str().unwrap()]);
    at(&reg, "2026-12-31T23:59:59Z", &["renew", "exemplo.pt"]);
    at(
        &reg,
        "2027-01-01T00:00:00Z",
        &["renew", "exemplo.pt", "--years", "3"],
    );
    let lines = at(&reg, "2027-01-02", &["ledger"]);
    assert_eq!(
        lines,
        json!([
            {"time": "2026-03-01T09:00:00Z", "domain": "exemplo.pt", "kind": "charge", "amount": "9.90", "article": "18.2", "years": 1, "iban": null},
            {"time": "2026-12-31T23:59:59Z", "domain": "exemplo.pt", "kind": "charge", "amount": "9.90", "article": "18.2", "years": 1, "iban": null},
            {"time": "2027-01-01T00:00:00Z", "domain": "exemplo.pt", "kind": "charge", "amount": "33.00", "article": "18.2", "years": 3, "iban": null}
        ])
    );
    // --from inclusive, --to exclusive.
    let some = at(
        &reg,
        "2027-01-02",
        &[
            "ledger",
            "--from",
            "2026-12-31T23:59:59Z",
            "--to",
            "2027-01-01",
        ],
    );
    assert_eq!(some.as_array().unwrap().len(), 1);
    assert_eq!(some[0]["amount"], "9.90");
    // CSV for spreadsheets, with a header.
    let csv = reg.ok(&["ledger", "--csv", "--from", "2027-01-01"]);
    assert_eq!(
        csv,
        "time,domain,kind,amount,article,years,iban\n2027-01-01T00:00:00Z,exemplo.pt,charge,33.00,18.2,3,\n"
    );
}

#[test]
fn an_empty_ledger_and_bad_periods() {
    let reg = reg_at("2026-03-01");
    assert_eq!(reg.json(&["ledger"]), json!([]));
    assert_eq!(
        reg.ok(&["ledger", "--csv"]),
        "time,domain,kind,amount,article,years,iban\n"
    );
    reg.fails(2, &["ledger", "--from", "yesterday"]);
    reg.fails(2, &["ledger", "--from", "2027-01-01", "--to", "2026-01-01"]);
    reg.fails(2, &["ledger", "--csv", "--json"]);
}
