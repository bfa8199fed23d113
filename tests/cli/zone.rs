//! Tests of `zone export`: the .pt zone file, loaded by BIND's
//! `named-checkzone` and checked by Knot's `kzonecheck`, deterministic,
//! atomic, and guarded.

use std::path::Path;
use std::process::Command;

use crate::seed;
use crate::support::{Reg, path_str};

const DS_SHA256: &str =
    "2371 13 2 C988EC423E3880EB8DD8A46E2B8BD4FD9C7DC8F5D3E3E0E0F23E4E2F0E6A1B2C";

/// A registry with a handful of delegations: glue, DS, an IDN, a `.com.pt`
/// name, a host shared by many domains, and names in every other state.
fn sample() -> Reg {
    let reg = Reg::new();
    seed::contact(&reg, "org", "organization", "Padaria Lusa", false);
    seed::domain(&reg, seed::Domain::default());
    seed::domain(
        &reg,
        seed::Domain {
            name: "provedor.pt",
            ns: &[
                "ns.provedor.pt=198.51.100.7,2001:db8::7",
                "ns2.provedor.pt=198.51.100.8",
            ],
            ds: &[DS_SHA256],
            ..Default::default()
        },
    );
    for name in ["cliente1.pt", "cliente2.com.pt", "cliente3.pt"] {
        seed::domain(
            &reg,
            seed::Domain {
                name,
                // The addresses given for another domain's host are not glue.
                ns: &["ns.provedor.pt=203.0.113.99", "ns2.provedor.pt"],
                ..Default::default()
            },
        );
    }
    seed::domain(
        &reg,
        seed::Domain {
            name: "xn--mo-sia.pt",
            unicode: "mão.pt",
            ns: &[
                "ns1.xn--mo-sia.pt=192.0.2.10",
                "ns2.xn--mo-sia.pt=2001:db8::10",
            ],
            ..Default::default()
        },
    );
    for (name, state) in [
        ("reservado.pt", "reserved"),
        ("graca.pt", "grace"),
        ("suspenso.pt", "suspended"),
        ("removido.pt", "removed"),
    ] {
        seed::domain(
            &reg,
            seed::Domain {
                name,
                state,
                ns: &["ns1.outro.net", "ns2.outro.net"],
                ..Default::default()
            },
        );
    }
    reg
}

/// Runs `named-checkzone -i local pt FILE` and Knot's `kzonecheck -o pt.
/// FILE` (stricter: every in-zone nameserver must resolve from the zone);
/// fails clearly without either tool. Returns BIND's report.
fn named_checkzone(file: &Path) -> String {
    let knot = Command::new("kzonecheck")
        .args(["-o", "pt.", path_str(file)])
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "kzonecheck is needed (apt-get install knot-dnssecutils; scripts/test.sh does): {e}"
            )
        });
    assert!(
        knot.status.success(),
        "kzonecheck refused the zone:\n{}{}\n--- zone ---\n{}",
        String::from_utf8_lossy(&knot.stdout),
        String::from_utf8_lossy(&knot.stderr),
        std::fs::read_to_string(file).unwrap_or_default()
    );
    let out = Command::new("named-checkzone")
        .args(["-i", "local", "pt", path_str(file)])
        .output()
        .unwrap_or_else(|e| {
            panic!("named-checkzone is needed (apt-get install bind9-utils; .ci/run does): {e}")
        });
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "named-checkzone refused the zone:\n{text}{}\n--- zone ---\n{}",
        String::from_utf8_lossy(&out.stderr),
        std::fs::read_to_string(file).unwrap_or_default()
    );
    text
}

