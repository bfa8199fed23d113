//! Unit tests of the name rules: one case per article and per edge.

use proptest::prelude::*;

use super::*;
use crate::rules::lists::{Entry, ListKind, Match};
use crate::rules::policy::{DEFAULT_TOML, Policy};

fn policy() -> Policy {
    Policy::parse(DEFAULT_TOML).expect("the default policy parses")
}

/// The first article refusing `input`, "" when it parses, "usage" when it
/// is not a .pt name.
fn first_article(input: &str) -> String {
    match parse(input) {
        Ok(_) => String::new(),
        Err(NameError::NotPt(_)) => "usage".into(),
        Err(NameError::Refused(r)) => r.article.to_string(),
    }
}

fn articles(refusals: &[Refusal]) -> Vec<&str> {
    refusals.iter().map(|r| r.article).collect()
}

#[test]
fn composition_table() {
    let l63 = "a".repeat(63);
    let l64 = "a".repeat(64);
    let h63 = format!("a{}b", "-".repeat(61));
    // 20 × "ção" is 60 characters but its A-label is far past 63 octets.
    let long_idn = "ção".repeat(20);
    let cases: Vec<(String, &str)> = vec![
        // Lengths (Art. 5.1).
        ("a.pt".into(), "5.1"),
        ("ab.pt".into(), ""),
        ("é.pt".into(), "5.1"),
        ("é1.pt".into(), ""),
        (format!("{l63}.pt"), ""),
        (format!("{l64}.pt"), "5.1"),
        (format!("{l63}.com.pt"), ""),
        (format!("{long_idn}.pt"), "5.1"),
        // Characters (Art. 5.1, 5.2).
        ("exemplo1.pt".into(), ""),
        ("123.pt".into(), ""),
        ("ex_emplo.pt".into(), "5.1"),
        ("ex emplo.pt".into(), "5.1"),
        ("ex!emplo.pt".into(), "5.1"),
        ("exemplo\t.pt".into(), "5.1"),
        ("español.pt".into(), "5.2"),
        ("münchen.pt".into(), "5.2"),
        ("straße.pt".into(), "5.2"),
        ("façade-ñ.pt".into(), "5.2"),
        ("ĉaro.pt".into(), "5.2"),
        ("日本.pt".into(), "5.2"),
        // Hyphens (Art. 5.3): only between words.
        ("-exemplo.pt".into(), "5.3"),
        ("exemplo-.pt".into(), "5.3"),
        ("-.pt".into(), "5.1"),
        ("--.pt".into(), "5.3"),
        ("ex-emplo.pt".into(), ""),
        ("a-b.pt".into(), ""),
        ("ab--cd.pt".into(), ""),
        (format!("{h63}.pt"), ""),
        // The xn rule (Art. 5.4).
        ("xn--caf-dma.pt".into(), ""),
        ("XN--CAF-DMA.PT".into(), ""),
        ("xn--exemplo.pt".into(), "5.4"),
        ("xn--.pt".into(), "5.4"),
        ("xn--mnchen-3ya.pt".into(), "5.4"),
        ("xn--abc-.pt".into(), "5.4"),
        ("xn-exemplo.pt".into(), ""),
        ("xnexemplo.pt".into(), ""),
        ("ab--exemplo.pt".into(), ""),
        ("xn--café.pt".into(), "5.4"),
    ];
    for (input, expected) in &cases {
        assert_eq!(first_article(input), *expected, "parse({input:?})");
    }
}

