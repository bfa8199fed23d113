//! Tests of `--format table|tsv|csv|json|jsonl` on every list: the default
//! (a table on a terminal, TSV in a pipe), the agreement of the formats,
//! TSV escaping, and `--json` against `--format`.

use serde_json::Value;

use crate::support::Reg;

const DS: &str = "12345 13 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D";

/// Two delegated names (one IDN, one with glue and DS), a removal notice
/// with a multi-line text, a ledger and a case.
fn registry() -> Reg {
    let reg = Reg::with_fixtures();
    reg.ok(&[
        "register",
        "tecnorede.pt",
        "--registrant",
        "tecnorede",
        "--manager",
        "atlantico",
        "--ns",
        "ns1.tecnorede.pt=192.0.2.1,2001:db8::1",
        "--ns",
        "ns2.atlantico.net",
        "--ds",
        DS,
    ]);
    reg.ok(&[
        "register",
        "ação.com.pt",
        "--registrant",
        "ana-silva",
        "--manager",
        "lusonet",
    ]);
    reg.ok(&["remove", "ação.com.pt", "--by", "manager"]);
    reg.ok(&["audit-sample", "--count", "1", "--seed", "00"]);
    reg
}

/// Every list command, with what it needs.
const LISTS: &[&[&str]] = &[
    &["domains"],
    &["contact", "list"],
    &["registrar", "list"],
    &["history", "tecnorede.pt"],
    &["notices"],
    &["ledger"],
    &["audit", "cases"],
    &["audit", "runs"],
    &["list", "show", "reserved"],
];

fn with(args: &[&str], more: &[&'static str]) -> Vec<String> {
    args.iter()
        .chain(more.iter())
        .map(|s| s.to_string())
        .collect()
}

fn run(reg: &Reg, args: &[String]) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    reg.ok(&args)
}

#[test]
fn in_a_pipe_every_list_is_tsv_with_a_header() {
    let reg = registry();
    for list in LISTS {
        let out = reg.ok(list);
        assert!(!out.contains('│') && !out.contains('─'), "{list:?}: {out}");
        let mut lines = out.lines();
        let header: Vec<&str> = lines.next().expect("a header").split('\t').collect();
        assert!(header.len() >= 3, "{list:?}: {header:?}");
        for line in lines {
            assert_eq!(line.split('\t').count(), header.len(), "{list:?}: {line}");
        }
        assert_eq!(
            out,
            run(&reg, &with(list, &["--format", "tsv"])),
            "{list:?}"
        );
    }
}

#[test]
fn the_columns_of_tsv_are_the_json_fields() {
    let reg = registry();
    for list in LISTS {
        let tsv = reg.ok(list);
        let json: Value = serde_json::from_str(&run(&reg, &with(list, &["--json"]))).unwrap();
        let items = json.as_array().expect("an array");
        let mut lines = tsv.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        assert_eq!(lines.count(), items.len(), "{list:?}");
        for item in items {
            for column in &header {
                assert!(item.get(column).is_some(), "{list:?}: {column} in {item}");
            }
        }
    }
}

#[test]
fn domains_in_tsv_read_as_import_columns() {
    let reg = registry();
    let out = reg.ok(&["domains", "--format", "tsv"]);
    assert_eq!(
        out.lines().next().unwrap(),
        "name\tunicode\thierarchy\tstate\tcreated\texpires\tregistrant\tmanager\ttech\t\
         nameservers\tds\tarbitration\tlitigation\tsuspension\tcase"
    );
    let row = out
        .lines()
        .find(|l| l.starts_with("tecnorede.pt\t"))
        .unwrap();
    let cells: Vec<&str> = row.split('\t').collect();
    assert_eq!(cells[3], "registered");
    assert_eq!(cells[7], "atlantico");
    assert_eq!(
        cells[9],
        "ns1.tecnorede.pt=192.0.2.1,2001:db8::1 ns2.atlantico.net"
    );
    assert_eq!(cells[10], DS);
    // `cut` and `awk` see one field per column.
    let names: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(names, ["tecnorede.pt", "xn--ao-siap.com.pt"]);
}