#[test]
fn the_zone_loads_in_bind_with_only_registered_names() {
    let reg = sample();
    let zone = reg.ok(&["zone", "export", "--serial", "2026030100"]);
    let file = reg.path("pt.zone");
    std::fs::write(&file, &zone).unwrap();
    let checked = named_checkzone(&file);
    assert!(checked.contains("loaded serial 2026030100"), "{checked}");

    let expected = "\
$ORIGIN pt.
$TTL 86400
pt. IN SOA a.dns.pt. hostmaster.dns.pt. 2026030100 3600 900 1209600 3600
pt. IN NS a.dns.pt.
pt. IN NS b.dns.pt.
a.dns.pt. IN A 192.0.2.53
a.dns.pt. IN AAAA 2001:db8::53
b.dns.pt. IN A 198.51.100.53
cliente1.pt. IN NS ns.provedor.pt.
cliente1.pt. IN NS ns2.provedor.pt.
cliente2.com.pt. IN NS ns.provedor.pt.
cliente2.com.pt. IN NS ns2.provedor.pt.
cliente3.pt. IN NS ns.provedor.pt.
cliente3.pt. IN NS ns2.provedor.pt.
exemplo.pt. IN NS ns1.exemplo.pt.
exemplo.pt. IN NS ns2.exemplo.net.
ns1.exemplo.pt. IN A 192.0.2.1
provedor.pt. IN NS ns.provedor.pt.
provedor.pt. IN NS ns2.provedor.pt.
provedor.pt. IN DS 2371 13 2 C988EC423E3880EB8DD8A46E2B8BD4FD9C7DC8F5D3E3E0E0F23E4E2F0E6A1B2C
ns.provedor.pt. IN A 198.51.100.7
ns.provedor.pt. IN AAAA 2001:db8::7
ns2.provedor.pt. IN A 198.51.100.8
xn--mo-sia.pt. IN NS ns1.xn--mo-sia.pt.
xn--mo-sia.pt. IN NS ns2.xn--mo-sia.pt.
ns1.xn--mo-sia.pt. IN A 192.0.2.10
ns2.xn--mo-sia.pt. IN AAAA 2001:db8::10
";
    assert_eq!(zone, expected);
    for absent in ["reservado", "graca", "suspenso", "removido", "203.0.113.99"] {
        assert!(!zone.contains(absent), "{absent} must not be in the zone");
    }
}

#[test]
fn same_registry_and_serial_give_the_same_bytes() {
    let reg = sample();
    let a = reg.ok(&["zone", "export", "--serial", "7"]);
    let b = reg.ok(&["zone", "export", "--serial", "7"]);
    assert_eq!(a, b);
    // Printing records nothing: the default serial does not move.
    let c = reg.ok(&["zone", "export"]);
    let d = reg.ok(&["zone", "export"]);
    assert_eq!(c, d);
    assert!(
        c.contains(" IN SOA a.dns.pt. hostmaster.dns.pt. 2026030100 "),
        "{c}"
    );
    // And the published file holds the same bytes as the print.
    let file = reg.path("pt.zone");
    reg.ok(&["zone", "export", "--out", path_str(&file)]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), c);
}

#[test]
fn out_is_atomic_skips_an_unchanged_zone_and_moves_the_serial_on() {
    let reg = sample();
    let file = reg.path("pt.zone");
    let first = reg.json(&["zone", "export", "--out", path_str(&file)]);
    assert_eq!(first["serial"], 2026030100);
    assert_eq!(first["domains"], 6);
    assert_eq!(first["changed"], 6);
    assert_eq!(first["written"], true);
    named_checkzone(&file);
    let leftovers: Vec<_> = std::fs::read_dir(reg.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Nothing changed: the file is left alone, and the command says so.
    let before = std::fs::metadata(&file).unwrap().modified().unwrap();
    let text = reg.ok(&["zone", "export", "--out", path_str(&file)]);
    assert!(text.contains("unchanged since serial 2026030100"), "{text}");
    assert!(text.contains("left alone"), "{text}");
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        before
    );
    let again = reg.json(&["zone", "export", "--out", path_str(&file)]);
    assert_eq!(again["written"], false);
    assert_eq!(again["changed"], 0);

    // A change: a new serial, greater than the last, the same day.
    seed::set_state(&reg, "cliente3.pt", "grace");
    let second = reg.json(&["zone", "export", "--out", path_str(&file)]);
    assert_eq!(second["serial"], 2026030101);
    assert_eq!(second["domains"], 5);
    assert_eq!(second["changed"], 1);
    let zone = std::fs::read_to_string(&file).unwrap();
    assert!(!zone.contains("cliente3.pt"));
    assert!(zone.contains(" 2026030101 "));

    // The next day starts the day's numbering.
    seed::set_state(&reg, "cliente3.pt", "registered");
    let out = reg
        .at(
            "2026-03-02T06:00:00Z",
            &["--json", "zone", "export", "--out", path_str(&file)],
        )
        .output()
        .unwrap();
    let third: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(third["serial"], 2026030200);

    // A given serial must move forward.
    seed::set_state(&reg, "cliente3.pt", "grace");
    let err = reg.fails(
        5,
        &[
            "zone",
            "export",
            "--out",
            path_str(&file),
            "--serial",
            "2026030200",
        ],
    );
    assert!(
        err.contains("not greater than the last exported serial"),
        "{err}"
    );
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("cliente3.pt")
    );

    // The file was deleted: the same content is written again, same serial.
    seed::set_state(&reg, "cliente3.pt", "registered");
    std::fs::remove_file(&file).unwrap();
    let rewritten = reg.json(&["zone", "export", "--out", path_str(&file)]);
    assert_eq!(rewritten["serial"], 2026030200);
    assert_eq!(rewritten["written"], true);
    named_checkzone(&file);
}

