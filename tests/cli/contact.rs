//! Tests of `contact`: the checks on the way in (exit 2), duplicates
//! (exit 5), updates of the given fields only (Art. 13, 30.4), and import.

use crate::support::{Reg, path_str};

const ADD: &[&str] = &[
    "contact",
    "add",
    "beatriz",
    "--name",
    "Beatriz Sousa",
    "--email",
    "beatriz@exemplo.pt",
    "--phone",
    "+351.912000111",
    "--address",
    "Rua do Ouro 5, 1100-060 Lisboa",
    "--country",
    "pt",
];

fn with(extra: &[&str]) -> Vec<&'static str> {
    let mut args = ADD.to_vec();
    for e in extra {
        args.push(Box::leak(e.to_string().into_boxed_str()));
    }
    args
}

/// ADD with the value of `flag` replaced.
fn replacing(flag: &str, value: &str) -> Vec<String> {
    let mut args: Vec<String> = ADD.iter().map(|s| s.to_string()).collect();
    let i = args.iter().position(|a| a == flag).expect("flag in ADD");
    args[i + 1] = value.to_string();
    args
}

fn journal_count(reg: &Reg, command: &str) -> i64 {
    let conn = rusqlite::Connection::open(&reg.db).unwrap();
    conn.query_row(
        "SELECT COUNT(*) FROM journal WHERE command = ?1",
        [command],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn add_then_show_as_json() {
    let reg = Reg::new();
    let added = reg.json(&with(&[
        "--kind",
        "person",
        "--vat",
        "PT 201 238 764",
        "--whois-consent",
    ]));
    assert_eq!(added["id"], "beatriz");
    assert_eq!(added["country"], "PT", "the country is upper-cased");
    assert_eq!(added["vat"], "PT201238764");
    assert_eq!(added["whois_consent"], true);
    assert_eq!(added["created"], "2026-03-01T09:00:00Z");
    let mut shown = reg.json(&["contact", "show", "beatriz"]);
    assert_eq!(shown["problems"], serde_json::json!([]));
    assert!(shown["erased"].is_null(), "never erased");
    shown.as_object_mut().unwrap().remove("problems");
    shown.as_object_mut().unwrap().remove("erased");
    assert_eq!(shown, added);
    for field in [
        "id",
        "kind",
        "name",
        "email",
        "phone",
        "address",
        "country",
        "vat",
        "whois_consent",
        "created",
        "updated",
    ] {
        assert!(shown.get(field).is_some(), "field {field}");
    }
    assert_eq!(journal_count(&reg, "contact add"), 1);
}

#[test]
fn a_missing_required_flag_is_named() {
    let reg = Reg::new();
    for flag in ["--name", "--email", "--phone", "--address", "--country"] {
        let mut args: Vec<&str> = ADD.to_vec();
        let i = args.iter().position(|a| a == &flag).unwrap();
        args.drain(i..i + 2);
        let err = reg.fails(2, &args);
        assert!(err.contains(&format!("missing {flag}")), "{flag}: {err}");
    }
    reg.fails(4, &["contact", "show", "beatriz"]);
}

#[test]
fn malformed_fields_are_named_and_echoed() {
    let reg = Reg::new();
    let cases = [
        ("--email", "beatriz@exemplo", "needs a dot"),
        ("--email", "beatriz sousa@exemplo.pt", "no spaces"),
        ("--phone", "912000111", "+CCC.NUMBER"),
        ("--phone", "+351 912000111", "+CCC.NUMBER"),
        ("--country", "XX", "ISO 3166"),
        ("--country", "Portugal", "ISO 3166"),
    ];
    for (flag, value, why) in cases {
        let args = replacing(flag, value);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let err = reg.fails(2, &args);
        assert!(err.contains(flag), "{flag}: {err}");
        assert!(err.contains(&format!("{value:?}")), "echoes {value}: {err}");
        assert!(err.contains(why), "{value}: {err}");
    }
    for (vat, why) in [
        ("123456780", "check digit"),
        ("12345678", "9 digits"),
        ("412345678", "begins"),
    ] {
        let err = reg.fails(2, &with(&["--vat", vat]));
        assert!(
            err.contains("--vat") && err.contains(vat) && err.contains(why),
            "{err}"
        );
    }
    assert_eq!(journal_count(&reg, "contact add"), 0);
}

#[test]
fn a_malformed_field_as_json_error() {
    let reg = Reg::new();
    let mut args = vec!["--json"];
    args.extend(with(&["--vat", "123456780"]));
    let err = reg.fails(2, &args);
    let v: serde_json::Value = serde_json::from_str(err.trim()).unwrap();
    assert_eq!(v["error"]["kind"], "usage");
    assert!(v["error"]["article"].is_null());
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("123456780")
    );
}

#[test]
fn a_duplicate_id_is_a_conflict() {
    let reg = Reg::new();
    reg.ok(ADD);
    let err = reg.fails(5, ADD);
    assert!(err.contains("beatriz already exists"), "{err}");
}

#[test]
fn update_changes_only_the_given_fields() {
    let reg = Reg::new();
    reg.ok(&with(&["--whois-consent"]));
    let updated = reg.json(&[
        "--now",
        "2026-04-01",
        "contact",
        "update",
        "beatriz",
        "--email",
        "beatriz.sousa@exemplo.pt",
    ]);
    assert_eq!(updated["email"], "beatriz.sousa@exemplo.pt");
    assert_eq!(updated["phone"], "+351.912000111");
    assert_eq!(updated["whois_consent"], true);
    assert_eq!(updated["created"], "2026-03-01T09:00:00Z");
    assert_eq!(updated["updated"], "2026-04-01T00:00:00Z");

    let withdrawn = reg.json(&["contact", "update", "beatriz", "--no-whois-consent"]);
    assert_eq!(withdrawn["whois_consent"], false);
    assert_eq!(withdrawn["email"], "beatriz.sousa@exemplo.pt");

    let conn = rusqlite::Connection::open(&reg.db).unwrap();
    let articles: Vec<String> = conn
        .prepare("SELECT article FROM journal WHERE command = 'contact update' ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(articles, ["13", "30.4"]);
}

#[test]
fn update_errors() {
    let reg = Reg::new();
    reg.ok(ADD);
    reg.fails(4, &["contact", "update", "nobody", "--name", "X"]);
    let err = reg.fails(2, &["contact", "update", "beatriz"]);
    assert!(err.contains("nothing to update"), "{err}");
    let err = reg.fails(
        2,
        &["contact", "update", "beatriz", "--phone", "+351912000111"],
    );
    assert!(err.contains("--phone"), "{err}");
    let err = reg.fails(2, &with(&["--no-whois-consent"]));
    assert!(err.contains("update"), "{err}");
    assert_eq!(
        reg.json(&["contact", "show", "beatriz"])["phone"],
        "+351.912000111"
    );
}

#[test]
fn dry_run_adds_nothing() {
    let reg = Reg::new();
    let mut args = vec!["--dry-run"];
    args.extend_from_slice(ADD);
    let out = reg.ok(&args);
    assert!(out.contains("beatriz"), "{out}");
    reg.fails(4, &["contact", "show", "beatriz"]);
}

#[test]
fn list_as_table_and_json() {
    let reg = Reg::with_fixtures();
    let list = reg.json(&["contact", "list"]);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 11);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "sorted by id: {ids:?}");
    let table = reg.ok(&["contact", "list", "--format", "table"]);
    assert!(table.contains("Câmara Municipal de Évora"), "{table}");
    assert!(table.contains("organization"), "{table}");
}

