//! Tests of `check`: every article through the binary, its text and JSON,
//! and the exit codes.

use serde_json::Value;

use crate::support::Reg;

/// `check --json NAME` (exit 3 expected): the refusals' articles.
fn refused_articles(reg: &Reg, args: &[&str]) -> (Vec<String>, Value) {
    let mut all = vec!["--json", "check"];
    all.extend_from_slice(args);
    let out = reg.cmd(&all).output().expect("run");
    assert_eq!(out.status.code(), Some(3), "check {args:?}: {out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let articles = v[0]["refusals"]
        .as_array()
        .expect("refusals")
        .iter()
        .map(|r| r["article"].as_str().expect("article").to_string())
        .collect();
    // The error on stderr is JSON too, and names the first article.
    let err: Value = serde_json::from_slice(&out.stderr).expect("JSON on stderr");
    assert_eq!(err["error"]["kind"], "refused");
    assert_eq!(err["error"]["article"], v[0]["refusals"][0]["article"]);
    (articles, v)
}

#[test]
fn every_article_is_named_in_text_and_json() {
    let reg = Reg::new();
    reg.ok(&["list", "add", "blocked", "bloqueado"]);
    // (name, article, words of the reason)
    let cases = [
        ("a.pt", "5.1", "1 character"),
        (&*format!("{}.pt", "a".repeat(64)), "5.1", "64 characters"),
        ("ex_emplo.pt", "5.1", "\"_\""),
        ("españa.pt", "5.2", "\"ñ\""),
        ("-exemplo.pt", "5.3", "hyphen"),
        ("exemplo-.com.pt", "5.3", "hyphen"),
        ("xn--exemplo.pt", "5.4", "xn--"),
        ("xn--mnchen-3ya.pt", "5.4", "münchen"),
        ("merda.pt", "6.1.b", "obscene"),
        ("champagne.com.pt", "6.1.c", "\"Champagne\""),
        (
            "queijoserradaestrela.com.pt",
            "6.1.c",
            "\"Queijo Serra da Estrela\"",
        ),
        ("lisboa.pt", "7.2", "geographic"),
        ("alemanha.pt", "7.2", "\"Alemanha\""),
        ("germany.pt", "7.2", "\"Germany\""),
        ("nova-iorque.pt", "7.2", "\"Nova Iorque\""),
        ("sao-joao-da-madeira.pt", "7.2", "\"São João da Madeira\""),
        ("bloqueado.pt", "8.4", "blocked"),
        ("financas.gov.pt", "10", "CEGER"),
        ("exemplo.org.pt", "31.3", "no new registrations"),
        ("exemplo.nome.pt", "31.3", "no new registrations"),
        ("nic.pt", "32", "reserved"),
        ("whois.com.pt", "32", "reserved"),
    ];
    for (name, article, words) in cases {
        let (articles, json) = refused_articles(&reg, &["--", name]);
        assert_eq!(articles[0], article, "{name}: {json}");
        assert_eq!(json[0]["admissible"], false);
        let reason = json[0]["refusals"][0]["reason"]
            .as_str()
            .unwrap_or_default();
        assert!(reason.contains(words), "{name}: {reason}");
        let out = reg.cmd(&["check", "--", name]).output().expect("run");
        assert_eq!(out.status.code(), Some(3), "{name}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(&format!("[Art. {article}]")),
            "{name}: {text}"
        );
        assert!(text.contains("not admissible"), "{name}: {text}");
    }
}

#[test]
fn geographic_names_are_open_under_com_pt() {
    let reg = Reg::new();
    let (articles, _) = refused_articles(&reg, &["lisboa.pt"]);
    assert_eq!(articles, ["7.2"]);
    let v = reg.json(&["check", "lisboa.com.pt"]);
    assert_eq!(v[0]["admissible"], true);
    assert_eq!(v[0]["refusals"], serde_json::json!([]));
    assert_eq!(
        reg.ok(&["check", "lisboa.com.pt"]),
        "lisboa.com.pt: admissible\n"
    );
}

/// Porto is a municipality and a district (7.2) and the Port wine DOP
/// (6.1.c): both refusals are listed, 6.1.c first; under .com.pt only the
/// protected designation remains.
#[test]
fn porto_is_both_geographic_and_protected() {
    let reg = Reg::new();
    let (articles, _) = refused_articles(&reg, &["porto.pt"]);
    assert_eq!(articles, ["6.1.c", "7.2"]);
    let (articles, _) = refused_articles(&reg, &["porto.com.pt"]);
    assert_eq!(articles, ["6.1.c"]);
}

#[test]
fn human_output_is_one_block_per_name() {
    let reg = Reg::new();
    let out = reg
        .cmd(&["check", "porto.pt", "café.com.pt"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout), @r#"
    porto.pt: not admissible
      [Art. 6.1.c] porto is a protected designation of origin or geographical indication (listed as "Porto")
      [Art. 7.2] porto is a geographic name (listed as "Porto"): directly under .pt only the competent administrative authority registers it; .com.pt is open to it (Art. 9)
      (a registrant with legitimacy may still register it: register --legitimacy, Art. 8.5)

    café.com.pt (xn--caf-dma.com.pt): admissible
    "#);
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stderr), @"error: 1 of 2 names are not admissible [Art. 6.1.c]");
}

