//! Tests of `import`: CSV and JSON Lines migrations, original dates and
//! states kept, closed hierarchies accepted, all or nothing, `--reject`,
//! and the benchmark's generator (deterministic, and importable).

use std::fmt::Write as _;

use serde_json::Value;

use crate::support::{Reg, fixture, path_str};

#[path = "../../benches/scale/generate.rs"]
#[allow(dead_code)]
mod generate;

/// The domain records of an export, by name.
pub fn exported_domains(reg: &Reg) -> Vec<Value> {
    reg.ok(&["export"])
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON line"))
        .filter(|v| v["type"] == "domain")
        .collect()
}

fn domain<'a>(all: &'a [Value], name: &str) -> &'a Value {
    all.iter()
        .find(|d| d["name"] == name)
        .unwrap_or_else(|| panic!("{name} not exported"))
}

/// A registry with the fixture people and domains (JSON Lines).
fn with_registry() -> Reg {
    let reg = Reg::new();
    reg.ok(&["import", path_str(&fixture("registry.jsonl"))]);
    reg
}

fn journal_commands(reg: &Reg) -> Vec<String> {
    reg.ok(&["export"])
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON line"))
        .filter(|v| v["type"] == "journal")
        .map(|v| v["command"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn jsonl_people_come_before_the_domains_that_name_them() {
    let reg = Reg::new();
    let out = reg.json(&["import", path_str(&fixture("registry.jsonl"))]);
    assert_eq!(out["mode"], "migration");
    assert_eq!(out["domains"], 7);
    assert_eq!(out["contacts"], 10);
    assert_eq!(out["registrars"], 3);
    assert_eq!(out["rejected"], 0);
    assert_eq!(out["sha256"].as_str().map(str::len), Some(64));

    let all = exported_domains(&reg);
    let idn = domain(&all, "xn--ma-tiap.pt");
    assert_eq!(idn["unicode"], "maçã.pt");
    assert_eq!(idn["state"], "registered");
    assert_eq!(idn["nameservers"][0]["host"], "ns1.xn--ma-tiap.pt");
    assert_eq!(
        idn["nameservers"][0]["addresses"],
        serde_json::json!(["192.0.2.10", "2001:db8::10"])
    );
    assert_eq!(idn["manager"], Value::Null, "self-managed");
    assert_eq!(idn["tech"], "ana-silva", "tech defaults to the registrant");
}

#[test]
fn original_dates_and_states_are_kept_and_closed_hierarchies_accepted() {
    let reg = with_registry();
    let all = exported_domains(&reg);
    let p = domain(&all, "padarialusa.pt");
    assert_eq!(p["created"], "2008-03-14T10:22:00Z");
    assert_eq!(p["expires"], "2027-03-14T10:22:00Z");
    assert_eq!(p["arbitration"], 1);
    assert_eq!(p["ds"].as_array().map(Vec::len), Some(1));
    // Art. 31.3: names in closed hierarchies stay, and migrate.
    let org = domain(&all, "associacao-amigos.org.pt");
    assert_eq!(
        (&org["hierarchy"], &org["state"]),
        (&"org.pt".into(), &"reserved".into())
    );
    let grace = domain(&all, "escola-basica.edu.pt");
    assert_eq!(grace["state"], "grace");
    assert_eq!(
        grace["state_since"], "2026-02-15T00:00:00Z",
        "grace began at expiry"
    );
    assert_eq!(domain(&all, "disputa.pt")["state"], "suspended");
    assert_eq!(domain(&all, "evora.gov.pt")["manager"], "CEGER");
}

#[test]
fn csv_with_the_columns_in_any_order() {
    let reg = with_registry();
    let out = reg.json(&["import", path_str(&fixture("domains.csv"))]);
    assert_eq!(
        (out["format"].as_str(), out["domains"].as_i64()),
        (Some("csv"), Some(6))
    );
    let all = exported_domains(&reg);
    let t = domain(&all, "tecnorede.pt");
    assert_eq!(t["ds"].as_array().map(Vec::len), Some(2));
    assert_eq!(t["nameservers"].as_array().map(Vec::len), Some(3));
    // No nameservers: reserved (Art. 2.3), in a closed hierarchy.
    assert_eq!(domain(&all, "silva.nome.pt")["state"], "reserved");
    let idn = all
        .iter()
        .find(|d| d["unicode"] == "coração.pt")
        .expect("the IDN");
    assert_eq!(idn["arbitration"], 1);
    assert!(idn["name"].as_str().unwrap().starts_with("xn--"));

    // The same data with the columns shuffled and a state column left out.
    let shuffled = reg.path("shuffled.csv");
    std::fs::write(
        &shuffled,
        "expires,nameservers,created,name,registrant\n\
         2027-01-01,ns1.x.pt ns2.x.pt,2020-01-01,baralhado.pt,ana-silva\n",
    )
    .unwrap();
    reg.ok(&["import", path_str(&shuffled)]);
    let all = exported_domains(&reg);
    assert_eq!(domain(&all, "baralhado.pt")["state"], "registered");
}

#[test]
fn one_journal_entry_per_import_with_the_file_digest() {
    let reg = with_registry();
    reg.ok(&["import", path_str(&fixture("domains.csv"))]);
    assert_eq!(journal_commands(&reg), ["init", "import", "import"]);
    let entry: Value = reg
        .ok(&["export"])
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .rfind(|v| v["type"] == "journal")
        .unwrap();
    let inputs: Value = serde_json::from_str(entry["inputs"].as_str().unwrap()).unwrap();
    assert_eq!(inputs["file"], "domains.csv");
    let bytes = std::fs::read(fixture("domains.csv")).unwrap();
    use sha2::Digest;
    assert_eq!(inputs["sha256"], hex::encode(sha2::Sha256::digest(&bytes)));
    let outcome: Value = serde_json::from_str(entry["outcome"].as_str().unwrap()).unwrap();
    assert_eq!(outcome["domains"], 6);
}

/// A CSV of `n` good rows, then `tail` (already CSV lines).
fn big_csv(reg: &Reg, name: &str, n: usize, tail: &str) -> std::path::PathBuf {
    let mut text = String::from("name,registrant,created,expires,nameservers\n");
    for i in 0..n {
        writeln!(
            text,
            "nome{i}.pt,ana-silva,2015-01-01,2027-01-01,ns1.a.pt ns2.a.pt"
        )
        .unwrap();
    }
    text.push_str(tail);
    let p = reg.path(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_bad_last_row_of_a_large_file_imports_nothing() {
    let reg = with_registry();
    let before = exported_domains(&reg).len();
    let p = big_csv(
        &reg,
        "big.csv",
        5000,
        "ultimo.pt,ana-silva,2015-01-01,2027-13-01,\n",
    );
    let err = reg.fails(2, &["import", path_str(&p)]);
    assert!(err.contains("line 5002, field expires"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(exported_domains(&reg).len(), before);
    assert_eq!(journal_commands(&reg), ["init", "import"]);
}

#[test]
fn bad_rows_have_their_own_exit_codes() {
    let reg = with_registry();
    let unknown = big_csv(&reg, "u.csv", 2, "x1.pt,nobody,2015-01-01,2027-01-01,\n");
    let err = reg.fails(4, &["import", path_str(&unknown)]);
    assert!(
        err.contains("line 4, field registrant: no contact nobody"),
        "{err}"
    );
    // Already registered: a conflict, with the article.
    let dup = big_csv(
        &reg,
        "d.csv",
        1,
        "padarialusa.pt,ana-silva,2015-01-01,2027-01-01,\n",
    );
    let err = reg.fails(5, &["import", path_str(&dup)]);
    assert!(
        err.contains("line 3, field name: padarialusa.pt is already registered [Art. 6.1.a]"),
        "{err}"
    );
    // Twice in the same file.
    let twice = big_csv(
        &reg,
        "t.csv",
        3,
        "nome1.pt,ana-silva,2015-01-01,2027-01-01,\n",
    );
    reg.fails(5, &["import", path_str(&twice)]);
    // Malformed: an unknown column, a bad name, a state that disagrees.
    let col = reg.path("col.csv");
    std::fs::write(&col, "name,registrant,created,expires,nameserver\n").unwrap();
    let err = reg.fails(2, &["import", path_str(&col)]);
    assert!(err.contains("unknown column \"nameserver\""), "{err}");
    let name = big_csv(
        &reg,
        "n.csv",
        0,
        "-mau.pt,ana-silva,2015-01-01,2027-01-01,\n",
    );
    let err = reg.fails(2, &["import", path_str(&name)]);
    assert!(err.contains("line 2, field name"), "{err}");
    let state = reg.path("s.csv");
    std::fs::write(
        &state,
        "name,registrant,created,expires,state,nameservers\n\
         um.pt,ana-silva,2015-01-01,2027-01-01,reserved,ns1.a.pt ns2.a.pt\n",
    )
    .unwrap();
    let err = reg.fails(2, &["import", path_str(&state)]);
    assert!(err.contains("line 2, field state"), "{err}");
    // One nameserver is no delegation: refused with its article (exit 3).
    let one = big_csv(
        &reg,
        "one.csv",
        0,
        "um.pt,ana-silva,2015-01-01,2027-01-01,ns1.a.pt\n",
    );
    let err = reg.fails(3, &["import", path_str(&one)]);
    assert!(
        err.contains("line 2, field nameservers") && err.contains("[Art. 3.1]"),
        "{err}"
    );
    assert_eq!(journal_commands(&reg), ["init", "import"]);
}

#[test]
fn reject_imports_the_good_rows_and_writes_the_bad_ones_csv() {
    let reg = with_registry();
    let tail = "mau1.pt,ana-silva,2015-01-01,ontem,\n\
                mau2.pt,ninguem,2015-01-01,2027-01-01,\n\
                padarialusa.pt,ana-silva,2015-01-01,2027-01-01,\n\
                bom.pt,ana-silva,2015-01-01,2027-01-01,\n";
    let p = big_csv(&reg, "mixed.csv", 3, tail);
    let rejects = reg.path("rejects.csv");
    let out = reg.json_exit(6, &["import", path_str(&p), "--reject", path_str(&rejects)]);
    assert_eq!(
        (out["domains"].as_i64(), out["rejected"].as_i64()),
        (Some(4), Some(3))
    );
    let text = std::fs::read_to_string(&rejects).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "name,registrant,created,expires,nameservers,reject_line,reject_reason"
    );
    assert!(
        lines[1].starts_with("mau1.pt,ana-silva,2015-01-01,ontem,,5,\"expires: bad time"),
        "{}",
        lines[1]
    );
    assert_eq!(
        lines[2],
        "mau2.pt,ana-silva,2015-01-01,2027-01-01,,6,registrant: no contact ninguem"
            .replace("ana-silva", "ninguem")
    );
    assert_eq!(
        lines[3],
        "padarialusa.pt,ana-silva,2015-01-01,2027-01-01,,7,name: padarialusa.pt is already registered [Art. 6.1.a]"
    );
    assert_eq!(lines.len(), 4);
    let all = exported_domains(&reg);
    assert!(all.iter().any(|d| d["name"] == "bom.pt"));
    assert!(!all.iter().any(|d| d["name"] == "mau1.pt"));
    // A reject file, fixed, imports as it is (its extra columns are ignored).
    let fixed = text
        .replace("ontem", "2027-01-01")
        .replace("ninguem", "ana-silva");
    let fixed_lines: Vec<&str> = fixed.lines().take(3).collect();
    std::fs::write(reg.path("fixed.csv"), fixed_lines.join("\n")).unwrap();
    let out = reg.json(&["import", path_str(&reg.path("fixed.csv"))]);
    assert_eq!(out["domains"], 2);
}

#[test]
fn reject_writes_json_lines_for_json_lines() {
    let reg = with_registry();
    let p = reg.path("mixed.jsonl");
    std::fs::write(
        &p,
        "{\"type\":\"domain\",\"name\":\"bom.pt\",\"registrant\":\"ana-silva\",\"created\":\"2015-01-01\",\"expires\":\"2027-01-01\"}\n\
         not json\n\
         {\"type\":\"planet\",\"name\":\"x\"}\n\
         {\"type\":\"domain\",\"name\":\"mau.pt\",\"registrant\":\"ana-silva\",\"created\":\"2015-01-01\",\"expires\":\"2027-01-01\",\"ds\":[\"1 2 3\"]}\n",
    )
    .unwrap();
    let rejects = reg.path("rejects.jsonl");
    let out = reg.json_exit(6, &["import", path_str(&p), "--reject", path_str(&rejects)]);
    assert_eq!(
        (out["domains"].as_i64(), out["rejected"].as_i64()),
        (Some(1), Some(3))
    );
    let bad: Vec<Value> = std::fs::read_to_string(&rejects)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(bad.len(), 3);
    assert_eq!(
        (bad[0]["line"].as_i64(), bad[0]["record"].as_str()),
        (Some(2), Some("not json"))
    );
    assert!(
        bad[1]["reason"]
            .as_str()
            .unwrap()
            .starts_with("type: unknown record type")
    );
    assert_eq!(bad[2]["line"], 4);
    assert!(
        bad[2]["reason"]
            .as_str()
            .unwrap()
            .starts_with("ds: DS record"),
        "{}",
        bad[2]
    );
    assert_eq!(
        bad[2]["record"]["name"], "mau.pt",
        "the original record is kept"
    );
}

/// A registry with the fixture people and no names: an import into it
/// drops every index of the domain table and checks names in memory.
fn people_only() -> Reg {
    let reg = Reg::new();
    let people: String = std::fs::read_to_string(fixture("registry.jsonl"))
        .unwrap()
        .lines()
        .filter(|l| !l.contains("\"type\":\"domain\"") && !l.contains("\"type\": \"domain\""))
        .map(|l| format!("{l}\n"))
        .collect();
    let p = reg.path("people.jsonl");
    std::fs::write(&p, people).unwrap();
    reg.ok(&["import", path_str(&p)]);
    assert!(exported_domains(&reg).is_empty());
    reg
}

#[test]
fn a_name_twice_in_a_load_into_an_empty_registry_is_found() {
    let reg = people_only();
    // The same name as an A-label and in Unicode, 3,000 rows apart.
    let p = big_csv(
        &reg,
        "twice.csv",
        3000,
        "xn--ma-tiap.pt,ana-silva,2015-01-01,2027-01-01,\n\
         maçã.pt,ana-silva,2016-01-01,2028-01-01,\n\
         nome7.pt,ana-silva,2015-01-01,2027-01-01,\n",
    );
    let err = reg.fails(5, &["import", path_str(&p)]);
    assert!(
        err.contains("line 3003, field name: xn--ma-tiap.pt is already registered [Art. 6.1.a]"),
        "{err}"
    );
    assert!(exported_domains(&reg).is_empty(), "nothing was imported");

    // With --reject: the first of each is imported, the later ones set aside.
    let rejects = reg.path("rejects.csv");
    let out = reg.json_exit(6, &["import", path_str(&p), "--reject", path_str(&rejects)]);
    assert_eq!(
        (out["domains"].as_i64(), out["rejected"].as_i64()),
        (Some(3001), Some(2))
    );
    let text = std::fs::read_to_string(&rejects).unwrap();
    let lines: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].contains(",3003,name: xn--ma-tiap.pt is already registered"),
        "{text}"
    );
    assert!(
        lines[1].contains(",3004,name: nome7.pt is already registered"),
        "{text}"
    );
    let all = exported_domains(&reg);
    assert_eq!(
        domain(&all, "xn--ma-tiap.pt")["created"],
        "2015-01-01T00:00:00Z"
    );
    // The unique index is back: a second import of the names is refused.
    let again = big_csv(&reg, "again.csv", 1, "");
    let err = reg.fails(5, &["import", path_str(&again)]);
    assert!(err.contains("nome0.pt is already registered"), "{err}");
    let doctor = reg.ok(&["doctor"]);
    assert!(doctor.lines().all(|l| l.starts_with("ok")), "{doctor}");
}

#[test]
fn dry_run_imports_nothing() {
    let reg = with_registry();
    let before = exported_domains(&reg).len();
    let out = reg.json(&["--dry-run", "import", path_str(&fixture("domains.csv"))]);
    assert_eq!(
        (out["domains"].as_i64(), out["dry_run"].as_bool()),
        (Some(6), Some(true))
    );
    assert_eq!(exported_domains(&reg).len(), before);
}

#[test]
fn a_missing_file_is_not_found() {
    let reg = Reg::new();
    reg.fails(4, &["import", "nowhere.csv"]);
}

#[test]
fn the_generator_is_deterministic_and_its_output_imports() {
    let run = |seed| {
        let spec = generate::Spec {
            names: 2000,
            seed,
            due: 0.01,
        };
        let (mut people, mut domains) = (Vec::new(), Vec::new());
        let written = generate::generate(&spec, &mut people, &mut domains).unwrap();
        (people, domains, written)
    };
    let (p1, d1, w1) = run(7);
    let (p2, d2, _) = run(7);
    let (_, d3, _) = run(8);
    assert!(p1 == p2 && d1 == d2, "same seed, same bytes");
    assert!(d1 != d3, "another seed, another registry");
    assert_eq!((w1.domains, w1.contacts, w1.registrars), (2000, 500, 40));
    let text = String::from_utf8(d1.clone()).unwrap();
    assert!(text.contains(".com.pt,") && text.contains(".org.pt,"));
    assert!(
        text.lines()
            .any(|l| l.split(',').next().is_some_and(|n| !n.is_ascii())),
        "IDNs"
    );

    let mut reg = Reg::new();
    reg.now = generate::NOW.to_string();
    std::fs::write(reg.path("people.jsonl"), &p1).unwrap();
    std::fs::write(reg.path("domains.csv"), &d1).unwrap();
    reg.ok(&["import", path_str(&reg.path("people.jsonl"))]);
    let out = reg.json(&["import", path_str(&reg.path("domains.csv"))]);
    assert_eq!(
        (out["domains"].as_i64(), out["rejected"].as_i64()),
        (Some(2000), Some(0))
    );
}

// register --batch: new registrations, each through every rule.

fn batch_file(reg: &Reg) -> std::path::PathBuf {
    let p = reg.path("batch.csv");
    std::fs::write(
        &p,
        "name,registrant,manager,nameservers,years,legitimacy\n\
         novo1.pt,ana-silva,lusonet,ns1.a.net ns2.a.net,1,\n\
         coimbra.pt,ana-silva,,,,\n\
         novo2.com.pt,joao-pereira,,,3,\n\
         velho.org.pt,ana-silva,,,,\n\
         novo3.pt,ninguem,,,,\n\
         novo1.pt,ana-silva,,,,\n",
    )
    .unwrap();
    p
}

#[test]
fn batch_is_all_or_nothing_and_names_the_line_and_article() {
    let reg = Reg::with_fixtures();
    let p = batch_file(&reg);
    let err = reg.fails(3, &["register", "--batch", path_str(&p)]);
    assert!(err.contains("batch.csv line 3: coimbra"), "{err}");
    assert!(err.contains("[Art. 7.2]"), "{err}");
    assert!(err.contains("nothing was registered"), "{err}");
    assert!(exported_domains(&reg).is_empty());
}

#[test]
fn batch_with_reject_registers_the_good_rows_and_counts_per_article() {
    let reg = Reg::with_fixtures();
    let p = batch_file(&reg);
    let rejects = reg.path("rejects.csv");
    let out = reg.json_exit(
        6,
        &[
            "register",
            "--batch",
            path_str(&p),
            "--reject",
            path_str(&rejects),
        ],
    );
    assert_eq!(out["registered"], 2);
    assert_eq!(
        out["refused"],
        serde_json::json!({"7.2": 1, "31.3": 1, "6.1.a": 1})
    );
    assert_eq!(
        (out["not_found"].as_i64(), out["rejected"].as_i64()),
        (Some(1), Some(4))
    );
    let text = std::fs::read_to_string(&rejects).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "name,registrant,manager,nameservers,years,legitimacy,reject_line,reject_reason"
    );
    assert!(
        lines[1].starts_with("coimbra.pt,ana-silva,,,,,3,") && lines[1].ends_with("[Art. 7.2]\""),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("velho.org.pt,ana-silva,,,,,5,") && lines[2].ends_with("[Art. 31.3]"),
        "{}",
        lines[2]
    );
    assert_eq!(
        lines[3],
        "novo3.pt,ninguem,,,,,6,no contact ninguem (--registrant)"
    );
    assert!(
        lines[4].starts_with("novo1.pt,ana-silva,,,,,7,") && lines[4].ends_with("[Art. 6.1.a]")
    );

    // Each registration went through register: charged, journaled, dated now.
    let all = exported_domains(&reg);
    let n1 = domain(&all, "novo1.pt");
    assert_eq!(
        (&n1["state"], &n1["created"]),
        (&"registered".into(), &reg.now.clone().into())
    );
    assert_eq!(
        domain(&all, "novo2.com.pt")["expires"],
        "2029-03-02T00:00:00Z"
    );
    let charges = reg
        .ok(&["export"])
        .lines()
        .filter(|l| l.starts_with("{\"type\":\"ledger\""))
        .count();
    assert_eq!(charges, 2);
    assert_eq!(
        journal_commands(&reg)
            .iter()
            .filter(|c| *c == "register")
            .count(),
        2
    );
    let human = reg.out_exit(
        6,
        &[
            "register",
            "--batch",
            path_str(&p),
            "--reject",
            path_str(&rejects),
        ],
    );
    assert!(human.contains("registered 0 names"), "{human}");
    assert!(
        human.find("Art. 6.1.a").unwrap() < human.find("Art. 31.3").unwrap(),
        "{human}"
    );
}

#[test]
fn batch_reads_json_lines_too() {
    let reg = Reg::with_fixtures();
    let p = reg.path("batch.jsonl");
    std::fs::write(
        &p,
        "{\"name\":\"jota.pt\",\"registrant\":\"ana-silva\",\"nameservers\":[\"ns1.jota.pt=192.0.2.1\",{\"host\":\"ns2.a.net\"}],\"arbitration\":true}\n\
         {\"name\":\"outro.pt\",\"registrant\":\"ana-silva\",\"colour\":\"red\"}\n",
    )
    .unwrap();
    let err = reg.fails(2, &["register", "--batch", path_str(&p)]);
    assert!(err.contains("line 2") && err.contains("colour"), "{err}");
    let rejects = reg.path("r.jsonl");
    let out = reg.json_exit(
        6,
        &[
            "register",
            "--batch",
            path_str(&p),
            "--reject",
            path_str(&rejects),
        ],
    );
    assert_eq!(
        (out["registered"].as_i64(), out["malformed"].as_i64()),
        (Some(1), Some(1))
    );
    let all = exported_domains(&reg);
    let j = domain(&all, "jota.pt");
    assert_eq!(
        j["nameservers"][0]["addresses"],
        serde_json::json!(["192.0.2.1"])
    );
    assert_eq!(j["arbitration"], 1);
}

#[test]
fn contact_records_are_checked_like_contact_add() {
    let reg = Reg::new();
    let p = reg.path("people.jsonl");
    std::fs::write(
        &p,
        "{\"type\":\"contact\",\"id\":\"x1\",\"name\":\"X\",\"email\":\"x@exemplo.pt\",\"phone\":\"+351.912345678\",\"address\":\"Rua A 1, Lisboa\",\"country\":\"PT\",\"vat\":\"123456780\"}\n\
         {\"type\":\"registrar\",\"id\":\"r1\",\"name\":\"R\",\"email\":\"not-an-email\"}\n",
    )
    .unwrap();
    let err = reg.fails(2, &["import", path_str(&p)]);
    assert!(err.contains("line 1, field vat"), "{err}");
    let rejects = reg.path("r.jsonl");
    let out = reg.json_exit(6, &["import", path_str(&p), "--reject", path_str(&rejects)]);
    assert_eq!(
        (out["contacts"].as_i64(), out["rejected"].as_i64()),
        (Some(0), Some(2))
    );
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.contains("\"reason\":\"email:")),
        "{text}"
    );
}

/// One reading of a yes-or-no cell for every reader: an arbitration column
/// that `import` accepts (`y`, `sim`, `não`, 1/0 in JSON) is accepted by
/// `register --batch` too, and means the same.
#[test]
fn batch_reads_arbitration_as_import_does() {
    let reg = Reg::with_fixtures();
    let csv = reg.path("arb.csv");
    std::fs::write(
        &csv,
        "name,registrant,arbitration\n\
         arb1.pt,ana-silva,sim\n\
         arb2.pt,ana-silva,Y\n\
         arb3.pt,ana-silva,não\n\
         arb4.pt,ana-silva,\n",
    )
    .unwrap();
    let out = reg.json(&["register", "--batch", path_str(&csv)]);
    assert_eq!(out["registered"], 4, "{out}");
    let jsonl = reg.path("arb.jsonl");
    std::fs::write(
        &jsonl,
        "{\"name\":\"arb5.pt\",\"registrant\":\"ana-silva\",\"arbitration\":1}\n\
         {\"name\":\"arb6.pt\",\"registrant\":\"ana-silva\",\"arbitration\":\"s\"}\n\
         {\"name\":\"arb7.pt\",\"registrant\":\"ana-silva\",\"arbitration\":false}\n",
    )
    .unwrap();
    let out = reg.json(&["register", "--batch", path_str(&jsonl)]);
    assert_eq!(out["registered"], 3, "{out}");
    for (name, yes) in [
        ("arb1.pt", true),
        ("arb2.pt", true),
        ("arb3.pt", false),
        ("arb4.pt", false),
        ("arb5.pt", true),
        ("arb6.pt", true),
        ("arb7.pt", false),
    ] {
        assert_eq!(reg.json(&["show", name])["arbitration"], yes, "{name}");
    }
    std::fs::write(
        &csv,
        "name,registrant,arbitration\narb8.pt,ana-silva,talvez\n",
    )
    .unwrap();
    let err = reg.fails(2, &["register", "--batch", path_str(&csv)]);
    assert!(err.contains("line 2") && err.contains("talvez"), "{err}");
}
