//! Unit tests of rebuilding the past from the journal.

use super::*;
use crate::journal::{self, Entry, Kind, Stamp};
use crate::model::{ContactKind, State};
use crate::rules::lists::ListKind;
use crate::rules::periods::parse_time;
use crate::store::Store;

fn t(text: &str) -> Time {
    parse_time(text).unwrap()
}

fn ctx(now: &str) -> Stamp {
    Stamp {
        now: t(now),
        actor: "tester".into(),
        reason: None,
    }
}

fn domain(name: &str, created: &str, state: State, registrant: &str) -> Domain {
    Domain {
        state,
        expires: t("2027-01-01"),
        registrant: registrant.into(),
        manager: registrant.into(),
        tech: registrant.into(),
        ..Domain::example(name, t(created))
    }
}

fn journal_domain(conn: &Connection, now: &str, command: &str, d: &Domain) {
    let entry = Entry {
        command: Kind::parse(command).unwrap(),
        article: None,
        domain: Some(&d.name),
        inputs: serde_json::json!({}),
        outcome: serde_json::to_value(d).unwrap(),
    };
    journal::append(conn, &ctx(now), "digest", entry).unwrap();
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&dir.path().join("h.db")).unwrap();
    (dir, store)
}

#[test]
fn a_domain_as_of_a_time_is_its_latest_outcome_by_then() {
    let (_dir, store) = store();
    let conn = store.conn();
    let mut d = domain("a.pt", "2026-03-01T10:00:00Z", State::Reserved, "P");
    journal_domain(conn, "2026-03-01T10:00:00Z", "register", &d);
    d.state = State::Registered;
    journal_domain(conn, "2026-03-05T10:00:00Z", "update", &d);
    let cases: &[(&str, Option<State>)] = &[
        ("2026-03-01T09:59:59Z", None),
        ("2026-03-01T10:00:00Z", Some(State::Reserved)),
        ("2026-03-05T09:59:59Z", Some(State::Reserved)),
        ("2026-03-05T10:00:00Z", Some(State::Registered)),
        ("2026-04-01T00:00:00Z", Some(State::Registered)),
    ];
    for (at, want) in cases {
        let got = domain_as_of(conn, "a.pt", t(at)).unwrap().map(|d| d.state);
        assert_eq!(got, *want, "{at}");
    }
    // An entry about the name that does not record the domain is an error
    // naming it, not a silent skip that would change the answer.
    let seq = journal::append(
        conn,
        &ctx("2026-03-06T00:00:00Z"),
        "digest",
        Entry {
            command: journal::Kind::TransferCode,
            article: None,
            domain: Some("a.pt"),
            inputs: serde_json::json!({}),
            outcome: serde_json::json!({ "issued": true }),
        },
    )
    .unwrap();
    let err = domain_as_of(conn, "a.pt", t("2026-04-01")).unwrap_err();
    assert!(
        err.message
            .contains(&format!("journal entry {seq} (transfer-code)")),
        "{}",
        err.message
    );
    let before = domain_as_of(conn, "a.pt", t("2026-03-05T10:00:00Z")).unwrap();
    assert_eq!(before.map(|d| d.state), Some(State::Registered));
    assert!(
        domain_as_of(conn, "b.pt", t("2026-04-01"))
            .unwrap()
            .is_none()
    );
}

fn contact(id: &str, email: &str, at: &str) -> Contact {
    Contact {
        id: id.into(),
        kind: ContactKind::Person,
        name: "Ana".into(),
        email: email.into(),
        phone: "+351.912345678".into(),
        address: "Rua A".into(),
        country: "PT".into(),
        vat: None,
        iban: None,
        whois_consent: false,
        created: t(at),
        updated: t(at),
    }
}

#[test]
fn a_contact_as_of_a_time_is_its_latest_add_or_update() {
    let (_dir, store) = store();
    let conn = store.conn();
    for (command, at, email) in [
        ("contact add", "2026-03-01T00:00:00Z", "old@example.pt"),
        ("contact update", "2026-03-10T00:00:00Z", "new@example.pt"),
    ] {
        let entry = Entry {
            command: Kind::parse(command).unwrap(),
            article: None,
            domain: None,
            inputs: serde_json::json!({}),
            outcome: serde_json::to_value(contact("ANA", email, at)).unwrap(),
        };
        journal::append(conn, &ctx(at), "digest", entry).unwrap();
    }
    let email = |at: &str| contact_as_of(conn, "ANA", t(at)).unwrap().map(|c| c.email);
    assert_eq!(email("2026-02-28"), None);
    assert_eq!(email("2026-03-09").as_deref(), Some("old@example.pt"));
    assert_eq!(email("2026-03-10").as_deref(), Some("new@example.pt"));
    // A contact with no entry of its own (imported) comes from the table
    // while unchanged since the time asked about.
    contacts::insert_contact(conn, &contact("IMP", "imp@example.pt", "2026-03-02")).unwrap();
    let imp = |at: &str| contact_as_of(conn, "IMP", t(at)).unwrap().map(|c| c.email);
    assert_eq!(imp("2026-03-01"), None);
    assert_eq!(imp("2026-03-03").as_deref(), Some("imp@example.pt"));
    // Once updated, its state before the update is the update's `before`.
    let old = contact("IMP", "imp@example.pt", "2026-03-02");
    let new = Contact {
        updated: t("2026-03-05"),
        ..contact("IMP", "new-imp@example.pt", "2026-03-02")
    };
    contacts::update_contact(conn, &new).unwrap();
    let entry = Entry {
        command: journal::Kind::ContactUpdate,
        article: Some("13"),
        domain: None,
        inputs: serde_json::json!({ "id": "IMP", "before": old }),
        outcome: serde_json::to_value(&new).unwrap(),
    };
    journal::append(conn, &ctx("2026-03-05"), "digest", entry).unwrap();
    assert_eq!(imp("2026-03-01"), None);
    assert_eq!(imp("2026-03-03").as_deref(), Some("imp@example.pt"));
    assert_eq!(imp("2026-03-05").as_deref(), Some("new-imp@example.pt"));
}

