//! Tests of `show`, `domains` and `history`.

use serde_json::Value;

use crate::support::Reg;

const SHA256: &str = "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D";

/// Three names: one delegated with DS via a registrar, one reserved and
/// self-managed, one IDN registered a month later for 3 years.
fn registry() -> Reg {
    let reg = Reg::with_fixtures();
    reg.ok(&[
        "register",
        "tecnorede.pt",
        "--registrant",
        "tecnorede",
        "--manager",
        "atlantico",
        "--tech",
        "rui-fernandes",
        "--ns",
        "ns1.tecnorede.pt=192.0.2.1,2001:db8::1",
        "--ns",
        "ns2.atlantico.net",
        "--ds",
        &format!("12345 13 2 {SHA256}"),
        "--arbitration",
    ]);
    reg.ok(&["register", "padarialusa.pt", "--registrant", "padaria-lusa"]);
    reg.at(
        "2026-04-01T10:30:00Z",
        &[
            "register",
            "ação.com.pt",
            "--registrant",
            "ana-silva",
            "--manager",
            "lusonet",
            "--years",
            "3",
        ],
    )
    .assert()
    .success();
    reg
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn show_human_output() {
    let reg = registry();
    insta::assert_snapshot!("show_delegated", reg.ok(&["show", "tecnorede.pt"]));
    insta::assert_snapshot!("show_idn_reserved", reg.ok(&["show", "ação.com.pt"]));
}

#[test]
fn show_errors() {
    let reg = registry();
    let err = reg.fails(4, &["show", "nuncavisto.pt"]);
    assert!(err.contains("never been registered"), "{err}");
    reg.fails(2, &["show", "exemplo.es"]);
    let err = reg.fails(2, &["show", "tecnorede.pt", "--as-of", "yesterday"]);
    assert!(err.contains("--as-of"), "{err}");
    let err = reg.fails(4, &["--json", "show", "nuncavisto.pt"]);
    let v: Value = serde_json::from_str(err.trim()).unwrap();
    assert_eq!(v["error"]["kind"], "not_found");
}

#[test]
fn domains_filters() {
    let reg = registry();
    let all = reg.json(&["domains"]);
    assert_eq!(
        names(&all),
        ["padarialusa.pt", "tecnorede.pt", "xn--ao-siap.com.pt"]
    );
    assert_eq!(
        all[1]["nameservers"][0]["host"], "ns1.tecnorede.pt",
        "items are domain objects"
    );

    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--state", "reserved"],
            &["padarialusa.pt", "xn--ao-siap.com.pt"],
        ),
        (&["--state", "registered"], &["tecnorede.pt"]),
        (&["--state", "grace"], &[]),
        (&["--registrant", "ana-silva"], &["xn--ao-siap.com.pt"]),
        (&["--manager", "atlantico"], &["tecnorede.pt"]),
        (&["--manager", "padaria-lusa"], &["padarialusa.pt"]),
        (
            &["--expiring-before", "2027-03-02T00:00:01Z"],
            &["padarialusa.pt", "tecnorede.pt"],
        ),
        (&["--expiring-before", "2027-03-02T00:00:00Z"], &[]),
        (
            &["--state", "reserved", "--manager", "lusonet"],
            &["xn--ao-siap.com.pt"],
        ),
    ];
    for (filter, expected) in cases {
        let mut args = vec!["domains"];
        args.extend_from_slice(filter);
        assert_eq!(names(&reg.json(&args)), *expected, "{filter:?}");
    }
    let err = reg.fails(2, &["domains", "--expiring-before", "soon"]);
    assert!(err.contains("--expiring-before"), "{err}");
    reg.fails(2, &["domains", "--state", "dormant"]);
}

#[test]
fn domains_as_a_table() {
    let reg = registry();
    let out = reg.ok(&["domains", "--format", "table"]);
    assert!(out.contains("ação.com.pt (xn--ao-siap.com.pt)"), "{out}");
    assert!(out.contains("registered"), "{out}");
    let lines = out.lines().filter(|l| l.contains(".pt")).count();
    assert_eq!(lines, 3, "{out}");
    let none = reg
        .cmd(&["domains", "--state", "grace", "--format", "table"])
        .output()
        .unwrap();
    assert!(none.status.success());
    assert!(none.stdout.is_empty());
    assert!(String::from_utf8_lossy(&none.stderr).contains("no domains"));
}

#[test]
fn history_of_a_name() {
    let reg = registry();
    reg.at(
        "2026-05-01T00:00:00Z",
        &[
            "--reason",
            "registrar closed",
            "registrar",
            "withdraw",
            "lusonet",
        ],
    )
    .assert()
    .success();
    let h = reg.json(&["history", "ação.com.pt"]);
    let entries = h.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["command"], "register");
    assert_eq!(entries[0]["article"], "2.1");
    assert_eq!(entries[0]["time"], "2026-04-01T10:30:00Z");
    assert_eq!(entries[0]["actor"], "tester");
    assert!(entries[0]["inputs"].is_object(), "inputs parsed as JSON");
    assert_eq!(entries[0]["outcome"]["manager"], "lusonet");
    assert_eq!(entries[1]["command"], "registrar withdraw");
    assert_eq!(entries[1]["article"], "15.2");
    assert_eq!(entries[1]["reason"], "registrar closed");
    assert_eq!(entries[1]["outcome"]["manager"], "ana-silva");
    assert!(entries[0]["seq"].as_i64() < entries[1]["seq"].as_i64());

    let table = reg.ok(&["history", "xn--ao-siap.com.pt", "--format", "table"]);
    for text in [
        "seq",
        "register",
        "registrar withdraw",
        "15.2",
        "registrar closed",
        "tester",
    ] {
        assert!(table.contains(text), "{text}: {table}");
    }
    let err = reg.fails(4, &["history", "nuncavisto.pt"]);
    assert!(err.contains("never registered"), "{err}");
}