#[test]
fn the_fixtures_pass_every_check() {
    let reg = Reg::with_fixtures();
    let padaria = reg.json(&["contact", "show", "padaria-lusa"]);
    assert_eq!(padaria["kind"], "organization");
    assert_eq!(padaria["vat"], "507538927");
    assert_eq!(
        reg.json(&["contact", "show", "ana-silva"])["whois_consent"],
        true
    );
    assert_eq!(
        reg.json(&["contact", "show", "joao-pereira"])["whois_consent"],
        false
    );
    assert_eq!(journal_count(&reg, "contact import"), 1);
}

const GOOD: &str = "id,name,email,phone,address,country,kind,vat,whois_consent\n\
    c1,Carla Reis,carla@exemplo.pt,+351.912000001,\"Rua A 1, Lisboa\",PT,person,,yes\n\
    c2,Duarte Lima,duarte@exemplo.pt,+351.912000002,\"Rua B 2, Porto\",PT,,123456789,\n";

#[test]
fn import_is_all_or_nothing() {
    let reg = Reg::new();
    let file = reg.path("contacts.csv");
    let text = format!("{GOOD}c3,Eva Mota,eva@exemplo,+351.912000003,\"Rua C 3, Faro\",PT,,,no\n");
    std::fs::write(&file, text).unwrap();
    let err = reg.fails(2, &["contact", "import", path_str(&file)]);
    assert!(err.contains("line 4"), "{err}");
    assert!(err.contains("email \"eva@exemplo\""), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    reg.fails(4, &["contact", "show", "c1"]);
    assert_eq!(journal_count(&reg, "contact import"), 0);
}

#[test]
fn import_reads_every_column() {
    let reg = Reg::new();
    let file = reg.path("contacts.csv");
    std::fs::write(&file, GOOD).unwrap();
    let summary = reg.json(&["contact", "import", path_str(&file)]);
    assert_eq!(summary["imported"], 2);
    assert_eq!(summary["rejected"], 0);
    assert_eq!(summary["digest"].as_str().unwrap().len(), 64);
    assert_eq!(reg.json(&["contact", "show", "c1"])["whois_consent"], true);
    assert_eq!(reg.json(&["contact", "show", "c2"])["vat"], "123456789");
    assert_eq!(reg.json(&["contact", "show", "c2"])["kind"], "person");
}

#[test]
fn import_with_reject_keeps_the_good_rows() {
    let reg = Reg::new();
    reg.ok(&[
        "contact",
        "add",
        "c1",
        "--name",
        "Old",
        "--email",
        "old@exemplo.pt",
        "--phone",
        "+351.910000000",
        "--address",
        "Rua",
        "--country",
        "PT",
    ]);
    let file = reg.path("contacts.csv");
    let text = format!(
        "{GOOD}c3,Eva Mota,eva@exemplo.pt,+351.912000003,\"Rua C 3, Faro\",PT,,123456780,no\n\
         c4,Filipe,filipe@exemplo.pt,+351.912000004,Rua D,PT,company,,\n\
         c5,Gil,gil@exemplo.pt,,Rua E,PT,,,\n"
    );
    std::fs::write(&file, text).unwrap();
    let reject = reg.path("rejects.csv");
    let out = reg.out_exit(
        6,
        &[
            "contact",
            "import",
            path_str(&file),
            "--reject",
            path_str(&reject),
        ],
    );
    assert!(out.contains("imported 1 contact,"), "{out}");
    assert!(out.contains("rejected 4"), "{out}");
    assert_eq!(reg.json(&["contact", "show", "c2"])["name"], "Duarte Lima");
    assert_eq!(reg.json(&["contact", "show", "c1"])["name"], "Old");

    // The one reject layout of every import: the row as read, then its
    // line and reason.
    let mut rows = csv::Reader::from_path(&reject).unwrap();
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[0], "id");
    assert_eq!(header[9..], ["reject_line", "reject_reason"]);
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let lines: Vec<&str> = rows.iter().map(|r| &r[9]).collect();
    assert_eq!(lines, ["2", "4", "5", "6"]);
    assert!(rows[0][10].contains("c1 already exists"), "{:?}", rows[0]);
    assert!(rows[1][10].contains("vat \"123456780\""), "{:?}", rows[1]);
    assert!(rows[2][10].contains("kind \"company\""), "{:?}", rows[2]);
    assert_eq!(&rows[3][10], "missing phone");
    assert_eq!(
        &rows[3][0], "c5",
        "the row as read, before its line and reason"
    );
}