#[test]
fn a_population_is_rebuilt_from_the_entries_before_the_run() {
    let (_dir, store) = store();
    let conn = store.conn();
    let from = t("2026-03-01T00:00:00Z");
    let to = t("2026-03-11T00:00:00Z");
    let reg = |name: &str, created: &str| {
        let d = domain(name, created, State::Reserved, "P");
        journal_domain(conn, created, "register", &d);
        d
    };
    reg("old.pt", "2026-02-28T00:00:00Z"); // before the window
    reg("edge.pt", "2026-03-01T00:00:00Z"); // at its start: out
    reg("kept.pt", "2026-03-02T00:00:00Z");
    let mut gone = reg("gone.pt", "2026-03-03T00:00:00Z");
    gone.state = State::Removed;
    journal_domain(conn, "2026-03-04T00:00:00Z", "remove", &gone);
    let mut legit = domain("legit.pt", "2026-03-03T00:00:00Z", State::Reserved, "P");
    legit.case = Some(1);
    journal_domain(conn, "2026-03-03T00:00:00Z", "register", &legit);
    legit.case = None;
    journal_domain(conn, "2026-03-04T00:00:00Z", "audit decide", &legit);
    reg("drawn.pt", "2026-03-03T00:00:00Z");
    journal::append(
        conn,
        &ctx("2026-03-05T00:00:00Z"),
        "digest",
        Entry {
            command: journal::Kind::AuditSample,
            article: Some("8.1"),
            domain: None,
            inputs: serde_json::json!({}),
            outcome: serde_json::json!({
                "population": 1, "population_digest": "x",
                "selected": [{ "name": "drawn.pt", "reason": "random" }]
            }),
        },
    )
    .unwrap();
    let run = journal::head(conn).unwrap().0 + 1;
    // Entries after the run do not count.
    reg("late.pt", "2026-03-06T00:00:00Z");
    let (members, window) = population_before(conn, run, from, to, None).unwrap();
    let names: Vec<&str> = members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, vec!["kept.pt"]);
    assert_eq!(window.len(), 4); // kept, gone, legit, drawn
}

#[test]
fn lists_are_rebuilt_at_a_version_by_undoing_later_changes() {
    let (_dir, store) = store();
    let conn = store.conn();
    let list = |command: &str, changed: &[&str], version: i64, sql: &str| {
        conn.execute_batch(sql).unwrap();
        let entry = Entry {
            command: Kind::parse(command).unwrap(),
            article: Some("8.4"),
            domain: None,
            inputs: serde_json::json!({}),
            outcome: serde_json::json!({
                "list": "blocked", "changed": changed, "lists_version": version
            }),
        };
        journal::append(conn, &ctx("2026-03-01"), "digest", entry).unwrap();
    };
    let row = |key: &str, name: &str| {
        format!(
            "INSERT INTO list_entry(kind, key, name, source, added_by, added_at)
             VALUES ('blocked', '{key}', '{name}', 'list add', 't', '2026-03-01T00:00:00Z');"
        )
    };
    list("list add", &["Foo Bar"], 2, &row("foobar", "Foo Bar"));
    list("list add", &["Baz"], 3, &row("baz", "Baz"));
    list(
        "list remove",
        &["Foo Bar"],
        4,
        "DELETE FROM list_entry WHERE key = 'foobar';",
    );
    let on = |version: Option<i64>, key: &str| {
        !lists_at(conn, version)
            .unwrap()
            .matching(&[key.to_string()])
            .is_empty()
    };
    let cases: &[(Option<i64>, bool, bool)] = &[
        (Some(1), false, false),
        (Some(2), true, false),
        (Some(3), true, true),
        (Some(4), false, true),
        (None, false, true),
    ];
    for (version, foobar, baz) in cases {
        assert_eq!(on(*version, "foobar"), *foobar, "{version:?} foobar");
        assert_eq!(on(*version, "baz"), *baz, "{version:?} baz");
    }
    let at_3 = lists_at(conn, Some(3))
        .unwrap()
        .matching(&["foobar".into()]);
    let shown: Vec<(ListKind, &str)> = at_3
        .iter()
        .map(|m| (m.entry.list, m.entry.name.as_str()))
        .collect();
    assert_eq!(shown, [(ListKind::Blocked, "Foo Bar")]);
}

/// audit-sample reads today's listed keys in one query: the same pairs the
/// lists rebuilt at a version give, so a run and its reproduction agree.
#[test]
fn listed_keys_are_the_keys_of_the_lists() {
    let (_dir, store) = store();
    let conn = store.conn();
    let at = crate::rules::periods::parse_time("2026-03-01").unwrap();
    crate::store::lists::seed_built_in(conn, "t", at).unwrap();
    let from_lists: Vec<(String, String)> = lists_at(conn, None)
        .unwrap()
        .entries()
        .map(|(k, n)| (k.to_string(), n.to_string()))
        .collect();
    let today = listed_keys(conn, None).unwrap();
    assert!(today.len() > 10_000, "{}", today.len());
    assert_eq!(today, from_lists);
    assert_eq!(listed_keys(conn, Some(1)).unwrap(), today);
}
