//! How the built-in entries are derived from the data files (curated and
//! generated) beside this module: the source of `built_in.tsv`, which the
//! binary embeds instead, so that `init` reads rows ready to store (no
//! folding, merging or parish splitting at run time).
//!
//! Regenerate `built_in.tsv` after changing a data file:
//!
//!     PTREG_REGENERATE_LISTS=1 cargo test --bin ptreg rules::lists::builtin
//!
//! The test `built_in_tsv_is_up_to_date` fails while it is stale.

use std::collections::BTreeMap;

use crate::rules::lists::parishes;
use crate::rules::lists::{Entry, ListKind, fold_key};

/// How a built-in file is laid out.
#[derive(Clone, Copy)]
enum Format {
    /// One name a line, with sections and notes.
    Curated,
    /// `NAME<TAB>WHAT<TAB>LANGUAGES`.
    Table,
    /// `NAME<TAB>CODE<TAB>LANGUAGES`, a country per ISO 3166-1 code.
    CldrCountries,
    /// `NAME<TAB>ZONE<TAB>LANGUAGES`, a city per time zone.
    CldrCities,
    /// CSV with the columns `dicofre`, `freguesia`, `concelho`.
    Parishes,
}

/// One built-in data file.
pub(super) struct File {
    list: ListKind,
    pub(super) file: &'static str,
    pub(super) text: &'static str,
    format: Format,
    /// What each name of the file is ("municipality"), for its detail.
    what: &'static str,
    /// The language of every name of the file, when it has one.
    language: &'static str,
    /// Where the data came from, after the file name in each entry's source.
    origin: &'static str,
}

pub(super) const FILES: &[File] = &[
    File {
        list: ListKind::Geographic,
        file: "municipalities.txt",
        text: include_str!("../municipalities.txt"),
        format: Format::Curated,
        what: "municipality",
        language: "pt",
        origin: "curated",
    },
    File {
        list: ListKind::Geographic,
        file: "regions.txt",
        text: include_str!("../regions.txt"),
        format: Format::Curated,
        what: "",
        language: "pt",
        origin: "curated",
    },
    File {
        list: ListKind::Geographic,
        file: "freguesias.csv",
        text: include_str!("../freguesias.csv"),
        format: Format::Parishes,
        what: "parish",
        language: "pt",
        origin: "CAOP 2013, Direção-Geral do Território",
    },
    File {
        list: ListKind::Geographic,
        file: "freguesias.missing.csv",
        text: include_str!("../freguesias.missing.csv"),
        format: Format::Parishes,
        what: "parish",
        language: "pt",
        origin: "the 8 unions of Barcelos the CAOP republication lacks (their codes \
                 run past 030299), as Lei n.º 11-A/2013 names them",
    },
    File {
        list: ListKind::Geographic,
        file: "exonyms.tsv",
        text: include_str!("../exonyms.tsv"),
        format: Format::Table,
        what: "",
        language: "",
        origin: "curated",
    },
    File {
        list: ListKind::Geographic,
        file: "countries.pt.txt",
        text: include_str!("../countries.pt.txt"),
        format: Format::Curated,
        what: "country",
        language: "pt",
        origin: "curated",
    },
    File {
        list: ListKind::Geographic,
        file: "countries.en.txt",
        text: include_str!("../countries.en.txt"),
        format: Format::Curated,
        what: "country",
        language: "en",
        origin: "curated",
    },
    File {
        list: ListKind::Geographic,
        file: "countries.cldr.tsv",
        text: include_str!("../countries.cldr.tsv"),
        format: Format::CldrCountries,
        what: "country",
        language: "",
        origin: "",
    },
    File {
        list: ListKind::Geographic,
        file: "cities.txt",
        text: include_str!("../cities.txt"),
        format: Format::Curated,
        what: "capital or city",
        language: "",
        origin: "curated",
    },
    File {
        list: ListKind::Geographic,
        file: "cities.tsv",
        text: include_str!("../cities.tsv"),
        format: Format::Table,
        what: "",
        language: "",
        origin: "curated",
    },
    File {
        list: ListKind::Geographic,
        file: "cities.cldr.tsv",
        text: include_str!("../cities.cldr.tsv"),
        format: Format::CldrCities,
        what: "city",
        language: "",
        origin: "",
    },
    File {
        list: ListKind::Protected,
        file: "protected.txt",
        text: include_str!("../protected.txt"),
        format: Format::Curated,
        what: "protected designation",
        language: "",
        origin: "curated",
    },
    File {
        list: ListKind::Obscene,
        file: "obscene.txt",
        text: include_str!("../obscene.txt"),
        format: Format::Curated,
        what: "obscene word",
        language: "",
        origin: "curated",
    },
    File {
        list: ListKind::Reserved,
        file: "reserved.txt",
        text: include_str!("../reserved.txt"),
        format: Format::Curated,
        what: "reserved name",
        language: "",
        origin: "curated",
    },
];

