//! The built-in data files: each reads whole, holds what the rules need,
//! and gives entries with a key and a source.

use std::collections::{BTreeMap, BTreeSet};

use super::derive::{FILES, builtin_line, derive, source_of, strip_count};
use super::*;
use crate::rules::lists::{fold_key, parishes};

/// `built_in.tsv` is what the data files give; with PTREG_REGENERATE_LISTS
/// set, this test writes it instead.
#[test]
fn built_in_tsv_is_up_to_date() {
    let derived = derive();
    let expected = table(&derived);
    if std::env::var_os("PTREG_REGENERATE_LISTS").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules/lists/built_in.tsv");
        std::fs::write(path, &expected).expect("write built_in.tsv");
        return;
    }
    assert!(
        TABLE == expected,
        "src/rules/lists/built_in.tsv is stale: run \
         PTREG_REGENERATE_LISTS=1 cargo test --bin ptreg rules::lists::builtin"
    );
    // And it reads back whole.
    assert_eq!(built_in(), derived);
}

fn file(name: &str) -> &'static str {
    FILES
        .iter()
        .find(|f| f.file == name)
        .map(|f| f.text)
        .unwrap_or_else(|| panic!("no built-in file {name}"))
}

fn names(name: &str) -> Vec<&'static str> {
    file(name).lines().filter_map(builtin_line).collect()
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
    assert!(names("obscene.txt").len() >= 10);
    let reserved = names("reserved.txt");
    for n in ["nic", "dns", "whois", "registo", "com", "gov"] {
        assert!(reserved.contains(&n), "{n} missing");
    }
}

fn entries(list: ListKind, key: &str) -> Vec<Entry> {
    built_in()
        .into_iter()
        .filter(|e| e.list == list && e.key == key)
        .collect()
}

#[test]
fn every_built_in_entry_has_a_key_and_a_source() {
    let all = built_in();
    assert!(all.len() > 20_000, "{}", all.len());
    for e in &all {
        assert_eq!(e.key, fold_key(&e.name), "{e:?}");
        assert!(!e.key.is_empty(), "{e:?}");
        assert!(e.source.starts_with("built-in:"), "{e:?}");
        assert!(!e.detail.is_empty(), "{e:?} says nothing of what it names");
    }
    // Merged: one entry per list, key, name and detail.
    let ids: BTreeSet<(ListKind, &str, &str, &str)> = all
        .iter()
        .map(|e| (e.list, e.key.as_str(), e.name.as_str(), e.detail.as_str()))
        .collect();
    assert_eq!(ids.len(), all.len());
}

#[test]
fn the_cldr_files_name_their_version() {
    for f in ["countries.cldr.tsv", "cities.cldr.tsv"] {
        let source = source_of(FILES.iter().find(|x| x.file == f).expect("file"));
        assert_eq!(source, format!("built-in:{f} (CLDR 49 via babel 2.19.0)"));
    }
}

#[test]
fn every_country_in_many_languages() {
    let de = entries(ListKind::Geographic, "deutschland");
    assert_eq!(de.len(), 1, "{de:?}");
    assert_eq!(de[0].detail, "country: Germany (DE)");
    assert!(de[0].language.split(' ').any(|t| t == "de"), "{de:?}");
    // A curated spelling and CLDR's are one entry with both sources.
    let pt = entries(ListKind::Geographic, "alemanha");
    assert_eq!(pt.len(), 1, "{pt:?}");
    assert!(pt[0].source.contains("countries.pt.txt") && pt[0].source.contains("cldr"));
    for key in [
        "allemagne",
        "germania",
        "niemcy",
        "espana",
        "espagne",
        "portugal",
        "suisse",
        "schweiz",
        "svizzera",
        "cotedivoire",
        "myanmar",
        "burma",
    ] {
        assert!(
            !entries(ListKind::Geographic, key).is_empty(),
            "{key} missing"
        );
    }
    // Names in other scripts never match a label and are left out.
    assert!(built_in().iter().all(|e| e.key.is_ascii()));
}

