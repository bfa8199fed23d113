//! Tests of `export`: the whole registry as JSON Lines, restored by
//! `import` into a fresh registry as the same registry.

use serde_json::Value;

use crate::support::{Reg, fixture, path_str};

fn populated() -> Reg {
    let reg = Reg::new();
    reg.ok(&["import", path_str(&fixture("registry.jsonl"))]);
    reg.ok(&["import", path_str(&fixture("domains.csv"))]);
    reg
}

#[test]
fn export_import_export_gives_the_same_bytes() {
    let a = populated();
    let first = a.ok(&["export"]);
    std::fs::write(a.path("registry.export.jsonl"), &first).unwrap();

    let b = Reg::new();
    let out = b.json(&["import", path_str(&a.path("registry.export.jsonl"))]);
    assert_eq!(out["mode"], "restore");
    assert_eq!(out["domains"], 13);
    let second = b.ok(&["export"]);
    assert_eq!(first, second);

    // The journal came across verbatim: the same entries, the same chain.
    let journal: Vec<Value> = second
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["type"] == "journal")
        .collect();
    let commands: Vec<&str> = journal
        .iter()
        .filter_map(|j| j["command"].as_str())
        .collect();
    assert_eq!(commands, ["init", "import", "import"]);
    for pair in journal.windows(2) {
        assert_eq!(pair[1]["prev_hash"], pair[0]["hash"]);
    }
}

#[test]
fn the_export_lists_every_table_header_first_journal_last() {
    let reg = populated();
    let text = reg.ok(&["export"]);
    let kinds: Vec<String> = text
        .lines()
        .map(|l| {
            assert!(l.starts_with("{\"type\":"), "type first: {l}");
            let v: Value = serde_json::from_str(l).unwrap();
            v["type"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(kinds[0], "ptreg-export");
    assert_eq!(kinds.last().map(String::as_str), Some("journal"));
    for t in ["policy", "contact", "registrar", "domain"] {
        assert!(kinds.iter().any(|k| k == t), "{t} missing");
    }
    assert!(
        !kinds.iter().any(|k| k == "nameserver" || k == "ds"),
        "nested in domains"
    );
    // Deterministic: a second export of the same registry is the same.
    assert_eq!(text, reg.ok(&["export"]));
}

#[test]
fn a_full_export_needs_a_fresh_registry() {
    let a = populated();
    let path = a.path("x.jsonl");
    a.ok(&["export", "--out", path_str(&path)]);
    let err = a.fails(5, &["import", path_str(&path)]);
    assert!(err.contains("needs a fresh one"), "{err}");
    let err = Reg::new().fails(2, &["import", path_str(&path), "--reject", "r.jsonl"]);
    assert!(err.contains("restored whole"), "{err}");
}

#[test]
fn out_writes_a_private_file_in_one_step() {
    let reg = populated();
    let path = reg.path("registry.jsonl");
    let out = reg.json(&["export", "--out", path_str(&path)]);
    assert_eq!(out["out"], path_str(&path));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), reg.ok(&["export"]));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let leftovers: Vec<_> = std::fs::read_dir(reg.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_restored_registry_answers_like_the_original() {
    let a = populated();
    a.ok(&[
        "register",
        "novo.pt",
        "--registrant",
        "ana-silva",
        "--ns",
        "ns1.a.net",
        "--ns",
        "ns2.a.net",
    ]);
    a.ok(&["zone", "export", "--out", path_str(&a.path("pt.zone"))]);
    let path = a.path("full.jsonl");
    a.ok(&["export", "--out", path_str(&path)]);
    let b = Reg::new();
    b.ok(&["import", path_str(&path)]);
    for args in [
        &["zone", "export"][..],
        &["--json", "domains"],
        &["show", "padarialusa.pt"],
        &["--json", "show", "maçã.pt"],
        &["whois", "maçã.pt"],
        &["--json", "whois", "evora.gov.pt"],
        &["history", "novo.pt"],
    ] {
        assert_eq!(a.ok(args), b.ok(args), "ptreg {args:?}");
    }
    let verdict = b.json(&["audit", "verify"]);
    assert_eq!(
        (verdict["ok"].as_bool(), verdict["entries"].as_i64()),
        (Some(true), Some(5))
    );
}

#[test]
fn a_damaged_export_restores_nothing() {
    let a = populated();
    let text = a.ok(&["export"]);
    let mut lines: Vec<&str> = text.lines().collect();
    let mid = lines.len() / 2;
    lines[mid] = "{\"type\":\"domain\",\"colour\":\"red\"}";
    std::fs::write(a.path("bad.jsonl"), lines.join("\n")).unwrap();
    let b = Reg::new();
    let before = b.ok(&["export"]);
    let err = b.fails(2, &["import", path_str(&a.path("bad.jsonl"))]);
    assert!(err.contains(&format!("line {}", mid + 1)), "{err}");
    assert!(err.contains("colour"), "{err}");
    assert_eq!(b.ok(&["export"]), before, "the fresh registry is as it was");
}
