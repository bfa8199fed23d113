//! Tests of `register`: a name without nameservers reserved, with them registered; the
//! technical data checks, unknown parties, refusals with their article,
//! legitimacy overrides, the charge at the price in force, and dry runs.

use serde_json::Value;

use crate::support::Reg;

const SHA256: &str = "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D";

fn db(reg: &Reg) -> rusqlite::Connection {
    rusqlite::Connection::open(&reg.db).unwrap()
}

/// Makes sure `name` is on the geographic list (the built-in lists hold the
/// municipalities; this keeps the test independent of their contents).
fn geographic(reg: &Reg, name: &str) {
    reg.ok(&["list", "add", "geographic", name]);
}

/// Ledger lines of a name: (cents, article, years).
fn charges(reg: &Reg, name: &str) -> Vec<(i64, String, i64)> {
    db(reg)
        .prepare("SELECT cents, article, years FROM ledger WHERE domain = ?1 AND kind = 'charge' ORDER BY id")
        .unwrap()
        .query_map([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn without_nameservers_a_name_is_reserved() {
    let reg = Reg::with_fixtures();
    let d = reg.json(&["register", "padarialusa.pt", "--registrant", "padaria-lusa"]);
    assert_eq!(d["name"], "padarialusa.pt");
    assert_eq!(d["unicode"], "padarialusa.pt");
    assert_eq!(d["hierarchy"], "pt");
    assert_eq!(d["state"], "reserved");
    assert_eq!(d["created"], "2026-03-01T09:00:00Z");
    assert_eq!(
        d["expires"], "2027-03-02T00:00:00Z",
        "the policy's shortest term"
    );
    assert_eq!(d["registrant"], "padaria-lusa");
    assert_eq!(d["manager"], "padaria-lusa", "self-managed");
    assert_eq!(d["tech"], "padaria-lusa", "tech defaults to the registrant");
    assert_eq!(d["nameservers"], serde_json::json!([]));
    assert_eq!(d["ds"], serde_json::json!([]));
    assert_eq!(d["arbitration"], false);
    assert!(d["litigation"].is_null());
    assert!(d["pending_removal"].is_null());
    assert!(d["case"].is_null());
    assert_eq!(
        charges(&reg, "padarialusa.pt"),
        [(990, "18.2".to_string(), 1)]
    );
}

#[test]
fn the_domain_json_has_the_spec_fields() {
    let reg = Reg::with_fixtures();
    let d = reg.json(&[
        "register",
        "tecnorede.pt",
        "--registrant",
        "tecnorede",
        "--manager",
        "atlantico",
        "--tech",
        "rui-fernandes",
        "--ns",
        "ns1.tecnorede.pt=192.0.2.1,2001:DB8::1",
        "--ns",
        "ns2.atlantico.net",
        "--ds",
        &format!("12345 13 2 {}", SHA256.to_lowercase()),
        "--years",
        "5",
        "--arbitration",
    ]);
    let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    for field in [
        "name",
        "unicode",
        "hierarchy",
        "state",
        "created",
        "expires",
        "registrant",
        "manager",
        "tech",
        "nameservers",
        "ds",
        "arbitration",
        "litigation",
        "pending_removal",
        "case",
    ] {
        assert!(keys.contains(&field), "missing {field} in {keys:?}");
    }
    assert_eq!(d["state"], "registered");
    assert_eq!(d["manager"], "atlantico");
    assert_eq!(d["tech"], "rui-fernandes");
    assert_eq!(d["expires"], "2031-03-02T00:00:00Z");
    assert_eq!(d["arbitration"], true);
    assert_eq!(
        d["nameservers"],
        serde_json::json!([
            {"host": "ns1.tecnorede.pt", "addresses": ["192.0.2.1", "2001:db8::1"]},
            {"host": "ns2.atlantico.net", "addresses": []},
        ])
    );
    assert_eq!(d["ds"], serde_json::json!([format!("12345 13 2 {SHA256}")]));
    assert_eq!(
        charges(&reg, "tecnorede.pt"),
        [(4950, "18.2".to_string(), 5)]
    );
    assert_eq!(reg.json(&["show", "tecnorede.pt"]), d);
}

#[test]
fn an_idn_is_stored_in_both_forms() {
    let reg = Reg::with_fixtures();
    let d = reg.json(&["register", "ação.pt", "--registrant", "ana-silva"]);
    assert_eq!(d["name"], "xn--ao-siap.pt");
    assert_eq!(d["unicode"], "ação.pt");
    assert_eq!(reg.json(&["show", "xn--ao-siap.pt"])["unicode"], "ação.pt");
    assert_eq!(reg.json(&["show", "AÇÃO.PT"])["name"], "xn--ao-siap.pt");
}

#[test]
fn malformed_technical_data_is_usage() {
    let reg = Reg::with_fixtures();
    let ds_short = "1 13 2 ABCD".to_string();
    let ds_alg = format!("1 1 2 {SHA256}");
    let ds_ok = format!("1 13 2 {SHA256}");
    // (extra arguments, what the error says, the value it must echo)
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec!["--ns", "ns1.padarialusa.pt", "--ns", "ns2.dns.pt"],
            "needs its addresses",
            "ns1.padarialusa.pt",
        ),
        (
            vec!["--ns", "ns1.hosting.com=192.0.2.1", "--ns", "ns2.dns.pt"],
            "only for hosts under .pt",
            "ns1.hosting.com=192.0.2.1",
        ),
        (
            vec!["--ns", "ns1.dns.pt", "--ns", "NS1.dns.pt"],
            "twice",
            "NS1.dns.pt",
        ),
        (
            vec!["--ns", "ns_1.dns.pt", "--ns", "ns2.dns.pt"],
            "bad label",
            "ns_1.dns.pt",
        ),
        (
            vec!["--ns", "ns1.padarialusa.pt=300.1.1.1", "--ns", "ns2.dns.pt"],
            "not an IPv4",
            "300.1.1.1",
        ),
        (
            vec!["--ns", "a.dns.pt", "--ns", "b.dns.pt", "--ds", &ds_short],
            "64 hex digits",
            &ds_short,
        ),
        (
            vec!["--ns", "a.dns.pt", "--ns", "b.dns.pt", "--ds", &ds_alg],
            "algorithm",
            &ds_alg,
        ),
        (vec!["--ds", &ds_ok], "need nameservers", "DS records"),
    ];
    for (extra, why, echoed) in cases {
        let mut args = vec!["register", "padarialusa.pt", "--registrant", "padaria-lusa"];
        args.extend(&extra);
        let err = reg.fails(2, &args);
        assert!(err.contains(why), "{extra:?}: {err}");
        assert!(err.contains(echoed), "{extra:?} echoes {echoed}: {err}");
    }
    reg.fails(4, &["show", "padarialusa.pt"]);
}

/// A term off the price table is refused under Art. 18.1, as a renewal for
/// it is (it was a usage error here and a refusal in renew).
#[test]
fn a_term_off_the_price_table_is_refused_as_in_renew() {
    let reg = Reg::with_fixtures();
    for years in ["2", "0"] {
        let args = [
            "register",
            "padarialusa.pt",
            "--registrant",
            "padaria-lusa",
            "--years",
            years,
        ];
        let err = reg.fails(3, &args);
        assert!(err.contains("[Art. 18.1]"), "{err}");
        assert!(err.contains("1, 3, 5"), "{err}");
        assert!(err.contains(&format!("{years} years")), "{err}");
        let json = reg.fails(3, &[&["--json"][..], &args[..]].concat());
        let v: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
        assert_eq!(v["error"]["reason"], "term_not_offered");
    }
    reg.fails(4, &["show", "padarialusa.pt"]);
}

#[test]
fn glue_is_allowed_for_another_pt_host() {
    let reg = Reg::with_fixtures();
    reg.ok(&[
        "register",
        "tecnorede.pt",
        "--registrant",
        "tecnorede",
        "--ns",
        "ns1.tecnorede.pt=192.0.2.1",
        "--ns",
        "ns2.tecnorede.pt=192.0.2.2",
    ]);
    let d = reg.json(&[
        "register",
        "padarialusa.pt",
        "--registrant",
        "padaria-lusa",
        "--ns",
        "ns1.tecnorede.pt=192.0.2.1",
        "--ns",
        "ns2.tecnorede.pt",
    ]);
    assert_eq!(
        d["nameservers"][0]["addresses"],
        serde_json::json!(["192.0.2.1"])
    );
    assert_eq!(d["state"], "registered");
}

/// A host inside .pt must resolve from the .pt zone: with its addresses,
/// or inside a name delegated at the clock (whose servers answer for it).
#[test]
fn a_pt_nameserver_needs_addresses_unless_its_domain_is_delegated() {
    let reg = Reg::with_fixtures();
    let ns = |host: &str| ["--ns", host].map(String::from);
    let register = |name: &str, hosts: &[&str]| {
        let mut args: Vec<String> = ["register", name, "--registrant", "padaria-lusa"]
            .map(String::from)
            .to_vec();
        for h in hosts {
            args.extend(ns(h));
        }
        args
    };
    let args = register("padarialusa.pt", &["ns1.nsx.pt", "ns2.exemplo.net"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = reg.fails(2, &args);
    assert!(
        err.contains("ns1.nsx.pt is inside .pt") && err.contains("nsx.pt is not delegated"),
        "{err}"
    );
    reg.fails(4, &["show", "padarialusa.pt"]);
    // nsx.pt delegated elsewhere: its hosts resolve through it.
    let nsx = register("nsx.pt", &["ns1.provedor.net", "ns2.provedor.net"]);
    reg.ok(&nsx.iter().map(String::as_str).collect::<Vec<_>>());
    reg.ok(&args);
    // A name reserved (no nameservers) delegates nothing.
    let idle = register("parado.pt", &[]);
    reg.ok(&idle.iter().map(String::as_str).collect::<Vec<_>>());
    let err = reg.fails(
        2,
        &[
            "update",
            "padarialusa.pt",
            "--ns",
            "ns1.parado.pt",
            "--ns",
            "ns2.exemplo.net",
        ],
    );
    assert!(err.contains("parado.pt is not delegated"), "{err}");
    // Addresses given for a host of another .pt name are not its glue.
    let err = reg.fails(
        2,
        &[
            "update",
            "padarialusa.pt",
            "--ns",
            "ns1.parado.pt=192.0.2.9",
            "--ns",
            "ns2.exemplo.net",
        ],
    );
    assert!(err.contains("parado.pt is not delegated"), "{err}");
    // The apex nameservers of the policy carry their own addresses.
    reg.ok(&[
        "update",
        "padarialusa.pt",
        "--ns",
        "a.dns.pt",
        "--ns",
        "ns2.exemplo.net",
    ]);
}

#[test]
fn one_nameserver_is_no_delegation() {
    let reg = Reg::with_fixtures();
    let err = reg.fails(
        3,
        &[
            "register",
            "padarialusa.pt",
            "--registrant",
            "padaria-lusa",
            "--ns",
            "ns1.exemplo.net",
        ],
    );
    assert!(err.contains("[Art. 3.1]"), "{err}");
    reg.fails(4, &["show", "padarialusa.pt"]);
}

#[test]
fn unknown_parties_are_not_found() {
    let reg = Reg::with_fixtures();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--registrant", "nobody"],
            "no contact nobody (--registrant)",
        ),
        (
            &["--registrant", "ana-silva", "--tech", "nobody"],
            "no contact nobody (--tech)",
        ),
        (
            &["--registrant", "ana-silva", "--manager", "nobody"],
            "no registrar nobody (--manager)",
        ),
    ];
    for (extra, why) in cases {
        let mut args = vec!["register", "padarialusa.pt"];
        args.extend_from_slice(extra);
        let err = reg.fails(4, &args);
        assert!(err.contains(why), "{err}");
    }
}

#[test]
fn a_registered_name_is_refused_again() {
    let reg = Reg::with_fixtures();
    reg.ok(&["register", "padarialusa.pt", "--registrant", "padaria-lusa"]);
    let err = reg.fails(
        3,
        &[
            "--json",
            "register",
            "padarialusa.pt",
            "--registrant",
            "ana-silva",
        ],
    );
    let v: Value = serde_json::from_str(err.trim()).unwrap();
    assert_eq!(v["error"]["kind"], "refused");
    assert_eq!(v["error"]["article"], "6.1.a");
    // The same label in another hierarchy is another name.
    reg.ok(&[
        "register",
        "padarialusa.com.pt",
        "--registrant",
        "ana-silva",
    ]);
    assert_eq!(charges(&reg, "padarialusa.pt").len(), 1);
}

#[test]
fn hierarchies() {
    let reg = Reg::with_fixtures();
    let err = reg.fails(
        3,
        &["register", "escola.org.pt", "--registrant", "cm-evora"],
    );
    assert!(err.contains("[Art. 31.3]"), "{err}");
    let err = reg.fails(
        3,
        &[
            "register",
            "financas.gov.pt",
            "--registrant",
            "cm-evora",
            "--manager",
            "lusonet",
        ],
    );
    assert!(err.contains("[Art. 10]"), "{err}");
    let err = reg.fails(
        3,
        &["register", "financas.gov.pt", "--registrant", "cm-evora"],
    );
    assert!(err.contains("[Art. 10]"), "{err}");
    let d = reg.json(&[
        "register",
        "financas.gov.pt",
        "--registrant",
        "cm-evora",
        "--manager",
        "CEGER",
    ]);
    assert_eq!(d["hierarchy"], "gov.pt");
    assert_eq!(d["manager"], "CEGER");
}

#[test]
fn a_name_outside_pt_is_usage() {
    let reg = Reg::with_fixtures();
    reg.fails(2, &["register", "exemplo.com", "--registrant", "ana-silva"]);
}

#[test]
fn legitimacy_overrides_a_geographic_refusal_and_opens_a_case() {
    let reg = Reg::with_fixtures();
    geographic(&reg, "coimbra");
    let err = reg.fails(
        3,
        &[
            "--json",
            "register",
            "coimbra.pt",
            "--registrant",
            "cm-evora",
        ],
    );
    let v: Value = serde_json::from_str(err.trim()).unwrap();
    let article = v["error"]["article"].as_str().unwrap();
    assert!(["6.1.d", "7.2"].contains(&article), "{v}");
    let err = reg.fails(3, &["register", "coimbra.pt", "--registrant", "cm-evora"]);
    assert!(
        err.contains("--legitimacy"),
        "the hint names the way out: {err}"
    );

    let grounds = "Câmara Municipal de Coimbra, competent administrative authority (Art. 7.2)";
    let d = reg.json(&[
        "register",
        "coimbra.pt",
        "--registrant",
        "cm-evora",
        "--legitimacy",
        grounds,
    ]);
    assert_eq!(d["state"], "reserved");
    let case = d["case"].as_i64().expect("a conformity case is open");
    let conn = db(&reg);
    let (reason, decided): (String, Option<String>) = conn
        .query_row(
            "SELECT reason, decided FROM conformity_case WHERE id = ?1",
            [case],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(reason, "legitimacy");
    assert!(decided.is_none());

    let history = reg.json(&["history", "coimbra.pt"]);
    let entry = &history[0];
    assert_eq!(entry["command"], "register");
    assert_eq!(entry["article"], "2.1");
    assert_eq!(entry["inputs"]["request"]["legitimacy"], grounds);
    let overridden = entry["inputs"]["overridden"].as_array().unwrap();
    assert!(!overridden.is_empty());
    assert!(
        overridden
            .iter()
            .all(|r| ["6.1.d", "7.2"].contains(&r["article"].as_str().unwrap()))
    );
    assert_eq!(entry["outcome"]["case"], case);

    // Legitimacy does not override Art. 6.1.a.
    let err = reg.fails(
        3,
        &[
            "register",
            "coimbra.pt",
            "--registrant",
            "ana-silva",
            "--legitimacy",
            "mine",
        ],
    );
    assert!(err.contains("[Art. 6.1.a]"), "{err}");
}

#[test]
fn com_pt_takes_geographic_names() {
    let reg = Reg::with_fixtures();
    geographic(&reg, "coimbra");
    let d = reg.json(&["register", "coimbra.com.pt", "--registrant", "padaria-lusa"]);
    assert!(d["case"].is_null());
}

#[test]
fn legitimacy_needs_grounds() {
    let reg = Reg::with_fixtures();
    let err = reg.fails(
        2,
        &[
            "register",
            "padarialusa.pt",
            "--registrant",
            "padaria-lusa",
            "--legitimacy",
            " ",
        ],
    );
    assert!(err.contains("--legitimacy"), "{err}");
}

#[test]
fn the_charge_is_at_the_price_in_force_on_the_date() {
    let reg = Reg::with_fixtures();
    reg.set_fixture_policy(&[(
        "[sampling]",
        "[[prices]]\nfrom = \"2026-06-01\"\nregister = \"12.50\"\nrenew = \"11.00\"\n\n[sampling]",
    )]);

    reg.ok(&[
        "register",
        "antes-exemplo.pt",
        "--registrant",
        "ana-silva",
        "--years",
        "3",
    ]);
    reg.at(
        "2026-06-01T00:00:00Z",
        &[
            "register",
            "depois-exemplo.pt",
            "--registrant",
            "ana-silva",
            "--years",
            "3",
        ],
    )
    .assert()
    .success();
    assert_eq!(
        charges(&reg, "antes-exemplo.pt"),
        [(2970, "18.2".to_string(), 3)]
    );
    assert_eq!(
        charges(&reg, "depois-exemplo.pt"),
        [(3750, "18.2".to_string(), 3)]
    );
    let entry = &reg.json(&["history", "depois-exemplo.pt"])[0];
    assert_eq!(entry["inputs"]["price"], "12.50");
    assert_eq!(entry["inputs"]["amount"], "37.50");
}

#[test]
fn dry_run_registers_nothing() {
    let reg = Reg::with_fixtures();
    let out = reg
        .cmd(&[
            "--dry-run",
            "register",
            "padarialusa.pt",
            "--registrant",
            "padaria-lusa",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stdout.contains("name:") && stdout.contains("padarialusa.pt"),
        "{stdout}"
    );
    assert!(stderr.contains("dry run"), "{stderr}");
    reg.fails(4, &["show", "padarialusa.pt"]);
    reg.fails(4, &["history", "padarialusa.pt"]);
    assert!(charges(&reg, "padarialusa.pt").is_empty());
}

#[test]
fn the_journal_records_the_registration() {
    let reg = Reg::with_fixtures();
    reg.ok(&["register", "padarialusa.pt", "--registrant", "padaria-lusa"]);
    let conn = db(&reg);
    let (actor, command, article, outcome, digest): (String, String, String, String, String) = conn
        .query_row(
            "SELECT actor, command, article, outcome, policy_digest FROM journal WHERE domain = 'padarialusa.pt'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (actor.as_str(), command.as_str(), article.as_str()),
        ("tester", "register", "2.1")
    );
    let outcome: Value = serde_json::from_str(&outcome).unwrap();
    assert_eq!(outcome, reg.json(&["show", "padarialusa.pt"]));
    assert_eq!(digest, reg.json(&["policy", "show"])["digest"]);
}

#[test]
fn a_missing_batch_file_is_not_found() {
    // `register --batch` itself is tested in tests/cli/import.rs.
    let reg = Reg::with_fixtures();
    let err = reg.fails(4, &["register", "--batch", "x.csv"]);
    assert!(err.contains("cannot open x.csv"), "{err}");
}

#[test]
fn a_badly_composed_name_is_refused_with_its_article() {
    let reg = Reg::with_fixtures();
    for (name, article) in [
        ("padaria-.pt", "5.3"),
        ("p.pt", "5.1"),
        ("xn--padaria.pt", "5.4"),
    ] {
        let err = reg.fails(3, &["register", name, "--registrant", "ana-silva"]);
        assert!(err.contains(&format!("[Art. {article}]")), "{name}: {err}");
    }
}
