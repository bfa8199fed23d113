//! Tests of the conventions every command shares: `--quiet` is silent on
//! success, usage errors are JSON under `--json`, dry runs say so, rows set
//! aside by `--reject` give exit 6, `--dry-run`/`--reason` only where they
//! mean something, and the journal's actor without `USER`/`LOGNAME`.

use serde_json::Value;

use crate::support::{Reg, fixture, path_str};

/// Runs and returns (exit code, stdout, stderr).
fn run(reg: &Reg, args: &[&str]) -> (Option<i32>, String, String) {
    let out = reg.cmd(args).output().expect("run");
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn quiet_is_silent_on_success_for_every_kind_of_command() {
    let reg = Reg::empty();
    let zone = reg.path("pt.zone");
    let backup = reg.path("copy.db");
    let export = reg.path("all.jsonl");
    let contacts = fixture("contacts.csv");
    let registrars = fixture("registrars.csv");
    let domains = fixture("domains.csv");
    let steps: Vec<Vec<&str>> = vec![
        vec!["init"],
        vec!["contact", "import", path_str(&contacts)],
        vec!["registrar", "import", path_str(&registrars)],
        vec!["import", path_str(&domains)],
        vec!["register", "exemplo.pt", "--registrant", "ana-silva"],
        vec!["renew", "exemplo.pt"],
        vec!["list", "add", "blocked", "palavra"],
        vec!["doctor"],
        vec!["audit", "verify"],
        vec!["sweep"],
        vec!["zone", "export", "--out", path_str(&zone)],
        vec!["backup", path_str(&backup)],
        vec!["export", "--out", path_str(&export)],
        vec!["--dry-run", "remove", "exemplo.pt", "--by", "registrant"],
    ];
    for step in steps {
        let mut args = vec!["-q"];
        args.extend(step.iter().copied());
        let (code, stdout, stderr) = run(&reg, &args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert_eq!((stdout.as_str(), stderr.as_str()), ("", ""), "{args:?}");
    }
    // What a query asks for still prints.
    let (_, shown, _) = run(&reg, &["-q", "show", "exemplo.pt"]);
    assert!(shown.contains("exemplo.pt"), "{shown}");
    let (_, listed, _) = run(&reg, &["-q", "domains"]);
    assert!(listed.lines().count() > 1, "{listed}");
    // Under --json the value was asked for: it prints, quiet or not.
    let (_, json, _) = run(&reg, &["-q", "--json", "renew", "exemplo.pt"]);
    assert_eq!(
        serde_json::from_str::<Value>(&json).unwrap()["name"],
        "exemplo.pt"
    );
    // Errors are not silenced.
    let (code, _, stderr) = run(&reg, &["-q", "renew", "nada.pt"]);
    assert_eq!(code, Some(4));
    assert!(stderr.contains("nada.pt"), "{stderr}");
}

#[test]
fn usage_errors_are_json_under_json() {
    let reg = Reg::new();
    for args in [
        &["--json", "domains", "--bogus"][..],
        &["--json", "frobnicate"],
        &["--json", "register", "exemplo.pt"],
        &["domains", "--state", "dormant", "--json"],
    ] {
        let (code, stdout, stderr) = run(&reg, args);
        assert_eq!(code, Some(2), "{args:?}");
        assert_eq!(stdout, "");
        let v: Value = serde_json::from_str(stderr.trim()).expect("one JSON value on stderr");
        assert_eq!(v["error"]["kind"], "usage", "{args:?}");
        assert!(v["error"]["article"].is_null());
        assert!(!v["error"]["message"].as_str().unwrap().is_empty());
    }
    // Without --json: clap's text.
    let (_, _, stderr) = run(&reg, &["domains", "--bogus"]);
    assert!(stderr.starts_with("error: unexpected argument"), "{stderr}");
    // After `--` a --json is an operand, not the flag.
    let (_, _, stderr) = run(&reg, &["check", "--", "--json"]);
    assert!(!stderr.starts_with('{'), "{stderr}");
    // Help is still help.
    let (code, stdout, _) = run(&reg, &["--json", "domains", "--help"]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("Usage: ptreg domains"), "{stdout}");
}

#[test]
fn a_dry_run_says_so_in_json() {
    let reg = Reg::with_fixtures();
    reg.ok(&["register", "exemplo.pt", "--registrant", "ana-silva"]);
    for args in [
        &["--dry-run", "renew", "exemplo.pt"][..],
        &["renew", "exemplo.pt", "--dry-run"],
        &["--dry-run", "list", "add", "blocked", "palavra"],
        &["--dry-run", "sweep"],
    ] {
        let v = reg.json(args);
        assert_eq!(v["dry_run"], true, "{args:?}: {v}");
    }
    // A result with a dry_run field of its own says it once.
    let file = reg.path("b.csv");
    std::fs::write(&file, "name,registrant\noutro.pt,ana-silva\n").unwrap();
    let out = reg.ok(&[
        "--json",
        "--dry-run",
        "register",
        "--batch",
        path_str(&file),
    ]);
    assert_eq!(out.matches("\"dry_run\"").count(), 1, "{out}");
    let v = reg.json(&["renew", "exemplo.pt"]);
    assert!(v.get("dry_run").is_none(), "{v}");
    // The renewal above is the only one: the dry runs rolled back.
    let history = reg.json(&["history", "exemplo.pt"]);
    assert_eq!(history.as_array().unwrap().len(), 2);
}

#[test]
fn dry_run_and_reason_belong_to_commands_that_change() {
    let reg = Reg::with_fixtures();
    reg.ok(&["register", "exemplo.pt", "--registrant", "ana-silva"]);
    // After the command name: only where the command changes something.
    let err = reg.fails(2, &["show", "exemplo.pt", "--dry-run"]);
    assert!(err.contains("--dry-run"), "{err}");
    reg.fails(2, &["domains", "--reason", "x"]);
    // Before it (as a global option): refused on a query, with the reason.
    let err = reg.fails(2, &["--dry-run", "show", "exemplo.pt"]);
    assert!(err.contains("changes nothing"), "{err}");
    reg.fails(2, &["--reason", "why", "domains"]);
    // On a change, both places work and the reason is journaled.
    reg.ok(&[
        "lock",
        "exemplo.pt",
        "--case",
        "P-1",
        "--reason",
        "court order",
    ]);
    reg.ok(&["--reason", "settled", "unlock", "exemplo.pt"]);
    let history = reg.json(&["history", "exemplo.pt"]);
    assert_eq!(history[1]["reason"], "court order");
    assert_eq!(history[2]["reason"], "settled");
    // Help shows them on changes only, and the globals apart.
    let help = reg.ok(&["show", "--help"]);
    assert!(
        !help.contains("--dry-run") && !help.contains("--reason"),
        "{help}"
    );
    assert!(help.contains("Global options:"), "{help}");
    let help = reg.ok(&["renew", "--help"]);
    assert!(
        help.contains("--dry-run") && help.contains("--reason"),
        "{help}"
    );
}

#[test]
fn rows_set_aside_by_reject_exit_6() {
    let reg = Reg::with_fixtures();
    let file = reg.path("batch.csv");
    std::fs::write(
        &file,
        "name,registrant\nbom.pt,ana-silva\nlisboa.pt,ana-silva\nmau.pt,ninguem\n",
    )
    .unwrap();
    let rejects = reg.path("rejects.csv");
    let args = [
        "register",
        "--batch",
        path_str(&file),
        "--reject",
        path_str(&rejects),
    ];
    let out = reg.cmd(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(6));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("2 rows were set aside in"), "{stderr}");
    assert_eq!(reg.json(&["show", "bom.pt"])["name"], "bom.pt");
    // Under --json: the summary on stdout, the error on stderr.
    let clean = reg.path("clean.csv");
    std::fs::write(&clean, "name,registrant\noutro.pt,ana-silva\n").unwrap();
    let v = reg.json(&[
        "register",
        "--batch",
        path_str(&clean),
        "--reject",
        path_str(&reg.path("none.csv")),
    ]);
    assert_eq!(v["rejected"], 0, "a clean run exits 0: {v}");
}

#[test]
fn environment_values_are_not_shown_as_typed_in_usage() {
    let reg = Reg::new();
    let err = reg.fails(2, &["register", "--registrant", "ana-silva"]);
    assert!(!err.contains("--db"), "{err}");
    assert!(!err.contains("--now"), "{err}");
    let help = reg.ok(&["--help"]);
    assert!(help.contains("PTREG_DB"), "{help}");
}

#[test]
fn the_actor_without_user_or_logname_is_the_account() {
    let reg = Reg::with_fixtures();
    let mut cmd = reg.cmd(&["register", "exemplo.pt", "--registrant", "ana-silva"]);
    cmd.env_remove("PTREG_ACTOR").assert().success();
    let history = reg.json(&["history", "exemplo.pt"]);
    let actor = history[0]["actor"].as_str().unwrap().to_string();
    assert_ne!(actor, "unknown");
    let id = std::process::Command::new("id")
        .arg("-un")
        .output()
        .unwrap();
    assert_eq!(actor, String::from_utf8(id.stdout).unwrap().trim());
    // LOGNAME, then USER, come first when set.
    let mut cmd = reg.cmd(&["renew", "exemplo.pt"]);
    cmd.env_remove("PTREG_ACTOR")
        .env("USER", "maria")
        .assert()
        .success();
    assert_eq!(reg.json(&["history", "exemplo.pt"])[1]["actor"], "maria");
}

#[test]
fn counts_say_one_thing_and_many_things() {
    let reg = Reg::with_fixtures();
    let file = reg.path("one.csv");
    std::fs::write(
        &file,
        "name,registrant,nameservers\num.pt,ana-silva,ns1.exemplo.net ns2.exemplo.net\n",
    )
    .unwrap();
    let out = reg.ok(&["register", "--batch", path_str(&file)]);
    assert!(out.starts_with("registered 1 name from"), "{out}");
    let zone = reg.path("pt.zone");
    let out = reg.ok(&["zone", "export", "--out", path_str(&zone)]);
    assert!(out.contains(": 1 delegation,"), "{out}");
    let contacts = reg.path("c.csv");
    std::fs::write(
        &contacts,
        "id,name,email,phone,address,country\nnovo,Novo Nome,novo@exemplo.pt,+351.912000001,Rua A,PT\n",
    )
    .unwrap();
    let out = reg.ok(&["contact", "import", path_str(&contacts)]);
    assert!(out.starts_with("imported 1 contact"), "{out}");
    // The run number says what it is.
    let out = reg.ok(&["audit-sample", "--count", "1", "--seed", "00"]);
    assert!(out.starts_with("sampling run "), "{out}");
    assert!(out.contains("--reproduce"), "{out}");
}
