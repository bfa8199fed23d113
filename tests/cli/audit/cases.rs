//! Conformity cases: proof requests (Art. 8.2), decisions (Art. 8.3), the
//! refund (Art. 20) and litigation (Art. 21.3).

use rusqlite::Connection;
use serde_json::Value;

use super::{insert_domain, insert_people, raw, selected_names};
use crate::support::Reg;

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
        // 2 days, 1 March not counted: to 24:00 on 3 March (Lisbon on UTC).
        assert!(text.contains("2026-03-04T00:00:00Z"), "{text}");
    }
    let cases = reg.json(&["audit", "cases", "--open"]);
    assert_eq!(cases[0]["id"], case);
    assert_eq!(cases[0]["proof_due"], "2026-03-04T00:00:00Z");
    // Overdue once the 2 days have passed (at the due time, like the sweep).
    let overdue = |now: &str| -> Value {
        let out = reg
            .at(now, &["--json", "audit", "cases", "--overdue"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(overdue("2026-03-03T23:59:59Z"), serde_json::json!([]));
    assert_eq!(overdue("2026-03-04T00:00:00Z")[0]["name"], "caso.pt");
    let table = reg.ok(&["audit", "cases", "--format", "table"]);
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
    // An arbitral injunction (a suspension) blocks it the same way.
    raw(&reg)
        .execute_batch(
            "UPDATE domain SET litigation = NULL, suspension = 'CAAD 7/26', state = 'suspended'
             WHERE name = 'caso.pt'",
        )
        .unwrap();
    let err = reg.fails(
        3,
        &["audit", "decide", "caso.pt", "--remove", "--grounds", "x"],
    );
    assert!(
        err.contains("[Art. 21.3]") && err.contains("CAAD 7/26"),
        "{err}"
    );
    // The check may still conclude that the name conforms.
    reg.ok(&["audit", "decide", "caso.pt", "--conform"]);
}