#[test]
fn capitals_and_cities_in_their_own_and_european_languages() {
    for key in [
        "lissabon",
        "lisbonne",
        "lisbon",
        "lisbona",
        "azoren",
        "acores",
        "azores",
        "madere",
        "londres",
        "londra",
        "wien",
        "vienne",
        "praha",
        "warszawa",
        "kobenhavn",
        "bruxelles",
        "brussel",
        "milano",
        "munchen",
        "geneve",
        "oporto",
        "braganza",
    ] {
        assert!(
            !entries(ListKind::Geographic, key).is_empty(),
            "{key} missing"
        );
    }
    let lisbon = entries(ListKind::Geographic, "lissabon");
    assert_eq!(lisbon[0].detail, "city: Lisbon (Europe/Lisbon)");
}

#[test]
fn the_parishes_are_built_in() {
    let rows = parishes::read(file("freguesias.csv").as_bytes()).expect("the built-in CSV reads");
    assert_eq!(rows.len(), 3084);
    let parishes: Vec<Entry> = built_in()
        .into_iter()
        .filter(|e| e.source.contains("built-in:freguesias"))
        .collect();
    let officials = parishes
        .iter()
        .filter(|e| e.detail.starts_with("parish ("))
        .count();
    // The 3,084 of the republished CAOP and the 8 unions of Barcelos it
    // lacks: the 3,092 parishes of the 2013 division.
    assert_eq!(officials, 3092);
    let missing = parishes::read(file("freguesias.missing.csv").as_bytes()).expect("reads");
    assert_eq!(missing.len(), 8);
    assert!(missing.iter().all(|p| p.municipality == "Barcelos"));
    assert!(!entries(ListKind::Geographic, "minhotaes").is_empty());
    // A part of a union, a name before a bracket.
    for (key, detail) in [
        (
            "borralha",
            "part of the parish union \"União das freguesias de Águeda e Borralha\" (Águeda, 010121)",
        ),
        (
            "eirol",
            "part of the parish union \"Eixo e Eirol\" (Aveiro, 010515)",
        ),
    ] {
        assert!(
            entries(ListKind::Geographic, key)
                .iter()
                .any(|e| e.detail == detail),
            "{key}: {:?}",
            entries(ListKind::Geographic, key)
        );
    }
    assert!(entries(ListKind::Geographic, "ilhavo").iter().any(|e| {
        e.detail
            .starts_with("short form of the parish \"Ílhavo (São Salvador)\"")
    }));
    // A key shared by many parishes keeps every one of them.
    let santa_maria = entries(ListKind::Geographic, "santamaria");
    assert!(santa_maria.len() > 3, "{santa_maria:?}");
}

#[test]
fn protected_regional_wines_are_listed() {
    // Art. 9 lifts only 6.1.d: a PGI named after a territory is refused
    // under .com.pt too, so it is on the protected list.
    for key in [
        "lisboa",
        "algarve",
        "acores",
        "tejo",
        "minho",
        "alentejano",
        "peninsuladesetubal",
        "beirainterior",
    ] {
        assert!(
            !entries(ListKind::Protected, key).is_empty(),
            "{key} missing"
        );
    }
}

#[test]
fn sections_and_notes_describe_curated_names() {
    let calheta = entries(ListKind::Geographic, "calheta");
    let details: Vec<&str> = calheta.iter().map(|e| e.detail.as_str()).collect();
    assert!(
        details.contains(&"municipality (Região Autónoma da Madeira, Madeira)"),
        "{details:?}"
    );
    assert!(
        details.contains(&"municipality (Região Autónoma dos Açores, São Jorge)"),
        "{details:?}"
    );
    let obscene = entries(ListKind::Obscene, "merda");
    assert_eq!(obscene[0].language, "pt");
    assert_eq!(obscene[0].detail, "obscene word (Portuguese)");
    assert_eq!(strip_count("Aveiro (19)"), "Aveiro");
    assert_eq!(strip_count("Capitals, Europe"), "Capitals, Europe");
    assert_eq!(strip_count("Açores (São Miguel)"), "Açores (São Miguel)");
}
