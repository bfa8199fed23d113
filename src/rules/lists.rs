//! The name lists of SPEC §4 (geographic, protected, obscene, blocked,
//! reserved), the folded key they are matched on, and the built-in defaults
//! that `init` seeds.
//!
//! The built-in data lives in `lists/*.txt` next to this file, one name a
//! line, `#` starting a comment (whole line or after the name), so a reader
//! can review and correct the lists without reading Rust.

use std::fmt;
use std::str::FromStr;

use icu_normalizer::DecomposingNormalizerBorrowed;

use super::Article;

/// A list of names the admissibility rules consult.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum ListKind {
    /// Geographic names (Art. 7.1), refused directly under .pt (Art. 7.2).
    Geographic,
    /// Protected designations of origin and geographical indications (Art. 6.1.c).
    Protected,
    /// Obscene or unlawful words (Art. 6.1.b).
    Obscene,
    /// The registry's dynamic list of blocked names (Art. 8.4).
    Blocked,
    /// Names the registry reserves for itself (Art. 32).
    Reserved,
}

impl ListKind {
    pub(crate) const ALL: [ListKind; 5] = [
        ListKind::Geographic,
        ListKind::Protected,
        ListKind::Obscene,
        ListKind::Blocked,
        ListKind::Reserved,
    ];

    /// The name used on the command line, in the file and in JSON.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ListKind::Geographic => "geographic",
            ListKind::Protected => "protected",
            ListKind::Obscene => "obscene",
            ListKind::Blocked => "blocked",
            ListKind::Reserved => "reserved",
        }
    }

    /// The article a match on this list refuses under, and that a change of
    /// the list is journaled under.
    pub(crate) fn article(self) -> Article {
        match self {
            ListKind::Geographic => "7.2",
            ListKind::Protected => "6.1.c",
            ListKind::Obscene => "6.1.b",
            ListKind::Blocked => "8.4",
            ListKind::Reserved => "32",
        }
    }
}

impl fmt::Display for ListKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ListKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ListKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown list {s:?} (expected geographic, protected, obscene, blocked or reserved)"
                )
            })
    }
}

/// The key a name is matched on: lower case, diacritics removed, and every
/// character that is not a letter or a digit dropped.
///
/// So "São João da Madeira", "sao-joao-da-madeira" and "saojoaodamadeira"
/// are one key. Apostrophes, dots, commas and brackets are dropped like
/// hyphens and spaces, because a domain label can hold none of them:
/// "Côte d'Ivoire" is `cotedivoire`, "St. Lucia" is `stlucia`. Diacritics
/// of every Latin letter are removed (not only the Portuguese ones), so a
/// foreign name on a list ("Zürich") still matches its ASCII spelling
/// (`zurich.pt`); letters without a decomposition are spelled out
/// (ß → ss, æ → ae, ø → o, œ → oe, ł → l, đ/ð → d, þ → th, ı → i).
/// Letters of other scripts are kept as they are.
pub(crate) fn fold_key(text: &str) -> String {
    let decomposed = DecomposingNormalizerBorrowed::new_nfd().normalize(text);
    let mut key = String::with_capacity(decomposed.len());
    for c in decomposed.chars().flat_map(char::to_lowercase) {
        match c {
            // Combining diacritical marks: what NFD split off the letters.
            '\u{0300}'..='\u{036f}' => {}
            'ß' => key.push_str("ss"),
            'æ' => key.push_str("ae"),
            'œ' => key.push_str("oe"),
            'ø' => key.push('o'),
            'ł' => key.push('l'),
            'đ' | 'ð' => key.push('d'),
            'þ' => key.push_str("th"),
            'ı' => key.push('i'),
            c if c.is_alphanumeric() => key.push(c),
            _ => {}
        }
    }
    key
}

