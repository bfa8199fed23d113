//! The name lists (geographic, protected, obscene, blocked, reserved), the
//! folded key they are matched on, how a name matches an entry, and the
//! built-in entries that `init` seeds (in `builtin.rs`, from the data files
//! in `lists/`).
//!
//! A list holds entries: a name as written, what it names (`detail`), the
//! languages it is that name in (when known) and where it came from. Several
//! entries may share a folded key (the many parishes called "Santa Maria",
//! "Lagoa" the municipality twice and a parish): a name that matches the key
//! matches every one of them, and every one is reported.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use icu_normalizer::DecomposingNormalizerBorrowed;

use super::Article;

mod builtin;
pub(crate) mod inflection;
pub(crate) mod parishes;

pub(crate) use builtin::built_in;

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

impl Serialize for ListKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
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

/// A list entry as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(crate) struct Entry {
    pub(crate) list: ListKind,
    /// The folded key it matches.
    pub(crate) key: String,
    /// The name as listed.
    pub(crate) name: String,
    /// What it names ("parish (Águeda, 010103)", "country (DE)"); may be empty.
    pub(crate) detail: String,
    /// The BCP 47 tags of the languages it is this name in, space-separated;
    /// empty when not known.
    pub(crate) language: String,
    /// Where it came from: `built-in:FILE (version)`, `import:FILE`, `list add`.
    pub(crate) source: String,
}

/// A list entry a name matched, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Match {
    #[serde(flatten)]
    pub(crate) entry: Entry,
    /// Which inflected form of the listed word the name is ("plural",
    /// "feminine", ...), when it is not the listed word itself (Art. 6.1.b).
    pub(crate) form: Option<&'static str>,
}

impl Match {
    /// The entry as a reason names it: `"Lisbon" (en), city (Europe/Lisbon)`.
    pub(crate) fn describe(&self) -> String {
        let e = &self.entry;
        let mut text = format!("\"{}\"", e.name);
        if !e.language.is_empty() {
            let tags: Vec<&str> = e.language.split(' ').collect();
            if tags.len() > 6 {
                text.push_str(&format!(
                    " ({} and {} more languages)",
                    tags[..5].join(" "),
                    tags.len() - 5
                ));
            } else {
                text.push_str(&format!(" ({})", tags.join(" ")));
            }
        }
        if !e.detail.is_empty() {
            text.push_str(&format!(", {}", e.detail));
        }
        if let Some(form) = self.form {
            text.push_str(&format!(", of which the name is the {form}"));
        }
        text
    }
}

impl Match {
    /// A match of the name itself, as listed (for the rules' tests).
    #[cfg(test)]
    pub(crate) fn of(list: ListKind, name: &str) -> Match {
        Match {
            entry: Entry {
                list,
                key: fold_key(name),
                name: name.to_string(),
                detail: String::new(),
                language: String::new(),
                source: "test".to_string(),
            },
            form: None,
        }
    }
}

/// The entries among `candidates` that a name with folded keys `keys` (its
/// U-label's first, then its A-label's) matches, in list, key and name order:
/// an entry whose key is one of them, and an obscene word of which the first
/// key is an inflected form (Art. 6.1.b). `candidates` may hold more than
/// the matches (the store reads a key range for the inflections).
pub(crate) fn select(keys: &[String], candidates: impl IntoIterator<Item = Entry>) -> Vec<Match> {
    let mut out: Vec<Match> = Vec::new();
    for entry in candidates {
        let form = if keys.contains(&entry.key) {
            None
        } else if entry.list == ListKind::Obscene && inflection::inflects(&entry.name) {
            match keys
                .first()
                .and_then(|k| inflection::form_of(&entry.key, k))
            {
                Some(form) => Some(form),
                None => continue,
            }
        } else {
            continue;
        };
        if !out.iter().any(|m| m.entry == entry) {
            out.push(Match { entry, form });
        }
    }
    out.sort_by(|a, b| a.entry.cmp(&b.entry));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn entry(list: ListKind, key: &str, name: &str, detail: &str) -> Entry {
        Entry {
            list,
            key: key.into(),
            name: name.into(),
            detail: detail.into(),
            language: String::new(),
            source: "test".into(),
        }
    }

    #[test]
    fn select_reports_every_entry_of_a_shared_key() {
        let keys = ["santamaria".to_string(), "santamaria".to_string()];
        let got = select(
            &keys,
            [
                entry(
                    ListKind::Geographic,
                    "santamaria",
                    "Santa Maria",
                    "parish (Lagos, 080701)",
                ),
                entry(
                    ListKind::Geographic,
                    "santamaria",
                    "Santa Maria",
                    "parish (Bragança, 040201)",
                ),
                entry(ListKind::Geographic, "santamarta", "Santa Marta", "parish"),
                entry(ListKind::Protected, "santamaria", "Santa Maria", ""),
            ],
        );
        let shown: Vec<(ListKind, &str)> = got
            .iter()
            .map(|m| (m.entry.list, m.entry.detail.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (ListKind::Geographic, "parish (Bragança, 040201)"),
                (ListKind::Geographic, "parish (Lagos, 080701)"),
                (ListKind::Protected, ""),
            ]
        );
        assert!(got.iter().all(|m| m.form.is_none()));
    }

    #[test]
    fn select_matches_obscene_inflections_only() {
        let keys = ["putas".to_string(), "putas".to_string()];
        let got = select(
            &keys,
            [
                entry(ListKind::Obscene, "puta", "puta", ""),
                entry(ListKind::Obscene, "filhodaputa", "filho da puta", ""),
                // Only obscene words inflect: a geographic "Puta" would not.
                entry(ListKind::Geographic, "puta", "Puta", ""),
            ],
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].entry.name, "puta");
        assert_eq!(got[0].form, Some("plural"));
        assert_eq!(
            got[0].describe(),
            "\"puta\", of which the name is the plural"
        );
        // An expression of several words matches only as listed.
        let keys = ["filhosdaputa".to_string()];
        assert!(
            select(
                &keys,
                [entry(ListKind::Obscene, "filhodaputa", "filho da puta", "")]
            )
            .is_empty()
        );
    }

    #[test]
    fn describe_names_languages_and_detail() {
        let mut e = entry(
            ListKind::Geographic,
            "lissabon",
            "Lissabon",
            "city (Europe/Lisbon, PT)",
        );
        e.language = "de nl sv".into();
        let m = Match {
            entry: e.clone(),
            form: None,
        };
        assert_eq!(
            m.describe(),
            "\"Lissabon\" (de nl sv), city (Europe/Lisbon, PT)"
        );
        e.language = "a b c d e f g h".into();
        let m = Match {
            entry: e,
            form: None,
        };
        assert_eq!(
            m.describe(),
            "\"Lissabon\" (a b c d e and 3 more languages), city (Europe/Lisbon, PT)"
        );
    }
}
