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
        ("coimbra.pt", "7.2", "geographic"),
        // Every country in every language CLDR has, foreign cities in their
        // own and the main European languages, exonyms of Portuguese places.
        ("deutschland.pt", "7.2", "\"Deutschland\""),
        ("lissabon.pt", "7.2", "city: Lisbon (Europe/Lisbon)"),
        ("azoren.pt", "7.2", "\"Azoren\""),
        ("oporto.pt", "7.2", "\"Oporto\""),
        ("milano.pt", "7.2", "\"Milano\""),
        // A parish, a parish of a union, a name before a bracket.
        ("fermentelos.pt", "7.2", "parish (Águeda, 010109)"),
        ("borralha.pt", "7.2", "part of the parish union"),
        ("minhotaes.pt", "7.2", "Barcelos"),
        // An obscene word's plural and verb forms.
        ("putas.com.pt", "6.1.b", "the plural"),
        ("fodendo.com.pt", "6.1.b", "the gerund"),
        // A regional-wine PGI named after a territory, under .com.pt too.
        ("lisboa.com.pt", "6.1.c", "\"Lisboa\""),
        ("algarve.com.pt", "6.1.c", "\"Algarve\""),
        // Well-known Italian, French and Swiss designations.
        ("barbaresco.com.pt", "6.1.c", "\"Barbaresco\""),
        (
            "chateauneuf-du-pape.com.pt",
            "6.1.c",
            "\"Châteauneuf-du-Pape\"",
        ),
        ("gruyere.com.pt", "6.1.c", "\"Gruyère\""),
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
    let (articles, _) = refused_articles(&reg, &["coimbra.pt"]);
    assert_eq!(articles, ["7.2"]);
    let v = reg.json(&["check", "coimbra.com.pt"]);
    assert_eq!(v[0]["admissible"], true);
    assert_eq!(v[0]["refusals"], serde_json::json!([]));
    assert_eq!(
        reg.ok(&["check", "coimbra.com.pt"]),
        "coimbra.com.pt: admissible\n"
    );
    // A parish name too (Art. 7.1.b), in a fresh registry.
    let (articles, _) = refused_articles(&reg, &["campo-de-ourique.pt"]);
    assert_eq!(articles, ["7.2"]);
    reg.ok(&["check", "campodeourique.com.pt"]);
}

/// Lisboa is a municipality, a district and the capital's name in many
/// languages (7.2), and the regional-wine PGI "Lisboa" (6.1.c): Art. 9
/// lifts only the geographic rule, so lisboa.com.pt is refused too. A word
/// that is only part of a longer designation stays admissible.
#[test]
fn protected_indications_are_refused_in_every_hierarchy() {
    let reg = Reg::new();
    let (articles, _) = refused_articles(&reg, &["lisboa.pt"]);
    assert_eq!(articles, ["6.1.c", "7.2"]);
    let (articles, _) = refused_articles(&reg, &["lisboa.com.pt"]);
    assert_eq!(articles, ["6.1.c"]);
    reg.ok(&["check", "parmigiano.com.pt", "reggiano.com.pt"]);
    let (articles, _) = refused_articles(&reg, &["parmigiano-reggiano.com.pt"]);
    assert_eq!(articles, ["6.1.c"]);
}

/// A key several entries share reports every one of them, each with what
/// it names and its source; a reason names the first few and counts the rest.
#[test]
fn a_shared_key_reports_every_entry() {
    let reg = Reg::new();
    let v = refused_articles(&reg, &["santamaria.pt"]).1;
    let matches = v[0]["matches"].as_array().expect("matches");
    assert!(matches.len() >= 4, "{v}");
    assert!(
        matches
            .iter()
            .all(|m| m["list"] == "geographic" && m["key"] == "santamaria")
    );
    assert!(matches.iter().all(|m| {
        m["source"]
            .as_str()
            .is_some_and(|s| s.starts_with("built-in:freguesias"))
    }));
    let details: std::collections::BTreeSet<&str> = matches
        .iter()
        .filter_map(|m| m["detail"].as_str())
        .collect();
    assert_eq!(details.len(), matches.len(), "each entry says which parish");
    let text = reg.cmd(&["check", "santamaria.pt"]).output().expect("run");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("more entr"), "{text}");
    assert_eq!(
        text.matches("\n    geographic [Art. 7.2] \"Santa Maria\"")
            .count(),
        matches.len(),
        "{text}"
    );
    // The language of a match, when known.
    let v = refused_articles(&reg, &["lissabon.pt"]).1;
    let m = &v[0]["matches"][0];
    assert!(
        m["language"]
            .as_str()
            .is_some_and(|l| l.split(' ').any(|t| t == "de")),
        "{v}"
    );
    assert!(
        m["source"].as_str().is_some_and(|s| s.contains("CLDR")),
        "{v}"
    );
    // The form of an inflected obscene word.
    let v = refused_articles(&reg, &["fodidas.pt"]).1;
    assert_eq!(v[0]["matches"][0]["name"], "foder");
    assert_eq!(v[0]["matches"][0]["form"], "participle");
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
      [Art. 6.1.c] porto is a protected designation of origin or geographical indication (listed as "Porto", protected designation (Portuguese wines: DOP / DOC))
      [Art. 7.2] porto is a geographic name (listed as "Porto" (pt), district; "Porto" (pt), municipality (Porto)): directly under .pt only the competent administrative authority registers it; .com.pt is open to it (Art. 9)
      matched:
        geographic [Art. 7.2] "Porto" (pt), district (source: built-in:regions.txt (curated))
        geographic [Art. 7.2] "Porto" (pt), municipality (Porto) (source: built-in:municipalities.txt (curated))
        protected [Art. 6.1.c] "Porto", protected designation (Portuguese wines: DOP / DOC) (source: built-in:protected.txt (curated))
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
                "matches": [],
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