/// The key a list entry is stored under, or why the text cannot be one.
///
/// An A-label (`xn--caf-dma`) is keyed as the IDN it encodes (`cafe`), so
/// listing either form lists the name. A full domain name (`exemplo.pt`) is
/// refused: lists hold names without their hierarchy and apply to every
/// hierarchy, and `exemplopt` would silently match nothing.
pub(crate) fn entry_key(name: &str) -> Result<String, String> {
    let text = name.trim();
    if !matches!(super::names::examine(text), super::names::Syntax::NotPt(_)) {
        return Err(format!(
            "{text:?} is a domain name: list entries are names without their hierarchy \
             (lists apply to every hierarchy)"
        ));
    }
    // A line of a zone, a CSV row or a log is not a name: refuse it rather
    // than list a key that matches nothing anyone meant.
    if let Some(c) = text.chars().find(|&c| !name_char(c)) {
        return Err(format!("{text:?} is not a name: it holds {c:?}"));
    }
    if let Some(word) = text.split_whitespace().find(|w| is_host(w)) {
        return Err(format!("{text:?} is not a name: {word:?} is a domain name"));
    }
    // The A-label of an admissible IDN is keyed as that IDN.
    let idn = match super::names::examine(&format!("{text}.pt")) {
        super::names::Syntax::Valid(name) if name.label != name.label_unicode => {
            Some(name.label_unicode)
        }
        _ => None,
    };
    let key = fold_key(idn.as_deref().unwrap_or(text));
    if key.is_empty() {
        return Err(format!("{text:?} has no letter or digit to match on"));
    }
    Ok(key)
}

/// The characters a listed name may hold: letters of any script (with
/// their combining marks), digits, spaces and the punctuation of place and
/// company names ("Côte d'Ivoire", "Santa Maria (Lagos)", "A & B, Lda.").
fn name_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{0300}'..='\u{036f}')
        || matches!(
            c,
            ' ' | '-' | '\'' | '’' | '.' | ',' | '(' | ')' | '&' | '/'
        )
}

/// Whether a word is a host or domain name (`a.dns.pt.`, `exemplo.pt`): a
/// dot with a letter or digit on both sides. An abbreviation ("St.") is not.
fn is_host(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars
        .windows(3)
        .any(|w| w[1] == '.' && w[0].is_alphanumeric() && w[2].is_alphanumeric())
}

/// One built-in file: the list it seeds and its text.
struct BuiltIn {
    kind: ListKind,
    file: &'static str,
    text: &'static str,
}

const BUILT_INS: &[BuiltIn] = &[
    BuiltIn {
        kind: ListKind::Geographic,
        file: "municipalities.txt",
        text: include_str!("lists/municipalities.txt"),
    },
    BuiltIn {
        kind: ListKind::Geographic,
        file: "regions.txt",
        text: include_str!("lists/regions.txt"),
    },
    BuiltIn {
        kind: ListKind::Geographic,
        file: "countries.pt.txt",
        text: include_str!("lists/countries.pt.txt"),
    },
    BuiltIn {
        kind: ListKind::Geographic,
        file: "countries.en.txt",
        text: include_str!("lists/countries.en.txt"),
    },
    BuiltIn {
        kind: ListKind::Geographic,
        file: "cities.txt",
        text: include_str!("lists/cities.txt"),
    },
    BuiltIn {
        kind: ListKind::Protected,
        file: "protected.txt",
        text: include_str!("lists/protected.txt"),
    },
    BuiltIn {
        kind: ListKind::Obscene,
        file: "obscene.txt",
        text: include_str!("lists/obscene.txt"),
    },
    BuiltIn {
        kind: ListKind::Reserved,
        file: "reserved.txt",
        text: include_str!("lists/reserved.txt"),
    },
];

/// The name on one line of a built-in file (`None` for blank lines and
/// comments). A `#` starts a comment anywhere on the line.
fn builtin_line(line: &str) -> Option<&str> {
    let name = line.split('#').next().unwrap_or("").trim();
    (!name.is_empty()).then_some(name)
}

