//! Personal data: files stay private, a person without WHOIS consent is not
//! revealed in error messages, and `contact erase` (RGPD, Art. 29.5) takes a
//! contact's data out of the registry and its journal while the journal
//! still verifies.

use std::os::unix::fs::PermissionsExt;

use crate::support::{Reg, path_str};

use super::harness::{assert_whole, count, run, stderr};

/// João Pereira in fixtures/contacts.csv: a person without WHOIS consent.
const JOAO: [&str; 5] = [
    "João Carlos Pereira",
    "joao.pereira@correio.pt",
    "+351.936547812",
    "Rua de Santa Catarina 410",
    "187456321",
];

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn init_and_backup_files_are_private() {
    let reg = Reg::new();
    assert_eq!(mode(&reg.db), 0o600, "init");
    reg.load_fixture_people();
    assert_eq!(mode(&reg.db), 0o600, "after writes");
    let copy = reg.path("copy.db");
    reg.ok(&["backup", path_str(&copy)]);
    assert_eq!(mode(&copy), 0o600, "backup");
}

#[test]
fn failing_commands_do_not_reveal_a_person_without_consent() {
    let reg = Reg::with_fixtures();
    reg.ok(&["register", "joaopereira.pt", "--registrant", "joao-pereira"]);
    reg.ok(&["lock", "joaopereira.pt", "--case", "TJ-1/2026"]);
    let failing: &[&[&str]] = &[
        &["register", "joaopereira.pt", "--registrant", "joao-pereira"],
        &["transfer", "joaopereira.pt", "--registrant", "maria-costa"],
        &["remove", "joaopereira.pt", "--by", "registrant"],
        &["renew", "joaopereira.pt", "--years", "4"],
        &[
            "transfer",
            "joaopereira.pt",
            "--manager",
            "lusonet",
            "--code",
            "x",
        ],
        &["oppose", "joaopereira.pt"],
        &[
            "register",
            "outro.pt",
            "--registrant",
            "joao-pereira",
            "--years",
            "7",
        ],
        &[
            "register",
            "outro.pt",
            "--registrant",
            "joao-pereira",
            "--ns",
            "x",
        ],
        &["register", "lisboa.pt", "--registrant", "joao-pereira"],
        &["contact", "add", "joao-pereira", "--name", "X"],
        &[
            "contact",
            "update",
            "joao-pereira",
            "--email",
            "not-an-email",
        ],
        &["contact", "erase", "joao-pereira"],
    ];
    for args in failing {
        for json in [false, true] {
            let mut all = Vec::new();
            if json {
                all.push("--json");
            }
            all.extend_from_slice(args);
            let out = run(&reg, &all);
            assert!(!out.status.success(), "{all:?} should fail");
            let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
            for value in JOAO {
                assert!(!text.contains(value), "{all:?} reveals {value:?}: {text}");
            }
        }
    }
}

#[test]
fn erase_is_refused_while_a_live_domain_uses_the_contact() {
    let reg = Reg::with_fixtures();
    reg.ok(&["register", "joaopereira.pt", "--registrant", "joao-pereira"]);
    let tech = [
        "register",
        "padarialusa.pt",
        "--registrant",
        "padaria-lusa",
        "--tech",
        "maria-costa",
    ];
    reg.ok(&tech);
    let before = count(&reg, "SELECT count(*) FROM journal");
    let err = reg.fails(3, &["contact", "erase", "joao-pereira"]);
    assert!(err.contains("[Art. 29.5]"), "{err}");
    assert!(err.contains("registrant of joaopereira.pt"), "{err}");
    let err = reg.fails(3, &["--json", "contact", "erase", "maria-costa"]);
    let v: serde_json::Value = serde_json::from_str(&err).unwrap();
    assert_eq!(v["error"]["kind"], "refused");
    assert_eq!(v["error"]["article"], "29.5");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("technical contact of padarialusa.pt"),
        "{message}"
    );
    assert_eq!(count(&reg, "SELECT count(*) FROM journal"), before);
    let shown = reg.json(&["contact", "show", "joao-pereira"]);
    assert_eq!(shown["name"], JOAO[0]);
    assert!(shown["erased"].is_null());
    reg.fails(4, &["contact", "erase", "ninguem"]);
}

