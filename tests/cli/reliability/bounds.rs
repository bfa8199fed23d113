//! Bounds: what one row, one flag or one clock may ask is limited, so no
//! input makes a command slow, a charge wrong or an error message huge.

use std::time::{Duration, Instant};

use crate::support::{Reg, path_str};

use super::harness::count;

/// At most 13 nameservers and 8 DS records a domain, checked before any is
/// parsed: a row of 200,000 nameservers is refused at once.
#[test]
fn nameservers_and_ds_per_domain_are_bounded() {
    let reg = Reg::with_fixtures();
    let mut args = vec!["register", "muitos.pt", "--registrant", "ana-silva"];
    let hosts: Vec<String> = (0..14).map(|i| format!("ns{i}.exemplo.net")).collect();
    for h in &hosts {
        args.extend(["--ns", h.as_str()]);
    }
    let err = reg.fails(2, &args);
    assert!(
        err.contains("14 nameservers: a domain has at most 13"),
        "{err}"
    );
    let ds: Vec<String> = (0..9)
        .map(|i| format!("{i} 13 2 {}", "AB".repeat(32)))
        .collect();
    let mut args = vec![
        "register",
        "muitos.pt",
        "--registrant",
        "ana-silva",
        "--ns",
        "ns1.exemplo.net",
        "--ns",
        "ns2.exemplo.net",
    ];
    for d in &ds {
        args.extend(["--ds", d.as_str()]);
    }
    let err = reg.fails(2, &args);
    assert!(
        err.contains("9 DS records: a domain has at most 8"),
        "{err}"
    );

    let hosts: Vec<String> = (0..200_000).map(|i| format!("ns{i}.exemplo.net")).collect();
    let file = reg.path("huge.csv");
    std::fs::write(
        &file,
        format!(
            "name,registrant,created,expires,nameservers\nmuitos.pt,ana-silva,2020-01-01,2027-01-01,{}\n",
            hosts.join(" ")
        ),
    )
    .unwrap();
    let started = Instant::now();
    let err = reg.fails(2, &["import", path_str(&file)]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(
        err.contains("200000 nameservers: a domain has at most 13"),
        "{}",
        &err[..err.len().min(500)]
    );
    assert!(err.len() < 8192, "the error echoes {} bytes", err.len());
    assert_eq!(count(&reg, "SELECT count(*) FROM domain"), 0);
}

/// A term that would end past 9999-12-31T23:59:59Z is refused, not cut
/// short and charged in full; so is a renewal there.
#[test]
fn terms_past_the_end_of_time_are_refused_not_clamped() {
    let reg = Reg::with_fixtures();
    let err = reg.fails(
        3,
        &[
            "--now",
            "9999-06-01",
            "register",
            "fim.pt",
            "--registrant",
            "ana-silva",
            "--years",
            "5",
        ],
    );
    assert!(
        err.contains("would end after 9999-12-31T23:59:59Z") && err.contains("[Art. 18.1]"),
        "{err}"
    );
    assert_eq!(count(&reg, "SELECT count(*) FROM domain"), 0);
    reg.ok(&[
        "--now",
        "9997-06-01",
        "register",
        "fim.pt",
        "--registrant",
        "ana-silva",
        "--years",
        "1",
    ]);
    let charges = count(&reg, "SELECT count(*) FROM ledger");
    let err = reg.fails(
        3,
        &["--now", "9998-01-01", "renew", "fim.pt", "--years", "5"],
    );
    assert!(
        err.contains("[Art. 18.1]") && err.contains("nothing charged"),
        "{err}"
    );
    assert_eq!(
        count(&reg, "SELECT count(*) FROM ledger"),
        charges,
        "charged anyway"
    );
    let shown = reg.json(&["--now", "9998-01-01", "show", "fim.pt"]);
    // A year from 1 June 9997: to 24:00 (Lisbon) on 1 June 9998.
    assert_eq!(shown["expires"], "9998-06-02T00:00:00Z", "{shown}");
    // One more year still fits: renewed and charged for what it gives.
    reg.ok(&["--now", "9998-01-01", "renew", "fim.pt", "--years", "1"]);
    assert_eq!(count(&reg, "SELECT count(*) FROM ledger"), charges + 1);
}

/// An echoed value is cut: a megabyte id in an import gives an error of a
/// few hundred bytes that still says which line and what is wrong.
#[test]
fn echoed_values_are_cut() {
    let reg = Reg::new();
    let id = "x".repeat(1 << 20);
    let file = reg.path("c.csv");
    std::fs::write(
        &file,
        format!("id,kind,name,email,phone,address,country\n{id},person,Ana,a@b.pt,+351.912345678,Rua 1,PT\n"),
    )
    .unwrap();
    let err = reg.fails(2, &["contact", "import", path_str(&file)]);
    assert!(err.len() < 4096, "the error echoes {} bytes", err.len());
    assert!(
        err.contains("line 2") && err.contains("more bytes]"),
        "{err}"
    );
    let out = reg
        .cmd(&["--json", "contact", "import", path_str(&file)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert!(v["error"]["message"].as_str().unwrap().len() < 4096);
}

/// `import` refuses a JSON record with a key given twice, as `register
/// --batch` does: the reader of the file and the registry must not disagree
/// on which value counts.
#[test]
fn duplicate_json_keys_are_refused_by_import_and_batch() {
    let reg = Reg::with_fixtures();
    let line = r#"{"type":"domain","name":"um.pt","name":"dois.pt","registrant":"ana-silva","created":"2020-01-01","expires":"2027-01-01"}"#;
    let file = reg.path("dup.jsonl");
    std::fs::write(&file, format!("{line}\n")).unwrap();
    let err = reg.fails(2, &["import", path_str(&file)]);
    assert!(
        err.contains("line 1") && err.contains("\"name\" is given twice"),
        "{err}"
    );
    let batch = reg.path("dup-batch.jsonl");
    std::fs::write(
        &batch,
        "{\"name\":\"um.pt\",\"name\":\"dois.pt\",\"registrant\":\"ana-silva\"}\n",
    )
    .unwrap();
    let err = reg.fails(2, &["register", "--batch", path_str(&batch)]);
    assert!(
        err.contains("duplicate field") || err.contains("twice"),
        "{err}"
    );
    assert_eq!(count(&reg, "SELECT count(*) FROM domain"), 0);
}