/// Every built-in entry, merged (see the parent module's doc), in list and
/// key order. A line that cannot be an entry (it folds to nothing) is left
/// out; the tests check there is none.
pub(crate) fn derive() -> Vec<Entry> {
    let countries = country_names();
    // (list, key, name, detail) -> (languages, sources)
    type Id = (ListKind, String, String, String);
    let mut merged: BTreeMap<Id, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for f in FILES {
        let source = source_of(f);
        for (name, detail, language) in entries_of(f, &countries) {
            let key = fold_key(&name);
            if key.is_empty() {
                continue;
            }
            let slot = merged.entry((f.list, key, name, detail)).or_default();
            for tag in language.split(' ').filter(|t| !t.is_empty()) {
                if !slot.0.iter().any(|t| t == tag) {
                    slot.0.push(tag.to_string());
                }
            }
            if !slot.1.contains(&source) {
                slot.1.push(source.clone());
            }
        }
    }
    merged
        .into_iter()
        .map(|((list, key, name, detail), (mut language, source))| {
            language.sort();
            Entry {
                list,
                key,
                name,
                detail,
                language: language.join(" "),
                source: source.join("; "),
            }
        })
        .collect()
}

/// `built-in:FILE (origin)`; a CLDR file's origin is its header's versions.
pub(super) fn source_of(f: &File) -> String {
    let origin = match f.format {
        Format::CldrCountries | Format::CldrCities => cldr_version(f.text),
        _ => f.origin.to_string(),
    };
    if origin.is_empty() {
        format!("built-in:{}", f.file)
    } else {
        format!("built-in:{} ({origin})", f.file)
    }
}

/// "CLDR 49 via babel 2.19.0", from the generated file's first line.
fn cldr_version(text: &str) -> String {
    let header = text.lines().next().unwrap_or("");
    let after = header.split(" from ").nth(1).unwrap_or("");
    let versions = after.split(". ").next().unwrap_or("").trim_end_matches('.');
    match versions.split_once(", ") {
        Some((babel, cldr)) => format!("{cldr} via {babel}"),
        None => versions.to_string(),
    }
}

/// The English name of each country code, from the CLDR table.
fn country_names() -> BTreeMap<&'static str, &'static str> {
    let mut names = BTreeMap::new();
    for f in FILES
        .iter()
        .filter(|f| matches!(f.format, Format::CldrCountries))
    {
        for (name, code, languages) in table_rows(f.text) {
            if languages.split(' ').any(|t| t == "en") {
                names.entry(code).or_insert(name);
            }
        }
    }
    names
}

/// The rows of a tab-separated file, `#` lines and blank lines skipped.
fn table_rows(text: &str) -> impl Iterator<Item = (&str, &str, &str)> {
    text.lines().filter_map(|line| {
        if line.starts_with('#') || line.trim().is_empty() {
            return None;
        }
        let mut cols = line.split('\t');
        let name = cols.next()?.trim();
        let second = cols.next().unwrap_or("").trim();
        let third = cols.next().unwrap_or("").trim();
        Some((name, second, third))
    })
}

