//! `audit report RUN`: what an auditor keeps of a run, byte-reproducible.

use crate::support::Reg;

/// A run over two names, one followed by a proof request and a removal,
/// and a checkpoint over all of it.
fn audited() -> (Reg, String) {
    let reg = Reg::with_fixtures();
    for name in ["lisboa1.pt", "pastelaria.pt"] {
        reg.at(
            "2026-03-02T10:00:00Z",
            &["register", name, "--registrant", "ana-silva"],
        )
        .assert()
        .success();
    }
    let run = reg.at(
        "2026-03-03T10:00:00Z",
        &["--json", "audit-sample", "--rate", "1", "--seed", "00"],
    );
    let run: serde_json::Value = serde_json::from_slice(&{ run }.output().unwrap().stdout).unwrap();
    reg.at(
        "2026-03-04T10:00:00Z",
        &["audit", "request-proof", "lisboa1.pt"],
    )
    .assert()
    .success();
    reg.at(
        "2026-03-07T10:00:00Z",
        &[
            "audit",
            "decide",
            "lisboa1.pt",
            "--remove",
            "--grounds",
            "no proof <given>",
        ],
    )
    .assert()
    .success();
    reg.ok(&["audit", "keygen", "--out", "k"]);
    reg.ok(&["audit", "checkpoint", "--key", "k"]);
    (reg, run["run"].to_string())
}

#[test]
fn a_report_holds_the_run_what_followed_and_its_checkpoint() {
    let (reg, run) = audited();
    let md = reg.ok(&["audit", "report", &run]);
    assert!(
        md.starts_with(&format!("# Conformity sampling run {run} (Art. 8.1)")),
        "{md}"
    );
    for needle in [
        "| Seed | 00 |",
        "| Population | 2 |",
        "| Risk share | 0.5 |",
        "lisboa1.pt | random | close to listed name",
        "remove at 2026-03-07T10:00:00Z: no proof <given>",
        "| 9.90 |",
        "audit request-proof",
        "audit decide",
        "## Checkpoint",
        "\u{2014} ptreg/journal ",
    ] {
        assert!(md.contains(needle), "{needle:?} missing in\n{md}");
    }
    let csv = reg.ok(&["audit", "report", &run, "--format", "csv"]);
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(&records[0][1], "lisboa1.pt");
    assert_eq!(&records[0][8], "9.90");
    let html = reg.ok(&["audit", "report", &run, "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("no proof &lt;given&gt;"));
    for external in ["src=", "href=", "http:", "https:", "@import", "url("] {
        assert!(!html.contains(external), "{external} in the HTML");
    }
    // Not a run: exit 4, pointing at the list.
    let err = reg.fails(4, &["audit", "report", "1"]);
    assert!(err.contains("audit runs"), "{err}");
}

#[test]
fn the_same_registry_gives_the_same_bytes() {
    let (reg, run) = audited();
    for format in ["md", "html", "csv"] {
        let a = reg.ok(&["audit", "report", &run, "--format", format]);
        // Another day, another clock: the same bytes.
        let b = reg
            .at("2027-01-01", &["audit", "report", &run, "--format", format])
            .output()
            .unwrap();
        assert_eq!(a.as_bytes(), &b.stdout[..], "{format}");
    }
    let before = reg.ok(&["audit", "report", &run]);
    // An unrelated change leaves it alone; what follows for its names does not.
    reg.at(
        "2026-03-08",
        &["register", "outra.pt", "--registrant", "ana-silva"],
    )
    .assert()
    .success();
    assert_eq!(reg.ok(&["audit", "report", &run]), before);
    reg.at("2026-03-08", &["audit", "request-proof", "pastelaria.pt"])
        .assert()
        .success();
    assert_ne!(reg.ok(&["audit", "report", &run]), before);
    // The registry copied elsewhere reports the same.
    std::fs::copy(&reg.db, reg.path("copy.db")).unwrap();
    let copy = reg
        .cmd(&["--db", "copy.db", "audit", "report", &run])
        .output()
        .unwrap();
    assert_eq!(copy.stdout, reg.ok(&["audit", "report", &run]).into_bytes());
}