#[test]
fn json_shape_and_both_forms_of_an_idn() {
    let reg = Reg::new();
    for input in ["Café.PT", "xn--caf-dma.pt", "XN--CAF-DMA.PT."] {
        let v = reg.json(&["check", input]);
        assert_eq!(
            v,
            serde_json::json!([{
                "name": input,
                "ascii": "xn--caf-dma.pt",
                "unicode": "café.pt",
                "hierarchy": "pt",
                "admissible": true,
                "refusals": [],
                "overridable": false,
            }]),
            "{input}"
        );
    }
    // A malformed name has no A-label; every composition refusal is listed.
    let (articles, v) = refused_articles(&reg, &["--", "-ñ-.com.pt"]);
    assert_eq!(articles, ["5.2", "5.3"]);
    assert_eq!(v[0]["ascii"], Value::Null);
    assert_eq!(v[0]["unicode"], "-ñ-.com.pt");
    assert_eq!(v[0]["hierarchy"], "com.pt");
}

#[test]
fn every_portuguese_letter_is_admissible() {
    let reg = Reg::new();
    let names: Vec<String> = "áàâãçéêíóôõú"
        .chars()
        .map(|c| format!("x{c}z.pt"))
        .collect();
    let args: Vec<&str> = std::iter::once("check")
        .chain(names.iter().map(String::as_str))
        .collect();
    let v = reg.json(&args);
    for item in v.as_array().expect("array") {
        assert_eq!(item["admissible"], true, "{item}");
        assert!(
            item["ascii"]
                .as_str()
                .unwrap_or_default()
                .starts_with("xn--"),
            "{item}"
        );
    }
}

#[test]
fn gov_pt_needs_the_designated_manager() {
    let reg = Reg::new();
    let (articles, v) = refused_articles(&reg, &["financas.gov.pt"]);
    assert_eq!(articles, ["10"]);
    assert!(
        v[0]["refusals"][0]["reason"]
            .as_str()
            .unwrap_or_default()
            .contains("no managing entity")
    );
    let (articles, _) = refused_articles(&reg, &["--manager", "REG-1", "financas.gov.pt"]);
    assert_eq!(articles, ["10"]);
    let v = reg.json(&["check", "--manager", "CEGER", "financas.gov.pt"]);
    assert_eq!(v[0]["admissible"], true);
    // The manager does not matter anywhere else.
    let v = reg.json(&["check", "--manager", "REG-1", "exemplo.pt"]);
    assert_eq!(v[0]["admissible"], true);
}

#[test]
fn every_hierarchy() {
    let reg = Reg::new();
    let open = reg.json(&[
        "check",
        "--manager",
        "CEGER",
        "exemplo.pt",
        "exemplo.com.pt",
        "exemplo.gov.pt",
    ]);
    let hierarchies: Vec<&str> = open
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v["hierarchy"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(hierarchies, ["pt", "com.pt", "gov.pt"]);
    for closed in ["org", "edu", "net", "int", "publ", "nome"] {
        let (articles, v) = refused_articles(&reg, &[&format!("exemplo.{closed}.pt")]);
        assert_eq!(articles, ["31.3"], "{closed}");
        assert_eq!(v[0]["hierarchy"], format!("{closed}.pt"));
    }
}

#[test]
fn a_name_not_under_pt_is_a_usage_error() {
    let reg = Reg::new();
    for bad in [
        "exemplo.com",
        "exemplo",
        "www.exemplo.pt",
        "pt",
        "",
        "exemplo..pt",
    ] {
        let err = reg.fails(2, &["check", "exemplo.pt", bad]);
        assert!(err.starts_with("error: "), "{bad:?}: {err}");
        // Every name is reported, the good one too.
        let out = reg
            .cmd(&["check", "exemplo.pt", bad, "lisboa.pt"])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.starts_with("exemplo.pt: admissible\n"),
            "{bad:?}: {text}"
        );
        assert!(text.contains(": not a name under .pt\n  "), "{text}");
        assert!(
            text.contains("lisboa.pt: not admissible"),
            "{bad:?}: {text}"
        );
        let v = reg.json_exit(2, &["check", "exemplo.pt", bad]);
        assert_eq!(v[0]["admissible"], true);
        assert_eq!(v[1]["admissible"], false);
        assert!(v[1]["not_pt"].is_string(), "{v}");
        assert_eq!(v[1]["hierarchy"], Value::Null);
    }
    let out = reg
        .cmd(&["--json", "check", "exemplo.com"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err: Value = serde_json::from_slice(&out.stderr).expect("JSON error");
    assert_eq!(err["error"]["kind"], "usage");
    assert_eq!(err["error"]["article"], Value::Null);
    // No name at all: clap's usage error.
    reg.fails(2, &["check"]);
}

#[test]
fn check_needs_a_registry_file() {
    let reg = Reg::empty();
    let err = reg.fails(4, &["check", "exemplo.pt"]);
    assert!(err.contains("ptreg init"), "{err}");
}