#[test]
fn max_changes_holds_back_a_zone_that_changed_too_much() {
    let reg = sample();
    let file = reg.path("pt.zone");
    // The first export has nothing to compare with: the guard does not apply.
    reg.ok(&[
        "zone",
        "export",
        "--out",
        path_str(&file),
        "--max-changes",
        "1",
    ]);
    let published = std::fs::read_to_string(&file).unwrap();
    for name in ["cliente1.pt", "cliente2.com.pt", "cliente3.pt"] {
        seed::set_state(&reg, name, "grace");
    }
    let err = reg.fails(
        5,
        &[
            "zone",
            "export",
            "--out",
            path_str(&file),
            "--max-changes",
            "2",
        ],
    );
    assert!(err.contains("by 3 delegations"), "{err}");
    assert!(err.contains("3 removed"), "{err}");
    // 3 of 6 is 50%: more than 49% is refused, 50% is allowed.
    reg.fails(
        5,
        &[
            "zone",
            "export",
            "--out",
            path_str(&file),
            "--max-changes",
            "49%",
        ],
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), published);
    let ok = reg.json(&[
        "zone",
        "export",
        "--out",
        path_str(&file),
        "--max-changes",
        "50%",
    ]);
    assert_eq!(ok["changed"], 3);
    assert_eq!(ok["written"], true);
    assert_ne!(std::fs::read_to_string(&file).unwrap(), published);

    let err = reg.fails(2, &["zone", "export", "--max-changes", "3"]);
    assert!(err.contains("needs --out"), "{err}");
    reg.fails(
        2,
        &["zone", "export", "--out", "x", "--max-changes", "lots"],
    );
}

#[test]
fn dry_run_writes_and_records_nothing() {
    let reg = sample();
    let file = reg.path("pt.zone");
    let text = reg.ok(&["--dry-run", "zone", "export", "--out", path_str(&file)]);
    assert!(text.starts_with("dry run:"), "{text}");
    assert!(!file.exists());
    let first = reg.json(&["zone", "export", "--out", path_str(&file)]);
    assert_eq!(first["serial"], 2026030100);
}

#[test]
fn an_empty_registry_gives_a_loadable_apex() {
    let reg = Reg::new();
    let file = reg.path("pt.zone");
    let summary = reg.json(&["zone", "export", "--out", path_str(&file)]);
    assert_eq!(summary["domains"], 0);
    named_checkzone(&file);
}

