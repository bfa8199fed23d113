//! The EPP rows: `ptreg epp serve` on loopback over the benchmark registry,
//! driven by `benches/epp_load.py` over one TLS session (each command waits
//! for its answer, as a registrar's client does): domain:check and
//! domain:info of names the busiest registrar manages, and domain:create of
//! new names (each its own transaction and fsync).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use super::{PTREG, Row, copy_db, path};

const PASSWORD: &str = "bench-pw-1";

fn row(what: &str, measured: Option<f64>, limit: f64, note: &str) -> Row {
    Row {
        what: what.to_string(),
        measured: measured.map_or_else(|| format!("failed: {note}"), |r| format!("{r:.0}/s")),
        reference: "-".into(),
        ratio: "-".into(),
        target: format!(">= {limit:.0}/s"),
        verdict: match measured {
            Some(r) if r >= limit => "pass".into(),
            Some(_) => "FAIL".into(),
            None => "-".into(),
        },
    }
}

/// Measures, on a copy of `db`; a failure to set up is reported in the rows.
pub(crate) fn rows(db: &Path, dir: &Path) -> Vec<Row> {
    match measure(db, dir) {
        Ok((check, info, create)) => vec![
            row("EPP domain:check, one TLS session", Some(check), 300.0, ""),
            row("EPP domain:info, one TLS session", Some(info), 300.0, ""),
            row(
                "EPP domain:create, one TLS session",
                Some(create),
                100.0,
                "",
            ),
        ],
        Err(e) => vec![row("EPP over one TLS session", None, 300.0, &e.to_string())],
    }
}

fn measure(db: &Path, dir: &Path) -> Result<(f64, f64, f64), Box<dyn std::error::Error>> {
    let epp_db = dir.join("epp.db");
    copy_db(db, &epp_db)?;
    let conn = rusqlite::Connection::open(&epp_db)?;
    let registrar: String = conn.query_row(
        "SELECT manager FROM domain WHERE manager IS NOT NULL AND state <> 'removed'
          GROUP BY manager ORDER BY count(*) DESC LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    drop(conn);
    let pw = dir.join("epp.pw");
    std::fs::write(&pw, format!("{PASSWORD}\n"))?;
    let (cert, key) = (dir.join("epp.crt"), dir.join("epp.key"));
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
        ])
        .args(["-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    if !made.success() {
        return Err("openssl could not make a certificate".into());
    }
    let set = Command::new(PTREG)
        .env("PTREG_DB", &epp_db)
        .env("PTREG_NOW", super::generate::NOW)
        .args([
            "-q",
            "registrar",
            "credentials",
            &registrar,
            "--password-file",
            path(&pw),
        ])
        .output()?;
    if !set.status.success() {
        return Err(String::from_utf8_lossy(&set.stderr).into_owned().into());
    }
    let mut server = Command::new(PTREG)
        .env("PTREG_DB", &epp_db)
        .env("PTREG_NOW", super::generate::NOW)
        .args([
            "epp",
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--cert",
            path(&cert),
            "--key",
        ])
        .arg(&key)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut line = String::new();
    if let Some(err) = server.stderr.take() {
        BufReader::new(err).read_line(&mut line)?;
    }
    let port = line.trim().rsplit(':').next().unwrap_or("").to_string();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/epp_load.py");
    let load = Command::new("python3")
        .arg(script)
        .args([
            "--port",
            &port,
            "--db",
            path(&epp_db),
            "--registrar",
            &registrar,
        ])
        .args(["--password", PASSWORD, "--n", "3000", "--creates", "1000"])
        .output();
    let _ = server.kill();
    let _ = server.wait();
    let load = load?;
    if !load.status.success() {
        return Err(String::from_utf8_lossy(&load.stderr).into_owned().into());
    }
    let v: serde_json::Value = serde_json::from_slice(&load.stdout)?;
    eprintln!("EPP load: {v}");
    // A rate of refusals would measure nothing: every answer must be 1000.
    for k in ["check_codes", "info_codes", "create_codes"] {
        let codes = v[k].as_object().ok_or_else(|| format!("no {k} in {v}"))?;
        if codes.keys().any(|c| c != "1000") {
            return Err(format!("not every answer was 1000: {k} {}", v[k]).into());
        }
    }
    let rate = |k: &str| v[k].as_f64().ok_or_else(|| format!("no {k} in {v}"));
    Ok((
        rate("check_per_s")?,
        rate("info_per_s")?,
        rate("create_per_s")?,
    ))
}
