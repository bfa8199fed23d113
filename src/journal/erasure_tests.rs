//! The journal after an erasure: it still verifies, the data is gone, and
//! tampering with any field, any redacted text or any redaction record is
//! still caught.

use serde_json::json;

use super::erasure::Redaction;
use super::*;
use crate::rules::contact::erasure;
use crate::store::Store;

fn ctx() -> Stamp {
    Stamp {
        now: crate::rules::periods::parse_time("2026-03-01").unwrap(),
        actor: "tester".into(),
        reason: None,
    }
}

fn add(conn: &Connection, command: Kind, inputs: Value, outcome: Value) -> i64 {
    let entry = Entry {
        command,
        article: None,
        domain: None,
        inputs,
        outcome,
    };
    append(conn, &ctx(), "digest", entry).unwrap()
}

fn erase(conn: &Connection, id: &str) -> Vec<Redaction> {
    let (head, _) = head(conn).unwrap();
    let done = redact_contact(conn, id, head + 1, |v| erasure::redact(v, id)).unwrap();
    add(
        conn,
        Kind::ContactErase,
        json!({ "id": id }),
        json!({ "contact": { "id": id, "name": "erased" }, "redacted": done }),
    );
    done
}

/// 1 add ana, 2 add rui, 3 a domain of ana, 4 update ana, then erase ana (5).
fn erased_journal() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("j.db")).unwrap();
    let conn = store.conn();
    let ana = json!({"id": "ana", "name": "Ana Silva", "email": "ana@x.pt", "vat": "201238764"});
    add(
        conn,
        Kind::ContactAdd,
        json!({"id": "ana", "fields": {"name": "Ana Silva", "email": "ana@x.pt"}}),
        ana.clone(),
    );
    add(
        conn,
        Kind::ContactAdd,
        json!({"id": "rui", "fields": {"name": "Rui"}}),
        json!({"id": "rui", "name": "Rui"}),
    );
    add(
        conn,
        Kind::Register,
        json!({"name": "ana.pt", "registrant": "ana"}),
        json!({"name": "ana.pt", "registrant": "ana"}),
    );
    add(
        conn,
        Kind::ContactUpdate,
        json!({"id": "ana", "fields": {"phone": "+351.1"}, "before": ana}),
        json!({"id": "ana", "name": "Ana Silva", "phone": "+351.1"}),
    );
    let done = erase(conn, "ana");
    assert_eq!(done.iter().map(|r| r.seq).collect::<Vec<_>>(), [1, 4]);
    (dir, store)
}

fn first_bad(conn: &Connection) -> Option<i64> {
    match verify(conn).unwrap() {
        Verdict::Ok { .. } => None,
        Verdict::Broken { first_bad } => Some(first_bad),
    }
}

#[test]
fn an_erased_journal_verifies_without_the_data() {
    let (_dir, store) = erased_journal();
    let conn = store.conn();
    assert_eq!(first_bad(conn), None);
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM journal WHERE inputs || outcome LIKE '%Ana Silva%'
             OR inputs || outcome LIKE '%ana@x.pt%' OR inputs || outcome LIKE '%+351.1%'
             OR inputs || outcome LIKE '%201238764%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "personal data left in the journal");
    let rui: String = conn
        .query_row("SELECT outcome FROM journal WHERE seq = 2", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(rui.contains("Rui"), "another contact is untouched");
    // The chain goes on after the erase.
    add(
        conn,
        Kind::ContactAdd,
        json!({"id": "eva"}),
        json!({"id": "eva"}),
    );
    assert_eq!(first_bad(conn), None);
}

#[test]
fn tampering_after_an_erase_is_caught() {
    let cases: &[(&str, i64)] = &[
        // a redacted text edited (the data put back, or anything else)
        (
            "UPDATE journal SET inputs = replace(inputs, 'erased', 'Ana Silva') WHERE seq = 1",
            1,
        ),
        ("UPDATE journal SET outcome = '{}' WHERE seq = 4", 4),
        // the redaction record dropped, forged, or pointing elsewhere
        ("UPDATE journal SET redacted = NULL WHERE seq = 4", 4),
        ("UPDATE journal SET redacted = 'x' WHERE seq = 1", 1),
        (
            "UPDATE journal SET redacted = json_set(redacted, '$.by', 3) WHERE seq = 1",
            1,
        ),
        (
            "UPDATE journal SET redacted = json_set(redacted, '$.inputs', 'ab') WHERE seq = 1",
            1,
        ),
        // a redaction record forged on an entry the erase did not touch:
        // its texts are edited and it claims the erase did it
        (
            "UPDATE journal SET outcome = '{}', redacted = json_object('inputs', \
             (SELECT json_extract(redacted, '$.inputs') FROM journal WHERE seq = 1), \
             'outcome', 'x', 'by', 5) WHERE seq = 2",
            2,
        ),
        // the erase entry's list edited
        (
            "UPDATE journal SET outcome = replace(outcome, '\"seq\":4', '\"seq\":2') WHERE seq = 5",
            5,
        ),
        // a non-redacted field of a redacted entry
        ("UPDATE journal SET actor = 'mallory' WHERE seq = 4", 4),
        ("UPDATE journal SET command = 'x' WHERE seq = 1", 1),
    ];
    for (sql, bad) in cases {
        let (_dir, store) = erased_journal();
        store.conn().execute(sql, []).unwrap();
        assert_eq!(first_bad(store.conn()), Some(*bad), "{sql}");
    }
}

#[test]
fn an_entry_redacted_twice_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("j.db")).unwrap();
    let conn = store.conn();
    // One entry holding two contacts (a bulk record, say).
    add(
        conn,
        Kind::ContactAdd,
        json!([{"id": "ana", "name": "Ana"}, {"id": "rui", "name": "Rui"}]),
        json!({}),
    );
    assert_eq!(erase(conn, "ana").len(), 1);
    assert_eq!(first_bad(conn), None);
    assert_eq!(erase(conn, "rui").len(), 1);
    assert_eq!(first_bad(conn), None);
    let text: String = conn
        .query_row("SELECT inputs FROM journal WHERE seq = 1", [], |r| r.get(0))
        .unwrap();
    assert!(!text.contains("Ana") && !text.contains("Rui"), "{text}");
}