#[test]
fn a_generated_registry_loads_in_bind() {
    let reg = Reg::new();
    seed::contact(&reg, "org", "organization", "Padaria Lusa", false);
    let mut conn = seed::conn(&reg);
    let tx = conn.transaction().unwrap();
    let states = [
        "registered",
        "registered",
        "registered",
        "reserved",
        "grace",
    ];
    for i in 0..3000i64 {
        let hierarchy = if i % 7 == 0 { "com.pt" } else { "pt" };
        // Every 11th name is an IDN (its A-label), every 13th signed.
        let label = if i % 11 == 0 {
            format!("xn--nome{i}-6ta")
        } else {
            format!("nome-{i}")
        };
        let name = format!("{label}.{hierarchy}");
        tx.execute(
            "INSERT INTO domain(name, unicode, hierarchy, state, created, expires, registrant,
                tech, state_since)
             VALUES (?1, ?1, ?2, ?3, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', 'org',
                'org', '2026-01-01T00:00:00Z')",
            rusqlite::params![name, hierarchy, states[(i % 5) as usize]],
        )
        .unwrap();
        let id = tx.last_insert_rowid();
        let hosts = match i % 3 {
            0 => vec![
                (
                    format!("ns1.{name}"),
                    format!("192.0.{}.{}", i % 250, i % 200 + 1),
                ),
                (format!("ns2.{name}"), format!("2001:db8::{:x}", i + 1)),
            ],
            1 => vec![
                ("ns.provedor-0.net".to_string(), String::new()),
                ("dns.example.net".to_string(), String::new()),
            ],
            _ => vec![
                ("a.ns.example.org".to_string(), String::new()),
                ("b.ns.example.org".to_string(), String::new()),
            ],
        };
        for (pos, (host, ip)) in hosts.iter().enumerate() {
            tx.execute(
                "INSERT INTO nameserver(domain_id, pos, host, addresses) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![id, pos as i64, host, ip],
            )
            .unwrap();
        }
        if i % 13 == 0 {
            tx.execute(
                "INSERT INTO ds(domain_id, pos, rdata) VALUES (?1, 0, ?2)",
                rusqlite::params![id, format!("{} 8 2 {:064X}", i % 65535, i)],
            )
            .unwrap();
        }
    }
    tx.commit().unwrap();
    drop(conn);
    let file = reg.path("pt.zone");
    let summary = reg.json(&["zone", "export", "--out", path_str(&file)]);
    assert_eq!(summary["domains"], 1800);
    let checked = named_checkzone(&file);
    assert!(checked.contains("loaded serial 2026030100"), "{checked}");
    let zone = std::fs::read_to_string(&file).unwrap();
    let owners: Vec<&str> = zone
        .lines()
        .filter(|l| l.contains(" IN NS ") && !l.starts_with("pt. "))
        .map(|l| l.split(' ').next().unwrap_or(""))
        .collect();
    let mut sorted = owners.clone();
    sorted.sort();
    assert_eq!(owners, sorted, "delegations in name order");
}

#[test]
fn registered_names_export_and_load_in_bind() {
    let reg = seed::registered();
    let file = reg.path("pt.zone");
    let summary = reg.json(&["zone", "export", "--out", path_str(&file)]);
    assert_eq!(summary["domains"], 3);
    named_checkzone(&file);
    let zone = std::fs::read_to_string(&file).unwrap();
    let body: Vec<&str> = zone.lines().skip(8).collect();
    assert_eq!(
        body,
        [
            "joaopereira.com.pt. IN NS a.ns.exemplo.net.",
            "joaopereira.com.pt. IN NS b.ns.exemplo.net.",
            "padarialusa.pt. IN NS ns1.padarialusa.pt.",
            "padarialusa.pt. IN NS ns2.dns-exemplo.net.",
            "padarialusa.pt. IN DS 2371 13 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D",
            &format!("padarialusa.pt. IN DS 60485 8 4 {}", "AB".repeat(48)),
            "ns1.padarialusa.pt. IN A 192.0.2.10",
            "ns1.padarialusa.pt. IN AAAA 2001:db8::10",
            "xn--ao-siap.pt. IN NS ns.xn--ao-siap.pt.",
            "xn--ao-siap.pt. IN NS ns1.padarialusa.pt.",
            "ns.xn--ao-siap.pt. IN A 198.51.100.20",
        ]
    );
}

/// The bundled fixtures give a zone that both BIND and Knot load: every
/// nameserver inside .pt resolves from the zone.
#[test]
fn the_zone_of_the_fixtures_passes_named_checkzone_and_kzonecheck() {
    let reg = Reg::with_fixtures();
    reg.ok(&["import", path_str(&crate::support::fixture("domains.csv"))]);
    let file = reg.path("pt.zone");
    reg.ok(&["zone", "export", "--out", path_str(&file)]);
    let checked = named_checkzone(&file);
    assert!(checked.contains("loaded serial"), "{checked}");
    let zone = std::fs::read_to_string(&file).unwrap();
    assert!(
        zone.contains("livraria-sousa.pt. IN NS ns1.tecnorede.pt."),
        "{zone}"
    );
    assert!(zone.contains("ns1.tecnorede.pt. IN A 192.0.2.30"), "{zone}");
}

