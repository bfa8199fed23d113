//! Tests of input files: `-` (and `/dev/stdin`) for every file a command
//! reads, `check` on a file of names, `list import` refusing lines that are
//! not names, and CSV written with `;` by a Portuguese spreadsheet.

use crate::support::{Reg, fixture, path_str};

fn read(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

/// Runs with `stdin` on standard input, asserting success; returns stdout.
fn piped(reg: &Reg, args: &[&str], stdin: &str) -> String {
    let out = reg
        .cmd(args)
        .write_stdin(stdin.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn dash_is_standard_input_for_every_file_read() {
    let reg = Reg::new();
    piped(&reg, &["contact", "import", "-"], &read("contacts.csv"));
    piped(&reg, &["registrar", "import", "-"], &read("registrars.csv"));
    assert_eq!(reg.json(&["contact", "list"]).as_array().unwrap().len(), 11);
    piped(&reg, &["import", "-"], &read("domains.csv"));
    assert!(reg.json(&["domains"]).as_array().unwrap().len() > 3);
    piped(
        &reg,
        &["register", "--batch", "-"],
        "name,registrant\nnovo-nome.pt,ana-silva\n",
    );
    assert_eq!(
        reg.json(&["show", "novo-nome.pt"])["registrant"],
        "ana-silva"
    );
    piped(
        &reg,
        &["list", "import", "blocked", "-"],
        "palavra\nOutra Palavra\n",
    );
    let blocked = reg.json(&["list", "show", "blocked"]);
    assert_eq!(blocked.as_array().unwrap().len(), 2);
    let policy = reg
        .ok(&["policy", "show"])
        .replace("rate = 0.05", "rate = 0.1");
    piped(&reg, &["policy", "set", "-"], &policy);
    assert!(reg.ok(&["policy", "show"]).contains("rate = 0.1"));
}

#[test]
fn json_lines_on_standard_input_and_dev_stdin() {
    let export = {
        let reg = Reg::new();
        reg.ok(&["import", path_str(&fixture("registry.jsonl"))]);
        reg.ok(&["export"])
    };
    for source in ["-", "/dev/stdin"] {
        let reg = Reg::new();
        piped(&reg, &["import", source], &export);
        assert_eq!(reg.ok(&["export"]), export, "{source}");
    }
}

#[test]
fn check_reads_names_from_a_file_or_standard_input() {
    let reg = Reg::new();
    let file = reg.path("names.txt");
    std::fs::write(&file, "# candidates\nexemplo.pt\n\n  lisboa.pt  \n").unwrap();
    let v = reg.json_exit(3, &["check", "--file", path_str(&file), "outro.pt"]);
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["outro.pt", "exemplo.pt", "lisboa.pt"]);
    let out = piped(&reg, &["check", "-f", "-"], "exemplo.pt\ncafé.pt\n");
    assert_eq!(
        out,
        "exemplo.pt: admissible\n\ncafé.pt (xn--caf-dma.pt): admissible\n"
    );
    reg.fails(2, &["check"]);
    reg.fails(4, &["check", "--file", "missing.txt"]);
}

#[test]
fn list_import_refuses_lines_that_are_not_names() {
    let reg = Reg::with_fixtures();
    reg.ok(&[
        "register",
        "exemplo.pt",
        "--registrant",
        "ana-silva",
        "--ns",
        "ns1.exemplo.net",
        "--ns",
        "ns2.exemplo.net",
    ]);
    let zone = reg.ok(&["zone", "export"]);
    let out = reg
        .cmd(&["list", "import", "blocked", "-"])
        .write_stdin(zone)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("line 1") && err.contains("not a name"),
        "{err}"
    );
    assert_eq!(
        reg.json(&["list", "show", "blocked"]),
        serde_json::json!([])
    );
    let err = reg.fails(2, &["list", "add", "blocked", "a.dns.pt. 86400"]);
    assert!(err.contains("is a domain name"), "{err}");
}

#[test]
fn semicolon_csv_from_a_spreadsheet() {
    let reg = Reg::new();
    // A field holding the other delimiter keeps it.
    let contacts = "id;kind;name;email;phone;address;country;vat;whois_consent\n\
        ana-silva;person;Ana Silva;ana.silva@exemplo.pt;+351.912345678;\"Rua Augusta 112; Lisboa\";PT;;yes\n";
    piped(&reg, &["contact", "import", "-"], contacts);
    assert_eq!(
        reg.json(&["contact", "show", "ana-silva"])["address"],
        "Rua Augusta 112; Lisboa"
    );
    let registrars = "id;name;email;vat\nlusonet;LusoNet, Lda.;registos@lusonet.exemplo.pt;\n";
    piped(&reg, &["registrar", "import", "-"], registrars);
    assert_eq!(
        reg.json(&["registrar", "show", "lusonet"])["name"],
        "LusoNet, Lda."
    );
    let file = reg.path("domains.csv");
    std::fs::write(
        &file,
        "name;registrant;manager;created;expires;nameservers\n\
         antigo.pt;ana-silva;lusonet;2015-01-01;2027-01-01;ns1.exemplo.net ns2.exemplo.net\n",
    )
    .unwrap();
    reg.ok(&["import", path_str(&file)]);
    assert_eq!(reg.json(&["show", "antigo.pt"])["manager"], "lusonet");
    std::fs::write(&file, "name;registrant\nnovo.pt;ana-silva\n").unwrap();
    reg.ok(&["register", "--batch", path_str(&file)]);
    assert_eq!(reg.json(&["show", "novo.pt"])["registrant"], "ana-silva");
}