#[test]
fn tsv_escapes_tabs_newlines_and_backslashes() {
    let reg = registry();
    let reason = "court order\tno. 7\nsee file C:\\cases";
    reg.ok(&[
        "--reason",
        reason,
        "lock",
        "tecnorede.pt",
        "--case",
        "P-1/2026",
    ]);
    let out = reg.ok(&["history", "tecnorede.pt"]);
    assert_eq!(out.lines().count(), 3, "one line per entry: {out}");
    let row = out.lines().nth(2).unwrap();
    assert_eq!(
        row.split('\t').nth(6).unwrap(),
        "court order\\tno. 7\\nsee file C:\\\\cases"
    );
    let json = reg.json(&["history", "tecnorede.pt"]);
    assert_eq!(json[1]["reason"], reason);
}

#[test]
fn csv_is_quoted_and_matches_json() {
    let reg = registry();
    for list in LISTS {
        let out = run(&reg, &with(list, &["--format", "csv"]));
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let header = reader.headers().unwrap().clone();
        let json: Value = serde_json::from_str(&run(&reg, &with(list, &["--json"]))).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), json.as_array().unwrap().len(), "{list:?}");
        for (row, item) in rows.iter().zip(json.as_array().unwrap()) {
            for (column, cell) in header.iter().zip(row.iter()) {
                let expected = match &item[column] {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    Value::Array(_) | Value::Object(_) if *list == ["domains"] => continue,
                    other => other.to_string(),
                };
                assert_eq!(cell, expected, "{list:?} {column}");
            }
        }
    }
}

#[test]
fn json_lines_hold_the_json_array_items() {
    let reg = registry();
    for list in LISTS {
        let jsonl = run(&reg, &with(list, &["--format", "jsonl"]));
        let json: Value = serde_json::from_str(&run(&reg, &with(list, &["--json"]))).unwrap();
        let items: Vec<Value> = jsonl
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(&Value::Array(items), &json, "{list:?}");
        assert_eq!(
            run(&reg, &with(list, &["--format", "json"])),
            run(&reg, &with(list, &["--json"])),
            "{list:?}"
        );
    }
}

#[test]
fn empty_lists_in_each_format() {
    let reg = Reg::new();
    let args = ["domains", "--format"];
    let tsv = reg.ok(&[args[0], args[1], "tsv"]);
    assert!(tsv.starts_with("name\tunicode\t") && tsv.lines().count() == 1);
    assert_eq!(reg.ok(&[args[0], args[1], "json"]), "[]\n");
    assert_eq!(reg.ok(&[args[0], args[1], "jsonl"]), "");
    assert_eq!(reg.ok(&[args[0], args[1], "csv"]).lines().count(), 1);
    assert_eq!(reg.ok(&[args[0], args[1], "table"]), "");
}

#[test]
fn json_and_another_format_disagree() {
    let reg = registry();
    for list in LISTS {
        let err = reg.fails(
            2,
            &with(list, &["--json", "--format", "tsv"])
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        );
        assert!(err.contains("--format"), "{list:?}: {err}");
        run(&reg, &with(list, &["--json", "--format", "json"]));
    }
    reg.fails(2, &["domains", "--format", "xml"]);
    reg.fails(2, &["ledger", "--csv", "--format", "tsv"]);
}

/// Runs `ptreg ARGS` with its stdout on a pseudo-terminal (util-linux
/// `script`), returning what the terminal showed.
fn on_a_terminal(reg: &Reg, args: &[&str]) -> String {
    let bin = assert_cmd::cargo::cargo_bin("ptreg");
    let line = std::iter::once(bin.to_str().unwrap())
        .chain(args.iter().copied())
        .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
        .collect::<Vec<_>>()
        .join(" ");
    let out = std::process::Command::new("script")
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("PTREG_DB", &reg.db)
        .env("PTREG_NOW", &reg.now)
        .env("PTREG_ACTOR", "tester")
        .current_dir(reg.dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("util-linux script runs the command on a pseudo-terminal");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n")
}

#[test]
fn on_a_terminal_the_default_is_a_table() {
    let reg = registry();
    let out = on_a_terminal(&reg, &["domains"]);
    assert!(out.contains('│'), "{out}");
    assert!(out.contains("ação.com.pt (xn--ao-siap.com.pt)"), "{out}");
    assert!(!out.contains("name\tunicode"), "{out}");
    for list in &LISTS[1..] {
        let out = on_a_terminal(&reg, list);
        assert!(!out.contains('\t'), "{list:?}: {out}");
    }
    // The format asked for wins on a terminal too.
    let tsv = on_a_terminal(&reg, &["domains", "--format", "tsv"]);
    assert!(tsv.starts_with("name\tunicode\t"), "{tsv}");
}