#[test]
fn erase_replaces_personal_data_and_the_journal_still_verifies() {
    let reg = Reg::new();
    reg.ok(&[
        "contact",
        "add",
        "eva",
        "--name",
        "Eva Rocha",
        "--email",
        "eva.rocha@exemplo.pt",
        "--phone",
        "+351.912000111",
        "--address",
        "Rua do Carmo 7, Lisboa",
        "--country",
        "PT",
        "--vat",
        "201238764",
        "--whois-consent",
    ]);
    reg.ok(&["contact", "update", "eva", "--phone", "+351.912000222"]);
    let personal = [
        "Eva Rocha",
        "eva.rocha@exemplo.pt",
        "+351.912000111",
        "+351.912000222",
        "Rua do Carmo",
        "201238764",
    ];
    let entries = count(&reg, "SELECT count(*) FROM journal");
    let done = reg.json(&["contact", "erase", "eva"]);
    assert_eq!(done["changed"], true);
    assert_eq!(done["contact"]["name"], "erased");
    assert_eq!(done["contact"]["vat"], "erased");
    assert_eq!(done["contact"]["kind"], "person");
    assert_eq!(done["contact"]["country"], "PT");
    assert_eq!(done["contact"]["whois_consent"], false);
    assert_eq!(
        done["redacted_entries"],
        serde_json::json!([entries - 1, entries]),
        "the add and the update"
    );
    let shown = reg.json(&["contact", "show", "eva"]);
    assert_eq!(shown["email"], "erased");
    assert_eq!(shown["erased"], "2026-03-01T09:00:00Z");
    assert_eq!(shown["problems"], serde_json::json!([]));

    // Nothing personal is left in the file, and the journal verifies.
    let conn = rusqlite::Connection::open(&reg.db).unwrap();
    for value in personal {
        let hits: i64 = conn
            .query_row(
                "SELECT (SELECT count(*) FROM journal WHERE instr(inputs || outcome, ?1) > 0)
                      + (SELECT count(*) FROM contact WHERE instr(name || email || phone
                            || address || coalesce(vat, ''), ?1) > 0)",
                [value],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(hits, 0, "{value:?} is still in the file");
    }
    drop(conn);
    assert_whole(&reg, "after the erasure");
    let erase_entry = count(
        &reg,
        "SELECT seq FROM journal WHERE command = 'contact erase'",
    );
    assert_eq!(erase_entry, entries + 1, "one entry for the erasure");

    // Erasing again changes nothing; the contact cannot get data back.
    let again = reg.json(&["contact", "erase", "eva"]);
    assert_eq!(again["changed"], false);
    assert_eq!(count(&reg, "SELECT count(*) FROM journal"), entries + 1);
    let err = reg.fails(5, &["contact", "update", "eva", "--name", "Eva"]);
    assert!(err.contains("erased"), "{err}");

    // Tampering with a redacted entry is still caught.
    let conn = rusqlite::Connection::open(&reg.db).unwrap();
    conn.execute(
        "UPDATE journal SET inputs = replace(inputs, 'erased', 'Eva Rocha') WHERE seq = ?1",
        [entries - 1],
    )
    .unwrap();
    drop(conn);
    let out = run(&reg, &["doctor"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("broken at entry {}", entries - 1)),
        "{text}"
    );
}

#[test]
fn a_dry_run_erase_changes_nothing() {
    let reg = Reg::with_fixtures();
    let before = count(&reg, "SELECT count(*) FROM journal");
    reg.ok(&["--dry-run", "contact", "erase", "sofia-martins"]);
    assert_eq!(count(&reg, "SELECT count(*) FROM journal"), before);
    assert_eq!(
        reg.json(&["contact", "show", "sofia-martins"])["name"],
        "Sofia Martins"
    );
}

/// Names held by João (a person without consent, registrant of one and
/// technical contact of another): his data appears nowhere public — not in
/// `whois` text or JSON, not from the server, not in the zone.
#[test]
fn whois_and_the_zone_do_not_reveal_a_person_without_consent() {
    let reg = Reg::with_fixtures();
    let ns = [
        "--ns",
        "ns1.joaopereira.pt=192.0.2.7",
        "--ns",
        "ns2.exemplo.net",
    ];
    let mut own = vec!["register", "joaopereira.pt", "--registrant", "joao-pereira"];
    own.extend_from_slice(&ns);
    reg.ok(&own);
    let mut tech = vec![
        "register",
        "padarialusa.pt",
        "--registrant",
        "padaria-lusa",
        "--tech",
        "joao-pereira",
    ];
    tech.extend_from_slice(&ns[..2]);
    tech.extend_from_slice(&["--ns", "ns2.exemplo.net"]);
    reg.ok(&tech);
    let server = super::harness::Server::start(&reg);
    let mut public = vec![
        reg.ok(&["zone", "export"]),
        server.query("joaopereira.pt"),
        server.query("padarialusa.pt"),
    ];
    for name in ["joaopereira.pt", "padarialusa.pt"] {
        public.push(reg.ok(&["whois", name]));
        public.push(reg.ok(&["--json", "whois", name]));
        public.push(reg.ok(&["whois", name, "--as-of", "2026-03-01T09:00:00Z"]));
    }
    assert!(
        public[3].contains("Not disclosed (Art. 30.3)"),
        "{}",
        public[3]
    );
    assert!(
        public[6].contains("Padaria Lusa"),
        "an organisation is disclosed"
    );
    for text in &public {
        for value in JOAO {
            assert!(!text.contains(value), "{value:?} revealed in:\n{text}");
        }
    }
}

/// Once his name is removed, João may have his data erased; WHOIS of the
/// removed name's past then shows the erased marker, never his data.
#[test]
fn erase_after_the_domain_is_removed() {
    let reg = Reg::with_fixtures();
    reg.ok(&["register", "joaopereira.pt", "--registrant", "joao-pereira"]);
    reg.fails(3, &["contact", "erase", "joao-pereira"]);
    reg.at(
        "2026-03-02T09:00:00Z",
        &["remove", "joaopereira.pt", "--by", "registrant"],
    )
    .assert()
    .success();
    let done = reg.json(&[
        "--now",
        "2026-03-03T09:00:00Z",
        "contact",
        "erase",
        "joao-pereira",
    ]);
    assert_eq!(done["changed"], true);
    assert_eq!(done["contact"]["name"], "erased");
    let past = reg.ok(&["whois", "joaopereira.pt", "--as-of", "2026-03-01T12:00:00Z"]);
    assert!(past.contains("Domain: joaopereira.pt"), "{past}");
    for value in JOAO {
        assert!(!past.contains(value), "{value:?} in {past}");
    }
    let conn = rusqlite::Connection::open(&reg.db).unwrap();
    for value in JOAO {
        let hits: i64 = conn
            .query_row(
                "SELECT (SELECT count(*) FROM journal WHERE instr(inputs || outcome, ?1) > 0)
                      + (SELECT count(*) FROM notice WHERE instr(recipient || text, ?1) > 0)
                      + (SELECT count(*) FROM contact WHERE instr(name || email || phone
                            || address || coalesce(vat, ''), ?1) > 0)",
                [value],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(hits, 0, "{value:?} is still in the file");
    }
    drop(conn);
    assert_whole(&reg, "after the erasure");
    let verify = reg.json(&["audit", "verify"]);
    assert_eq!(verify["ok"], true, "{verify}");
}

/// A registrar that happens to share the erased contact's id keeps its
/// (public) data, in its table and in its journal entries.
#[test]
fn erasing_a_contact_leaves_a_registrar_of_the_same_id_alone() {
    let reg = Reg::new();
    reg.ok(&[
        "registrar",
        "add",
        "zeta",
        "--name",
        "Zeta Registos",
        "--email",
        "geral@zeta.pt",
        "--address",
        "Rua Nova 1, 1000-001 Lisboa",
    ]);
    reg.ok(&[
        "contact",
        "add",
        "zeta",
        "--name",
        "Zé Ta",
        "--email",
        "ze@exemplo.pt",
        "--phone",
        "+351.912000333",
        "--address",
        "Rua 2, Porto",
        "--country",
        "PT",
    ]);
    let done = reg.json(&["contact", "erase", "zeta"]);
    assert_eq!(done["redacted_entries"].as_array().unwrap().len(), 1);
    assert_eq!(
        reg.json(&["registrar", "show", "zeta"])["name"],
        "Zeta Registos"
    );
    assert_eq!(
        count(
            &reg,
            "SELECT count(*) FROM journal WHERE command = 'registrar add' AND instr(outcome, 'Zeta Registos') > 0"
        ),
        1
    );
    assert_eq!(
        count(
            &reg,
            "SELECT count(*) FROM journal WHERE instr(inputs || outcome, 'Zé Ta') > 0"
        ),
        0
    );
    assert_eq!(reg.json(&["audit", "verify"])["ok"], true);
}

/// An erased contact takes no new role: not as registrant or technical
/// contact of a new name, of an update or of a transfer (exit 5).
#[test]
fn an_erased_contact_takes_no_new_role() {
    let reg = Reg::with_fixtures();
    reg.ok(&["register", "padarialusa.pt", "--registrant", "padaria-lusa"]);
    reg.ok(&["contact", "erase", "sofia-martins"]);
    for args in [
        &[
            "register",
            "martins.com.pt",
            "--registrant",
            "sofia-martins",
        ][..],
        &[
            "register",
            "outro.pt",
            "--registrant",
            "padaria-lusa",
            "--tech",
            "sofia-martins",
        ],
        &["update", "padarialusa.pt", "--tech", "sofia-martins"],
        &[
            "transfer",
            "padarialusa.pt",
            "--registrant",
            "sofia-martins",
        ],
    ] {
        let err = reg.fails(5, args);
        assert!(err.contains("was erased"), "{args:?}: {err}");
    }
}

/// `export --out` is private, holds no erased data, and restores into a
/// registry whose journal (with its redactions) still verifies.
#[test]
fn export_is_private_and_an_erased_registry_restores_verifiable() {
    let reg = Reg::new();
    reg.ok(&[
        "contact",
        "add",
        "eva",
        "--name",
        "Eva Rocha",
        "--email",
        "eva.rocha@exemplo.pt",
        "--phone",
        "+351.912000111",
        "--address",
        "Rua do Carmo 7, Lisboa",
        "--country",
        "PT",
    ]);
    reg.ok(&["contact", "update", "eva", "--phone", "+351.912000222"]);
    reg.ok(&["contact", "erase", "eva"]);
    let file = reg.path("registry.jsonl");
    reg.ok(&["export", "--out", path_str(&file)]);
    assert_eq!(mode(&file), 0o600, "export --out");
    let text = std::fs::read_to_string(&file).unwrap();
    for value in [
        "Eva Rocha",
        "eva.rocha@exemplo.pt",
        "+351.912000111",
        "Rua do Carmo",
    ] {
        assert!(!text.contains(value), "{value:?} exported");
    }
    let fresh = Reg::new();
    fresh.ok(&["import", path_str(&file)]);
    let verify = fresh.json(&["audit", "verify"]);
    assert_eq!(verify["ok"], true, "{verify}");
    let shown = fresh.json(&["contact", "show", "eva"]);
    assert_eq!(shown["name"], "erased");
    assert!(!shown["erased"].is_null());
}

/// The raw bytes of a file, or nothing when it does not exist.
fn raw(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

fn holds(bytes: &[u8], value: &str) -> bool {
    bytes.windows(value.len()).any(|w| w == value.as_bytes())
}

/// After `contact erase`, no value the contact ever had is anywhere in the
/// registry's bytes: not in its free pages, not in its write-ahead log, not
/// in a backup taken afterwards; notices sent to an earlier e-mail lose it
/// too. The file here is made to look like one written by an older ptreg
/// (old values left in free space, no zeroing since its creation), which
/// the first erasure rebuilds.
#[test]
fn erased_values_are_in_no_byte_of_the_file_its_log_or_a_later_backup() {
    let reg = Reg::with_fixtures();
    reg.ok(&["register", "joaopereira.pt", "--registrant", "joao-pereira"]);
    // A reminder goes to the e-mail of the time, then the e-mail changes.
    reg.at("2027-02-15T09:00:00Z", &["sweep"])
        .assert()
        .success();
    reg.at(
        "2027-02-16T09:00:00Z",
        &[
            "contact",
            "update",
            "joao-pereira",
            "--email",
            "joao.novo@correio.pt",
        ],
    )
    .assert()
    .success();
    let reminders = count(
        &reg,
        "SELECT count(*) FROM notice WHERE recipient = 'joao.pereira@correio.pt'",
    );
    assert!(reminders > 0, "a notice to the earlier e-mail");
    // An older ptreg freed pages without zeroing them (a dropped index or
    // scratch table of a bulk load): an old phone stays in free pages.
    let older = "+351.900000001";
    let conn = rusqlite::Connection::open(&reg.db).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA secure_delete = OFF;
         CREATE TABLE scratch(phone);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
           INSERT INTO scratch SELECT '{older}' || printf('%04d', i) FROM n;
         DROP TABLE scratch;
         DELETE FROM meta WHERE key = 'free_space_zeroed';"
    ))
    .unwrap();
    drop(conn);
    let mut values: Vec<&str> = JOAO.to_vec();
    values.extend(["joao.novo@correio.pt", older]);
    let before: Vec<u8> = [raw(&reg.db), raw(&reg.path("ptreg.db-wal"))].concat();
    assert!(
        holds(&before, older),
        "the test file keeps the old phone in free space"
    );
    // Files ptreg wrote hold the data too: a reject file (the contact given
    // again) and an export.
    let again = reg.path("again.csv");
    std::fs::write(
        &again,
        "id,kind,name,email,phone,address,country,vat\n\
         joao-pereira,person,João Carlos Pereira,joao.pereira@correio.pt,+351.936547812,\
         \"Rua de Santa Catarina 410, 4000-446 Porto\",PT,187456321\n",
    )
    .unwrap();
    let rejects = reg.path("rejects.csv");
    // Exit 6: rows were set aside.
    reg.fails(
        6,
        &[
            "contact",
            "import",
            path_str(&again),
            "--reject",
            path_str(&rejects),
        ],
    );
    assert!(
        holds(&raw(&rejects), JOAO[1]),
        "the reject file holds the row"
    );
    let export = reg.path("export.jsonl");
    reg.ok(&["export", "--out", path_str(&export)]);
    let earlier = reg.path("before.db");
    reg.ok(&["backup", path_str(&earlier)]);
    // The domain ends (expired, then removed after the grace), then the erasure.
    for at in ["2027-03-02T09:00:00Z", "2027-04-15T09:00:00Z"] {
        reg.at(at, &["sweep"]).assert().success();
    }
    let done = reg.json(&[
        "--now",
        "2027-04-16T09:00:00Z",
        "contact",
        "erase",
        "joao-pereira",
    ]);
    assert_eq!(done["changed"], true, "{done}");
    assert_eq!(done["notices"], reminders, "{done}");
    assert_eq!(done["scrubbed"]["rebuilt"], true, "{done}");
    assert_eq!(done["scrubbed"]["log_emptied"], true, "{done}");
    let canonical = |p: &std::path::Path| p.canonicalize().unwrap().display().to_string();
    assert_eq!(
        done["redacted_files"],
        serde_json::json!([canonical(&rejects)]),
        "{done}"
    );
    assert_eq!(
        done["files_holding_data"],
        serde_json::json!([canonical(&earlier), canonical(&export)]),
        "{done}"
    );
    for value in JOAO {
        assert!(
            !holds(&raw(&rejects), value),
            "{value:?} still in the reject file"
        );
    }
    assert_eq!(mode(&rejects), 0o600);
    let backup = reg.path("after.db");
    reg.ok(&["backup", path_str(&backup)]);
    for (what, bytes) in [
        ("registry", raw(&reg.db)),
        ("log", raw(&reg.path("ptreg.db-wal"))),
        ("backup", raw(&backup)),
    ] {
        for value in &values {
            assert!(
                !holds(&bytes, value),
                "{value:?} is still in the {what}'s bytes"
            );
        }
    }
    assert_eq!(
        count(
            &reg,
            "SELECT count(*) FROM notice WHERE recipient = 'erased'"
        ),
        reminders
    );
    // A second erasure of a file already zeroed does not rebuild it.
    let again = reg.json(&[
        "--now",
        "2027-04-17T09:00:00Z",
        "contact",
        "erase",
        "joao-pereira",
    ]);
    assert_eq!(again["changed"], false);
    assert_eq!(again["scrubbed"]["rebuilt"], false);
    assert_whole(&reg, "after the erasure");
    let verify = reg.json(&["audit", "verify"]);
    assert_eq!(verify["ok"], true, "{verify}");
}