/// Every built-in entry, in file order: (list, file, name). A name may
/// repeat (Lagoa and Calheta are each two municipalities; Porto is a
/// municipality and a district); the store keeps one entry per key and list.
pub(crate) fn built_in() -> Vec<(ListKind, &'static str, &'static str)> {
    BUILT_INS
        .iter()
        .flat_map(|b| {
            b.text
                .lines()
                .filter_map(builtin_line)
                .map(|n| (b.kind, b.file, n))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    fn file(name: &str) -> &'static str {
        BUILT_INS
            .iter()
            .find(|b| b.file == name)
            .map(|b| b.text)
            .unwrap_or_else(|| panic!("no built-in file {name}"))
    }

    fn names(name: &str) -> Vec<&'static str> {
        file(name).lines().filter_map(builtin_line).collect()
    }

    #[test]
    fn fold_key_table() {
        let cases = [
            ("São João da Madeira", "saojoaodamadeira"),
            ("sao-joao-da-madeira", "saojoaodamadeira"),
            ("saojoaodamadeira", "saojoaodamadeira"),
            ("SÃO JOÃO DA MADEIRA", "saojoaodamadeira"),
            ("Côte d'Ivoire", "cotedivoire"),
            ("Côte d’Ivoire", "cotedivoire"),
            ("St. Lucia", "stlucia"),
            ("Washington, D.C.", "washingtondc"),
            ("Guiné-Bissau", "guinebissau"),
            ("Ílhavo", "ilhavo"),
            ("Óbidos", "obidos"),
            ("Paços de Ferreira", "pacosdeferreira"),
            ("Vila Nova de Foz Côa", "vilanovadefozcoa"),
            ("Pêra Rocha do Oeste", "perarochadooeste"),
            ("Dão", "dao"),
            ("àâãéêíóôõú", "aaaeeiooou"),
            ("Zürich", "zurich"),
            ("Straße", "strasse"),
            ("København", "kobenhavn"),
            ("Łódź", "lodz"),
            ("Reykjavík", "reykjavik"),
            ("Œuvre", "oeuvre"),
            ("Ærø", "aero"),
            ("Москва", "москва"),
            ("  Santa  Cruz  ", "santacruz"),
            // Decomposed input (e + combining acute) folds like the composed one.
            ("Cafe\u{301}", "cafe"),
            ("xn--caf-dma", "xncafdma"),
            ("3 Rios", "3rios"),
            ("", ""),
            ("-'.", ""),
        ];
        for (input, key) in cases {
            assert_eq!(fold_key(input), key, "fold_key({input:?})");
        }
    }

    #[test]
    fn entry_keys() {
        let ok = [
            ("Lisboa", "lisboa"),
            ("  São João da Madeira ", "saojoaodamadeira"),
            ("xn--caf-dma", "cafe"),
            ("XN--CAF-DMA", "cafe"),
            ("xn--exemplo", "xnexemplo"),
            ("café", "cafe"),
            (
                "União das freguesias de Arcos e Mogofores",
                "uniaodasfreguesiasdearcosemogofores",
            ),
        ];
        for (name, key) in ok {
            assert_eq!(entry_key(name), Ok(key.to_string()), "{name:?}");
        }
        for bad in [
            "",
            "  ",
            "--",
            "'.'",
            "exemplo.pt",
            "exemplo.com.pt",
            "EXEMPLO.PT.",
            // Lines of a zone file, a CSV or a log are not names.
            "$ORIGIN pt.",
            "pt. 86400 IN SOA a.dns.pt. hostmaster.dns.pt. 2026030101 3600",
            "exemplo.pt. 86400 IN NS ns1.exemplo.pt.",
            "; a comment",
            "@ IN NS a.dns.pt.",
            "lisboa;porto",
            "name=\"x\"",
            "tab\there",
            "<script>",
        ] {
            assert!(entry_key(bad).is_err(), "{bad:?}");
        }
        for good in [
            "St. Lucia",
            "Santa Maria (Lagos)",
            "A & B, Lda.",
            "Côte d’Ivoire",
            "Guiné-Bissau",
            "Trás-os-Montes e Alto Douro",
        ] {
            assert!(entry_key(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn kinds_round_trip_and_name_their_articles() {
        let expected = [
            ("geographic", "7.2"),
            ("protected", "6.1.c"),
            ("obscene", "6.1.b"),
            ("blocked", "8.4"),
            ("reserved", "32"),
        ];
        for (kind, (name, article)) in ListKind::ALL.into_iter().zip(expected) {
            assert_eq!(kind.as_str(), name);
            assert_eq!(kind.article(), article);
            assert_eq!(name.parse::<ListKind>(), Ok(kind));
        }
        assert!("parishes".parse::<ListKind>().is_err());
        assert!("Geographic".parse::<ListKind>().is_err());
    }

    #[test]
    fn comments_and_blank_lines_are_skipped() {
        assert_eq!(builtin_line("# a comment"), None);
        assert_eq!(builtin_line("   "), None);
        assert_eq!(builtin_line("Calheta  # Madeira"), Some("Calheta"));
        assert_eq!(builtin_line("  Porto "), Some("Porto"));
    }

    #[test]
    fn all_308_municipalities() {
        let list = names("municipalities.txt");
        assert_eq!(list.len(), 308, "Portugal has 308 municipalities");
        // Lagoa (Algarve, São Miguel) and Calheta (Madeira, São Jorge) are
        // each two municipalities with one name.
        let keys: BTreeSet<String> = list.iter().map(|n| fold_key(n)).collect();
        assert_eq!(keys.len(), 306);
        for n in [
            "Lisboa",
            "Porto",
            "São João da Madeira",
            "Vila Real de Santo António",
            "Corvo",
            "Funchal",
            "Ponta Delgada",
            "Vila Nova de Foz Côa",
            "Mêda",
        ] {
            assert!(list.contains(&n), "{n} missing");
        }
    }

    #[test]
    fn the_18_districts_and_2_autonomous_regions() {
        let list = names("regions.txt");
        assert_eq!(list.len(), 20);
        assert!(list.contains(&"Açores") && list.contains(&"Madeira"));
        assert!(list.contains(&"Castelo Branco") && list.contains(&"Viana do Castelo"));
    }

    /// Each line of a countries file carries its ISO 3166-1 alpha-2 code as
    /// a comment; every one of the 249 codes has a name in both languages.
    #[test]
    fn every_iso_3166_country_in_portuguese_and_english() {
        for f in ["countries.pt.txt", "countries.en.txt"] {
            let mut by_code: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for line in file(f).lines() {
                let Some(name) = builtin_line(line) else {
                    continue;
                };
                let code = line.split('#').nth(1).map(str::trim).unwrap_or("");
                assert!(
                    code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase()),
                    "{f}: {line:?} has no ISO code"
                );
                by_code.entry(code).or_default().push(name);
            }
            assert_eq!(by_code.len(), 249, "{f}: ISO 3166-1 has 249 codes");
        }
        let pt = names("countries.pt.txt");
        let en = names("countries.en.txt");
        for n in [
            "Alemanha",
            "Espanha",
            "Moçambique",
            "Timor-Leste",
            "Estados Unidos",
        ] {
            assert!(pt.contains(&n), "{n} missing");
        }
        for n in [
            "Germany",
            "Spain",
            "Mozambique",
            "Côte d'Ivoire",
            "United States",
        ] {
            assert!(en.contains(&n), "{n} missing");
        }
    }

    #[test]
    fn capitals_cities_protected_obscene_reserved_are_present() {
        let cities = names("cities.txt");
        for n in [
            "Madrid",
            "Londres",
            "London",
            "Paris",
            "Nova Iorque",
            "New York",
            "Luanda",
        ] {
            assert!(cities.contains(&n), "{n} missing");
        }
        let protected = names("protected.txt");
        for n in [
            "Porto",
            "Douro",
            "Vinho Verde",
            "Dão",
            "Bairrada",
            "Alentejo",
            "Queijo Serra da Estrela",
            "Pêra Rocha do Oeste",
            "Champagne",
            "Parmigiano Reggiano",
            "Roquefort",
            "Rioja",
            "Prosciutto di Parma",
            "Feta",
        ] {
            assert!(protected.contains(&n), "{n} missing");
        }
        // lisboa.com.pt must stay open: the IGP "Lisboa" (a regional wine
        // named after a territory) is deliberately not on the built-in list.
        assert!(!protected.iter().any(|n| fold_key(n) == "lisboa"));
        assert!(names("obscene.txt").len() >= 10);
        let reserved = names("reserved.txt");
        for n in ["nic", "dns", "whois", "registo", "com", "gov"] {
            assert!(reserved.contains(&n), "{n} missing");
        }
    }

    #[test]
    fn every_built_in_name_has_a_key() {
        for (kind, _, name) in built_in() {
            assert!(
                !fold_key(name).is_empty(),
                "{kind}: {name:?} folds to nothing"
            );
        }
    }
}