/// The policy's zone data is checked as DNS data: a newline in `mname`
/// cannot inject records, a space in `rname` or an apex nameserver without
/// glue cannot make a zone that does not load.
#[test]
fn policy_zone_names_are_validated_as_dns_data() {
    let reg = sample();
    let default = reg.ok(&["policy", "show"]);
    let cases = [
        (
            "mname = \"a.dns.pt.\"",
            "mname = \"a.dns.pt.\\nwww.pt. IN A 192.0.2.66\"",
            "zone.soa.mname",
        ),
        (
            "rname = \"hostmaster.dns.pt.\"",
            "rname = \"host master.dns.pt.\"",
            "zone.soa.rname",
        ),
        (
            "{ host = \"b.dns.pt.\", addresses = [\"198.51.100.53\"] }",
            "{ host = \"b.dns.pt.\" }",
            "needs its addresses",
        ),
    ];
    for (from, to, says) in cases {
        assert!(default.contains(from), "{from} not in the default policy");
        let file = reg.path("bad.toml");
        std::fs::write(&file, default.replace(from, to)).unwrap();
        let err = reg.fails(2, &["policy", "set", path_str(&file)]);
        assert!(err.contains(says), "{to}: {err}");
    }
    let zone = reg.ok(&["zone", "export"]);
    assert!(!zone.contains("192.0.2.66"), "{zone}");
}

/// Serials follow RFC 1982: after 4294967295 the next export counts on
/// from the date (which is "greater" in serial arithmetic), and a given
/// serial that is not greater is refused with the way forward.
#[test]
fn serials_wrap_around_as_rfc_1982_says() {
    let reg = sample();
    let file = reg.path("pt.zone");
    let out = path_str(&file);
    reg.ok(&["zone", "export", "--out", out, "--serial", "4294967295"]);
    reg.ok(&[
        "register",
        "novo.pt",
        "--registrant",
        "org",
        "--ns",
        "ns.provedor.pt",
        "--ns",
        "ns.example.net",
    ]);
    let err = reg.fails(
        5,
        &["zone", "export", "--out", out, "--serial", "4294967294"],
    );
    assert!(
        err.contains("RFC 1982") && err.contains("omit --serial"),
        "{err}"
    );
    let next = reg.json(&["zone", "export", "--out", out]);
    assert_eq!(next["serial"], 2026030100u32, "{next}");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains(" 2026030100 ")
    );
    named_checkzone(&file);
}

/// "Unchanged, left alone" is about the file at that path: another path,
/// or the same one holding something else, is written.
#[test]
fn an_unchanged_zone_is_left_alone_only_where_the_file_holds_it() {
    let reg = sample();
    let a = reg.path("a.zone");
    let b = reg.path("b.zone");
    let first = reg.json(&["zone", "export", "--out", path_str(&a)]);
    assert_eq!(first["written"], true);
    let again = reg.json(&["zone", "export", "--out", path_str(&a)]);
    assert_eq!(again["written"], false, "{again}");
    std::fs::write(&b, "garbage\n").unwrap();
    let other = reg.json(&["zone", "export", "--out", path_str(&b)]);
    assert_eq!(other["written"], true, "{other}");
    assert_eq!(
        other["serial"], first["serial"],
        "the same zone, the same serial"
    );
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    std::fs::write(&a, "tampered\n").unwrap();
    let repaired = reg.json(&["zone", "export", "--out", path_str(&a)]);
    assert_eq!(repaired["written"], true, "{repaired}");
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    named_checkzone(&a);
    // Only the first export was a publication: the rewrites record nothing.
    let exports: i64 = seed::conn(&reg)
        .query_row("SELECT count(*) FROM zone_export", [], |r| r.get(0))
        .unwrap();
    assert_eq!(exports, 1);
}
