//! Tests of `registrar`: add/list/show/import, and withdrawal passing the
//! management of every live name to its registrant (Art. 15.2).

use crate::support::{Reg, path_str};

fn db(reg: &Reg) -> rusqlite::Connection {
    rusqlite::Connection::open(&reg.db).unwrap()
}

#[test]
fn add_list_show() {
    let reg = Reg::new();
    let added = reg.json(&[
        "registrar",
        "add",
        "nortenet",
        "--name",
        "NorteNet, Lda.",
        "--email",
        "registos@nortenet.exemplo.pt",
        "--address",
        "Rua Nova 1, 1000-001 Lisboa",
        "--vat",
        "507538927",
    ]);
    assert_eq!(added["id"], "nortenet");
    assert_eq!(added["vat"], "507538927");
    assert!(added["withdrawn"].is_null());
    let shown = reg.json(&["registrar", "show", "nortenet"]);
    assert_eq!(shown["name"], "NorteNet, Lda.");
    assert_eq!(shown["domains"], 0);
    let list = reg.json(&["registrar", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let table = reg.ok(&["registrar", "list", "--format", "table"]);
    assert!(table.contains("NorteNet, Lda."), "{table}");
}

#[test]
fn add_errors() {
    let reg = Reg::with_fixtures();
    let err = reg.fails(
        5,
        &[
            "registrar",
            "add",
            "CEGER",
            "--name",
            "X",
            "--email",
            "x@exemplo.pt",
            "--address",
            "Rua Nova 1, 1000-001 Lisboa",
        ],
    );
    assert!(err.contains("CEGER already exists"), "{err}");
    let err = reg.fails(
        2,
        &[
            "registrar",
            "add",
            "novo",
            "--name",
            "X",
            "--email",
            "x@exemplo",
            "--address",
            "Rua Nova 1, 1000-001 Lisboa",
        ],
    );
    assert!(err.contains("--email \"x@exemplo\""), "{err}");
    let err = reg.fails(
        2,
        &[
            "registrar",
            "add",
            "novo",
            "--name",
            "X",
            "--email",
            "x@exemplo.pt",
            "--address",
            "Rua Nova 1, 1000-001 Lisboa",
            "--vat",
            "507538920",
        ],
    );
    assert!(
        err.contains("--vat \"507538920\"") && err.contains("check digit"),
        "{err}"
    );
    let err = reg.fails(2, &["registrar", "add", "novo", "--name", "X"]);
    assert!(err.contains("--email"), "{err}");
    let err = reg.fails(
        2,
        &[
            "registrar",
            "add",
            "a b",
            "--name",
            "X",
            "--email",
            "x@exemplo.pt",
            "--address",
            "Rua Nova 1, 1000-001 Lisboa",
        ],
    );
    assert!(err.contains("id \"a b\""), "{err}");
    reg.fails(4, &["registrar", "show", "novo"]);
}

#[test]
fn the_fixtures_hold_the_gov_pt_manager() {
    let reg = Reg::with_fixtures();
    let ids: Vec<String> = reg
        .json(&["registrar", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["CEGER", "atlantico", "lusonet"]);
}

#[test]
fn import_with_rejects() {
    let reg = Reg::with_fixtures();
    let file = reg.path("registrars.csv");
    std::fs::write(
        &file,
        "name,id,email,vat\n\
         Sul Domínios,sul,geral@sul.exemplo.pt,\n\
         Duplicado,lusonet,x@exemplo.pt,\n\
         Mau,mau,mau@exemplo,\n",
    )
    .unwrap();
    let err = reg.fails(5, &["registrar", "import", path_str(&file)]);
    assert!(err.contains("line 3"), "{err}");
    reg.fails(4, &["registrar", "show", "sul"]);

    let reject = reg.path("rejects.csv");
    // Rows set aside: exit 6, the good rows in.
    let summary = reg.json_exit(
        6,
        &[
            "registrar",
            "import",
            path_str(&file),
            "--reject",
            path_str(&reject),
        ],
    );
    assert_eq!(summary["imported"], 1);
    assert_eq!(summary["rejected"], 2);
    assert_eq!(
        reg.json(&["registrar", "show", "sul"])["name"],
        "Sul Domínios"
    );
    // The one reject layout of every import: the row as read, then its
    // line and reason.
    let text = std::fs::read_to_string(&reject).unwrap();
    assert!(
        text.starts_with("name,id,email,vat,reject_line,reject_reason\n"),
        "{text}"
    );
    assert!(
        text.contains("lusonet,x@exemplo.pt,,3,registrar lusonet already exists"),
        "{text}"
    );
    assert!(text.contains(",4,\"email \"\"mau@exemplo\"\""), "{text}");
    // Fixed, the reject file imports as it is (its own columns are ignored).
    let fixed = text.replace("Mau,mau,mau@exemplo,", "Mau,mau,mau@exemplo.pt,");
    let fixed = fixed
        .lines()
        .filter(|l| !l.contains("lusonet"))
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&reject, fixed + "\n").unwrap();
    let again = reg.json(&["registrar", "import", path_str(&reject)]);
    assert_eq!(again["imported"], 1, "{again}");
    assert_eq!(
        reg.json(&["registrar", "show", "mau"])["email"],
        "mau@exemplo.pt"
    );
}

#[test]
fn withdraw_passes_management_to_the_registrants() {
    let reg = Reg::with_fixtures();
    reg.ok(&[
        "register",
        "padarialusa.pt",
        "--registrant",
        "padaria-lusa",
        "--manager",
        "lusonet",
    ]);
    reg.ok(&[
        "register",
        "tecnorede.pt",
        "--registrant",
        "tecnorede",
        "--manager",
        "lusonet",
    ]);
    reg.ok(&[
        "register",
        "quintadovale.pt",
        "--registrant",
        "vinhos-douro",
        "--manager",
        "atlantico",
    ]);
    assert_eq!(reg.json(&["registrar", "show", "lusonet"])["domains"], 2);

    let out = reg.json(&["--now", "2026-05-01", "registrar", "withdraw", "lusonet"]);
    assert_eq!(out["registrar"]["withdrawn"], "2026-05-01T00:00:00Z");
    assert_eq!(
        out["domains"],
        serde_json::json!(["padarialusa.pt", "tecnorede.pt"])
    );

    let d = reg.json(&["show", "padarialusa.pt"]);
    assert_eq!(d["manager"], "padaria-lusa");
    assert_eq!(d["manager_kind"], "registrant");
    assert_eq!(reg.json(&["show", "tecnorede.pt"])["manager"], "tecnorede");
    assert_eq!(
        reg.json(&["show", "quintadovale.pt"])["manager"],
        "atlantico"
    );
    assert_eq!(reg.json(&["registrar", "show", "lusonet"])["domains"], 0);

    let conn = db(&reg);
    let notices: Vec<(String, String, String, String)> = conn
        .prepare("SELECT recipient, domain, article, text FROM notice ORDER BY domain")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(notices.len(), 2);
    assert_eq!(notices[0].0, "geral@padarialusa.exemplo.pt");
    assert_eq!(notices[0].1, "padarialusa.pt");
    assert_eq!(notices[0].2, "15.2");
    assert!(notices[0].3.contains("Art. 15.2"), "{}", notices[0].3);
    assert!(notices[0].3.contains("LusoNet"), "{}", notices[0].3);
    assert_eq!(notices[1].0, "noc@tecnorede.exemplo.pt");

    // One journal entry per name changed, plus one for the registrar.
    let entries: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM journal WHERE command = 'registrar withdraw' AND article = '15.2'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(entries, 3);
    let history = reg.json(&["history", "padarialusa.pt"]);
    let last = history.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["command"], "registrar withdraw");
    assert_eq!(last["outcome"]["manager"], "padaria-lusa");

    let err = reg.fails(5, &["registrar", "withdraw", "lusonet"]);
    assert!(err.contains("already withdrawn"), "{err}");
    reg.fails(4, &["registrar", "withdraw", "nobody"]);

    // A withdrawn registrar manages no new names.
    let err = reg.fails(
        3,
        &[
            "register",
            "novonome.pt",
            "--registrant",
            "ana-silva",
            "--manager",
            "lusonet",
        ],
    );
    assert!(err.contains("[Art. 15.2]"), "{err}");
}

#[test]
fn withdraw_dry_run_changes_nothing() {
    let reg = Reg::with_fixtures();
    reg.ok(&[
        "register",
        "padarialusa.pt",
        "--registrant",
        "padaria-lusa",
        "--manager",
        "lusonet",
    ]);
    let out = reg.ok(&["--dry-run", "registrar", "withdraw", "lusonet"]);
    assert!(out.contains("dry run"), "{out}");
    assert_eq!(reg.json(&["show", "padarialusa.pt"])["manager"], "lusonet");
    assert!(reg.json(&["registrar", "show", "lusonet"])["withdrawn"].is_null());
}

#[test]
fn a_registrars_address_is_published_and_can_be_updated() {
    let reg = Reg::with_fixtures();
    let err = reg.fails(
        2,
        &[
            "registrar",
            "add",
            "novo",
            "--name",
            "Novo",
            "--email",
            "n@novo.pt",
        ],
    );
    assert!(err.contains("--address"), "{err}");
    reg.ok(&[
        "register",
        "exemplo.pt",
        "--registrant",
        "ana-silva",
        "--manager",
        "lusonet",
    ]);
    let whois = reg.ok(&["whois", "exemplo.pt"]);
    assert!(
        whois.contains("Registrar Address: Avenida da Liberdade 110, 1250-146 Lisboa"),
        "{whois}"
    );
    let updated = reg.json(&[
        "registrar",
        "update",
        "lusonet",
        "--address",
        "Rua Castilho 5, 1250-066 Lisboa",
    ]);
    assert_eq!(updated["address"], "Rua Castilho 5, 1250-066 Lisboa");
    assert_eq!(updated["email"], "registos@lusonet.exemplo.pt");
    let json = reg.json(&["whois", "exemplo.pt"]);
    assert_eq!(
        json["manager"]["address"],
        "Rua Castilho 5, 1250-066 Lisboa"
    );
    let err = reg.fails(2, &["registrar", "update", "lusonet"]);
    assert!(err.contains("at least one"), "{err}");
    reg.fails(4, &["registrar", "update", "nobody", "--name", "X"]);
    let err = reg.fails(2, &["registrar", "update", "lusonet", "--email", "bad"]);
    assert!(err.contains("--email"), "{err}");
    let history: i64 = db(&reg)
        .query_row(
            "SELECT count(*) FROM journal WHERE command = 'registrar update'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(history, 1);
}

#[test]
fn registrars_as_they_stood() {
    let reg = Reg::with_fixtures();
    reg.at(
        "2026-03-10T09:00:00Z",
        &[
            "register",
            "exemplo.pt",
            "--registrant",
            "ana-silva",
            "--manager",
            "lusonet",
        ],
    )
    .assert()
    .success();
    let before: serde_json::Value = serde_json::from_slice(
        &reg.at(
            "2026-04-01T09:00:00Z",
            &["--json", "registrar", "show", "lusonet"],
        )
        .output()
        .unwrap()
        .stdout,
    )
    .unwrap();
    reg.at(
        "2026-05-01T09:00:00Z",
        &[
            "registrar",
            "update",
            "lusonet",
            "--name",
            "LusoNet 2",
            "--address",
            "Rua Castilho 5, 1250-066 Lisboa",
        ],
    )
    .assert()
    .success();
    let json_at = |now: &str, args: &[&str]| -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = reg.at(now, &all).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let now = "2026-06-01T09:00:00Z";
    // As it stood before the update: the old name and address.
    let then = json_at(
        now,
        &["registrar", "show", "lusonet", "--as-of", "2026-04-15"],
    );
    assert_eq!(then["name"], before["name"]);
    assert_eq!(then["address"], before["address"]);
    assert_eq!(then["domains"], 1);
    // Before the name was registered it managed none of it.
    let earlier = json_at(
        now,
        &["registrar", "show", "lusonet", "--as-of", "2026-03-05"],
    );
    assert_eq!(earlier["domains"], 0);
    // After the update, and now.
    let after = json_at(
        now,
        &["registrar", "show", "lusonet", "--as-of", "2026-05-15"],
    );
    assert_eq!(after["name"], "LusoNet 2");
    assert_eq!(
        json_at(now, &["registrar", "show", "lusonet"])["address"],
        "Rua Castilho 5, 1250-066 Lisboa"
    );
    // The list as of then agrees.
    let list = json_at(now, &["registrar", "list", "--as-of", "2026-04-15"]);
    let luso = list
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "lusonet")
        .unwrap();
    assert_eq!(luso["name"], before["name"]);
    // WHOIS as of then names the registrar as it was.
    let whois = json_at(now, &["whois", "exemplo.pt", "--as-of", "2026-04-15"]);
    assert_eq!(whois["manager"]["address"], before["address"]);
    // Unknown ids and times before the registrar existed.
    reg.fails(4, &["registrar", "show", "nobody", "--as-of", "2026-04-15"]);
    let err = reg.fails(
        4,
        &["registrar", "show", "lusonet", "--as-of", "1990-01-01"],
    );
    assert!(err.contains("not yet"), "{err}");
    reg.fails(2, &["registrar", "show", "lusonet", "--as-of", "soon"]);
}
