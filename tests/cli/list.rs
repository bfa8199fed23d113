//! Tests of `list add|remove|show|import`: the built-in lists, provenance,
//! the journal entry of each change, and the import of a parish list.

use serde_json::Value;

use crate::support::{Reg, fixture, path_str};

fn show(reg: &Reg, kind: &str) -> Vec<Value> {
    reg.json(&["list", "show", kind])
        .as_array()
        .expect("array")
        .clone()
}

fn entry<'a>(list: &'a [Value], name: &str) -> Option<&'a Value> {
    list.iter().find(|e| e["name"] == name)
}

/// The journal rows (command, article, lists_version) after seq 1 (init).
fn journal(reg: &Reg) -> Vec<(String, Option<String>, i64)> {
    let conn = rusqlite::Connection::open(&reg.db).expect("open");
    let mut stmt = conn
        .prepare("SELECT command, article, lists_version FROM journal WHERE seq > 1 ORDER BY seq")
        .expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

#[test]
fn init_seeds_the_built_in_lists() {
    let reg = Reg::new();
    let geographic = show(&reg, "geographic");
    let municipalities = geographic
        .iter()
        .filter(|e| e["source"] == "built-in:municipalities.txt (curated)")
        .count();
    // 308 municipalities: two pairs share a name (Lagoa, Calheta) and are
    // two entries each, saying which.
    assert_eq!(municipalities, 308);
    let parishes = geographic
        .iter()
        .filter(|e| {
            e["source"]
                .as_str()
                .is_some_and(|s| s.starts_with("built-in:freguesias"))
                && e["detail"]
                    .as_str()
                    .is_some_and(|d| d.starts_with("parish ("))
        })
        .count();
    assert_eq!(parishes, 3092);
    let sjm = entry(&geographic, "São João da Madeira").expect("São João da Madeira");
    assert_eq!(sjm["key"], "saojoaodamadeira");
    assert_eq!(sjm["added_by"], "tester");
    assert_eq!(sjm["added_at"], "2026-03-01T09:00:00Z");
    for name in [
        "Açores",
        "Bragança",
        "Moçambique",
        "Germany",
        "Côte d'Ivoire",
        "Londres",
    ] {
        assert!(entry(&geographic, name).is_some(), "{name}");
    }
    assert!(entry(&show(&reg, "protected"), "Pêra Rocha do Oeste").is_some());
    assert!(entry(&show(&reg, "reserved"), "registo").is_some());
    assert!(show(&reg, "obscene").len() >= 10);
    assert!(show(&reg, "blocked").is_empty());
    assert_eq!(
        reg.ok(&["list", "show", "blocked", "--format", "table"]),
        "the blocked list is empty\n"
    );
}

#[test]
fn add_then_check_then_remove() {
    let reg = Reg::new();
    reg.ok(&["check", "exemplo.pt"]);
    let v = reg.json(&["list", "add", "blocked", "Exemplo", "xn--caf-dma"]);
    assert_eq!(v["list"], "blocked");
    assert_eq!(v["article"], "8.4");
    assert_eq!(v["added"], serde_json::json!(["Exemplo", "xn--caf-dma"]));
    assert_eq!(v["lists_version"], 2);

    // Matched on the folded key, in every hierarchy, in both forms of an IDN.
    for name in [
        "exemplo.pt",
        "EXEMPLO.com.pt",
        "café.pt",
        "cafe.pt",
        "xn--caf-dma.com.pt",
    ] {
        let out = reg.cmd(&["check", name]).output().expect("run");
        assert_eq!(out.status.code(), Some(3), "{name}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("[Art. 8.4]"),
            "{name}"
        );
    }
    let blocked = show(&reg, "blocked");
    let e = entry(&blocked, "Exemplo").expect("entry");
    assert_eq!(e["source"], "list add");
    assert_eq!(e["added_by"], "tester");
    assert_eq!(e["key"], "exemplo");

    // Adding again changes nothing and journals nothing.
    let v = reg.json(&["list", "add", "blocked", "exemplo"]);
    assert_eq!(v["added"], serde_json::json!([]));
    assert_eq!(v["already_listed"], serde_json::json!(["exemplo"]));

    // Removing a name that is not listed: exit 4, and nothing is removed.
    let err = reg.fails(4, &["list", "remove", "blocked", "exemplo", "outro"]);
    assert!(err.contains("outro is not on the blocked list"), "{err}");
    assert_eq!(show(&reg, "blocked").len(), 2);

    let out = reg.ok(&["list", "remove", "blocked", "exemplo"]);
    assert_eq!(
        out,
        "removed 1 name from the blocked list [Art. 8.4]\n  - Exemplo\n"
    );
    reg.ok(&["check", "exemplo.pt"]);

    assert_eq!(
        journal(&reg),
        [
            ("list add".to_string(), Some("8.4".to_string()), 2),
            ("list remove".to_string(), Some("8.4".to_string()), 3),
        ]
    );
}

#[test]
fn reserved_changes_are_journaled_under_32() {
    let reg = Reg::new();
    reg.ok(&["list", "add", "reserved", "registo-pt"]);
    let out = reg
        .cmd(&["check", "registo-pt.com.pt"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).contains("[Art. 32]"));
    assert_eq!(
        journal(&reg),
        [("list add".to_string(), Some("32".to_string()), 2)]
    );
}

#[test]
fn dry_run_changes_nothing() {
    let reg = Reg::new();
    let out = reg.ok(&["--dry-run", "list", "add", "obscene", "palavrao"]);
    assert!(out.contains("dry run"), "{out}");
    reg.ok(&["check", "palavrao.pt"]);
    assert!(journal(&reg).is_empty());
}

#[test]
fn bad_entries_are_usage_errors() {
    let reg = Reg::new();
    let err = reg.fails(2, &["list", "add", "blocked", "ok", "exemplo.pt"]);
    assert!(err.contains("without their hierarchy"), "{err}");
    let err = reg.fails(2, &["list", "add", "blocked", "--", "--"]);
    assert!(err.contains("no letter or digit"), "{err}");
    reg.fails(2, &["list", "add", "parishes", "x"]);
    assert!(show(&reg, "blocked").is_empty());
}

#[test]
fn the_official_parish_list_imports() {
    let reg = Reg::new();
    let file = fixture("freguesias.csv");
    // The parishes are built in: a plain import of their names adds none.
    let out = reg.ok(&[
        "list",
        "import",
        "geographic",
        path_str(&file),
        "--column",
        "freguesia",
    ]);
    assert!(
        out.starts_with("added 0 names to the geographic list from "),
        "{out}"
    );
    assert!(out.contains("already listed: 20 names"), "{out}");
    // A list of parishes read as one (--parishes): each parish says which
    // one it is, so the same names from a newer list are entries of their
    // own, and the parts of unions come with them.
    let v = reg.json(&[
        "list",
        "import",
        "geographic",
        path_str(&file),
        "--parishes",
    ]);
    let added = v["added"].as_array().expect("added");
    assert!(added.iter().any(|n| n == "Massarelos"), "{v}");
    let geographic = show(&reg, "geographic");
    let imported: Vec<&Value> = geographic
        .iter()
        .filter(|e| e["source"] == format!("import:{}", file.display()))
        .collect();
    let alvalade = imported
        .iter()
        .find(|e| e["name"] == "Alvalade")
        .expect("Alvalade");
    assert_eq!(alvalade["detail"], "parish (Lisboa)");
    assert_eq!(alvalade["language"], "pt");
    assert!(imported.iter().any(|e| {
        e["name"] == "Lordelo do Ouro"
            && e["detail"]
                .as_str()
                .is_some_and(|d| d.starts_with("part of the parish union"))
    }));
    // A parish is a geographic name (Art. 7.1.b): refused under .pt only.
    let out = reg
        .cmd(&["check", "campo-de-ourique.pt"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"Campo de Ourique\""));
    reg.ok(&["check", "campodeourique.com.pt"]);
    // Importing again adds nothing; a journal entry per change only.
    let again = reg.json(&[
        "list",
        "import",
        "geographic",
        path_str(&file),
        "--parishes",
    ]);
    assert_eq!(again["added"], serde_json::json!([]));
    assert_eq!(
        journal(&reg),
        [("list import".to_string(), Some("7.2".to_string()), 2)]
    );
    // --parishes is for the geographic list.
    reg.fails(
        2,
        &["list", "import", "blocked", path_str(&file), "--parishes"],
    );
}

#[test]
fn show_one_key_and_refresh_the_built_in_lists() {
    let reg = Reg::new();
    let lagoa = reg.json(&["list", "show", "geographic", "Lagoa"]);
    let details: Vec<&str> = lagoa
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["detail"].as_str())
        .collect();
    assert!(
        details.contains(&"municipality (Faro, Algarve)"),
        "{details:?}"
    );
    assert!(
        details.contains(&"municipality (Região Autónoma dos Açores, São Miguel)"),
        "{details:?}"
    );
    reg.fails(4, &["list", "show", "geographic", "nenhures-de-nada"]);
    // A fresh registry holds every built-in entry: nothing to refresh.
    let v = reg.json(&["list", "refresh"]);
    assert_eq!(
        (v["added"].as_i64(), v["removed"].as_i64()),
        (Some(0), Some(0))
    );
    assert_eq!(v["lists_version"], 1);
    // An entry taken out by hand stays out; one lost otherwise comes back,
    // journaled with the entry, and an earlier ptreg's entry goes.
    reg.ok(&["list", "remove", "geographic", "Fermentelos"]);
    let conn = rusqlite::Connection::open(&reg.db).expect("open");
    conn.execute_batch(
        "DELETE FROM list_entry WHERE kind = 'geographic' AND key = 'borralha';
         INSERT INTO list_entry(kind, key, name, detail, source, added_by, added_at)
         VALUES ('geographic', 'velhaterra', 'Velha Terra', 'parish', 'built-in:old.txt',
                 't', '2026-01-01T00:00:00Z');",
    )
    .expect("edit");
    let v = reg.json(&["list", "refresh"]);
    assert_eq!(
        (v["added"].as_i64(), v["removed"].as_i64()),
        (Some(1), Some(1)),
        "{v}"
    );
    let out = reg.cmd(&["check", "fermentelos.pt"]).output().expect("run");
    assert_eq!(out.status.code(), Some(0));
    reg.fails(3, &["check", "borralha.pt"]);
    reg.ok(&["check", "velhaterra.pt"]);
    let last = journal(&reg).pop().expect("an entry");
    assert_eq!(last.0, "list refresh");
}