/// (name, detail, languages) of every line of one file.
fn entries_of(f: &File, countries: &BTreeMap<&str, &str>) -> Vec<(String, String, String)> {
    let country = |code: &str| match countries.get(code) {
        Some(english) => format!("country: {english} ({code})"),
        None => format!("country ({code})"),
    };
    match f.format {
        Format::Curated => curated(f.text)
            .into_iter()
            .map(|line| {
                let detail = if f.what == "country" && is_country_code(line.note) {
                    country(line.note)
                } else {
                    let inner: Vec<&str> = [line.section, line.note]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect();
                    if inner.is_empty() {
                        f.what.to_string()
                    } else if f.what.is_empty() {
                        inner.join(", ")
                    } else {
                        format!("{} ({})", f.what, inner.join(", "))
                    }
                };
                let language = if f.language.is_empty() {
                    language_of_section(line.section)
                } else {
                    f.language
                };
                (line.name.to_string(), detail, language.to_string())
            })
            .collect(),
        Format::Table => table_rows(f.text)
            .map(|(n, what, l)| (n.to_string(), what.to_string(), l.to_string()))
            .collect(),
        Format::CldrCountries => table_rows(f.text)
            .map(|(n, code, l)| (n.to_string(), country(code), l.to_string()))
            .collect(),
        Format::CldrCities => table_rows(f.text)
            .map(|(n, zone, l)| (n.to_string(), city(zone), l.to_string()))
            .collect(),
        // The tests check the built-in file reads whole.
        Format::Parishes => parishes::read(f.text.as_bytes())
            .unwrap_or_default()
            .iter()
            .flat_map(parishes::names)
            .map(|n| (n.name, n.detail, f.language.to_string()))
            .collect(),
    }
}

fn is_country_code(note: &str) -> bool {
    note.len() == 2 && note.chars().all(|c| c.is_ascii_uppercase())
}

/// "city: Lisbon (Europe/Lisbon)", the English name from the zone id.
fn city(zone: &str) -> String {
    let english = zone.rsplit('/').next().unwrap_or(zone).replace('_', " ");
    format!("city: {english} ({zone})")
}

/// The language a section of a curated file names ("# Portuguese").
fn language_of_section(section: &str) -> &'static str {
    match section {
        "Portuguese" => "pt",
        "English" => "en",
        _ => "",
    }
}

/// One name of a curated file.
struct CuratedLine<'a> {
    name: &'a str,
    /// The heading of its section, without a trailing count: "Aveiro".
    section: &'a str,
    /// The note after the name: "Madeira", "AD".
    note: &'a str,
}

/// The names of a curated file, each with its section and note.
fn curated(text: &str) -> Vec<CuratedLine<'_>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut section = "";
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if let Some(comment) = line.strip_prefix('#') {
            // A heading: after a blank line and followed by a name.
            let after_blank = i > 0 && lines[i - 1].trim().is_empty();
            let before_name = lines
                .get(i + 1)
                .is_some_and(|l| !l.trim().is_empty() && !l.trim().starts_with('#'));
            if after_blank && before_name {
                section = strip_count(comment.trim());
            }
            continue;
        }
        if let Some(name) = builtin_line(line) {
            let note = line.split_once('#').map_or("", |(_, n)| n.trim());
            out.push(CuratedLine {
                name,
                section,
                note,
            });
        }
    }
    out
}

/// The name on one line of a curated file (`None` for blank lines and
/// comments). A `#` starts a comment anywhere on the line.
pub(super) fn builtin_line(line: &str) -> Option<&str> {
    let name = line.split('#').next().unwrap_or("").trim();
    (!name.is_empty()).then_some(name)
}

/// "Aveiro (19)" → "Aveiro".
pub(super) fn strip_count(heading: &str) -> &str {
    match heading.rsplit_once(" (") {
        Some((before, count))
            if count.ends_with(')')
                && count[..count.len() - 1].chars().all(|c| c.is_ascii_digit()) =>
        {
            before
        }
        _ => heading,
    }
}
