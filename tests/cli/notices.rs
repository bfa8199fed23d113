//! Tests of `notices`: the outbox for a mailer (unsent by default, --all,
//! --since), the JSON shape, and `notices ack` (idempotent; unknown id is 4).

use crate::lifecycle::{at, reg_at, register};

#[test]
fn the_outbox_lists_unsent_notices_and_acks_them() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    reg.ok(&["remove", "exemplo.pt", "--by", "manager"]);
    at(
        &reg,
        "2026-03-02",
        &["transfer", "exemplo.pt", "--registrant", "joao-pereira"],
    );
    let list = reg.json(&["notices"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    let first = &list[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for k in [
        "id", "time", "to", "kind", "domain", "article", "text", "sent",
    ] {
        assert!(keys.contains(&k), "{k} in {keys:?}");
    }
    assert_eq!(first["to"], "ana.silva@exemplo.pt");
    assert_eq!(first["kind"], "removal-requested");
    assert_eq!(first["domain"], "exemplo.pt");
    assert_eq!(first["article"], "21.2");
    assert!(first["sent"].is_null());
    assert!(
        first["text"]
            .as_str()
            .unwrap()
            .contains("within 8 days of this notice")
    );

    let id = first["id"].as_i64().unwrap().to_string();
    let acked = at(&reg, "2026-03-03", &["notices", "ack", &id]);
    assert_eq!(acked["sent"], "2026-03-03T00:00:00Z");
    // Twice is harmless and keeps the first time.
    let again = at(&reg, "2026-03-04", &["notices", "ack", &id]);
    assert_eq!(again["sent"], "2026-03-03T00:00:00Z");
    reg.fails(4, &["notices", "ack", "999"]);

    assert_eq!(reg.json(&["notices"]).as_array().unwrap().len(), 2);
    assert_eq!(reg.json(&["notices", "--all"]).as_array().unwrap().len(), 3);
    let since = reg.json(&["notices", "--all", "--since", "2026-03-02"]);
    assert_eq!(since.as_array().unwrap().len(), 2);
    assert!(
        since
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["kind"] == "ownership-transfer")
    );
    reg.fails(2, &["notices", "--since", "soon"]);
}

#[test]
fn the_human_outbox_shows_each_notice_whole() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    assert_eq!(
        reg.ok(&["notices", "--format", "table"]),
        "no unsent notices\n"
    );
    register(&reg, "exemplo.pt");
    reg.ok(&["remove", "exemplo.pt", "--by", "manager"]);
    let out = reg.ok(&["notices", "--format", "table"]);
    assert!(out.starts_with("notice:  1\n"), "{out}");
    assert!(out.contains("to:      ana.silva@exemplo.pt\n"), "{out}");
    assert!(out.contains("article: 21.2\n"), "{out}");
    assert!(
        out.contains("you may oppose the removal within 8 days"),
        "{out}"
    );
}

#[test]
fn notice_texts_in_full() {
    let reg = reg_at("2026-03-01T09:00:00Z");
    register(&reg, "exemplo.pt");
    reg.ok(&[
        "--reason",
        "c",
        "remove",
        "exemplo.pt",
        "--by",
        "registry",
        "--grounds",
        "The phone number +351.912345678 does not answer",
    ]);
    insta::assert_snapshot!(
        "registry_removal_notice",
        reg.ok(&["notices", "--format", "table"])
    );
}