#[test]
fn a_duplicate_in_an_import_is_a_conflict() {
    let reg = Reg::new();
    let file = reg.path("contacts.csv");
    let text = format!("{GOOD}c1,Carla Reis,carla@exemplo.pt,+351.912000001,Rua,PT,,,\n");
    std::fs::write(&file, text).unwrap();
    let err = reg.fails(5, &["contact", "import", path_str(&file)]);
    assert!(
        err.contains("line 4") && err.contains("c1 already exists"),
        "{err}"
    );
}

#[test]
fn import_header_errors() {
    let reg = Reg::new();
    let file = reg.path("contacts.csv");
    std::fs::write(&file, "id,name,email,phone,address,country,colour\n").unwrap();
    let err = reg.fails(2, &["contact", "import", path_str(&file)]);
    assert!(err.contains("unknown column \"colour\""), "{err}");
    std::fs::write(&file, "id,name,email,address,country\n").unwrap();
    let err = reg.fails(2, &["contact", "import", path_str(&file)]);
    assert!(err.contains("no column \"phone\""), "{err}");
    let err = reg.fails(
        4,
        &["contact", "import", path_str(&reg.path("missing.csv"))],
    );
    assert!(err.contains("missing.csv"), "{err}");
}

#[test]
fn show_names_the_checks_a_stored_record_fails() {
    let reg = Reg::new();
    reg.ok(ADD);
    // As another tool (or an older import) might have left it.
    let conn = rusqlite::Connection::open(&reg.db).unwrap();
    conn.execute(
        "UPDATE contact SET phone = '912000111' WHERE id = 'beatriz'",
        [],
    )
    .unwrap();
    let shown = reg.json(&["contact", "show", "beatriz"]);
    let problems = shown["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0]
            .as_str()
            .unwrap()
            .starts_with("phone \"912000111\"")
    );
    let text = reg.ok(&["contact", "show", "beatriz"]);
    assert!(text.contains("problem:"), "{text}");
}