#[test]
fn one_name_a_line_imports() {
    let reg = Reg::new();
    let path = reg.path("bloqueados.txt");
    std::fs::write(
        &path,
        "# nomes bloqueados\n\nprimeiro\n  segundo nome  \n#fim\n",
    )
    .expect("write");
    let v = reg.json(&["list", "import", "blocked", path_str(&path)]);
    assert_eq!(v["added"], serde_json::json!(["primeiro", "segundo nome"]));
    assert!(entry(&show(&reg, "blocked"), "segundo nome").is_some());
    let out = reg.cmd(&["check", "segundonome.pt"]).output().expect("run");
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn a_bad_import_names_the_line_and_changes_nothing() {
    let reg = Reg::new();
    let cases: [(&str, &[u8], &[&str], &str); 4] = [
        ("bad.txt", b"bom\nm\xe1u\n", &[], "line 2 is not UTF-8"),
        (
            "empty.csv",
            b"distrito,concelho,freguesia\nLisboa,Lisboa,Ajuda\nLisboa,Lisboa,\n",
            &["--column", "freguesia"],
            "line 3 has no name",
        ),
        (
            "cols.csv",
            b"a,b\n1,2\n",
            &["--column", "freguesia"],
            "no column \"freguesia\"",
        ),
        ("dom.txt", b"ok\nexemplo.pt\n", &[], "line 2"),
    ];
    for (name, bytes, flags, expected) in cases {
        let path = reg.path(name);
        std::fs::write(&path, bytes).expect("write");
        let mut args = vec!["list", "import", "blocked", path_str(&path)];
        args.extend_from_slice(flags);
        let err = reg.fails(2, &args);
        assert!(err.contains(expected), "{name}: {err}");
    }
    assert!(show(&reg, "blocked").is_empty());
    assert!(journal(&reg).is_empty());
    let err = reg.fails(4, &["list", "import", "blocked", "no-such-file.txt"]);
    assert!(err.contains("no-such-file.txt"), "{err}");
}

#[test]
fn show_prints_a_table() {
    let reg = Reg::new();
    reg.ok(&["list", "add", "blocked", "São Tomé"]);
    let out = reg.ok(&["list", "show", "blocked"]);
    for word in [
        "name",
        "key",
        "source",
        "added_by",
        "added_at",
        "São Tomé",
        "saotome",
        "list add",
        "tester",
    ] {
        assert!(out.contains(word), "{word}: {out}");
    }
}