#[test]
fn every_portuguese_letter_is_admissible_and_round_trips() {
    for c in PORTUGUESE_LETTERS.chars() {
        let input = format!("a{c}b.pt");
        let name = parse(&input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(name.unicode, input);
        assert!(name.ascii.starts_with("xn--"), "{}", name.ascii);
        // The A-label parses back to the same name.
        assert_eq!(parse(&name.ascii), Ok(name.clone()), "{input}");
        // And so does the upper-case U-label.
        assert_eq!(parse(&input.to_uppercase()), Ok(name), "{input}");
    }
}

#[test]
fn a_label_round_trips() {
    let cases = [
        ("café.pt", "xn--caf-dma.pt", "xn--caf-dma", "café"),
        ("ação.com.pt", "xn--ao-siap.com.pt", "xn--ao-siap", "ação"),
        ("pão.pt", "xn--po-sia.pt", "xn--po-sia", "pão"),
        ("exemplo.pt", "exemplo.pt", "exemplo", "exemplo"),
    ];
    for (unicode, ascii, label, label_unicode) in cases {
        for input in [unicode, ascii] {
            let name = parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(name.ascii, ascii, "{input}");
            assert_eq!(name.unicode, unicode, "{input}");
            assert_eq!(name.label, label, "{input}");
            assert_eq!(name.label_unicode, label_unicode, "{input}");
        }
    }
}

#[test]
fn input_forms() {
    let plain = parse("exemplo.pt").expect("plain");
    for input in [
        "EXEMPLO.PT",
        "Exemplo.Pt",
        "  exemplo.pt\n",
        "exemplo.pt.",
        "exemplo.pt\u{3002}",
    ] {
        assert_eq!(parse(input), Ok(plain.clone()), "{input:?}");
    }
    // A decomposed é (e + combining acute) is the same name as the composed one.
    assert_eq!(parse("cafe\u{301}.pt"), parse("café.pt"));
    let not_pt = [
        "",
        "   ",
        ".",
        "pt",
        "exemplo",
        "exemplo.com",
        "exemplo.pt.com",
        "www.exemplo.pt",
        "a.b.com.pt",
        "exemplo..pt",
        ".exemplo.pt",
        "exemplo.pt..",
        ".pt",
        "exemplo.ptt",
        "exemplo.p t",
    ];
    for input in not_pt {
        assert_eq!(first_article(input), "usage", "{input:?}");
    }
    // "com.pt" is the label com under .pt (reserved by the lists, Art. 32).
    assert_eq!(name("com.pt.").hierarchy, Hierarchy::Pt);
}

#[test]
fn every_hierarchy() {
    for h in Hierarchy::ALL {
        let input = format!("exemplo.{}", h.as_str().to_uppercase());
        let name = parse(&input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(name.hierarchy, h);
        assert_eq!(name.ascii, format!("exemplo.{h}"));
        assert_eq!(h.as_str().parse::<Hierarchy>(), Ok(h));
    }
    assert!("co.pt".parse::<Hierarchy>().is_err());
    let closed: Vec<&str> = Hierarchy::ALL
        .into_iter()
        .filter(|h| h.is_closed())
        .map(Hierarchy::as_str)
        .collect();
    assert_eq!(
        closed,
        ["org.pt", "edu.pt", "net.pt", "int.pt", "publ.pt", "nome.pt"]
    );
}

#[test]
fn examine_keeps_every_composition_refusal() {
    let Syntax::Malformed(m) = examine("-ñ_.pt") else {
        panic!("malformed expected")
    };
    assert_eq!(articles(&m.refusals), ["5.1", "5.2", "5.3"]);
    assert_eq!(m.shown, "-ñ_.pt");
    assert_eq!(m.hierarchy, Hierarchy::Pt);
    let Syntax::Malformed(m) = examine("x.com.pt") else {
        panic!("malformed expected")
    };
    assert_eq!(m.hierarchy, Hierarchy::ComPt);
    assert!(
        m.refusals[0].message.contains("1 character;"),
        "{}",
        m.refusals[0].message
    );
    assert!(matches!(examine("exemplo"), Syntax::NotPt(_)));
    // The reason of an xn-- refusal says what the label encodes.
    let Err(NameError::Refused(r)) = parse("xn--mnchen-3ya.pt") else {
        panic!("refusal expected")
    };
    assert!(
        r.message.contains("münchen") && r.message.contains("Art. 5.2"),
        "{}",
        r.message
    );
}

fn name(input: &str) -> DomainName {
    parse(input).unwrap_or_else(|e| panic!("{input}: {e}"))
}

fn matched(list: ListKind, name: &str) -> Match {
    Match {
        entry: Entry {
            list,
            key: crate::rules::lists::fold_key(name),
            name: name.to_string(),
            detail: String::new(),
            language: String::new(),
            source: "test".to_string(),
        },
        form: None,
    }
}

fn listed(entries: &[(ListKind, &str)]) -> Facts {
    Facts {
        registered: false,
        listed: entries.iter().map(|(k, n)| matched(*k, n)).collect(),
    }
}

#[test]
fn admissibility_table() {
    use ListKind::*;
    let p = policy();
    let free = Facts::default();
    let registered = Facts {
        registered: true,
        listed: vec![],
    };
    let cases: Vec<(&str, Facts, Option<&str>, Vec<&str>)> = vec![
        ("exemplo.pt", free.clone(), None, vec![]),
        ("exemplo.pt", registered.clone(), None, vec!["6.1.a"]),
        ("exemplo.org.pt", registered, None, vec!["6.1.a", "31.3"]),
        (
            "merda.com.pt",
            listed(&[(Obscene, "merda")]),
            None,
            vec!["6.1.b"],
        ),
        (
            "champagne.com.pt",
            listed(&[(Protected, "Champagne")]),
            None,
            vec!["6.1.c"],
        ),
        (
            "lisboa.pt",
            listed(&[(Geographic, "Lisboa")]),
            None,
            vec!["7.2"],
        ),
        (
            "lisboa.com.pt",
            listed(&[(Geographic, "Lisboa")]),
            None,
            vec![],
        ),
        (
            "lisboa.gov.pt",
            listed(&[(Geographic, "Lisboa")]),
            Some("CEGER"),
            vec![],
        ),
        (
            "lisboa.org.pt",
            listed(&[(Geographic, "Lisboa")]),
            None,
            vec!["31.3"],
        ),
        (
            "porto.pt",
            listed(&[(Geographic, "Porto"), (Protected, "Porto")]),
            None,
            vec!["6.1.c", "7.2"],
        ),
        (
            "bloqueado.pt",
            listed(&[(Blocked, "bloqueado")]),
            None,
            vec!["8.4"],
        ),
        ("financas.gov.pt", free.clone(), None, vec!["10"]),
        ("financas.gov.pt", free.clone(), Some("REG-1"), vec!["10"]),
        ("financas.gov.pt", free.clone(), Some("CEGER"), vec![]),
        ("financas.gov.pt", free.clone(), Some("ceger"), vec![]),
        ("exemplo.net.pt", free.clone(), None, vec!["31.3"]),
        ("nic.pt", listed(&[(Reserved, "nic")]), None, vec!["32"]),
        ("nic.com.pt", listed(&[(Reserved, "nic")]), None, vec!["32"]),
        (
            "tudo.pt",
            Facts {
                registered: true,
                listed: vec![
                    matched(Reserved, "tudo"),
                    matched(Blocked, "tudo"),
                    matched(Geographic, "Tudo"),
                    matched(Protected, "Tudo"),
                    matched(Obscene, "tudo"),
                ],
            },
            None,
            vec!["6.1.a", "6.1.b", "6.1.c", "7.2", "8.4", "32"],
        ),
    ];
    for (input, facts, manager, expected) in cases {
        let refusals = admissibility(&name(input), &facts, manager, &p);
        assert_eq!(articles(&refusals), expected, "{input} by {manager:?}");
    }
}

#[test]
fn refusal_reasons_name_the_listed_name() {
    let refusals = admissibility(
        &name("saojoaodamadeira.pt"),
        &listed(&[(ListKind::Geographic, "São João da Madeira")]),
        None,
        &policy(),
    );
    assert!(
        refusals[0].message.contains("\"São João da Madeira\"")
            && refusals[0].message.contains(".com.pt"),
        "{}",
        refusals[0].message
    );
    let refusals = admissibility(&name("x1.gov.pt"), &Facts::default(), None, &policy());
    assert!(
        refusals[0].message.contains("CEGER"),
        "{}",
        refusals[0].message
    );
}

#[test]
fn legitimacy_overrides_only_listed_names() {
    for a in ["7.2", "8.4", "6.1.c"] {
        assert!(overridable_by_legitimacy(a), "{a}");
    }
    for a in [
        "5.1", "5.2", "5.3", "5.4", "6.1.a", "6.1.b", "10", "31.3", "32", "",
    ] {
        assert!(!overridable_by_legitimacy(a), "{a}");
    }
}

proptest! {
    #[test]
    fn parse_never_panics(input in "\\PC*") {
        let _ = parse(&input);
    }

    #[test]
    fn parse_never_panics_on_name_like_input(
        input in "[a-zA-Z0-9çãéñü_ .-]{0,70}(xn--)?[a-z0-9-]{0,20}\\.(com\\.|gov\\.|org\\.)?(pt|PT)\\.?"
    ) {
        let _ = parse(&input);
    }

    /// A parsed name parses back to itself from either of its forms.
    #[test]
    fn both_forms_parse_back(label in "[a-z0-9áàâãçéêíóôõú-]{1,70}") {
        if let Ok(n) = parse(&format!("{label}.pt")) {
            prop_assert_eq!(parse(&n.ascii), Ok(n.clone()));
            prop_assert_eq!(parse(&n.unicode), Ok(n.clone()));
            prop_assert!(n.label.len() <= 63);
        }
    }
}
